"""Report pages in headless Chromium with the network blocked: every chart drawn by
vega-embed, every table made interactive, no console error, no script from an article run.

Needs Debian's ``chromium`` (``/usr/bin/chromium``; ``.ci/run`` installs it) and the
``playwright`` package (its driver only: the browser is the system's).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_repeats_page import repeats_site  # noqa: F401  (a fixture)
from test_report import KYIV_ID, XSS, external_references, sample_tables
from test_site import sample_site  # noqa: F401  (a fixture)

from claimscope.present import bundles
from claimscope.present.site import ReportSummary, build_reports
from claimscope.run import store
from conftest import first_articles

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists() and shutil.which("chromium") is None,
        reason="chromium not installed (apt-get install chromium; .ci/run does it)",
    ),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> ReportSummary:
    base = tmp_path_factory.mktemp("site")
    tables = sample_tables()
    store.write_tables(tables, base / "data")
    return build_reports(
        base / "data", base / "out", progress=False, topics=["Kursk", "unprecedented"]
    )


@pytest.fixture(scope="module")
def wikinews_site(tmp_path_factory) -> ReportSummary:
    """The site of the first 50 Wikinews articles of 2019, extracted here."""
    from claimscope.run.pipeline import extract_corpus

    base = tmp_path_factory.mktemp("wikinews-site")
    subset = first_articles(50, base / "wikinews_50.csv")
    extract_corpus([subset], base / "data", progress=False)
    return build_reports(base / "data", base / "out", progress=False)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        executable = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
        b = p.chromium.launch(executable_path=executable, args=ARGS)
        yield b
        b.close()


def _load(browser, page_path: Path) -> dict:
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    blocked: list[str] = []
    errors: list[str] = []
    dialogs: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script(
        "window.__alerted = false; window.alert = () => { window.__alerted = true; };"
    )
    page.goto(page_path.as_uri(), wait_until="load")
    n_charts = page.locator(".cs-chart").count()
    if n_charts:
        page.wait_for_function(
            "n => document.querySelectorAll('.cs-chart .vega-embed').length >= n",
            arg=n_charts,
            timeout=20000,
        )
    n_tables = page.locator(".cs-itable table[id^='cs-table-']").count()
    if n_tables:
        page.wait_for_function(
            "n => document.querySelectorAll('.cs-itable table.dataTable').length >= n",
            arg=n_tables,
            timeout=20000,
        )
    result = {
        "charts": n_charts,
        "embedded": page.locator(".cs-chart .vega-embed svg.marks").count(),
        "fallbacks": page.locator(".cs-chart-fallback").count(),
        "tables": n_tables,
        "text": page.inner_text("body"),
        "alerted": page.evaluate("window.__alerted"),
        "blocked": blocked,
        "errors": errors,
        "dialogs": dialogs,
    }
    context.close()
    return result


def _renders_offline(browser, summary: ReportSummary) -> int:
    """Check every page of a site in the browser; return how many charts they drew."""
    pages = [e.html for e in summary.entries] + [summary.index]
    total_charts = 0
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert external_references(html) == [], path.name
        assert html.count(f'class="{bundles.BUNDLE_MARKER}"') <= 1, path.name
        assert html.count(f'class="{bundles.TABLE_BUNDLE_MARKER}"') <= 1, path.name
        seen = _load(browser, path)
        assert seen["errors"] == [], (path.name, seen["errors"])
        assert seen["blocked"] == [], (path.name, seen["blocked"])
        assert seen["embedded"] == seen["charts"], path.name
        assert seen["fallbacks"] == 0, path.name  # removed once vega-embed drew the chart
        assert not seen["alerted"] and seen["dialogs"] == [], path.name
        if path != summary.index:
            assert "All reports" in seen["text"], path.name  # the navigation bar
        total_charts += seen["charts"]
    return total_charts


def test_every_page_renders_offline_without_errors(site, browser):
    assert site.n_failed == 0, [e.error for e in site.entries]
    assert {e.kind for e in site.entries} == {"article", "speaker", "topic", "groups", "corpus"}
    assert _renders_offline(browser, site) >= 10


def test_the_repeated_quotes_page_renders_offline_with_its_links(repeats_site, browser):  # noqa: F811
    assert repeats_site.n_failed == 0, [e.error for e in repeats_site.entries if not e.ok]
    assert _renders_offline(browser, repeats_site) >= 10
    (groups,) = repeats_site.of_kind("groups")
    seen = _load(browser, groups.html)
    assert seen["charts"] == 1 and seen["tables"] == 1
    assert "credited to different speakers" in seen["text"]
    context = browser.new_context()
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    speaker = next(e for e in repeats_site.of_kind("speaker") if e.key == "Mara Lindqvist")
    page.goto(speaker.html.as_uri(), wait_until="load")
    page.wait_for_function("document.querySelectorAll('.cs-itable table.dataTable').length > 0")
    page.locator("a[href^='repeated-quotes.html#group-']").first.click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0] == groups.html.as_uri()
    target = page.url.split("#")[1]
    assert page.locator(f"section#{target} h3").inner_text().startswith("1. The ferry will run")
    context.close()


@pytest.mark.model
def test_every_page_of_the_sample_site_renders_offline(sample_site, browser):  # noqa: F811
    assert sample_site.n_failed == 0, [e.error for e in sample_site.entries]
    assert _renders_offline(browser, sample_site) >= 20


@pytest.mark.model
@pytest.mark.corpus
def test_every_page_of_a_50_article_wikinews_site_renders_offline(wikinews_site, browser):
    assert wikinews_site.n_failed == 0, [e.error for e in wikinews_site.entries if not e.ok]
    assert len(wikinews_site.of_kind("article")) == 50
    assert _renders_offline(browser, wikinews_site) >= 150


def test_article_markup_shows_as_text_and_never_runs(site, browser):
    pages = [e.html for e in site.entries if e.kind != "speaker"] + [site.index]
    kyiv = next(e for e in site.entries if e.key == KYIV_ID)
    for path in [kyiv.html, *pages]:
        html = path.read_text(encoding="utf-8")
        assert XSS not in html and "<b>unprecedented</b>" not in html, path.name
        seen = _load(browser, path)
        assert not seen["alerted"] and seen["dialogs"] == [], path.name
    seen = _load(browser, kyiv.html)
    assert XSS in seen["text"]  # visible as text, in the article, the header and table cells
    assert "<b>unprecedented</b>" in seen["text"]
    index = _load(browser, site.index)
    assert XSS in index["text"]
    topic = next(e for e in site.entries if e.key == "unprecedented")
    assert "<b>unprecedented</b>" in _load(browser, topic.html)["text"]
