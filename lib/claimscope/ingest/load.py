"""Reading every input of a run: the files found, each read by the reader of its format.

:func:`load_articles` streams one :class:`~claimscope.records.Article` for every article it can
read and one :class:`~claimscope.records.Rejection` for every input it cannot;
:func:`read_articles` collects both into lists. The format of a file is chosen by its suffix
(case-insensitive, one of :data:`SUFFIXES`).

One bad input costs only itself: every problem a reader knows is a rejection with its own code,
and an error no reader expected (a defect) ends only the file it happened in, as a
``reader_error`` rejection naming the error, while the run goes on. Each file is checked
before it is read: named pipes, devices and sockets are ``special_file``, files larger than
``max_bytes`` are ``too_large``.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from claimscope.ingest.decode import (
    Undecodable,
    bytes_problem,
    decode_utf8,
    has_lone_surrogates,
    replace_lone_surrogates,
    too_large,
)
from claimscope.ingest.files import input_entries, open_input
from claimscope.ingest.html import read_html
from claimscope.ingest.metadata import check_unique
from claimscope.ingest.rejections import IngestError, display_path, reject, unreadable, where
from claimscope.ingest.tabular import read_streamed
from claimscope.ingest.text import read_markdown, read_txt
from claimscope.records import Article, Rejection

log = logging.getLogger(__package__)

#: Suffixes of the files that can hold articles.
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".csv", ".jsonl")

#: The default size limit of a one-article file (text, Markdown, HTML), in bytes
#: (``load_articles(max_bytes=...)``). CSV and JSONL files are read row by row and have no
#: limit unless one is given (``max_table_bytes``).
MAX_BYTES = 50_000_000

#: Readers of the one-article files, from the file's path and its decoded text.
_READERS = {
    ".txt": read_txt,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
}

_ONE_ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})

#: Many-article files, read row by row rather than whole.
_STREAMED_SUFFIXES = frozenset({".csv", ".jsonl"})


def load_articles(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    strict: bool = False,
    max_bytes: int | None = MAX_BYTES,
    max_table_bytes: int | None = None,
) -> Iterator[Article | Rejection]:
    """Stream the articles in ``paths``, and a rejection for every input that is not one.

    Args:
        paths: files and folders (see :func:`~claimscope.ingest.files.iter_input_files`); a
            single path is accepted too.
        strict: raise on the first rejection instead of yielding it.
        max_bytes: the size limit of a one-article file (text, Markdown, HTML), in bytes
            (default :data:`MAX_BYTES`, 50 MB); a larger file is rejected as ``too_large``
            before it is read. ``None``: no limit.
        max_table_bytes: the same for a CSV or JSONL file, which is read row by row; no limit
            by default.

    Yields:
        :class:`~claimscope.records.Article` and :class:`~claimscope.records.Rejection`
        records, file by file in the order of
        :func:`~claimscope.ingest.files.iter_input_files`, rows in file order.

    Raises:
        IngestError: only with ``strict=True``, for the first input that cannot be read.

    Notes:
        An id seen before in the same run is rejected as ``duplicate_id``, naming where it was
        first seen; the first article with that id is kept.
    """
    first_seen: dict[str, str] = {}
    for entry in input_entries(paths):
        limit = max_table_bytes if entry_suffix(entry) in _STREAMED_SUFFIXES else max_bytes
        records = [entry] if isinstance(entry, Rejection) else _isolated(entry, limit)
        for record in map(with_outlet, map(_encodable, records)):
            checked = check_unique(record, first_seen) if isinstance(record, Article) else record
            if strict and isinstance(checked, Rejection):
                raise IngestError.from_rejection(checked)
            yield checked


def read_articles(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    strict: bool = False,
    max_bytes: int | None = MAX_BYTES,
    max_table_bytes: int | None = None,
) -> tuple[list[Article], list[Rejection]]:
    """All articles in ``paths`` and all rejections, as two lists.

    Args:
        paths: files and folders (see :func:`~claimscope.ingest.files.iter_input_files`).
        strict: raise on the first rejection instead of collecting it.
        max_bytes: the size limit of a one-article file, as for :func:`load_articles`.
        max_table_bytes: the size limit of a CSV or JSONL file, as for :func:`load_articles`.

    Returns:
        ``(articles, rejections)``, each in the order of :func:`load_articles`.
    """
    articles: list[Article] = []
    rejections: list[Rejection] = []
    found = load_articles(
        paths, strict=strict, max_bytes=max_bytes, max_table_bytes=max_table_bytes
    )
    for record in found:
        if isinstance(record, Article):
            articles.append(record)
        else:
            rejections.append(record)
    return articles, rejections


def entry_suffix(entry: Path | Rejection) -> str:
    return entry.suffix.lower() if isinstance(entry, Path) else ""


def _isolated(path: Path, max_bytes: int | None) -> Iterator[Article | Rejection]:
    """The records of one file; an error no reader expected ends this file, not the run."""
    records = _read_file(path, max_bytes)
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        # Deliberately broad: this is the one place where a defect in a reader (or in a
        # library it calls) is turned into a rejection of its file instead of ending the run.
        except Exception as error:
            log.debug("%s: reading failed", where(path), exc_info=True)
            message = replace_lone_surrogates(str(error))[:300]
            yield reject(
                path,
                "reader_error",
                f"reading this file failed unexpectedly ({type(error).__name__}: {message}); "
                "the records before the failure were kept, the rest of the file was not read. "
                "This is a defect in claimscope: please report it with the file",
            )
            return
        yield record


def outlet_of_url(url: str | None) -> str | None:
    """The site a URL names, without ``www.`` and the port (``https://www.example.org/a`` is
    ``example.org``); None for no URL or one without a host."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:  # a malformed URL (an unclosed IPv6 bracket) names no site
        return None
    if not host or "." not in host:
        return None
    return host.removeprefix("www.")


def with_outlet(record: Article | Rejection) -> Article | Rejection:
    """An article whose metadata names no outlet gets its URL's site as the outlet."""
    if isinstance(record, Article) and not record.outlet:
        outlet = outlet_of_url(record.url)
        if outlet:
            return dataclasses.replace(record, outlet=outlet)
    return record


def _encodable(record: Article | Rejection) -> Article | Rejection:
    """``record`` with any lone surrogate left in its text fields replaced by U+FFFD (logged
    for an article), so that every field encodes as UTF-8."""
    changed = {
        field.name: replace_lone_surrogates(value)
        for field in dataclasses.fields(record)
        if isinstance(value := getattr(record, field.name), str) and has_lone_surrogates(value)
    }
    if not changed:
        return record
    if isinstance(record, Article):
        log.warning(
            "%s: %s held characters that are not text (lone surrogates), replaced by U+FFFD",
            where(record.source or "", record.source_line),
            ", ".join(changed),
        )
    return dataclasses.replace(record, **changed)


def _read_file(path: Path, max_bytes: int | None) -> Iterator[Article | Rejection]:
    """Articles and rejections from one file, checked for type, size, readability and content."""
    suffix = path.suffix.lower()
    stem_id = display_path(path.stem) if suffix in _ONE_ARTICLE_SUFFIXES else None
    if suffix not in SUFFIXES:
        shown = f"{suffix!r} files are" if suffix else "files without a suffix are"
        yield reject(
            path,
            "unsupported",
            f"{shown} not read (readable: {', '.join(SUFFIXES)}); "
            "convert it to one of those or move it out of the input folder",
        )
        return
    handle = open_input(path, max_bytes=max_bytes, article_id=stem_id)
    if isinstance(handle, Rejection):
        yield handle
        return
    with handle:
        if suffix in _STREAMED_SUFFIXES:
            yield from read_streamed(path, suffix, handle, max_bytes=max_bytes)
            return
        try:
            data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
        except OSError as error:
            yield unreadable(path, error, stem_id)
            return
    if max_bytes is not None and len(data) > max_bytes:  # it grew since it was opened
        yield too_large(path, max_bytes, max_bytes, grew=True, article_id=stem_id)
        return
    problem = bytes_problem(
        path, data, data.find(b"\x00"), size=len(data), blank=not data.strip(), stem_id=stem_id
    )
    if problem is not None:
        yield problem
        return
    text = decode_utf8(data)
    if isinstance(text, Undecodable):
        yield reject(path, "encoding", text.reason, article_id=stem_id)
    elif not text.strip():
        yield reject(path, "empty", "the file holds only whitespace", article_id=stem_id)
    else:
        yield from _READERS[suffix](path, text)
