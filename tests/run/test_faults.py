"""Faults a run meets: a damaged cache, an article spaCy or an extractor fails on, a missing
input, an output that cannot be written. Each ends in good tables or one clear line."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from test_concurrent import invented_articles

from claimscope.cli import main
from claimscope.nlp.model import resolve_model_name
from claimscope.run import engines, store
from claimscope.run.cache import ResultCache
from claimscope.run.pipeline import extract_corpus
from claimscope.tables.schema import TABLES
from conftest import SAMPLE

#: Articles per chunk in the cache tests: 20 articles make four chunks.
CHUNK = 5


def assert_same_tables(a: Path, b: Path) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(store.read_table(a, name), store.read_table(b, name))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return invented_articles(tmp_path_factory.mktemp("faults") / "notes.jsonl", "n")


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory) -> Path:
    """The tables of an uncached run: what every damaged-cache run must give."""
    out = tmp_path_factory.mktemp("clean")
    extract_corpus([corpus], out, progress=False, cache=False)
    return out


def second_chunk(out: Path) -> Path:
    return sorted((out / ".cache").glob("*/chunk-*"))[1]


def flip_bytes(chunk: Path) -> None:
    path = chunk / "quotes.parquet"
    data = bytearray(path.read_bytes())
    for i in range(len(data) // 3, len(data) // 3 + 8):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def truncate_index(chunk: Path) -> None:
    index = chunk / "index.json" if (chunk / "index.json").exists() else chunk / "keys.parquet"
    index.write_bytes(index.read_bytes()[: index.stat().st_size // 2])


def delete_a_file(chunk: Path) -> None:
    (chunk / "mentions.parquet").unlink()


def shift_an_offset(chunk: Path) -> None:
    """Rows that check out against their checksums but not against the text: a quote's start
    moved by one, stored again through the cache itself."""
    cache = ResultCache(chunk.parent.parent, chunk.parent.name)
    keys = [k for k, c in cache._index.items() if c == chunk.name]
    results = [cache.get(k) for k in keys]
    first = next(r for r in results if r.rows and r.rows.get("quotes"))
    first.rows["quotes"][0]["start"] += 1
    shutil.rmtree(chunk)
    cache.put(results)


DAMAGE = {
    "flipped bytes in a table file": (flip_bytes, {"damaged_entries": 1}, CHUNK),
    "a truncated index": (truncate_index, {"damaged_entries": 1}, CHUNK),
    "a deleted table file": (delete_a_file, {"damaged_entries": 1}, CHUNK),
    "an offset that is not the text": (shift_an_offset, {"recomputed_articles": 1}, 1),
}


@pytest.mark.model
@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_cache_gives_the_tables_of_a_clean_run(corpus, clean, tmp_path, damage):
    """Damage one chunk of the cache, run again: exit 0, the tables of an uncached run, only
    the damaged articles parsed again, and the damage counted in the manifest."""
    spoil, counted, parsed = DAMAGE[damage]
    extract_corpus([corpus], tmp_path, progress=False, chunk_size=CHUNK)
    spoil(second_chunk(tmp_path))
    assert main(["extract", str(corpus), "--out", str(tmp_path), "-q"]) == 0
    assert_same_tables(tmp_path, clean)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["parsed"] == parsed
    assert {k: manifest["cache"][k] for k in counted} == counted
    # the damage was repaired: the next run parses nothing and finds nothing wrong
    again = extract_corpus([corpus], tmp_path, progress=False)
    assert (again.n_parsed, again.n_recomputed, again.n_cache_damaged) == (0, 0, 0)
    assert_same_tables(tmp_path, clean)


def long_and_short(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a.txt").write_text("Anna Berg said that the bridge would reopen in May.\n")
    (folder / "long.txt").write_text("The river rose again. " * 40 + "\n")
    (folder / "b.txt").write_text("Tom Hill said that the plan was ready.\n")
    return folder


@pytest.fixture
def short_max_length(monkeypatch):
    """The pipeline's nlp.max_length, lowered so that an 880-character text is too long for
    spaCy (error E088), as a very long article is."""
    monkeypatch.setattr(engines.worker_model(resolve_model_name()), "max_length", 500)


def assert_parse_failure_reported(summary, tables):
    assert summary.n_articles == 3
    assert sorted(tables["articles"].article_id) == ["a", "b", "long"]
    (rejection,) = summary.rejections
    assert (rejection.article_id, rejection.code) == ("long", "parse_failed")
    assert rejection.source.endswith("long.txt") and "E088" in rejection.reason
    assert tables["rejected"][["article_id", "code"]].values.tolist() == [["long", "parse_failed"]]
    assert set(tables["quotes"].article_id) == {"a", "b"}  # the others were parsed as usual


@pytest.mark.model
def test_an_article_spacy_cannot_parse_is_rejected_and_the_run_goes_on(
    tmp_path, short_max_length, capsys
):
    folder = long_and_short(tmp_path / "in")
    summary = extract_corpus([folder], tmp_path / "out", progress=False)
    assert_parse_failure_reported(summary, store.read_tables(tmp_path / "out"))
    assert main(["extract", str(folder), "--out", str(tmp_path / "out"), "-q", "--strict"]) == 1
    assert "1 inputs rejected (1 parse_failed)" in capsys.readouterr().err


@pytest.mark.model
def test_failures_are_isolated_on_the_dask_engine_too(tmp_path, short_max_length, monkeypatch):
    distributed = pytest.importorskip("distributed")
    from claimscope.tables import build

    real = build.quotes

    def flaky(doc, **kwargs):
        if "Tom Hill" in doc.text:
            raise ValueError("an extractor broke")
        return real(doc, **kwargs)

    monkeypatch.setattr(build, "quotes", flaky)
    folder = long_and_short(tmp_path / "in")
    with distributed.LocalCluster(
        n_workers=1, processes=False, threads_per_worker=1, dashboard_address=None
    ) as cluster:  # workers in this process, so they see the patched pipeline
        summary = extract_corpus(
            [folder], tmp_path / "out", progress=False, engine="dask",
            scheduler=cluster.scheduler_address, cache=False,
        )  # fmt: skip
    codes = sorted((r.article_id, r.code) for r in summary.rejections)
    assert codes == [("b", "extraction_failed"), ("long", "parse_failed")]
    assert "an extractor broke" in next(r.reason for r in summary.rejections if r.article_id == "b")
    tables = store.read_tables(tmp_path / "out")
    assert sorted(tables["articles"].article_id) == ["a", "b", "long"]
    assert set(tables["quotes"].article_id) == {"a"}


def one_line(err: str, *fragments: str) -> None:
    """``err`` is one line holding every fragment, and no traceback."""
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, err


def test_a_missing_input_stops_the_run_before_anything_is_written(tmp_path, capsys):
    missing = tmp_path / "nowhere.txt"
    good = tmp_path / "good.txt"
    good.write_text("Anna Berg said that the bridge would reopen.\n")
    out = tmp_path / "out"
    assert main(["extract", str(good), str(missing), "--out", str(out), "-q"]) == 2
    one_line(capsys.readouterr().err, "input not found", str(missing))
    assert not out.exists()


def test_an_output_that_is_a_file_is_one_line(tmp_path, capsys):
    (tmp_path / "good.txt").write_text("Anna Berg said that the bridge would reopen.\n")
    taken = tmp_path / "taken"
    taken.write_text("not a folder")
    assert main(["extract", str(tmp_path / "good.txt"), "--out", str(taken), "-q"]) == 2
    one_line(capsys.readouterr().err, str(taken), "not a folder")
    assert taken.read_text() == "not a folder"


def test_a_folder_in_use_is_refused_at_once(tmp_path, capsys):
    (tmp_path / "good.txt").write_text("Anna Berg said that the bridge would reopen.\n")
    out = tmp_path / "out"
    with store.OutputLock(out):
        assert main(["extract", str(tmp_path / "good.txt"), "--out", str(out), "-q"]) == 2
    one_line(capsys.readouterr().err, str(out), "in use by another claimscope run", "--wait")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders anyway")
def test_a_read_only_output_folder_is_one_line(tmp_path, capsys):
    (tmp_path / "good.txt").write_text("Anna Berg said that the bridge would reopen.\n")
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        assert main(["extract", str(tmp_path / "good.txt"), "--out", str(out), "-q"]) == 2
    finally:
        out.chmod(0o755)
    one_line(capsys.readouterr().err, "Permission denied", str(out))


@pytest.mark.model
def test_a_full_disk_is_one_line_and_leaves_the_previous_tables(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(SAMPLE), "--out", str(out), "-q"]) == 0
    before = store.read_tables(out)
    real = pd.DataFrame.to_parquet

    def full(self, path, *args, **kwargs):
        if ".tables" in str(path) and "quotes" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(self, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    capsys.readouterr()
    assert main(["extract", str(SAMPLE), "--out", str(out), "-q", "--no-cache"]) == 2
    one_line(capsys.readouterr().err, "No space left on device", str(out), "disk is full")
    monkeypatch.undo()
    for name, frame in store.read_tables(out).items():
        pd.testing.assert_frame_equal(frame, before[name])
    assert len(list((out / ".tables").iterdir())) == 1
    assert main(["-v", "extract", str(SAMPLE), "--out", str(out), "-q"]) == 0


def test_with_v_the_traceback_comes_too(tmp_path, capsys):
    taken = tmp_path / "taken"
    taken.write_text("")
    assert main(["-v", "extract", str(SAMPLE), "--out", str(taken), "-q"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and err.strip().splitlines()[-1].endswith(")")


def with_tables(data: Path, out: Path) -> None:
    from test_publish import made_up_tables

    store.write_tables(made_up_tables("r", 1), data)
    out.write_text("not a folder")


@pytest.mark.parametrize(
    ("setup", "fragment"),
    [
        (lambda data, out: None, "no such folder"),
        (lambda data, out: data.mkdir(), "holds no tables"),
        (with_tables, "is a file"),
    ],
    ids=["missing data folder", "data folder without tables", "reports out is a file"],
)
def test_report_mistakes_are_one_line(tmp_path, capsys, setup, fragment):
    data, out = tmp_path / "data", tmp_path / "reports"
    setup(data, out)
    assert main(["report", "--data", str(data), "--out", str(out), "-q"]) == 2
    one_line(capsys.readouterr().err, fragment)
