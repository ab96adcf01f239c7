"""CSV and JSONL files: one article per row or line, streamed rather than read whole.

``.csv``
    One article per row, read with the standard ``csv`` module, so quoted fields may hold
    newlines. Column ``text`` is required; ``id``, ``title``, ``date`` (or ``published``),
    ``outlet`` (or ``source``) and ``url`` are optional. Column names are matched after
    stripping spaces, case-insensitively.
``.jsonl``
    One JSON object per line, with a ``text`` string and the same optional keys as CSV.

Line numbers (``Article.source_line`` and ``Rejection.line``):
    JSONL: the 1-based physical line. CSV: the 1-based record number with the header as row 1,
    so the first data row is 2; a record whose quoted field spans several lines counts once,
    and blank lines are not records (the same numbering as ``pandas.read_csv`` row ``i`` being
    row ``i + 2``).

A file is first scanned block by block (:func:`~claimscope.ingest.decode.scan`), then read row
by row, so memory stays bounded by one row whatever the size of the file.

CSV rows whose shape breaks are rejected as ``malformed_csv``, each with its row number, and
the good rows around them are kept. A file whose header names a column that is read (``text``
or a metadata column) twice is rejected whole: which of the two holds the text cannot be
guessed. Quotes are read strictly (RFC 4180): a quote that closes a field must be followed by
a comma or the end of the line, and a row must have as many fields as the header. A row that
breaks these rules is rejected; when it ran over several lines (a stray ``"`` opening a field
reads on to the next quote, swallowing the rows in between), the lines after its first are
read again as rows of their own, so one stray quote costs only its own row. One case cannot be
told from a text quoted over several lines: a stray quote whose run ends at a quote that
properly closes a field (followed by a comma or the end of a line), in a row with the right
number of fields; that row's text then holds the lines it ran over.

JSONL lines that cannot be read are rejected one by one (``malformed_json``, or ``encoding``):
not JSON, not an object, nested too deeply, no ``text`` string, an id that is not text or a
number. A number with more digits than Python converts to an integer is kept as its digits
(an id of 5,000 digits is that id). Lone surrogates that JSON escapes can write (``"\\ud800"``)
are replaced by U+FFFD, with a warning (see :mod:`~claimscope.ingest.metadata`).
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from claimscope.ingest.decode import (
    Undecodable,
    decode_utf8,
    has_lone_surrogates,
    normalise_newlines,
    replace_lone_surrogates,
    scan,
)
from claimscope.ingest.metadata import METADATA_KEYS, clean, hash_id, id_problem, metadata
from claimscope.ingest.rejections import display_path, reject, unreadable, where
from claimscope.records import Article, Rejection

log = logging.getLogger(__package__)

# Large enough for any article, small enough for a C long on every platform.
_CSV_FIELD_LIMIT = 2**31 - 1

#: Columns that are read; a header that names one of them twice is rejected.
_READ_COLUMNS = frozenset({"text"}.union(*METADATA_KEYS.values()))


def read_streamed(
    path: Path, suffix: str, handle: BinaryIO, *, max_bytes: int | None = None
) -> Iterator[Article | Rejection]:
    """A CSV or JSONL file from its open ``handle``, checked block by block, then read row by
    row: memory stays bounded by one row whatever the size of the file."""
    try:
        problem = scan(path, handle, decode=suffix == ".csv", max_bytes=max_bytes)
        if problem is not None:
            yield problem
            return
        handle.seek(0)
        if suffix == ".jsonl":  # decoded line by line, so that one bad line loses only itself
            yield from read_jsonl(path, handle)
            return
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        try:
            yield from read_csv(path, (normalise_newlines(line) for line in text))
        finally:
            text.detach()  # the caller closes the handle
    except OSError as error:
        yield unreadable(path, error)


def read_csv(path: Path, lines: Iterable[str]) -> Iterator[Article | Rejection]:
    """The rows of a CSV file, from its lines (newlines normalised), one record at a time."""
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    source = _Lines(lines)
    names: list[str] | None = None
    n_records = 0
    while True:
        source.taken.clear()
        fields, error = source.next_record()
        if fields is None and error is None:
            break
        if fields == []:  # a blank line
            continue
        n_records += 1
        taken = list(source.taken)
        if names is None:
            if fields is None:
                yield reject(
                    path,
                    "malformed_csv",
                    f"the header row of this CSV file cannot be parsed ({error}); "
                    "the file was not read, check the quoting of its first line",
                    line=n_records,
                )
                return
            header, names = fields, [name.strip().lower() for name in fields]
            problem = _header_problem(path, header, names)
            if problem is not None:
                yield problem
                return
            continue
        if fields is not None and len(fields) == len(names):
            yield _row_article(path, n_records, dict(zip(names, fields, strict=True)))
            continue
        yield _broken_row(path, n_records, len(names), fields, error, taken)
        source.push_back(taken[1:])  # swallowed by a stray quote: read them again
    if n_records == 1:
        yield reject(path, "empty", "this CSV file has a header row but no data rows")


def _header_problem(path: Path, header: list[str], names: list[str]) -> Rejection | None:
    """Why a CSV header cannot be read: no ``text`` column, or a read column named twice."""
    if "text" not in names:
        return reject(
            path,
            "missing_text_column",
            "this CSV file has no 'text' column (columns found: "
            f"{', '.join(header)}); rename the column that holds the article text to 'text'",
        )
    twice = sorted({name for name in names if names.count(name) > 1} & _READ_COLUMNS)
    if not twice:
        return None
    found = "; ".join(
        f"{name!r} is columns "
        + ", ".join(str(i) for i, other in enumerate(names, start=1) if other == name)
        for name in twice
    )
    return reject(
        path,
        "malformed_csv",
        f"this CSV file has a duplicate column ({found}); it was not read, since which "
        "column to read cannot be guessed: rename or remove one of them",
    )


def _broken_row(
    path: Path,
    row: int,
    n_names: int,
    fields: list[str] | None,
    error: str | None,
    taken: list[tuple[int, str]],
) -> Rejection:
    """The rejection of a CSV record whose shape breaks, from its lines ``taken``."""
    first, last = taken[0][0], taken[-1][0]
    lines = f"line {first}" if first == last else f"lines {first} to {last}"
    found = (
        f"cannot be parsed ({error})"
        if fields is None
        else f"has {len(fields)} fields but the header has {n_names}"
    )
    again = (
        f"; the lines after line {first} were read again as rows of their own"
        if len(taken) > 1
        else ""
    )
    return reject(
        path,
        "malformed_csv",
        f"row {row} ({lines} of the file) {found}: a quote is probably unbalanced, or a field "
        f"holds an unquoted comma; this row was not read{again}",
        line=row,
    )


class _Lines:
    """The lines of a CSV file as ``csv.reader`` takes them, numbered, remembering the lines
    of the record being read, and able to read lines again."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self._again: deque[tuple[int, str]] = deque()
        self._number = 0
        self.taken: list[tuple[int, str]] = []
        self._reader = csv.reader(self, strict=True)

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._again:
            item = self._again.popleft()
        else:
            self._number += 1
            item = (self._number, next(self._lines))
        self.taken.append(item)
        return item[1]

    def next_record(self) -> tuple[list[str] | None, str | None]:
        """The next record's fields, or ``(None, why)`` when it cannot be parsed; ``(None,
        None)`` at the end."""
        try:
            return next(self._reader), None
        except StopIteration:
            return None, None
        except csv.Error as error:
            self._reader = csv.reader(self, strict=True)  # start afresh after the bad record
            return None, str(error)

    def push_back(self, lines: list[tuple[int, str]]) -> None:
        """Read ``lines`` again, before the lines not read yet."""
        self._again.extendleft(reversed(lines))
        self._reader = csv.reader(self, strict=True)


def _json_int(digits: str) -> int | Decimal:
    """A JSON integer; one with more digits than Python converts (4,300 by default) is kept
    as a :class:`~decimal.Decimal`, which is written out as its digits."""
    try:
        return int(digits)
    except ValueError:
        return Decimal(digits)


def read_jsonl(path: Path, lines: Iterable[bytes]) -> Iterator[Article | Rejection]:
    offset = 0
    for number, raw in enumerate(lines, start=1):
        raw = raw.removesuffix(b"\n")
        line_offset, offset = offset, offset + len(raw) + 1
        if not raw.strip():
            continue
        line = decode_utf8(raw, offset=line_offset, first_line=number)
        if isinstance(line, Undecodable):
            yield reject(path, "encoding", line.reason, line=number)
            continue
        try:
            value = json.loads(line, parse_int=_json_int)
        except json.JSONDecodeError as error:
            yield reject(
                path,
                "malformed_json",
                f"line {number} is not valid JSON ({error.msg} at column {error.colno}); "
                "each line must be one JSON object",
                line=number,
            )
            continue
        except RecursionError:
            yield reject(
                path,
                "malformed_json",
                f"line {number} is nested too deeply to be read (arrays or objects inside "
                "each other hundreds of levels deep); each line must be one flat JSON object",
                line=number,
            )
            continue
        if not isinstance(value, dict):
            yield reject(
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
            yield reject(
                path,
                "malformed_json",
                f'line {number} has no "text" string (keys found: {found}); '
                'put the article text under "text"',
                article_id=clean(values.get("id")),
                line=number,
            )
            continue
        problem = id_problem(values)
        if problem is not None:
            yield reject(path, "malformed_json", f"line {number}: {problem}", line=number)
            continue
        yield _row_article(path, number, values)


def _row_article(path: Path, line: int, values: Mapping[str, object]) -> Article | Rejection:
    """The article in one CSV row or JSONL object with a ``text`` field, or why it is not one."""
    meta = metadata(values, path, line)
    text = normalise_newlines(str(values.get("text") or ""))
    if has_lone_surrogates(text):
        text = replace_lone_surrogates(text)
        log.warning(
            "%s: the text held characters that are not text (lone surrogates), replaced by U+FFFD",
            where(path, line),
        )
    if not text.strip():
        unit = "row" if path.suffix.lower() == ".csv" else "line"
        return reject(
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
        source=display_path(path),
        source_line=line,
    )
