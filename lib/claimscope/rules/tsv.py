"""Reading rule files: one loader for every tab-separated rules table, and the overlay of an
analyst's rules folder on the packaged one.

Every rules file is a tab-separated table with a header line; lines starting with ``#`` and blank
lines are comments. A header may leave out trailing optional columns (an analyst's file written
before a column was added still reads), never the first one, which is the row's key.

An analyst's folder (``claimscope extract --rules DIR``) holds files named like the packaged
ones. Its rows are read after the packaged rows: a row whose key (first column) is already
there replaces the packaged row in place, any other row is added at the end. A file that exists
only in the analyst's folder is read on its own.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path


class LexiconError(ValueError):
    """A rules file is malformed; the message names the file and line."""


def packaged_dir() -> Path:
    """The folder of the rule files that ship with claimscope."""
    return Path(str(resources.files("claimscope") / "rules"))


def packaged(name: str) -> Path:
    """The packaged rules file ``name``."""
    return packaged_dir() / name


def read_table(
    path: str | os.PathLike, columns: Sequence[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of one rules file as ``(line number, {column: value})``, values stripped.

    Args:
        path: A tab-separated file with a header line.
        columns: The columns the file may have, the key first.

    Raises:
        LexiconError: no header, an unknown column or a missing key column in the header, a row
            with more fields than the header, or a row without a key.
    """
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [(n, line) for n, line in enumerate(handle, 1) if not line.startswith("#")]
    lines = [(n, line) for n, line in lines if line.strip()]
    if not lines:
        raise LexiconError(f"{path}: no header line")
    header_no, header = lines[0]
    found = tuple(name.strip() for name in header.rstrip("\r\n").split("\t"))
    unknown = [name for name in found if name not in columns]
    if unknown or not found or found[0] != columns[0] or len(set(found)) != len(found):
        raise LexiconError(
            f"{path}:{header_no}: expected columns {tuple(columns)} (the first one first), "
            f"found {found}"
        )
    reader = csv.reader((line for _, line in lines[1:]), delimiter="\t", quoting=csv.QUOTE_NONE)
    for (number, _), fields in zip(lines[1:], reader, strict=True):
        if len(fields) > len(found) or not fields[0].strip():
            raise LexiconError(f"{path}:{number}: expected {len(found)} tab-separated fields")
        values = dict.fromkeys(columns, "")
        values.update((c, v.strip()) for c, v in zip(found, fields, strict=False))
        yield number, values


def rule_rows(
    name: str,
    columns: Sequence[str],
    *,
    rules_dir: str | os.PathLike | None = None,
    path: str | os.PathLike | None = None,
) -> list[tuple[str, dict[str, str]]]:
    """The rows of the rules file ``name`` as ``("FILE:LINE", {column: value})``.

    Args:
        name: The file's name in the rules folder ("cues.tsv").
        columns: The columns it may have, the key first.
        rules_dir: An analyst's folder overlaid on the packaged files (see the module
            docstring); None for the packaged files alone.
        path: Read this one file instead, with no overlay.
    """
    if path is not None:
        return [(f"{path}:{n}", row) for n, row in read_table(path, columns)]
    sources = [packaged(name)]
    if rules_dir is not None:
        sources.append(Path(rules_dir) / name)
    by_key: dict[str, tuple[str, dict[str, str]]] = {}
    for source in sources:
        if not source.is_file():
            continue
        for number, row in read_table(source, columns):
            by_key[_key(row[columns[0]])] = (f"{source}:{number}", row)
    return list(by_key.values())


def _key(value: str) -> str:
    """Keys compare without case or repeated spaces ("Express  Concern" is "express concern")."""
    return " ".join(value.lower().split())


def overlay_files(rules_dir: str | os.PathLike | None) -> list[Path]:
    """The rules files of an analyst's folder, sorted (what a pipeline fingerprint hashes)."""
    if rules_dir is None:
        return []
    return sorted(p for p in Path(rules_dir).iterdir() if p.is_file() and p.suffix == ".tsv")
