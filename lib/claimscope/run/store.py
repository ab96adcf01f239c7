"""Reading and writing the tables: one lock per output folder, one atomic publish per run.

Two layouts are read, and both are written:

- *published runs* (what ``claimscope extract`` writes, through :class:`TableRun`)::

      OUT/.lock                      held by the run writing OUT (see :class:`OutputLock`)
      OUT/.tables/RUN/               one folder per run, staged and then published whole:
          NAME.parquet/part-NNNNNN.parquet   a table's part files, written chunk by chunk
          NAME.csv                           with ``--format csv`` or ``both``
          manifest.json                      what the run produced
      OUT/current -> .tables/RUN     the published run: the one pointer that changes
      OUT/NAME.parquet -> current/NAME.parquet    links that never change once made
      OUT/NAME.csv -> current/NAME.csv
      OUT/manifest.json -> current/manifest.json

  pandas (``pd.read_parquet("OUT/quotes.parquet")``), pyarrow and DuckDB
  (``read_parquet('OUT/quotes.parquet/*.parquet')``) read through the links as if they were the
  folders themselves.
- *single file*: ``OUT/NAME.parquet`` or ``OUT/NAME.csv`` (:func:`write_tables`).

Publishing is one :func:`os.replace` of ``OUT/current``: before it a reader sees the previous
run, after it the new one, whole, never a mix; a run that fails or is interrupted at any moment
(Ctrl-C, a full disk, ``kill -9``) leaves the previous run readable. :func:`read_tables` follows
``current`` once, so the tables it returns come from one run even while another is published.
Older runs are removed only after the new one is published, never the one ``current`` names,
and never a staged folder whose run is still alive (each run holds a lock on its own folder's
``.owner`` file). A folder written by earlier versions (one link or file per table) is adopted
as the previous run before the first publish, so it stays readable until then.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from claimscope.run.lock import OutputBusyError, OutputLock, hold, pin
from claimscope.tables.schema import TABLES, conform, empty

__all__ = [
    "OutputBusyError",
    "OutputLock",
    "TableRun",
    "atomic_write_text",
    "published_run",
    "read_manifest",
    "read_table",
    "read_tables",
    "table_exists",
    "write_tables",
]

logger = logging.getLogger(__name__)

FORMATS = ("parquet", "csv")

#: Folder inside the output folder that holds the runs' tables.
RUNS_DIR = ".tables"
#: The link inside the output folder that names the published run.
POINTER = "current"
#: The file inside a run folder that its live run holds a lock on.
OWNER_FILE = ".owner"
MANIFEST = "manifest.json"


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
    """Write each table, cast to its schema, to ``out_dir/NAME.FORMAT`` (the single-file layout).

    Every file is written before any is replaced, so a failed write changes nothing; the
    replacements themselves are one per file (use :class:`TableRun` for one atomic publish).

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
        atomic_write_text(out / MANIFEST, json.dumps(manifest, indent=2, default=str))
    return written


def table_exists(data_dir: str | os.PathLike, name: str) -> bool:
    """Whether ``data_dir`` holds table ``name`` in any layout or format."""
    base = Path(data_dir)
    return (base / f"{name}.parquet").exists() or (base / f"{name}.csv").exists()


def published_run(data_dir: str | os.PathLike) -> Path | None:
    """The run folder ``data_dir/current`` names, resolved now (None without one)."""
    pointer = Path(data_dir) / POINTER
    if not pointer.is_symlink():
        return None
    return Path(os.path.realpath(pointer))


def _through(base: Path, run: Path | None, filename: str) -> Path:
    """Where ``base/filename`` leads, with ``current`` resolved to ``run`` (read once)."""
    entry = base / filename
    if run is not None and entry.is_symlink() and os.readlink(entry) == f"{POINTER}/{filename}":
        return run / filename
    return entry


def _parquet_parts(path: Path) -> list[Path]:
    return sorted(p for p in path.glob("*.parquet") if not p.name.startswith((".", "_")))


def _read(base: Path, run: Path | None, name: str) -> pd.DataFrame:
    table = TABLES[name]
    parquet = _through(base, run, f"{name}.parquet")
    csv = _through(base, run, f"{name}.csv")
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


@contextmanager
def _pinned(base: Path) -> Iterator[Path | None]:
    """The published run of ``base``, kept from removal while the block runs (see
    :func:`claimscope.run.lock.pin`; a run folder without an ``.owner`` file is read as it is)."""
    deadline = time.monotonic() + _PIN_SECONDS
    run = published_run(base)
    fd = None
    while run is not None and (run / OWNER_FILE).exists():
        fd = pin(run / OWNER_FILE)
        if fd is not None or time.monotonic() > deadline:
            break
        time.sleep(0.01)  # a clean-up is removing it, or its run is finishing: look again
        run = published_run(base)
    try:
        yield run
    finally:
        if fd is not None:
            os.close(fd)


#: How long a reader looks for a published run it can hold before reading without holding one.
_PIN_SECONDS = 5.0


def read_table(data_dir: str | os.PathLike, name: str) -> pd.DataFrame:
    """Read one table from ``data_dir`` (Parquet preferred, CSV otherwise), cast to its schema.

    ``NAME.parquet`` may be one file or a folder of part files (read in name order, as one
    frame). A table that was never written reads as an empty frame with the declared columns.
    """
    base = Path(data_dir)
    with _pinned(base) as run:
        return _read(base, run, name)


def read_tables(data_dir: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """Read every declared table from ``data_dir``, all from the same published run (which no
    clean-up removes while it is being read)."""
    base = Path(data_dir)
    with _pinned(base) as run:
        return {name: _read(base, run, name) for name in TABLES}


def read_manifest(data_dir: str | os.PathLike) -> dict | None:
    """The published run's ``manifest.json`` (None without one)."""
    path = Path(data_dir) / MANIFEST
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


class TableRun:
    """The tables of one run, written chunk by chunk and published all at once.

    Args:
        out_dir: The output folder.
        formats: ``parquet`` (partitioned) and/or ``csv`` (one file per table).
        lock: The output folder's lock, already held by the caller (who releases it); without
            one the run takes it itself (not waiting) and lets it go after :meth:`commit` or
            :meth:`abort`.

    Use :meth:`write` for every chunk, then :meth:`commit`; :meth:`abort` (or an interrupted
    process) leaves the published tables as they were.

    Raises:
        OutputBusyError: ``lock`` is not given and another run holds the folder.
    """

    def __init__(
        self,
        out_dir: str | os.PathLike,
        *,
        formats: Iterable[str] = ("parquet",),
        lock: OutputLock | None = None,
    ):
        self.out = Path(out_dir)
        self.formats = tuple(formats)
        for fmt in self.formats:
            if fmt not in FORMATS:
                raise ValueError(f"unknown table format {fmt!r}; choose one of {FORMATS}")
        self._own_lock = lock is None
        self.lock = lock if lock is not None else OutputLock(self.out).acquire()
        self.run_id = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
        self.stage = self.out / RUNS_DIR / self.run_id
        self.counts: dict[str, int] = {}
        self._parts: dict[str, int] = {}
        self._owner: int | None = None
        self.published = False
        try:
            self.stage.mkdir(parents=True)
            self._owner = hold(self.stage / OWNER_FILE)
        except BaseException:
            self._let_go()
            shutil.rmtree(self.stage, ignore_errors=True)
            raise

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
        """Publish the run (every declared table, empty if never written), then remove the
        runs no longer published.

        Returns:
            The published table paths (``OUT/NAME.FORMAT``).
        """
        for name, table in TABLES.items():
            if name not in self.counts:
                self.write(name, empty(table))
        files = [f"{name}.{fmt}" for name in TABLES for fmt in self.formats]
        if manifest is not None:
            text = json.dumps(manifest, indent=2, default=str)
            atomic_write_text(self.stage / MANIFEST, text)
            files.append(MANIFEST)
        _sync(self.stage)
        self._adopt_unlinked(files)
        for filename in files:
            self._link(filename)
        _point(self.out, f"{RUNS_DIR}/{self.run_id}")
        self.published = True
        _sync(self.out)
        self._release_owner()  # readers may hold the run now; it is in use, so it stays
        try:
            self._tidy()
            self._remove_unused_runs()
        except OSError as error:  # the run is published; what is left is removed next time
            logger.warning("%s: older runs not removed yet (%s)", self.out, error)
        finally:
            self._let_go()
        return [self.out / f for f in files if f != MANIFEST]

    def abort(self) -> None:
        """Drop the staged tables; the published ones stay as they were."""
        if not self.published and published_run(self.out) != self.stage.resolve():
            shutil.rmtree(self.stage, ignore_errors=True)
        self._let_go()

    def _release_owner(self) -> None:
        if self._owner is not None:
            os.close(self._owner)
            self._owner = None

    def _let_go(self) -> None:
        self._release_owner()
        if self._own_lock:
            self.lock.release()

    def _link(self, filename: str) -> None:
        """Make ``OUT/filename`` the link ``current/filename`` (a no-op once it is)."""
        entry, target = self.out / filename, f"{POINTER}/{filename}"
        if entry.is_symlink() and os.readlink(entry) == target:
            return
        _replace_with_link(entry, target)

    def _adopt_unlinked(self, files: list[str]) -> None:
        """Keep what readers see now through the switch to links.

        A table or manifest that is not yet a link through ``current`` (a folder written by an
        earlier version, a file written with :func:`write_tables`) would change for readers
        the moment its link is made, before the publish. Instead, a run folder is made of what
        readers see now (hard links, or links to the older run folders), ``current`` is pointed
        at it, and only then are the links made.
        """
        names = {f"{n}.{fmt}" for n in TABLES for fmt in FORMATS} | {MANIFEST, *files}
        foreign = [
            n
            for n in sorted(names)
            if (self.out / n).is_symlink() or (self.out / n).exists()
            if not ((self.out / n).is_symlink() and os.readlink(self.out / n) == f"{POINTER}/{n}")
        ]
        if not foreign:
            return
        seen = published_run(self.out)
        adopted = self.out / RUNS_DIR / f"adopted-{uuid.uuid4().hex[:8]}"
        adopted.mkdir()
        (adopted / OWNER_FILE).touch()
        for name in sorted(names):
            entry = self.out / name
            if name in foreign:
                _keep(entry, adopted / name)
            elif seen is not None and (seen / name).exists():
                os.symlink(os.path.relpath(seen / name, adopted), adopted / name)
        _sync(adopted)
        _point(self.out, f"{RUNS_DIR}/{adopted.name}")
        for name in foreign:
            _replace_with_link(self.out / name, f"{POINTER}/{name}")

    def _tidy(self) -> None:
        """Remove links that lead nowhere now (formats this run did not write) and temporary
        links left by interrupted publishes."""
        for entry in self.out.iterdir():
            if not entry.is_symlink():
                continue
            target = os.readlink(entry)
            stale = entry.name.startswith(".") and entry.name.endswith(".tmp")
            dangling = target.startswith(f"{POINTER}/") and not entry.exists()
            if stale or dangling:
                entry.unlink(missing_ok=True)

    def _remove_unused_runs(self) -> None:
        """Remove the run folders nothing uses: not the published one or one it leads into, not
        one whose run is alive, not one a reader is reading (both hold its ``.owner``)."""
        runs = self.out / RUNS_DIR
        used = _runs_in_use(self.out)
        for run in runs.iterdir():
            if run.name in used or not run.is_dir():
                continue
            try:
                fd = hold(run / OWNER_FILE) if (run / OWNER_FILE).exists() else None
            except OSError:  # held by a live run or a reader, or unreadable: leave it
                continue
            try:
                trash = runs / f".removed-{uuid.uuid4().hex[:8]}"
                os.rename(run, trash)  # out of readers' way at once, then removed
                shutil.rmtree(trash, ignore_errors=True)
            finally:
                if fd is not None:
                    os.close(fd)


def _runs_in_use(out: Path) -> set[str]:
    """The run folders that the published run, or a link in ``out`` or in that run, leads into."""
    runs = (out / RUNS_DIR).resolve()
    current = published_run(out)
    places = [out]
    used: set[str] = set()
    if current is not None:
        used.add(current.name)
        if current.is_dir():
            places.append(current)
    for place in places:
        for entry in place.iterdir():
            if entry.is_symlink():
                target = Path(os.path.realpath(entry))
                if target.is_relative_to(runs) and target != runs:
                    used.add(target.relative_to(runs).parts[0])
    return used


def _keep(entry: Path, copy: Path) -> None:
    """Give ``copy`` what readers of ``entry`` see, cheaply (hard links, relative links)."""
    if entry.is_symlink():
        target = os.readlink(entry)
        if not os.path.isabs(target):
            target = os.path.relpath(entry.parent / target, copy.parent)
        os.symlink(target, copy)
    elif entry.is_dir():
        shutil.copytree(entry, copy, copy_function=_link_or_copy)
    else:
        _link_or_copy(entry, copy)


def _link_or_copy(source: str | os.PathLike, target: str | os.PathLike) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or no hard links there
        shutil.copy2(source, target)


def _replace_with_link(entry: Path, target: str) -> None:
    """Make ``entry`` a symbolic link to ``target`` in one step (a folder is moved aside
    first, as :func:`os.replace` cannot put a link over a folder)."""
    if entry.is_dir() and not entry.is_symlink():
        aside = entry.parent / RUNS_DIR / f"replaced-{uuid.uuid4().hex[:8]}"
        os.rename(entry, aside)
    link = entry.parent / f".{entry.name}.{uuid.uuid4().hex[:8]}.tmp"
    os.symlink(target, link)
    try:
        os.replace(link, entry)
    finally:
        if link.is_symlink():
            link.unlink()


def _point(out: Path, run: str) -> None:
    """Publish: make ``out/current`` name ``run``, in one :func:`os.replace`."""
    pointer = out / POINTER
    if pointer.exists() and not pointer.is_symlink():
        raise FileExistsError(
            f"{pointer} is not the link claimscope publishes runs through; move it away"
        )
    _replace_with_link(pointer, run)


def _sync(folder: Path) -> None:
    """Ask the system to write ``folder``'s entries to disk (best effort: the names, not the
    files' contents)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems cannot sync a folder
        pass
    finally:
        os.close(fd)
