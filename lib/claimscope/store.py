"""Reading and writing the tables, atomically.

A run writes every table to a temporary file in the output folder first and only then moves
them into place with :func:`os.replace`, so an interrupted run leaves the previous results
intact. ``manifest.json`` is written last and records what the run produced.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from claimscope.schema import TABLES, conform, empty

FORMATS = ("parquet", "csv")


def _temp_path(final: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
    os.close(fd)
    os.chmod(name, 0o644)  # mkstemp makes files private; outputs are ordinary files
    return Path(name)


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old or the new file, never half."""
    final = Path(path)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_path(final)
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)


def _write_one(frame: pd.DataFrame, path: Path, fmt: str) -> None:
    if fmt == "parquet":
        frame.to_parquet(path, index=False, engine="pyarrow")
    elif fmt == "csv":
        frame.to_csv(path, index=False)
    else:
        raise ValueError(f"unknown table format {fmt!r}; choose one of {FORMATS}")


def write_tables(
    tables: Mapping[str, pd.DataFrame],
    out_dir: str | os.PathLike,
    *,
    formats: Iterable[str] = ("parquet",),
    manifest: Mapping[str, object] | None = None,
) -> list[Path]:
    """Write each table, cast to its schema, to ``out_dir/NAME.FORMAT``; all or nothing.

    Returns:
        The paths written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    formats = tuple(formats)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, frame in tables.items():
            frame = conform(frame, TABLES[name])
            for fmt in formats:
                final = out / f"{name}.{fmt}"
                tmp = _temp_path(final)
                staged.append((tmp, final))
                _write_one(frame, tmp, fmt)
        for tmp, final in staged:
            os.replace(tmp, final)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
    written = [final for _, final in staged]
    if manifest is not None:
        atomic_write_text(out / "manifest.json", json.dumps(manifest, indent=2, default=str))
    return written


def read_table(data_dir: str | os.PathLike, name: str) -> pd.DataFrame:
    """Read one table from ``data_dir`` (Parquet preferred, CSV otherwise), cast to its schema.

    A table that was never written reads as an empty frame with the declared columns.
    """
    table = TABLES[name]
    base = Path(data_dir)
    parquet, csv = base / f"{name}.parquet", base / f"{name}.csv"
    if parquet.exists():
        frame = pd.read_parquet(parquet)
    elif csv.exists():
        frame = pd.read_csv(csv, dtype=str, keep_default_na=False, na_values=[""])
    else:
        return empty(table)
    return conform(frame, table)


def read_tables(data_dir: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """Read every declared table from ``data_dir``."""
    return {name: read_table(data_dir, name) for name in TABLES}
