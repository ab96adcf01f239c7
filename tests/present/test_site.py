"""The report site of the sample article: its size, and the tables read once per kernel.

The sizes guard the figures claimed in the README: a page of the sample at most 300 KB
besides the shared assets, and the whole site (``make reports``) at most 6 MB. The sample
site measured about 90 KB for its largest page and 2.5 MB in all (1.9 MB of it the assets).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_report import KURSK_ID, sample_tables

from claimscope.analysis import queries
from claimscope.present import bundles
from claimscope.present.site import ReportSummary, build_reports
from claimscope.run import store

REPO = Path(__file__).resolve().parents[2]

#: The limits of the sample site, in bytes (see the module docstring).
PAGE_LIMIT = 300_000
SITE_LIMIT = 6_000_000


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> ReportSummary:
    """The site ``make reports`` writes, from the sample article extracted here."""
    from claimscope.run.pipeline import extract_corpus

    base = tmp_path_factory.mktemp("sample-site")
    extract_corpus([REPO / "data"], base / "data", progress=False)
    return build_reports(base / "data", base / "out", progress=False, topics=["North Korea"])


@pytest.mark.slow
@pytest.mark.model
def test_sample_site_stays_small(sample_site):
    assert sample_site.n_failed == 0, [e.error for e in sample_site.entries]
    out = sample_site.out_dir
    assert {e.kind for e in sample_site.entries} == {
        "article",
        "speaker",
        "topic",
        "groups",
        "corpus",
    }
    sizes = {e.html.name: e.html.stat().st_size for e in sample_site.entries}
    largest = max(sizes, key=sizes.get)
    assert sizes[largest] <= PAGE_LIMIT, (largest, sizes[largest])
    assets = folder_size(out / bundles.ASSETS_DIR)
    assert assets > 1_000_000  # the bundles are there, once
    total = folder_size(out)
    assert total <= SITE_LIMIT, (total, assets, sizes)
    assert not (out / "notebooks").exists()  # not kept unless asked


@pytest.mark.slow
@pytest.mark.model
def test_sample_site_pages_share_one_copy_of_each_bundle(sample_site):
    names = bundles.asset_names()
    pages = [e.html.read_text(encoding="utf-8") for e in sample_site.entries]
    for name in names.values():
        assert sum(f'src="assets/{name}"' in page for page in pages) >= len(pages) - 1
    bundle_start = bundles.vega_bundle_html().split("\n")[2][:200]
    assert not [p for p in pages if bundle_start in p or "data:text/csv" in p]


# --------------------------------------------------------------------------------------------
# load_tables: read once, read again when the folder holds other tables


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """The folders load_tables reads from disk (not from what it kept)."""
    seen: list[Path] = []
    read = queries.read_tables

    def counting(data_dir):
        seen.append(Path(data_dir))
        return read(data_dir)

    monkeypatch.setattr(queries, "read_tables", counting)
    monkeypatch.setattr(queries, "_LOADED", {})
    return seen


def _publish(out: Path, tables) -> None:
    run = store.TableRun(out)
    for name, frame in tables.items():
        run.write(name, frame)
    run.commit()


def test_load_tables_reads_once_and_sees_a_new_run(tmp_path, reads, monkeypatch):
    tables = sample_tables()
    _publish(tmp_path, tables)
    first = queries.load_tables(tmp_path)
    monkeypatch.chdir(tmp_path.parent)
    again = queries.load_tables(tmp_path.name)  # the same folder, named otherwise
    assert len(reads) == 1
    assert len(first["articles"]) == len(again["articles"]) == 3
    again["articles"]["title"] = "changed"  # a notebook's change stays its own
    again["quotes"].loc[0, "speaker"] = "someone else"
    kept = queries.load_tables(tmp_path)
    assert "changed" not in set(kept["articles"]["title"].dropna())
    assert kept["quotes"].loc[0, "speaker"] == first["quotes"].loc[0, "speaker"] != "someone else"
    assert len(reads) == 1

    one = {
        name: frame[frame["article_id"] == KURSK_ID] if "article_id" in frame else frame
        for name, frame in tables.items()
    }
    _publish(tmp_path, one)  # a new extraction into the same folder
    assert len(queries.load_tables(tmp_path)["articles"]) == 1
    assert len(reads) == 2


def test_load_tables_sees_tables_rewritten_without_runs(tmp_path, reads):
    tables = sample_tables()
    store.write_tables(tables, tmp_path)
    assert len(queries.load_tables(tmp_path)["articles"]) == 3
    assert len(queries.load_tables(tmp_path)["articles"]) == 3
    assert len(reads) == 1
    store.write_tables({"articles": tables["articles"].iloc[:2]}, tmp_path)
    assert len(queries.load_tables(tmp_path)["articles"]) == 2
    assert len(reads) == 2


def test_load_tables_keeps_a_few_folders(tmp_path, reads):
    folders = [tmp_path / f"d{i}" for i in range(queries.LOADED_READINGS + 1)]
    for folder in folders:
        store.write_tables(sample_tables(), folder)
        queries.load_tables(folder)
    queries.load_tables(folders[-1])
    assert len(reads) == len(folders)
    queries.load_tables(folders[0])  # the oldest was dropped
    assert len(reads) == len(folders) + 1
    assert len(queries._LOADED) == queries.LOADED_READINGS
    assert os.fspath(reads[-1]) == os.fspath(folders[0])


# --------------------------------------------------------------------------------------------
# The command line


@pytest.mark.slow
def test_report_command_keeps_notebooks_when_asked_and_says_who_has_no_page(tmp_path, capsys):
    from claimscope.cli import main

    store.write_tables(sample_tables(), tmp_path / "data")
    out = tmp_path / "out"
    args = ["report", "--data", str(tmp_path / "data"), "--out", str(out), "-q"]
    limits = ["--max-articles", "1", "--most", "recent", "--max-speakers", "0"]
    assert main([*args, *limits, "--keep-notebooks"]) == 0
    printed = capsys.readouterr().out
    assert "(2 articles without a page: --max-articles 1 keeps the most recent)" in printed
    pages = sorted(p.stem for p in out.glob("*.html") if p.name != "index.html")
    assert sorted(p.stem for p in (out / "notebooks").glob("*.ipynb")) == pages
    assert len(pages) == 4  # the most recent article, the topic, the repeated quotes, the corpus
    assert "(the most recent have a page)" in (out / "index.html").read_text(encoding="utf-8")
