"""Publishing a run's tables: one atomic step, whatever fails or is interrupted, and whoever else
writes to the folder. No model needed: the tables are made up from the schema."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil

import pandas as pd
import pytest

from claimscope.run import store
from claimscope.tables.schema import TABLES, conform, empty

#: The system calls a publish makes to rename or link; each is a step it can be stopped at.
STEPS = ("replace", "rename", "symlink", "link")


def made_up_tables(tag: str, n: int) -> dict[str, pd.DataFrame]:
    """A complete set of tables for ``n`` articles ``TAG0`` ...: every column of every table
    filled by its type, every article's rows naming it."""
    values = {"string": lambda c, i: f"{tag}-{c}-{i}", "int": lambda c, i: i,
              "float": lambda c, i: 0.5, "bool": lambda c, i: i % 2 == 0}  # fmt: skip
    tables = {}
    for name, table in TABLES.items():
        rows = []
        for i in range(n):
            row = {c.name: values[c.dtype](c.name, i) for c in table.columns}
            if "article_id" in row:
                row["article_id"] = f"{tag}{i}"
            rows.append(row)
        tables[name] = pd.DataFrame(rows)
    return tables


def no_tables() -> dict[str, pd.DataFrame]:
    return {name: empty(table) for name, table in TABLES.items()}


def publish(out, tables, formats=("parquet",), manifest=None):
    run = store.TableRun(out, formats=formats)
    for name, frame in tables.items():
        run.write(name, frame)
    return run


def conformed(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {name: conform(tables[name], table) for name, table in TABLES.items()}


def which_run(out, previous, new) -> str:
    """ "previous" or "new": the complete run ``out`` reads as (fails on anything else)."""
    found = store.read_tables(out)
    for label, expected in (("new", new), ("previous", previous)):
        if all(found[name].equals(expected[name]) for name in TABLES):
            return label
    pytest.fail(f"neither run, but { ({name: len(frame) for name, frame in found.items()}) }")


def old_layout(out, tables):
    """A folder as earlier versions left it: one link per table into the run's folder."""
    run = out / ".tables" / "20240101T000000-0000aaaa"
    for name, frame in tables.items():
        (run / f"{name}.parquet").mkdir(parents=True)
        conform(frame, TABLES[name]).to_parquet(run / f"{name}.parquet" / "part-000000.parquet")
        os.symlink(f".tables/{run.name}/{name}.parquet", out / f"{name}.parquet")
    (out / "manifest.json").write_text(json.dumps({"run": "old"}))


PREVIOUS = conformed(made_up_tables("p", 3))
NEW = conformed(made_up_tables("n", 4))

#: What the folder holds before the run is published: its tables, and how it is set up.
SCENARIOS = {
    "empty folder": (conformed(no_tables()), lambda out: None),
    "a published run": (PREVIOUS, lambda out: publish(out, PREVIOUS).commit({"run": "p"})),
    "a published run in both formats": (
        PREVIOUS,
        lambda out: publish(out, PREVIOUS, ("parquet", "csv")).commit({"run": "p"}),
    ),
    "one link per table (earlier versions)": (PREVIOUS, lambda out: old_layout(out, PREVIOUS)),
    "single files (write_tables)": (PREVIOUS, lambda out: store.write_tables(PREVIOUS, out)),
}


class Stop(Exception):
    """Raised in place of the k-th rename or link."""


class DiskFull(OSError):
    def __init__(self) -> None:
        super().__init__(errno.ENOSPC, "No space left on device")


ERRORS = {"ctrl-c": KeyboardInterrupt, "kill": Stop, "disk full": DiskFull}


def count_steps(monkeypatch, out, prepare) -> int:
    out.mkdir()
    prepare(out)
    run = publish(out, NEW)
    calls = []
    for step in STEPS:
        real = getattr(os, step)
        monkeypatch.setattr(os, step, lambda *a, _real=real, **k: calls.append(1) or _real(*a, **k))
    run.commit({"run": "n"})
    monkeypatch.undo()
    return len(calls)


def stopping_at(monkeypatch, k: int, error: type[BaseException]) -> None:
    """Make the ``k``-th rename or link from now raise ``error``."""
    calls = []
    for step in STEPS:
        real = getattr(os, step)

        def stop(*args, _real=real, **kwargs):
            calls.append(1)
            if len(calls) == k + 1:
                raise error()
            return _real(*args, **kwargs)

        monkeypatch.setattr(os, step, stop)


#: Each way a folder can be before the publish, with each way of stopping it: Ctrl-C or a full
#: disk (the run then cleans up) and a kill (nothing runs after the stop; the harder case, so
#: the slower set-ups are stopped that way only).
CASES = [
    ("empty folder", "ctrl-c"),
    ("empty folder", "kill"),
    ("a published run", "ctrl-c"),
    ("a published run", "kill"),
    ("a published run", "disk full"),
    ("a published run in both formats", "kill"),
    ("one link per table (earlier versions)", "kill"),
    ("single files (write_tables)", "kill"),
]


@pytest.mark.parametrize(("scenario", "interruption"), CASES)
def test_an_interrupted_publish_leaves_one_complete_run(
    tmp_path, monkeypatch, scenario, interruption
):
    """Stopped at every rename and link of the publish, the folder reads as the previous run
    or the new one, complete; and the next run publishes cleanly and leaves only its own run
    folder (checked after every third stop and the last)."""
    previous, prepare = SCENARIOS[scenario]
    n_steps = count_steps(monkeypatch, tmp_path / "count", prepare)
    assert n_steps >= 2
    template = tmp_path / "template"
    template.mkdir()
    prepare(template)
    seen = []
    for k in range(n_steps):
        out = tmp_path / f"step-{k}"
        shutil.copytree(template, out, symlinks=True)
        run = publish(out, NEW)
        stopping_at(monkeypatch, k, ERRORS[interruption])
        try:
            run.commit({"run": "n"})
        except ERRORS[interruption]:
            pass
        else:  # a system error after the publish only delays removing the older run
            assert interruption == "disk full" and run.published
        monkeypatch.undo()
        if interruption != "kill":
            run.abort()
        else:  # the process is gone: nothing runs, and the system drops its locks
            getattr(run, "_let_go", lambda: None)()
        seen.append(which_run(out, previous, NEW))
        if k % 3 == 0 or k == n_steps - 1:  # what is left does not stop the next run
            later = publish(out, NEW)
            later.commit({"run": "n"})
            assert which_run(out, previous, NEW) == "new"
            assert [p.name for p in (out / ".tables").iterdir()] == [later.run_id]
            assert json.loads((out / "manifest.json").read_text()) == {"run": "n"}
        shutil.rmtree(out)
    assert "previous" in seen  # the stops came before the publish too, not only after it


def test_readers_through_the_links_see_the_published_run(tmp_path):
    publish(tmp_path, PREVIOUS, ("parquet", "csv")).commit({"run": "p"})
    run = publish(tmp_path, NEW)
    assert len(pd.read_parquet(tmp_path / "articles.parquet")) == 3  # staged, not published
    run.commit({"run": "n"})
    assert len(pd.read_parquet(tmp_path / "articles.parquet")) == 4
    assert pd.read_parquet(tmp_path / "quotes.parquet").article_id.tolist() == [
        f"n{i}" for i in range(4)
    ]
    # the CSV files of the previous run are gone with it: no table reads from another run
    assert not (tmp_path / "quotes.csv").exists()
    assert (tmp_path / "current").resolve() == (tmp_path / ".tables" / run.run_id).resolve()


def test_a_reader_keeps_reading_the_run_it_started_with(tmp_path, monkeypatch):
    """read_tables follows `current` once, and holds that run: a publish between two tables
    neither mixes runs nor removes the run being read."""
    publish(tmp_path, PREVIOUS).commit()
    real = pd.read_parquet
    published = []

    def read_then_publish(path, *args, **kwargs):
        if "quotes.parquet" in str(path) and not published:
            published.append(publish(tmp_path, NEW))
            published[0].commit()
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pd, "read_parquet", read_then_publish)
    tables = store.read_tables(tmp_path)
    monkeypatch.undo()
    assert published
    assert all(tables[name].equals(PREVIOUS[name]) for name in TABLES)
    assert which_run(tmp_path, PREVIOUS, NEW) == "new"
    publish(tmp_path, NEW).commit()  # the run read before is removed once no one reads it
    assert len(list((tmp_path / ".tables").iterdir())) == 1


def hold_owner_lock(folder):
    """What a live run on another machine or process holds on its staged folder."""
    (folder).mkdir(parents=True)
    handle = open(folder / ".owner", "w")  # noqa: SIM115 - held until the test ends
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def test_clean_up_leaves_a_live_run_s_folder_alone(tmp_path):
    publish(tmp_path, PREVIOUS).commit()
    live = tmp_path / ".tables" / "20990101T000000-live0000"
    handle = hold_owner_lock(live)
    (live / "quotes.parquet").mkdir()
    dead = tmp_path / ".tables" / "20990101T000000-dead0000"
    (dead / "quotes.parquet").mkdir(parents=True)  # a killed run's leftovers
    run = publish(tmp_path, NEW)
    run.commit()
    assert live.is_dir() and not dead.exists()
    handle.close()
    publish(tmp_path, NEW).commit()
    assert not live.exists()


def test_a_second_writer_is_refused_while_the_first_holds_the_folder(tmp_path):
    first = publish(tmp_path, NEW)
    with pytest.raises(store.OutputBusyError, match=f"process {os.getpid()}"):
        store.TableRun(tmp_path)
    first.commit()
    store.TableRun(tmp_path).abort()  # free again once the first has published
    with store.OutputLock(tmp_path), pytest.raises(store.OutputBusyError, match="--wait"):
        store.OutputLock(tmp_path).acquire()
    store.OutputLock(tmp_path).acquire().release()


def test_abort_keeps_a_run_that_was_published(tmp_path):
    run = publish(tmp_path, NEW)
    run.commit()
    run.abort()
    assert which_run(tmp_path, conformed(no_tables()), NEW) == "new"


def test_a_failed_write_leaves_the_previous_run(tmp_path, monkeypatch):
    """A full disk while the tables are staged (a guard: this held before the publish was one
    step, and must go on holding)."""
    publish(tmp_path, PREVIOUS).commit({"run": "p"})

    def full(self, *args, **kwargs):
        raise OSError(28, "No space left on device", str(args[0]))

    run = store.TableRun(tmp_path)
    run.write("articles", NEW["articles"])
    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    with pytest.raises(OSError, match="No space"):
        run.write("quotes", NEW["quotes"])
    run.abort()
    monkeypatch.undo()
    assert which_run(tmp_path, PREVIOUS, NEW) == "previous"
    assert len(list((tmp_path / ".tables").iterdir())) == 1  # the failed run's folder is gone
