"""Finding the input files: the paths named, and the files in the folders named.

Paths named explicitly are read in the order given, whatever their name. Folders are read
recursively in sorted order, skipping hidden files and folders (names starting with ``.``),
``__pycache__`` folders, and files whose name before the first dot is one of
:data:`NON_ARTICLE_NAMES` (any case). Links to folders are not followed (a warning is logged).
A file reached twice is listed once.

Opening a file (:func:`open_input`) checks what it is before a byte is read: a named pipe, a
device or a socket (also through a link, such as a ``.txt`` link to ``/dev/zero``) is rejected
as ``special_file`` without being opened for reading, and a file larger than the size limit as
``too_large``. A file name that is not valid UTF-8 is read all the same, and shown with each
undecodable byte as ``\\xNN`` (:func:`~claimscope.ingest.rejections.display_path`).
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from claimscope.ingest.decode import too_large
from claimscope.ingest.rejections import display_path, reject, unreadable
from claimscope.records import Rejection

log = logging.getLogger(__package__)

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
        inside folders (see :mod:`claimscope.ingest.files`). A path that does not exist and a folder
        that cannot be listed are logged as warnings here;
        :func:`~claimscope.ingest.load_articles` reports them as ``unreadable`` rejections.
    """
    for entry in input_entries(paths):
        if isinstance(entry, Rejection):
            log.warning("%s: %s", entry.source, entry.reason)
        else:
            yield entry


def input_entries(
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
                reject(
                    path,
                    "unreadable",
                    "this path does not exist; check its spelling and the working folder",
                )
            ]
        for entry in entries:
            if isinstance(entry, Path):
                key = os.path.realpath(entry)  # unlike Path.resolve, never raises on a link loop
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
                log.warning("%s: link to a folder, not followed", display_path(here / name))
        dirnames[:] = sorted(name for name in dirnames if not _is_hidden_folder(name))
        for name in filenames:
            if _is_skipped_file(name):
                log.debug("%s: skipped (hidden or not an article)", display_path(here / name))
                continue
            path = here / name
            found.append((path.relative_to(root).parts, path))
    for error in errors:
        source = Path(error.filename or root)
        rejection = reject(
            source,
            "unreadable",
            f"this folder cannot be listed ({error.strerror or error}); "
            "its files were not read, check its permissions",
        )
        found.append((source.relative_to(root).parts, rejection))
    return [entry for _, entry in sorted(found, key=lambda item: item[0])]


def _is_hidden_folder(name: str) -> bool:
    return name.startswith(".") or name in _SKIPPED_FOLDERS


def _is_skipped_file(name: str) -> bool:
    return name.startswith(".") or name.split(".")[0].upper() in NON_ARTICLE_NAMES


def open_input(
    path: Path, *, max_bytes: int | None, article_id: str | None = None
) -> BinaryIO | Rejection:
    """``path`` opened for reading bytes, or why it is not read.

    Args:
        path: a file (or a link to one).
        max_bytes: the size limit; ``None``: no limit.
        article_id: the id to report with a rejection (the stem of a one-article file).

    Returns:
        An open binary handle (the caller closes it), or a ``special_file``, ``too_large`` or
        ``unreadable`` rejection.

    Notes:
        What the path is is checked before it is opened (opening a named pipe waits for a
        writer) and again on the handle (the path may change in between); the handle is
        opened without blocking, which changes nothing for a regular file.
    """
    try:
        kind = _special_kind(os.stat(path).st_mode)
        if kind is not None:
            return _special(path, kind, article_id)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        return unreadable(path, error, article_id)
    handle = os.fdopen(fd, "rb")
    info = os.fstat(fd)
    kind = _special_kind(info.st_mode)
    problem = None
    if kind is not None:
        problem = _special(path, kind, article_id)
    elif max_bytes is not None and info.st_size > max_bytes:
        problem = too_large(path, info.st_size, max_bytes, article_id=article_id)
    if problem is not None:
        handle.close()
        return problem
    return handle


def _special_kind(mode: int) -> str | None:
    """What a file that is not a regular file is, from its mode; ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kinds = (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    )
    return next((kind for test, kind in kinds if test(mode)), "not a regular file")


def _special(path: Path, kind: str, article_id: str | None) -> Rejection:
    shown = kind
    if path.is_symlink():
        shown = f"a link to {display_path(os.path.realpath(path))}, {kind}"
    return reject(
        path,
        "special_file",
        f"this is {shown}, not a regular file, so it was not read; "
        "put article files in the input folder, not links to devices or pipes",
        article_id=article_id,
    )
