"""Reading every input of a run: the files found, each read by the reader of its format.

:func:`load_articles` streams one :class:`~claimscope.records.Article` for every article it can
read and one :class:`~claimscope.records.Rejection` for every input it cannot;
:func:`read_articles` collects both into lists. The format of a file is chosen by its suffix
(case-insensitive, one of :data:`SUFFIXES`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimscope.ingest.decode import Undecodable, bytes_problem, decode_utf8
from claimscope.ingest.files import input_entries
from claimscope.ingest.html import read_html
from claimscope.ingest.metadata import check_unique
from claimscope.ingest.rejections import IngestError, reject, unreadable
from claimscope.ingest.tabular import read_streamed
from claimscope.ingest.text import read_markdown, read_txt
from claimscope.records import Article, Rejection

#: Suffixes of the files that can hold articles.
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".csv", ".jsonl")

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
) -> Iterator[Article | Rejection]:
    """Stream the articles in ``paths``, and a rejection for every input that is not one.

    Args:
        paths: files and folders (see :func:`~claimscope.ingest.files.iter_input_files`); a
            single path is accepted too.
        strict: raise on the first rejection instead of yielding it.

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
        records = [entry] if isinstance(entry, Rejection) else _read_file(entry)
        for record in records:
            checked = check_unique(record, first_seen) if isinstance(record, Article) else record
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
        paths: files and folders (see :func:`~claimscope.ingest.files.iter_input_files`).
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


def _read_file(path: Path) -> Iterator[Article | Rejection]:
    """Articles and rejections from one file, checked for type, readability and content."""
    suffix = path.suffix.lower()
    stem_id = path.stem if suffix in _ONE_ARTICLE_SUFFIXES else None
    if suffix not in SUFFIXES:
        shown = f"{suffix!r} files are" if suffix else "files without a suffix are"
        yield reject(
            path,
            "unsupported",
            f"{shown} not read (readable: {', '.join(SUFFIXES)}); "
            "convert it to one of those or move it out of the input folder",
        )
        return
    if suffix in _STREAMED_SUFFIXES:
        yield from read_streamed(path, suffix)
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        yield unreadable(path, error, stem_id)
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
