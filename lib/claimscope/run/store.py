"""Reading and writing the tables, atomically.

Two layouts are read, and both are written:

- *partitioned* (what ``claimscope extract`` writes): ``OUT/NAME.parquet`` is a folder of
  ``part-NNNNNN.parquet`` files, written chunk by chunk so that memory stays bounded whatever
  the corpus size. pandas (``pd.read_parquet("OUT/quotes.parquet")``), pyarrow and DuckDB
  (``read_parquet('OUT/quotes.parquet/*.parquet')``) read it directly. CSV tables are one file
  each, ``OUT/NAME.csv``, appended chunk by chunk.
- *single file*: ``OUT/NAME.parquet`` or ``OUT/NAME.csv`` (:func:`write_tables`).

:class:`TableRun` stages a run's tables in ``OUT/.tables/RUN/`` and publishes them only when the
run completes: each ``OUT/NAME.parquet`` is then a symbolic link to the run's folder, replaced
atomically with :func:`os.replace`, and CSV files are moved into place the same way, so an
interrupted run leaves the previous tables readable. ``manifest.json`` is written last and
records what the run produced. :func:`read_table` reads either layout as one frame.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import pandas as pd

from claimscope.tables.schema import TABLES, conform, empty

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


def table_exists(data_dir: str | os.PathLike, name: str) -> bool:
    """Whether ``data_dir`` holds table ``name`` in any layout or format."""
    base = Path(data_dir)
    return (base / f"{name}.parquet").exists() or (base / f"{name}.csv").exists()


def _parquet_parts(path: Path) -> list[Path]:
    return sorted(p for p in path.glob("*.parquet") if not p.name.startswith((".", "_")))


def read_table(data_dir: str | os.PathLike, name: str) -> pd.DataFrame:
    """Read one table from ``data_dir`` (Parquet preferred, CSV otherwise), cast to its schema.

    ``NAME.parquet`` may be one file or a folder of part files (read in name order, as one
    frame). A table that was never written reads as an empty frame with the declared columns.
    """
    table = TABLES[name]
    base = Path(data_dir)
    parquet, csv = base / f"{name}.parquet", base / f"{name}.csv"
    if parquet.is_dir():
        parts = _parquet_parts(parquet)
        if not parts:
            return empty(table)
        frames = [pd.read_parquet(part) for part in parts]
        frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    elif parquet.exists():
        frame = pd.read_parquet(parquet)
    elif csv.exists():
        frame = pd.read_csv(csv, dtype=str, keep_default_na=False, na_values=[""])
    else:
        return empty(table)
    return conform(frame, table)


def read_tables(data_dir: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """Read every declared table from ``data_dir``."""
    return {name: read_table(data_dir, name) for name in TABLES}


#: Folder inside the output folder that holds the runs' partitioned tables.
RUNS_DIR = ".tables"


class TableRun:
    """The tables of one run, written chunk by chunk and published all at once.

    Args:
        out_dir: The output folder.
        formats: ``parquet`` (partitioned) and/or ``csv`` (one file per table).

    Use :meth:`write` for every chunk, then :meth:`commit`; :meth:`abort` (or an interrupted
    process) leaves the published tables as they were.
    """

    def __init__(self, out_dir: str | os.PathLike, *, formats: Iterable[str] = ("parquet",)):
        self.out = Path(out_dir)
        self.formats = tuple(formats)
        for fmt in self.formats:
            if fmt not in FORMATS:
                raise ValueError(f"unknown table format {fmt!r}; choose one of {FORMATS}")
        self.run_id = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
        self.stage = self.out / RUNS_DIR / self.run_id
        self.stage.mkdir(parents=True, exist_ok=True)
        self.counts: dict[str, int] = {}
        self._parts: dict[str, int] = {}

    def write(self, name: str, frame: pd.DataFrame) -> None:
        """Append ``frame``, cast to the schema of table ``name``, to that table."""
        frame = conform(frame, TABLES[name])
        first = name not in self.counts
        self.counts[name] = self.counts.get(name, 0) + len(frame)
        if "parquet" in self.formats and (len(frame) or first):
            folder = self.stage / f"{name}.parquet"
            folder.mkdir(exist_ok=True)
            n = self._parts.get(name, 0)
            if n == 1 and self.counts[name] == len(frame):
                n = 0  # replace the empty part that was only there to carry the schema
            frame.to_parquet(folder / f"part-{n:06d}.parquet", index=False, engine="pyarrow")
            self._parts[name] = n + 1
        if "csv" in self.formats:
            frame.to_csv(self.stage / f"{name}.csv", mode="a", header=first, index=False)

    def rewrite(self, name: str, transform: Callable[[pd.DataFrame], pd.DataFrame]) -> None:
        """Pass every staged part of table ``name`` through ``transform`` (before
        :meth:`commit`); a part that comes back unchanged is not written again."""
        table = TABLES[name]
        if "parquet" in self.formats:
            for part in sorted((self.stage / f"{name}.parquet").glob("part-*.parquet")):
                frame = pd.read_parquet(part)
                changed = conform(transform(frame), table)
                if not changed.equals(frame):
                    changed.to_parquet(part, index=False, engine="pyarrow")
        if "csv" in self.formats and (self.stage / f"{name}.csv").exists():
            source = self.stage / f"{name}.csv"
            target = self.stage / f"{name}.csv.tmp"
            first = True
            chunks = pd.read_csv(source, chunksize=50_000, dtype=str, keep_default_na=False)
            for chunk in chunks:
                chunk = chunk.replace("", None)
                transform(conform(chunk, table)).to_csv(target, mode="a", header=first, index=False)
                first = False
            if first:  # a table with no rows: the header alone
                shutil.copyfile(source, target)
            os.replace(target, source)

    def commit(self, manifest: Mapping[str, object] | None = None) -> list[Path]:
        """Publish every staged table, write ``manifest.json`` and remove older runs.

        Returns:
            The published paths.
        """
        published: list[Path] = []
        for name in self.counts:
            if "parquet" in self.formats:
                published.append(self._publish_link(name))
            else:
                _remove(self.out / f"{name}.parquet")
            if "csv" in self.formats:
                final = self.out / f"{name}.csv"
                os.replace(self.stage / f"{name}.csv", final)
                published.append(final)
            else:
                _remove(self.out / f"{name}.csv")
        if manifest is not None:
            atomic_write_text(
                self.out / "manifest.json", json.dumps(manifest, indent=2, default=str)
            )
        self._remove_unused_runs()
        return published

    def abort(self) -> None:
        """Drop the staged tables; the published ones stay as they were."""
        shutil.rmtree(self.stage, ignore_errors=True)

    def _publish_link(self, name: str) -> Path:
        final = self.out / f"{name}.parquet"
        if final.is_dir() and not final.is_symlink():  # a folder written by other means
            os.rename(final, self.out / RUNS_DIR / f"replaced-{uuid.uuid4().hex}")
        link = self.out / f".{name}.parquet.{uuid.uuid4().hex}.tmp"
        os.symlink(Path(RUNS_DIR) / self.run_id / f"{name}.parquet", link)
        try:
            os.replace(link, final)
        finally:
            if link.is_symlink():
                link.unlink()
        return final

    def _remove_unused_runs(self) -> None:
        used = {self.run_id, *_linked_runs(self.out)}
        for run in (self.out / RUNS_DIR).iterdir():
            if run.name not in used:
                shutil.rmtree(run, ignore_errors=True)


def _linked_runs(out: Path) -> Iterator[str]:
    for entry in out.iterdir():
        if entry.is_symlink():
            target = Path(os.readlink(entry))
            if target.parts[:1] == (RUNS_DIR,) and len(target.parts) > 1:
                yield target.parts[1]


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
