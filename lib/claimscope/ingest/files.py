"""Finding the input files: the paths named, and the files in the folders named.

Paths named explicitly are read in the order given, whatever their name. Folders are read
recursively in sorted order, skipping hidden files and folders (names starting with ``.``),
``__pycache__`` folders, and files whose name before the first dot is one of
:data:`NON_ARTICLE_NAMES` (any case). Links to folders are not followed (a warning is logged).
A file reached twice is listed once.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

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
