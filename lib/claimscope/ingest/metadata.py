"""The metadata of an article: its id, title, date, outlet and url.

Article ids:
    the given ``id`` (front matter, column or key; stringified and stripped), else the file's
    stem for one-article files, else :func:`hash_id` of the text for CSV and JSONL rows. An id
    used a second time anywhere in the run is rejected (``duplicate_id``, :func:`check_unique`);
    for hash ids that means the same text appears twice.

Metadata:
    strings are stripped; empty values become ``None``. Dates become ISO ``YYYY-MM-DD``
    (:func:`parse_date`); a date that cannot be read leaves ``date`` as ``None`` and logs a
    warning, and the article is kept.

Values that cannot be read:
    an article that is fine apart from one metadata value is kept, and the problem is logged
    as a warning naming the file and line: a title, date, outlet or url that is not text or a
    number (binary data such as YAML's ``!!binary``, a list, a mapping, true/false) is left out
    (``None``); lone surrogates (a JSON escape such as ``"\\ud800"``, which is not text) are
    replaced by U+FFFD. An *id* that is not text or a number is not replaced by another id:
    the reader rejects that article (:func:`id_problem`), since an id is what the article is
    known and joined by.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from dateutil import parser as date_parser

from claimscope.ingest.decode import has_lone_surrogates, replace_lone_surrogates
from claimscope.ingest.rejections import where
from claimscope.records import Article, Rejection

log = logging.getLogger(__package__)

#: Metadata fields and the keys (columns, front-matter keys) they are read from, in preference.
METADATA_KEYS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "title": ("title",),
    "date": ("date", "published"),
    "outlet": ("outlet", "source"),
    "url": ("url",),
}


_ISO_DATE = re.compile(r"\A(\d{4})-(\d{2})-(\d{2})(?:[T ]|\Z)")

#: Longer strings are not read as dates (no written date is this long).
_MAX_DATE_LENGTH = 200


def hash_id(text: str) -> str:
    """A stable article id made from the text: ``"a"`` plus 12 hex digits of its SHA-1.

    Args:
        text: the article text as stored.

    Returns:
        The id, equal across runs and machines for equal text.
    """
    return "a" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def parse_date(value: object) -> str | None:
    """A publication date as ISO ``YYYY-MM-DD``, or ``None`` when it cannot be read.

    Args:
        value: a :class:`~datetime.date` or :class:`~datetime.datetime` (as YAML gives them),
            or a string such as ``"2019-01-04"``, ``"2019-01-04T10:00:00Z"`` or
            ``"January 4, 2019"``.

    Returns:
        The date, or ``None`` for ``None``, empty strings and anything that is not a full date.

    Notes:
        An ISO date or date-time keeps the calendar date as written; the time and time zone are
        dropped, not converted. Other strings are read by ``dateutil``; a string missing the
        year, month or day (``"January 2019"``, ``"Friday"``) is not a date. Numeric dates such
        as ``"04/01/2019"`` are ambiguous and read month first; prefer ISO dates.
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, (str, int)) or isinstance(value, bool) or unreadable_kind(value):
        return None
    text = str(value).strip()
    if not text or len(text) > _MAX_DATE_LENGTH:
        return None
    match = _ISO_DATE.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return _valid_date(year, month, day)
    try:
        early = date_parser.parse(text, default=datetime(2000, 1, 1))
        late = date_parser.parse(text, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError):
        return None
    if early.date() != late.date():  # a part of the date came from the defaults
        return None
    return early.date().isoformat()


def _valid_date(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD`` if the parts make a real calendar date, else ``None``."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def metadata(
    values: Mapping[object, object], path: Path, line: int | None = None
) -> dict[str, str | None]:
    """The metadata fields of one article, from keys matched case-insensitively.

    A value that cannot be read (see the module docstring) is left out with a warning, and
    lone surrogates are replaced with a warning; an unreadable id is left out silently here,
    for the caller to reject (:func:`id_problem`).
    """
    by_key = {key_name(key): value for key, value in values.items()}
    here = where(path, line)
    meta: dict[str, str | None] = {}
    for field, keys in METADATA_KEYS.items():
        raw = None
        for key in keys:
            kind = unreadable_kind(by_key.get(key))
            if kind is not None:
                if field != "id":
                    log.warning(
                        "%s: %s is %s, not text; the article is kept without a %s",
                        here,
                        key,
                        kind,
                        field,
                    )
            elif clean(by_key.get(key)) is not None:
                raw = by_key[key]
                break
        meta[field] = text = clean(raw)
        if text is not None and has_lone_surrogates(text):
            meta[field] = replace_lone_surrogates(text)
            log.warning(
                "%s: the %s held characters that are not text (lone surrogates), "
                "replaced by U+FFFD",
                here,
                field,
            )
        if field == "date" and raw is not None:
            meta["date"] = parse_date(raw)
            if meta["date"] is None:
                shown = repr(raw) if len(repr(raw)) <= 80 else repr(raw)[:77] + "..."
                log.warning(
                    "%s: date %s is not a date that can be read; the article is kept without "
                    "a date (write dates as YYYY-MM-DD)",
                    here,
                    replace_lone_surrogates(shown),
                )
    return meta


def id_problem(values: Mapping[object, object]) -> str | None:
    """Why the ``id`` in ``values`` cannot be an article id, or ``None`` when it can (or is
    absent)."""
    value = next((v for key, v in values.items() if key_name(key) == "id"), None)
    kind = unreadable_kind(value)
    if kind is None:
        return None
    return f"its id is {kind}, not text or a number; write the id as a string"


def unreadable_kind(value: object) -> str | None:
    """What a metadata value is when it cannot be read as text, or ``None`` when it can be
    (text, a number, a date) or is absent."""
    if value is None or isinstance(value, (str, float, Decimal, date)):
        return None
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        return None if _writable(value) else "a number too long to write out"
    if isinstance(value, (bytes, bytearray)):
        return "binary data (such as YAML's !!binary)"
    if isinstance(value, Mapping):
        return "a mapping of keys to values"
    if isinstance(value, (list, tuple, set, frozenset)):
        return "a list"
    return f"a value of type {type(value).__name__}"


def key_name(key: object) -> str:
    """A key of a front matter, CSV header or JSON object as metadata keys are matched."""
    if isinstance(key, int) and not _writable(key):
        return ""
    return str(key).strip().lower()


def clean(value: object) -> str | None:
    """A metadata value as a stripped string; ``None`` for empty or unreadable values."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if value is None or unreadable_kind(value) is not None:
        return None
    text = str(value).strip()
    return text or None


def _writable(number: int) -> bool:
    """Whether ``number`` can be written in decimal (Python limits the digits it converts)."""
    try:
        str(number)
    except ValueError:
        return False
    return True


def check_unique(article: Article, first_seen: dict[str, str]) -> Article | Rejection:
    """``article``, or a ``duplicate_id`` rejection when its id was seen earlier in the run."""
    here = str(article.source)
    if article.source_line is not None:
        here += f", line {article.source_line}"
    first = first_seen.setdefault(article.article_id, here)
    if first == here:
        return article
    same_text = article.article_id == hash_id(article.text)
    reason = (
        f"the same text was already read from {first}; this copy was not loaded"
        if same_text
        else f"article id {article.article_id!r} was already used by {first}; this article "
        "was not loaded, give it an id of its own"
    )
    return Rejection(
        source=article.source or "",
        reason=reason,
        code="duplicate_id",
        line=article.source_line,
        article_id=article.article_id,
    )
