"""Two `claimscope extract` processes on one output folder: one complete run, every time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from claimscope.run import store
from claimscope.run.pipeline import extract_corpus
from claimscope.tables.schema import TABLES

pytestmark = pytest.mark.model

FIRST_NAMES = ("Mara", "Tobias", "Ilse", "Rafael", "Noor", "Esko", "Lucia", "Oren", "Vida", "Jonas")
SURNAMES = ("Lind", "Okafor", "Brandt", "Castillo", "Haddad", "Virtanen", "Moreau", "Adler")
PLANS = ("the ferry would run again in June", "the library would open on Sundays",
         "the tram line was nearly finished", "the budget left no room for new parks")  # fmt: skip

#: Runs the command line, with a pause before the publish so that the runs overlap there.
SCRIPT = """\
import sys, time
from claimscope.run import store
commit = store.TableRun.commit
def slow_commit(self, *args, **kwargs):
    time.sleep(1.0)
    return commit(self, *args, **kwargs)
store.TableRun.commit = slow_commit
from claimscope.cli import main
sys.exit(main(sys.argv[1:]))
"""


def invented_articles(path: Path, prefix: str, n: int = 20) -> Path:
    """``n`` short articles, each with one attributed statement, as JSON lines."""
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            name = f"{FIRST_NAMES[i % 10]} {SURNAMES[(i + len(prefix)) % 8]}"
            text = (
                f'"We are ready," {name} said on Monday. {name} said that '
                f"{PLANS[i % 4]}. The council will meet again next week."
            )
            line = {"id": f"{prefix}{i:02d}", "title": f"Note {i}", "text": text}
            handle.write(json.dumps(line) + "\n")
    return path


def assert_one_complete_run(out: Path, references: dict[str, Path]) -> str:
    """The tables in ``out`` are exactly those of one reference run; returns which."""
    manifest = json.loads((out / "manifest.json").read_text())
    (which,) = [name for name, ref in references.items() if manifest["inputs"] == [str(ref)]]
    expected = store.read_tables(references[which].with_suffix(".tables"))
    found = store.read_tables(out)
    for name in TABLES:
        pd.testing.assert_frame_equal(found[name], expected[name])
        assert manifest["counts"][name] == len(found[name])
    return which


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[str, Path]:
    """Two corpora of 20 articles, with the tables a lone run makes of each."""
    folder = tmp_path_factory.mktemp("concurrent")
    corpora = {}
    for prefix in ("a", "b"):
        path = invented_articles(folder / f"{prefix}.jsonl", prefix)
        extract_corpus([path], path.with_suffix(".tables"), progress=False, cache=False)
        corpora[prefix] = path
    return corpora


def start(inputs: Path, out: Path, *options: str) -> subprocess.Popen:
    command = [sys.executable, "-c", SCRIPT, "extract", str(inputs), "--out", str(out), "-q"]
    return subprocess.Popen(
        [*command, *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )  # fmt: skip


@pytest.mark.parametrize("trial", range(5))
def test_two_runs_at_once_leave_one_complete_run(corpora, tmp_path_factory, trial):
    """Started together on the same folder: without --wait the second is refused at once with
    one line and status 2, with --wait it runs after the first; the tables read back are one
    whole run either way (trials 3 and 4 wait)."""
    out = tmp_path_factory.getbasetemp() / "shared-out"  # the same folder in every trial
    wait = ("--wait",) if trial >= 3 else ()
    runs = {name: start(path, out, *wait) for name, path in corpora.items()}
    done = {name: (run.wait(timeout=300), *run.communicate()) for name, run in runs.items()}
    codes = sorted(code for code, _, _ in done.values())
    if wait:
        assert codes == [0, 0], done
    else:
        assert codes == [0, 2], done
        (refused,) = [err for code, _, err in done.values() if code == 2]
        assert "in use by another claimscope run" in refused
        assert len(refused.strip().splitlines()) == 1 and "Traceback" not in refused
    which = assert_one_complete_run(out, corpora)
    if not wait:
        assert done[which][0] == 0
    assert len(list((out / ".tables").iterdir())) == 1
