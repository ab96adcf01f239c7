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
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

from dateutil import parser as date_parser

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
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text:
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
    """The metadata fields of one article, from keys matched case-insensitively."""
    by_key = {str(key).strip().lower(): value for key, value in values.items()}
    meta: dict[str, str | None] = {}
    for field, keys in METADATA_KEYS.items():
        raw = next((by_key[key] for key in keys if clean(by_key.get(key)) is not None), None)
        meta[field] = clean(raw)
        if field == "date" and raw is not None:
            meta["date"] = parse_date(raw)
            if meta["date"] is None:
                where = str(path) if line is None else f"{path}, line {line}"
                log.warning(
                    "%s: date %r is not a date that can be read; the article is kept without "
                    "a date (write dates as YYYY-MM-DD)",
                    where,
                    raw,
                )
    return meta


def clean(value: object) -> str | None:
    """A metadata value as a stripped string; ``None`` for empty or non-scalar values."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = str(value).strip()
    return text or None


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
