"""Read news articles from files and folders into :class:`~claimscope.records.Article` records.

:func:`load_articles` streams one :class:`~claimscope.records.Article` for every article it can
read and one :class:`~claimscope.records.Rejection` for every input it cannot, so bad input never
stops a run and is never silently lost. :func:`read_articles` collects both into lists.

Formats, chosen by the file's suffix (case-insensitive):

``.txt``
    The whole file is one article. Its id is the file's stem.
``.md``, ``.markdown``
    One article, with optional YAML front matter: a ``---`` line at the very top, ``key: value``
    lines, and a closing ``---`` (or ``...``) line. Keys ``id``, ``title``, ``date`` (or
    ``published``), ``outlet`` (or ``source``) and ``url`` are read; other keys are ignored. The
    text is the body after the closing line: exactly what follows the newline that ends it. YAML
    reads ``id: 007`` as the number 7, so quote ids that must stay as written (``id: "007"``).
    Markdown markup is kept as written, not rendered.
``.html``, ``.htm``
    One article: main text, title, date, url and site name (as outlet) are extracted by
    trafilatura, offline (nothing is fetched). The text is trafilatura's plain-text output.
``.csv``
    One article per row, read with the standard ``csv`` module, so quoted fields may hold
    newlines. Column ``text`` is required; ``id``, ``title``, ``date`` (or ``published``),
    ``outlet`` (or ``source``) and ``url`` are optional. Column names are matched after
    stripping spaces, case-insensitively.
``.jsonl``
    One JSON object per line, with a ``text`` string and the same optional keys as CSV.

Article ids:
    the given ``id`` (front matter, column or key; stringified and stripped), else the file's
    stem for one-article files, else :func:`hash_id` of the text for CSV and JSONL rows. An id
    used a second time anywhere in the run is rejected (``duplicate_id``); for hash ids that
    means the same text appears twice.

Text:
    decoded as UTF-8 (a leading byte-order mark is dropped), with ``\\r\\n`` and ``\\r``
    turned into ``\\n``. Nothing else is changed: no stripping, no whitespace or Unicode
    normalisation. The stored ``Article.text`` is exactly what is parsed and what every
    offset indexes.

Metadata:
    strings are stripped; empty values become ``None``. Dates become ISO ``YYYY-MM-DD``
    (:func:`parse_date`); a date that cannot be read leaves ``date`` as ``None`` and logs a
    warning, and the article is kept.

Line numbers (``Article.source_line`` and ``Rejection.line``):
    JSONL: the 1-based physical line. CSV: the 1-based record number with the header as row 1,
    so the first data row is 2; a record whose quoted field spans several lines counts once,
    and blank lines are not records (the same numbering as ``pandas.read_csv`` row ``i`` being
    row ``i + 2``). One-article files have no line number.

Files and folders:
    Paths named explicitly are read in the order given, whatever their name. Folders are read
    recursively in sorted order, skipping hidden files and folders (names starting with
    ``.``), ``__pycache__`` folders, and files whose name before the first dot is README,
    LICENSE, LICENCE, COPYING, CHANGELOG, NOTICE, AUTHORS, CONTRIBUTING or CITATION (any case).
    Links to folders are not followed (a warning is logged). Every other file in a folder is
    read; one with a suffix not in :data:`SUFFIXES` is rejected as ``unsupported``, so a stray
    PDF or manifest is reported rather than lost. A file reached twice is read once.

Rejection codes are listed in :data:`REJECTION_CODES`.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import trafilatura
import yaml
from dateutil import parser as date_parser

from claimscope.records import Article, Rejection

log = logging.getLogger(__name__)

#: Suffixes of the files that can hold articles.
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".csv", ".jsonl")

#: Every rejection code this module emits, with its meaning.
REJECTION_CODES: dict[str, str] = {
    "empty": "the file, row or line holds no text, or only whitespace",
    "binary": "the file is not text (NUL bytes, or an image, PDF, archive ...)",
    "encoding": "the text is not valid UTF-8",
    "duplicate_id": "an earlier article in the run already has this id",
    "missing_text_column": "a CSV file has no `text` column",
    "malformed_csv": "a CSV row has more fields than the header, or cannot be parsed",
    "malformed_json": "a JSONL line is not JSON, not an object, or has no `text` string",
    "bad_front_matter": "Markdown front matter is not valid YAML key: value pairs, or unclosed",
    "no_main_text": "trafilatura found no main text in an HTML file",
    "unreadable": "the path does not exist or cannot be read",
    "unsupported": "a file in a folder has a suffix that is not read",
}

#: Metadata fields and the keys (columns, front-matter keys) they are read from, in preference.
METADATA_KEYS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "title": ("title",),
    "date": ("date", "published"),
    "outlet": ("outlet", "source"),
    "url": ("url",),
}

#: Names (before the first dot, upper-cased) of files in folders that are not articles.
NON_ARTICLE_NAMES = frozenset(
    {
        "README",
        "LICENSE",
        "LICENCE",
        "COPYING",
        "CHANGELOG",
        "NOTICE",
        "AUTHORS",
        "CONTRIBUTING",
        "CITATION",
    }
)

_SKIPPED_FOLDERS = frozenset({"__pycache__"})

#: Leading bytes of common non-text files, with what they are.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF file (WebP image, WAV audio ...)"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx, .xlsx, .epub ...)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"PAR1", "a Parquet file"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"SQLite format 3\x00", "a SQLite database"),
)

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL | re.M)
_FRONT_MATTER_OPENING = re.compile(r"\A---[ \t]*(?:\n|\Z)")
_ISO_DATE = re.compile(r"\A(\d{4})-(\d{2})-(\d{2})(?:[T ]|\Z)")

#: Bytes read at a time from CSV and JSONL files, which are streamed, not read whole.
_BLOCK_SIZE = 1 << 20

# Large enough for any article, small enough for a C long on every platform.
_CSV_FIELD_LIMIT = 2**31 - 1


class IngestError(ValueError):
    """An input that could not become an article: where it is, what was found, what to do.

    Raised by :func:`load_articles` with ``strict=True``; otherwise the same facts are yielded
    as a :class:`~claimscope.records.Rejection`.
    """

    def __init__(
        self,
        source: str,
        reason: str,
        code: str,
        line: int | None = None,
        article_id: str | None = None,
    ) -> None:
        self.source = source
        self.reason = reason
        self.code = code
        self.line = line
        self.article_id = article_id
        where = source if line is None else f"{source}, line {line}"
        super().__init__(f"{where}: {reason} [{code}]")

    @classmethod
    def from_rejection(cls, rejection: Rejection) -> IngestError:
        """The error for a rejection record."""
        return cls(
            rejection.source,
            rejection.reason,
            rejection.code,
            line=rejection.line,
            article_id=rejection.article_id,
        )


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


def iter_input_files(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
) -> Iterator[Path]:
    """The files named, and the files under the folders named.

    Args:
        paths: files and folders; a single path is accepted too.

    Yields:
        Files named explicitly, in the order given, and the files under each folder,
        recursively and sorted; each file once.

    Notes:
        Hidden files and folders, ``__pycache__`` and README/LICENSE-like files are skipped
        inside folders (see the module documentation). A path that does not exist and a folder
        that cannot be listed are logged as warnings here; :func:`load_articles` reports them
        as ``unreadable`` rejections.
    """
    for entry in _input_entries(paths):
        if isinstance(entry, Rejection):
            log.warning("%s: %s", entry.source, entry.reason)
        else:
            yield entry


def load_articles(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    strict: bool = False,
) -> Iterator[Article | Rejection]:
    """Stream the articles in ``paths``, and a rejection for every input that is not one.

    Args:
        paths: files and folders (see :func:`iter_input_files`); a single path is accepted too.
        strict: raise on the first rejection instead of yielding it.

    Yields:
        :class:`~claimscope.records.Article` and :class:`~claimscope.records.Rejection`
        records, file by file in the order of :func:`iter_input_files`, rows in file order.

    Raises:
        IngestError: only with ``strict=True``, for the first input that cannot be read.

    Notes:
        An id seen before in the same run is rejected as ``duplicate_id``, naming where it was
        first seen; the first article with that id is kept.
    """
    first_seen: dict[str, str] = {}
    for entry in _input_entries(paths):
        records = [entry] if isinstance(entry, Rejection) else _read_file(entry)
        for record in records:
            checked = _check_unique(record, first_seen) if isinstance(record, Article) else record
            if strict and isinstance(checked, Rejection):
                raise IngestError.from_rejection(checked)
            yield checked


def read_articles(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    strict: bool = False,
) -> tuple[list[Article], list[Rejection]]:
    """All articles in ``paths`` and all rejections, as two lists.

    Args:
        paths: files and folders (see :func:`iter_input_files`).
        strict: raise on the first rejection instead of collecting it.

    Returns:
        ``(articles, rejections)``, each in the order of :func:`load_articles`.
    """
    articles: list[Article] = []
    rejections: list[Rejection] = []
    for record in load_articles(paths, strict=strict):
        if isinstance(record, Article):
            articles.append(record)
        else:
            rejections.append(record)
    return articles, rejections


# --- finding files -------------------------------------------------------------------------


def _input_entries(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
) -> Iterator[Path | Rejection]:
    """Files to read, and rejections for paths that do not exist or cannot be listed."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            entries: Iterable[Path | Rejection] = _folder_entries(path)
        elif path.exists() or path.is_symlink():
            entries = [path]
        else:
            entries = [
                Rejection(
                    source=str(path),
                    code="unreadable",
                    reason="this path does not exist; check its spelling and the working folder",
                )
            ]
        for entry in entries:
            if isinstance(entry, Path):
                key = entry.resolve()
                if key in seen:
                    continue
                seen.add(key)
            yield entry


def _folder_entries(root: Path) -> list[Path | Rejection]:
    """Files under ``root``, sorted, and rejections for sub-folders that cannot be listed."""
    found: list[tuple[tuple[str, ...], Path | Rejection]] = []
    errors: list[OSError] = []
    for folder, dirnames, filenames in os.walk(root, onerror=errors.append):
        here = Path(folder)
        for name in dirnames:
            if (here / name).is_symlink() and not _is_hidden_folder(name):
                log.warning("%s: link to a folder, not followed", here / name)
        dirnames[:] = sorted(name for name in dirnames if not _is_hidden_folder(name))
        for name in filenames:
            if _is_skipped_file(name):
                log.debug("%s: skipped (hidden or not an article)", here / name)
                continue
            path = here / name
            found.append((path.relative_to(root).parts, path))
    for error in errors:
        source = str(error.filename or root)
        rejection = Rejection(
            source=source,
            code="unreadable",
            reason=f"this folder cannot be listed ({error.strerror or error}); "
            "its files were not read, check its permissions",
        )
        found.append((Path(source).relative_to(root).parts, rejection))
    return [entry for _, entry in sorted(found, key=lambda item: item[0])]


def _is_hidden_folder(name: str) -> bool:
    return name.startswith(".") or name in _SKIPPED_FOLDERS


def _is_skipped_file(name: str) -> bool:
    return name.startswith(".") or name.split(".")[0].upper() in NON_ARTICLE_NAMES


# --- reading one file ----------------------------------------------------------------------


def _read_file(path: Path) -> Iterator[Article | Rejection]:
    """Articles and rejections from one file, checked for type, readability and content."""
    suffix = path.suffix.lower()
    stem_id = path.stem if suffix in _ONE_ARTICLE_SUFFIXES else None
    if suffix not in SUFFIXES:
        shown = f"{suffix!r} files are" if suffix else "files without a suffix are"
        yield _reject(
            path,
            "unsupported",
            f"{shown} not read (readable: {', '.join(SUFFIXES)}); "
            "convert it to one of those or move it out of the input folder",
        )
        return
    if suffix in _STREAMED_SUFFIXES:
        yield from _read_streamed(path, suffix)
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        yield _unreadable(path, error, stem_id)
        return
    problem = _bytes_problem(
        path, data, data.find(b"\x00"), size=len(data), blank=not data.strip(), stem_id=stem_id
    )
    if problem is not None:
        yield problem
        return
    text = _decode(data)
    if isinstance(text, _Undecodable):
        yield _reject(path, "encoding", text.reason, article_id=stem_id)
    elif not text.strip():
        yield _reject(path, "empty", "the file holds only whitespace", article_id=stem_id)
    else:
        yield from _READERS[suffix](path, text)


def _unreadable(path: Path, error: OSError, stem_id: str | None = None) -> Rejection:
    return _reject(
        path,
        "unreadable",
        f"this file cannot be read ({error.strerror or error}); "
        "check that it exists and that its permissions allow reading",
        article_id=stem_id,
    )


def _bytes_problem(
    path: Path, head: bytes, nul: int, *, size: int, blank: bool, stem_id: str | None = None
) -> Rejection | None:
    """Why a file is not text to read (empty, binary or UTF-16), from its first bytes, the
    offset of its first NUL byte (-1: none), its size and whether it is only whitespace."""
    if blank:
        what = "empty" if not size else "only whitespace"
        return _reject(path, "empty", f"the file is {what}; there is no text to read", stem_id)
    kind = _binary_kind(head, nul)
    if kind:
        return _reject(
            path,
            "binary",
            f"this is not a text file, it looks like {kind}; "
            "save the article as UTF-8 text or remove the file",
            article_id=stem_id,
        )
    if head.startswith(_UTF16_BOMS):
        return _reject(
            path,
            "encoding",
            "this file is UTF-16 text; save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)",
            article_id=stem_id,
        )
    return None


def _read_streamed(path: Path, suffix: str) -> Iterator[Article | Rejection]:
    """A CSV or JSONL file, checked block by block, then read row by row: memory stays
    bounded by one row whatever the size of the file."""
    try:
        problem = _scan(path, decode=suffix == ".csv")
        if problem is not None:
            yield problem
            return
        if suffix == ".jsonl":  # decoded line by line, so that one bad line loses only itself
            with path.open("rb") as handle:
                yield from _read_jsonl(path, handle)
            return
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from _read_csv(path, (normalise_newlines(line) for line in handle))
    except OSError as error:
        yield _unreadable(path, error)


def _scan(path: Path, *, decode: bool) -> Rejection | None:
    """Why a file is not text to read, found block by block: as :func:`_bytes_problem`, then
    (when ``decode``) not UTF-8 or only whitespace once decoded."""
    head, nul, size, lines, blank = b"", -1, 0, 1, True
    decoder = codecs.getincrementaldecoder("utf-8")()
    undecodable: _Undecodable | None = None
    text_blank = True
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK_SIZE):
            head += block[: max(0, 64 - len(head))]  # enough for every signature
            blank = blank and not block.strip()
            if nul < 0 and (found := block.find(b"\x00")) >= 0:
                nul = size + found
            if decode and undecodable is None:
                undecodable, text_blank = _decode_block(
                    decoder, block, size, lines, text_blank, first=size == 0
                )
            lines += block.count(b"\n")
            size += len(block)
    if decode and undecodable is None:
        undecodable, text_blank = _decode_block(decoder, b"", size, lines, text_blank, final=True)
    problem = _bytes_problem(path, head, nul, size=size, blank=blank)
    if problem is None and undecodable is not None:
        problem = _reject(path, "encoding", undecodable.reason)
    if problem is None and decode and text_blank:
        problem = _reject(path, "empty", "the file holds only whitespace")
    return problem


def _decode_block(
    decoder: codecs.IncrementalDecoder,
    block: bytes,
    offset: int,
    lines: int,
    blank: bool,
    *,
    first: bool = False,
    final: bool = False,
) -> tuple[_Undecodable | None, bool]:
    """Decode one block; why it is not UTF-8 (if so), and whether the text so far is blank."""
    try:
        text = decoder.decode(block, final)
    except UnicodeDecodeError as error:
        pending = len(error.object) - len(block)
        at = offset - pending + error.start
        line = lines + block.count(b"\n", 0, max(0, error.start - pending))
        return (
            _Undecodable(
                f"this is not valid UTF-8: byte 0x{error.object[error.start]:02X} at byte offset "
                f"{at} (line {line}) cannot be decoded; save the file as UTF-8 "
                "(e.g. iconv -f WINDOWS-1252 -t UTF-8 if it came from Windows)"
            ),
            blank,
        )
    if first:
        text = text.removeprefix("\ufeff")
    return None, blank and not text.strip()


def _reject(
    path: Path,
    code: str,
    reason: str,
    article_id: str | None = None,
    line: int | None = None,
) -> Rejection:
    return Rejection(source=str(path), reason=reason, code=code, line=line, article_id=article_id)


def _binary_kind(head: bytes, nul: int) -> str | None:
    """What a file that is not text looks like, from its first bytes and the offset of its
    first NUL byte (-1: none), or ``None`` when it may be text."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(_UTF16_BOMS):
        return None  # text, but UTF-16: reported as an encoding problem
    if nul >= 0:
        return (
            f"binary data (a NUL byte at byte offset {nul}; "
            "if this is UTF-16 text, save it as UTF-8)"
        )
    return None


@dataclass(frozen=True)
class _Undecodable:
    """Why some bytes are not UTF-8 text."""

    reason: str


def _decode(data: bytes, *, offset: int = 0, first_line: int = 1) -> str | _Undecodable:
    """Decoded text with Unix newlines and no byte-order mark, or why it cannot be decoded.

    Args:
        data: the bytes.
        offset: byte offset of ``data`` in its file, for the message.
        first_line: line number of ``data``'s first line in its file, for the message.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = first_line + data.count(b"\n", 0, error.start)
        return _Undecodable(
            f"this is not valid UTF-8: byte 0x{data[error.start]:02X} at byte offset "
            f"{offset + error.start} (line {line}) cannot be decoded; save the file as UTF-8 "
            "(e.g. iconv -f WINDOWS-1252 -t UTF-8 if it came from Windows)"
        )
    return normalise_newlines(text.removeprefix("\ufeff"))


def normalise_newlines(text: str) -> str:
    """``text`` with ``\\r\\n`` and lone ``\\r`` turned into ``\\n``; nothing else changes.

    Args:
        text: any text.

    Returns:
        The text with Unix newlines.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_txt(path: Path, text: str) -> Iterator[Article | Rejection]:
    yield Article(article_id=path.stem, text=text, source=str(path))


def _read_markdown(path: Path, text: str) -> Iterator[Article | Rejection]:
    match = _FRONT_MATTER.match(text)
    if match is None and _FRONT_MATTER_OPENING.match(text):
        yield _reject(
            path,
            "bad_front_matter",
            "the file starts with a '---' line but the front matter has no closing '---' "
            "line; add one after the last key: value line, or remove the first line",
            article_id=path.stem,
        )
        return
    fields: Mapping[str, object] = {}
    body = text
    if match is not None:
        body = text[match.end() :]
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError as error:
            yield _reject(
                path,
                "bad_front_matter",
                f"the front matter is not valid YAML ({_yaml_problem(error)}); fix it, quoting "
                "values that contain ': ' or start with a special character",
                article_id=path.stem,
            )
            return
        if loaded is not None and not isinstance(loaded, dict):
            yield _reject(
                path,
                "bad_front_matter",
                f"the front matter must be 'key: value' lines, found a YAML "
                f"{type(loaded).__name__}; write e.g. 'title: ...' and 'date: 2019-01-04'",
                article_id=path.stem,
            )
            return
        fields = loaded or {}
    meta = _metadata(fields, path)
    article_id = meta["id"] or path.stem
    if not body.strip():
        yield _reject(
            path,
            "empty",
            "the file has no text after its front matter",
            article_id=article_id,
        )
        return
    yield Article(
        article_id=article_id,
        text=body,
        title=meta["title"],
        date=meta["date"],
        outlet=meta["outlet"],
        url=meta["url"],
        source=str(path),
    )


def _yaml_problem(error: yaml.YAMLError) -> str:
    """What YAML found wrong in front matter, with line numbers counted in the whole file."""
    if not isinstance(error, yaml.MarkedYAMLError):
        return str(error).splitlines()[0]
    parts = []
    for text, mark in ((error.context, error.context_mark), (error.problem, error.problem_mark)):
        if text:
            # +2: marks count from 0, inside the front matter, after the opening '---' line
            parts.append(text if mark is None else f"{text} at line {mark.line + 2}")
    return ": ".join(parts) or str(error).splitlines()[0]


def _read_html(path: Path, html: str) -> Iterator[Article | Rejection]:
    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    text = normalise_newlines(document.text or "") if document is not None else ""
    if not text.strip():
        yield _reject(
            path,
            "no_main_text",
            "no main text was found in this HTML page (it may be an index page, a "
            "script-rendered page or an error page); save the article text as .txt instead",
            article_id=path.stem,
        )
        return
    meta = _metadata(
        {
            "title": document.title,
            "date": document.date,
            "outlet": document.sitename,
            "url": document.url,
        },
        path,
    )
    yield Article(
        article_id=path.stem,
        text=text,
        title=meta["title"],
        date=meta["date"],
        outlet=meta["outlet"],
        url=meta["url"],
        source=str(path),
    )


def _read_csv(path: Path, lines: Iterable[str]) -> Iterator[Article | Rejection]:
    """The rows of a CSV file, from its lines (newlines normalised), one record at a time."""
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    names: list[str] | None = None
    n_records = 0
    try:
        for fields in csv.reader(lines):
            if not fields:
                continue
            n_records += 1
            if names is None:
                header, names = fields, [name.strip().lower() for name in fields]
                if "text" not in names:
                    yield _reject(
                        path,
                        "missing_text_column",
                        "this CSV file has no 'text' column (columns found: "
                        f"{', '.join(header)}); rename the column that holds the article "
                        "text to 'text'",
                    )
                    return
                continue
            yield _csv_row(path, n_records, names, fields)
    except csv.Error as error:
        row = n_records + 1
        yield _reject(
            path,
            "malformed_csv",
            f"the CSV cannot be parsed at row {row} ({error}); this row and the rows after it "
            "were not read, check the quoting near it",
            line=row,
        )
        return
    if n_records == 1:
        yield _reject(path, "empty", "this CSV file has a header row but no data rows")


def _csv_row(path: Path, row: int, names: list[str], fields: list[str]) -> Article | Rejection:
    """The article in one CSV record, or why it is not one."""
    if len(fields) > len(names):
        return _reject(
            path,
            "malformed_csv",
            f"row {row} has {len(fields)} fields but the header has {len(names)}; "
            "a quote is probably unbalanced or a field holds an unquoted comma",
            line=row,
        )
    values: dict[str, object] = {}
    for name, value in zip(names, fields, strict=False):  # short rows: missing cells
        values.setdefault(name, value)
    return _row_article(path, row, values)


def _read_jsonl(path: Path, lines: Iterable[bytes]) -> Iterator[Article | Rejection]:
    offset = 0
    for number, raw in enumerate(lines, start=1):
        raw = raw.removesuffix(b"\n")
        line_offset, offset = offset, offset + len(raw) + 1
        if not raw.strip():
            continue
        line = _decode(raw, offset=line_offset, first_line=number)
        if isinstance(line, _Undecodable):
            yield _reject(path, "encoding", line.reason, line=number)
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield _reject(
                path,
                "malformed_json",
                f"line {number} is not valid JSON ({error.msg} at column {error.colno}); "
                "each line must be one JSON object",
                line=number,
            )
            continue
        if not isinstance(value, dict):
            yield _reject(
                path,
                "malformed_json",
                f"line {number} is a JSON {type(value).__name__}, not an object; each line "
                'must be one object such as {"id": "...", "text": "..."}',
                line=number,
            )
            continue
        values = {str(key).strip().lower(): item for key, item in value.items()}
        if not isinstance(values.get("text"), str):
            found = ", ".join(str(key) for key in value) or "none"
            yield _reject(
                path,
                "malformed_json",
                f'line {number} has no "text" string (keys found: {found}); '
                'put the article text under "text"',
                article_id=_clean(values.get("id")),
                line=number,
            )
            continue
        yield _row_article(path, number, values)


def _row_article(path: Path, line: int, values: Mapping[str, object]) -> Article | Rejection:
    """The article in one CSV row or JSONL object with a ``text`` field, or why it is not one."""
    meta = _metadata(values, path, line)
    text = normalise_newlines(str(values.get("text") or ""))
    if not text.strip():
        unit = "row" if path.suffix.lower() == ".csv" else "line"
        return _reject(
            path,
            "empty",
            f"the text of {unit} {line} is empty or only whitespace",
            article_id=meta["id"],
            line=line,
        )
    return Article(
        article_id=meta["id"] or hash_id(text),
        text=text,
        title=meta["title"],
        date=meta["date"],
        outlet=meta["outlet"],
        url=meta["url"],
        source=str(path),
        source_line=line,
    )


_READERS = {
    ".txt": _read_txt,
    ".md": _read_markdown,
    ".markdown": _read_markdown,
    ".html": _read_html,
    ".htm": _read_html,
}

_ONE_ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})

#: Many-article files, read row by row rather than whole.
_STREAMED_SUFFIXES = frozenset({".csv", ".jsonl"})


# --- metadata ------------------------------------------------------------------------------


def _metadata(
    values: Mapping[object, object], path: Path, line: int | None = None
) -> dict[str, str | None]:
    """The metadata fields of one article, from keys matched case-insensitively."""
    by_key = {str(key).strip().lower(): value for key, value in values.items()}
    meta: dict[str, str | None] = {}
    for field, keys in METADATA_KEYS.items():
        raw = next((by_key[key] for key in keys if _clean(by_key.get(key)) is not None), None)
        meta[field] = _clean(raw)
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


def _clean(value: object) -> str | None:
    """A metadata value as a stripped string; ``None`` for empty or non-scalar values."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = str(value).strip()
    return text or None


def _check_unique(article: Article, first_seen: dict[str, str]) -> Article | Rejection:
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
