"""Scale: the incremental cache, kill-and-resume, worker processes and the partitioned layout."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import claimscope
from claimscope.cli import main
from claimscope.run import engines, store
from claimscope.run.cache import pipeline_fingerprint
from claimscope.run.pipeline import extract_corpus
from claimscope.tables.schema import TABLES
from conftest import ROOT, SHARED

pytestmark = pytest.mark.model

WIKINEWS = SHARED / "corpus" / "wikinews" / "wikinews_2019.csv"


def write_corpus(path: Path, n: int, *, edit: dict[int, str] | None = None) -> Path:
    """The ``n`` shortest 2019 Wikinews articles as a CSV with ids; ``edit`` appends text."""
    if not WIKINEWS.is_file():
        pytest.skip(f"Wikinews corpus not found at {WIKINEWS}")
    csv.field_size_limit(10**8)
    with WIKINEWS.open(encoding="utf-8", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: (len(row["text"]), row["url"]))[:n]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "title", "date", "url", "text"])
        writer.writeheader()
        for i, row in enumerate(rows):
            text = row["text"] + (edit or {}).get(i, "")
            writer.writerow({"id": f"w{i:03d}", "title": row["title"], "date": row["date"],
                             "url": row["url"], "text": text})  # fmt: skip
    return path


def assert_same_tables(a: Path, b: Path) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(store.read_table(a, name), store.read_table(b, name))


def run(inputs, out, **options):
    return extract_corpus([inputs] if isinstance(inputs, Path) else inputs, out,
                          progress=False, **options)  # fmt: skip


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "wikinews.csv", 12)


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> Path:
    """An uncached run in one process: the tables every other run must reproduce."""
    out = tmp_path_factory.mktemp("reference")
    summary = run(corpus, out, cache=False)
    assert summary.n_parsed == 12 and summary.n_cached == 0
    assert not (out / ".cache").exists()
    return out


def test_rerun_of_an_unchanged_corpus_parses_nothing(corpus, reference, tmp_path):
    first = run(corpus, tmp_path, chunk_size=5)
    assert (first.n_parsed, first.n_cached) == (12, 0)
    again = run(corpus, tmp_path, chunk_size=5)
    assert (again.n_parsed, again.n_cached) == (0, 12)
    assert again.n_quotes == first.n_quotes > 0
    assert_same_tables(tmp_path, reference)


def test_a_changed_article_is_parsed_again(corpus, tmp_path):
    out = tmp_path / "out"
    run(corpus, out)
    changed = write_corpus(
        tmp_path / "changed.csv", 12, edit={3: ' "We will win," Anna Berg said.'}
    )
    summary = run(changed, out)
    assert (summary.n_parsed, summary.n_cached) == (1, 11)
    quotes = store.read_table(out, "quotes")
    assert "Anna Berg" in quotes.loc[quotes.article_id == "w003", "speaker_mention"].tolist()
    fresh = tmp_path / "fresh"
    run(changed, fresh, cache=False)
    assert_same_tables(out, fresh)


def test_a_new_pipeline_version_invalidates_the_cache(corpus, tmp_path, monkeypatch):
    run(corpus, tmp_path)
    old = list((tmp_path / ".cache").iterdir())
    monkeypatch.setattr(claimscope, "__version__", claimscope.__version__ + ".post1")
    summary = run(corpus, tmp_path)
    assert (summary.n_parsed, summary.n_cached) == (12, 0)
    assert [p.name for p in (tmp_path / ".cache").iterdir()] != [p.name for p in old]
    assert len(list((tmp_path / ".cache").iterdir())) == 1  # the stale cache was removed


def test_fingerprint_follows_rules_and_extractor_code_only(tmp_path):
    package = tmp_path / "claimscope"
    import shutil

    shutil.copytree(Path(claimscope.__file__).parent, package)
    base = pipeline_fingerprint("m", "1", package_dir=package)
    assert pipeline_fingerprint("m", "1", package_dir=package) == base
    assert pipeline_fingerprint("m", "2", package_dir=package) != base
    (package / "report.py").write_text("# reports do not change the rows\n")
    assert pipeline_fingerprint("m", "1", package_dir=package) == base
    with (package / "rules" / "cues.tsv").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    after_rules = pipeline_fingerprint("m", "1", package_dir=package)
    assert after_rules != base
    (package / "extract" / "quotes.py").write_text("# another extractor\n")
    assert pipeline_fingerprint("m", "1", package_dir=package) != after_rules


def test_two_workers_give_the_same_tables_as_one(corpus, reference, tmp_path):
    summary = run(corpus, tmp_path, workers=2, batch_size=2, chunk_size=5, cache=False)
    assert summary.n_parsed == 12
    assert_same_tables(tmp_path, reference)


def test_a_worker_renews_its_pipeline_when_its_vocabulary_has_grown(
    corpus, reference, tmp_path, monkeypatch
):
    loads = []
    load_model = engines.load_model
    monkeypatch.setattr(
        engines, "load_model", lambda name, **kw: loads.append(name) or load_model(name, **kw)
    )
    monkeypatch.setattr(engines, "MAX_NEW_STRINGS", 50)
    monkeypatch.setattr(engines, "_WORKERS", {})
    summary = run(corpus, tmp_path, batch_size=3, cache=False)
    assert summary.n_parsed == 12
    assert len(loads) == 5  # the first load, then a new one after each of the 4 batches
    assert_same_tables(tmp_path, reference)


def test_partitioned_layout_is_read_as_one_table(corpus, reference, tmp_path):
    run(corpus, tmp_path, chunk_size=5, formats=("parquet", "csv"))
    folder = tmp_path / "articles.parquet"
    assert folder.is_dir()
    assert len(list(folder.glob("part-*.parquet"))) == 3  # 5 + 5 + 2 articles
    articles = store.read_table(tmp_path, "articles")
    assert articles.article_id.tolist() == [f"w{i:03d}" for i in range(12)]
    assert len(pd.read_parquet(folder)) == 12  # pandas reads the folder directly
    assert_same_tables(tmp_path, reference)
    csv_only = pd.read_csv(tmp_path / "quotes.csv")
    assert len(csv_only) == len(store.read_table(tmp_path, "quotes"))
    # the single-file layout still reads
    single = tmp_path / "single"
    store.write_tables(store.read_tables(tmp_path), single)
    assert (single / "quotes.parquet").is_file()
    assert_same_tables(single, reference)


def test_rejections_are_recorded_on_every_run(tmp_path, monkeypatch):
    from claimscope.tables import build as tables

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Anna Berg said that the bridge would reopen.")
    (folder / "b.txt").write_text("Tom Hill said that the plan was ready.")
    (folder / "empty.txt").write_text("  \n")
    real = tables.quotes

    def flaky(doc, **kwargs):
        if "Tom Hill" in doc.text:
            raise ValueError("boom")
        return real(doc, **kwargs)

    monkeypatch.setattr(tables, "quotes", flaky)
    out = tmp_path / "out"
    for parsed in (2, 0):
        summary = run(folder, out)
        assert summary.n_parsed == parsed
        assert sorted(r.code for r in summary.rejections) == ["empty", "extraction_failed"]
        assert sorted(store.read_table(out, "rejected").code) == ["empty", "extraction_failed"]


def test_scheduler_needs_the_dask_engine(tmp_path, capsys):
    code = main(["extract", str(ROOT / "data"), "--out", str(tmp_path), "--scheduler", "x:1"])
    assert code == 2
    assert "--engine dask" in capsys.readouterr().err


def test_killed_run_resumes_without_loss_or_duplicates(tmp_path):
    corpus = write_corpus(tmp_path / "corpus.csv", 12)
    uninterrupted = tmp_path / "uninterrupted"
    run(corpus, uninterrupted, cache=False)
    out = tmp_path / "out"
    run(write_corpus(tmp_path / "earlier.csv", 3), out, cache=False)  # an earlier, complete run
    before = store.read_tables(out)
    script = (
        "import sys\n"
        "from claimscope.run.pipeline import extract_corpus\n"
        "extract_corpus([sys.argv[1]], sys.argv[2], progress=False, chunk_size=2, batch_size=2)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script, str(corpus), str(out)])
    cache = out / ".cache"
    deadline = time.monotonic() + 120
    while len(list(cache.glob("*/chunk-*"))) < 2:
        assert process.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline, "no chunk was cached in time"
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    done = len(list(cache.glob("*/chunk-*")))
    assert done < 6, "the run finished before it was killed"
    for name, frame in store.read_tables(out).items():  # the earlier tables are intact
        pd.testing.assert_frame_equal(frame, before[name])
    summary = run(corpus, out, chunk_size=2, batch_size=2)
    assert summary.n_cached == 2 * done
    assert summary.n_parsed == 12 - 2 * done
    articles = store.read_table(out, "articles")
    assert articles.article_id.tolist() == [f"w{i:03d}" for i in range(12)]
    assert_same_tables(out, uninterrupted)
    assert len(list((out / ".tables").iterdir())) == 1  # the killed run's staging is gone
