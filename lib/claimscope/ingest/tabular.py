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
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from claimscope.ingest.decode import Undecodable, decode_utf8, normalise_newlines, scan
from claimscope.ingest.metadata import clean, hash_id, metadata
from claimscope.ingest.rejections import reject, unreadable
from claimscope.records import Article, Rejection

# Large enough for any article, small enough for a C long on every platform.
_CSV_FIELD_LIMIT = 2**31 - 1


def read_streamed(path: Path, suffix: str) -> Iterator[Article | Rejection]:
    """A CSV or JSONL file, checked block by block, then read row by row: memory stays
    bounded by one row whatever the size of the file."""
    try:
        problem = scan(path, decode=suffix == ".csv")
        if problem is not None:
            yield problem
            return
        if suffix == ".jsonl":  # decoded line by line, so that one bad line loses only itself
            with path.open("rb") as handle:
                yield from read_jsonl(path, handle)
            return
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from read_csv(path, (normalise_newlines(line) for line in handle))
    except OSError as error:
        yield unreadable(path, error)


def read_csv(path: Path, lines: Iterable[str]) -> Iterator[Article | Rejection]:
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
                    yield reject(
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
        yield reject(
            path,
            "malformed_csv",
            f"the CSV cannot be parsed at row {row} ({error}); this row and the rows after it "
            "were not read, check the quoting near it",
            line=row,
        )
        return
    if n_records == 1:
        yield reject(path, "empty", "this CSV file has a header row but no data rows")


def _csv_row(path: Path, row: int, names: list[str], fields: list[str]) -> Article | Rejection:
    """The article in one CSV record, or why it is not one."""
    if len(fields) > len(names):
        return reject(
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
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield reject(
                path,
                "malformed_json",
                f"line {number} is not valid JSON ({error.msg} at column {error.colno}); "
                "each line must be one JSON object",
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
        yield _row_article(path, number, values)


def _row_article(path: Path, line: int, values: Mapping[str, object]) -> Article | Rejection:
    """The article in one CSV row or JSONL object with a ``text`` field, or why it is not one."""
    meta = metadata(values, path, line)
    text = normalise_newlines(str(values.get("text") or ""))
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
        source=str(path),
        source_line=line,
    )
