"""Offline rendering, article highlighting and the report run."""

from __future__ import annotations

import hashlib
import html
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import altair as alt
import nbformat
import pandas as pd
import pytest

from claimscope.analysis import queries
from claimscope.present import bundles, charts, display, export, highlight, kernel, site, slugs
from claimscope.present.index import index_html
from claimscope.run import store
from claimscope.tables.schema import MENTIONS, QUOTES, conform

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
XSS = "<script>alert(1)</script>"

# --------------------------------------------------------------------------------------------
# A small hand-made extraction: offsets index the text, as the extractor guarantees.

KURSK = (
    'Moscow — Russian lawmaker Andrey Kartapolov said on Tuesday that "the troops will stay '
    'as long as needed" in the Kursk region.\n\nThe Kremlin declined to comment. According to '
    "the defence ministry, 300 soldiers were moved overnight.\n\n"
    '"We were not informed," a spokesman for NATO told reporters in Brussels.\n'
    "He added that the alliance was watching."
)
KYIV = f'{XSS} Officials in Kyiv said the attack & its aftermath were "<b>unprecedented</b>".'
QUIET = "Nothing was said by anyone in this short notice.\n\nIt has two paragraphs."


def at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``part`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def quote_row(aid, rank, text, kind, words, cue, who, speaker, speaker_type, stance="neutral"):
    start, end = at(text, words)
    cue_start, cue_end = at(text, cue)
    who_start, who_end = at(text, who)
    return {
        "article_id": aid,
        "quote_id": f"{aid}#{rank}",
        "kind": kind,
        "text": words,
        "start": start,
        "end": end,
        "cue": cue,
        "cue_start": cue_start,
        "cue_end": cue_end,
        "cue_lemma": cue.lower(),
        "stance": stance,
        "speaker_mention": who,
        "speaker_start": who_start,
        "speaker_end": who_end,
        "speaker": speaker,
        "speaker_type": speaker_type,
        "confidence": 0.9,
    }


def mention_row(aid, text, words, label, entity, nth=0):
    start, end = at(text, words, nth)
    return {
        "article_id": aid,
        "text": words,
        "start": start,
        "end": end,
        "label": label,
        "entity_id": f"{label}:{entity}",
        "entity": entity,
    }


def article_row(aid, title, text, date, url=None):
    return {
        "article_id": aid,
        "title": title,
        "date": date,
        "outlet": "Example News",
        "url": url,
        "source": "sample.jsonl",
        "source_line": 1,
        "n_chars": len(text),
        "content_hash": hashlib.sha1(text.encode()).hexdigest(),
        "text": text,
    }


KURSK_ID, KYIV_ID, QUIET_ID = "news/2024 kursk", f"kyiv {XSS}", "quiet"


def sample_tables() -> dict[str, pd.DataFrame]:
    articles = pd.DataFrame(
        [
            article_row(
                KURSK_ID,
                "Troops to stay in Kursk",
                KURSK,
                "2024-08-20",
                "https://example.org/kursk",
            ),
            article_row(KYIV_ID, f"{XSS} Kyiv reacts", KYIV, "2024-08-21"),
            article_row(QUIET_ID, None, QUIET, None),
        ]
    )
    quotes = pd.DataFrame(
        [
            quote_row(
                KURSK_ID,
                1,
                KURSK,
                "mixed",
                'that "the troops will stay as long as needed" in the Kursk region',
                "said",
                "Andrey Kartapolov",
                "Andrey Kartapolov",
                "PERSON",
                "assert",
            ),
            quote_row(
                KURSK_ID,
                2,
                KURSK,
                "indirect",
                "300 soldiers were moved overnight",
                "According to",
                "the defence ministry",
                "Ministry of Defence",
                "ORG",
            ),
            quote_row(
                KURSK_ID,
                3,
                KURSK,
                "direct",
                '"We were not informed,"',
                "told",
                "a spokesman for NATO",
                "NATO",
                "ORG",
                "deny",
            ),
            quote_row(
                KURSK_ID,
                4,
                KURSK,
                "indirect",
                "that the alliance was watching",
                "added",
                "He",
                "NATO",
                "ORG",
            ),
            quote_row(
                KYIV_ID,
                1,
                KYIV,
                "direct",
                '"<b>unprecedented</b>"',
                "said",
                "Officials in Kyiv",
                f"Ukraine {XSS}",
                "GPE",
                "concern",
            ),
        ]
    )
    mentions = pd.DataFrame(
        [
            mention_row(KURSK_ID, KURSK, "Moscow", "GPE", "Moscow"),
            mention_row(KURSK_ID, KURSK, "Andrey Kartapolov", "PERSON", "Andrey Kartapolov"),
            mention_row(KURSK_ID, KURSK, "Kursk", "GPE", "Kursk"),
            mention_row(KURSK_ID, KURSK, "Kremlin", "ORG", "Kremlin"),
            mention_row(KURSK_ID, KURSK, "NATO", "ORG", "NATO"),
            mention_row(KURSK_ID, KURSK, "Brussels", "GPE", "Brussels"),
            mention_row(KYIV_ID, KYIV, "Kyiv", "GPE", f"Kyiv {XSS}"),
        ]
    )
    # columns added to the schema later (speaker titles, dates ...) are left empty
    quotes = quotes.reindex(columns=QUOTES.column_names)
    return {"articles": articles, "quotes": quotes, "mentions": mentions}


# --------------------------------------------------------------------------------------------
# Reading HTML back


class _Marks(HTMLParser):
    """Collects the text inside elements by class, checks nesting, and records tags."""

    VOID = frozenset({"br", "meta", "img", "link", "input", "hr", "col", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, str]] = []
        self.marked: list[tuple[str, str, str]] = []  # (classes, title, text)
        self.spans: list[tuple[str, dict[str, str | None], str]] = []  # (classes, attrs, text)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._open: list[list] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in self.VOID:
            return
        self._in_style = tag in {"style", "script"}
        self.stack.append((tag, a.get("class") or "", a.get("title") or ""))
        self._open.append([a.get("class") or "", a.get("title") or "", "", a])

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.stack, f"</{tag}> closes nothing"
        opened, _, _ = self.stack.pop()
        assert opened == tag, f"<{opened}> closed by </{tag}>"
        cls, title, text, attrs = self._open.pop()
        if tag == "span":
            self.spans.append((cls, attrs, text))
        if cls.startswith("cs-") and tag == "span":
            self.marked.append((cls, title, text))
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            return
        self.text.append(data)
        for frame in self._open:
            frame[2] += data


def parse(fragment: str) -> _Marks:
    parser = _Marks()
    parser.feed(fragment)
    parser.close()
    assert not parser.stack, f"unclosed: {parser.stack}"
    return parser


def marked(fragment: str, css: str) -> list[tuple[str, str]]:
    """(text, title) of every span whose classes include ``css``."""
    return [(t, title) for cls, title, t in parse(fragment).marked if css in cls.split()]


def external_references(page: str) -> list[str]:
    """Addresses outside the page that it would load: script/link/img/... sources, CSS urls.

    Plain ``<a href>`` links are content, not loads, and are allowed.
    """

    class Refs(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag == "a":
                return
            for name, value in attrs:
                loads = name in {"src", "href", "data", "srcset", "poster", "action"}
                if loads and value and re.match(r"\s*(https?:)?//", value, flags=re.I):
                    self.found.append(f"<{tag} {name}={value}>")

    refs = Refs()
    refs.feed(page)
    styles = re.findall(r"<style[^>]*>(.*?)</style>", page, flags=re.DOTALL | re.IGNORECASE)
    for css in styles:
        refs.found += re.findall(r"(?:url\(|@import)\s*['\"]?\s*(?:https?:)?//[^)'\"]*", css)
    return refs.found


# --------------------------------------------------------------------------------------------
# Highlighting


def frame(rows, table):
    return conform(pd.DataFrame(rows), table)


@pytest.fixture
def tables():
    return sample_tables()


def _article(tables, aid):
    return queries.select_article(tables, aid)


def test_highlight_escapes_the_article_text(tables):
    view = _article(tables, KYIV_ID)
    out = highlight.highlight_article(view.text, view.quotes, view.mentions)
    assert "<script" not in out
    assert "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&amp; its aftermath" in out
    (title,) = [t for _, t in marked(out, "cs-quote")]
    assert XSS in title  # shown as text in the tooltip, escaped in the attribute
    assert "&lt;script&gt;" in out.split('title="', 2)[1]


def test_highlight_keeps_every_character_and_paragraph(tables):
    view = _article(tables, KURSK_ID)
    out = highlight.highlight_article(view.text, view.quotes, view.mentions, css=False)
    assert out.count("<p>") == 3
    assert out.count("<br>") == 1
    expected = re.sub(r"\n\s*\n", "\n", view.text)
    text = "".join(parse(out).text).strip("\n")
    assert text == expected


def test_highlight_marks_exactly_the_offsets(tables):
    view = _article(tables, KURSK_ID)
    out = highlight.highlight_article(view.text, view.quotes, view.mentions)
    quotes = [t for t, _ in marked(out, "cs-quote")]
    assert quotes == list(view.quotes["text"])
    assert [t for t, _ in marked(out, "cs-cue")] == ["said", "According to", "told", "added"]
    speaker_texts = "".join(t for t, _ in marked(out, "cs-speaker"))
    assert speaker_texts == "Andrey Kartapolovthe defence ministrya spokesman for NATOHe"
    (mixed,) = [title for _, title in marked(out, "cs-mixed")]
    assert "Andrey Kartapolov (PERSON)" in mixed and "cue: said (assert)" in mixed


def test_highlight_follows_offsets_not_text_search():
    text = "He said yes. Then he said yes again."
    second = at(text, "said yes", 1)
    quotes = frame(
        [
            {
                **{c: None for c in QUOTES.column_names},
                "article_id": "a",
                "quote_id": "a#1",
                "kind": "direct",
                "text": "said yes",
                "start": second[0],
                "end": second[1],
                "confidence": 1.0,
            }
        ],
        QUOTES,
    )
    out = highlight.highlight_article(text, quotes, None, css=False)
    assert out.index('class="cs-quote') > out.index("Then")


def test_highlight_nests_mentions_in_quotes_and_clips_at_paragraphs():
    text = "Alpha said: it spans\n\ntwo paragraphs in Paris."
    start, end = at(text, "it spans\n\ntwo paragraphs in Paris")
    row = {c: None for c in QUOTES.column_names}
    row.update(
        article_id="a",
        quote_id="a#1",
        kind="indirect",
        text=text[start:end],
        start=start,
        end=end,
        speaker="Alpha",
        speaker_start=0,
        speaker_end=5,
        speaker_type="PERSON",
        cue="said",
        cue_start=6,
        cue_end=10,
        confidence=1.0,
    )
    mentions = frame(
        [
            mention_row("a", text, "Paris", "GPE", "Paris"),
            mention_row("a", text, "Alpha", "PERSON", "Alpha"),
        ],
        MENTIONS,
    )
    out = highlight.highlight_article(text, frame([row], QUOTES), mentions, css=False)
    parts = marked(out, "cs-quote")
    assert [t for t, _ in parts] == ["it spans", "two paragraphs in Paris"]
    assert parts[0][1] == parts[1][1]  # one quote, split at the paragraph break
    assert '<span class="cs-mention cs-gpe" title="GPE: Paris">Paris</span></span>' in out
    ((alpha, title),) = marked(out, "cs-speaker")
    assert alpha == "Alpha" and "PERSON: Alpha" in title and "speaker of quote 1" in title


def test_highlight_skips_offsets_outside_the_text(caplog):
    row = {c: None for c in QUOTES.column_names}
    row.update(
        article_id="a", quote_id="a#1", kind="direct", text="x", start=5, end=500, confidence=1.0
    )
    out = highlight.highlight_article("short text", frame([row], QUOTES), None, css=False)
    assert "cs-quote" not in out
    assert "short text" in out
    assert "outside the text" in caplog.text


# --------------------------------------------------------------------------------------------
# Charts, tables and headers as offline HTML


@pytest.fixture(autouse=True)
def fresh_display():
    display.start_page()
    yield
    display.start_page()


def _chart(title="Quotes"):
    data = pd.DataFrame({"speaker": ["A", "B"], "quotes": [2, 1]})
    return alt.Chart(data, title=title).mark_bar().encode(x="quotes:Q", y="speaker:N")


def test_chart_html_is_offline_and_reproducible():
    first = display.chart_html(_chart(), name="q")
    display.reset()
    again = display.chart_html(_chart(), name="q")
    assert first == again
    assert re.search(r'id="cs-chart-[0-9a-f]{12}"', first)
    assert "window.vegaEmbed(" in first
    assert "<svg" in first.split('class="cs-chart-fallback"')[1].split("</div>")[0]
    assert bundles.BUNDLE_MARKER not in first
    assert external_references(first) == []
    csv = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', first).group(1)
    import base64

    assert base64.b64decode(csv).decode() == "speaker,quotes\nA,2\nB,1\n"


def test_same_chart_twice_gets_distinct_ids():
    ids = [
        re.search(r'id="(cs-chart-[^"]+)"', display.chart_html(_chart(), name="q")).group(1)
        for _ in range(2)
    ]
    assert ids[0] != ids[1] and ids[1] == ids[0] + "-2"


def test_spec_text_cannot_close_the_script():
    out = display.chart_html(_chart(title=f"</script>{XSS}"), name="q")
    assert "alert(1)</script>" not in out
    assert out.count("<script") == 1  # the vegaEmbed call; no bundle asked for
    spec = re.search(r"window\.vegaEmbed\(target, (\{.*\}), \{", out).group(1)
    assert json.loads(spec)["title"] == f"</script>{XSS}"


def test_show_emits_the_bundle_once_per_kernel(monkeypatch, tmp_path):
    import IPython.display

    shown: list[str] = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj.data))
    display.configure(charts_dir=tmp_path / "charts")
    display.show(_chart(), name="first")
    display.show(_chart("Other"), name="second")
    display.show(charts.quotes_per_speaker(sample_tables()["quotes"].iloc[:0]), name="empty")
    page = "\n".join(shown)
    assert page.count(f'class="{bundles.BUNDLE_MARKER}"') == 1
    assert shown[0].startswith(f'<script type="text/javascript" class="{bundles.BUNDLE_MARKER}"')
    assert page.count("window.vegaEmbed(target") == 2
    assert "No data for the chart empty" in shown[2]
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == ["first.csv", "second.csv"]
    display.reset()
    display.show(_chart(), name="first")
    assert bundles.BUNDLE_MARKER in shown[-1]


def test_a_site_page_loads_the_shared_bundles_and_links_its_csv_files(monkeypatch, tmp_path):
    import IPython.display

    shown: list[str] = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj.data))
    names = bundles.asset_names()
    display.configure(charts_dir=tmp_path / "elsewhere")
    display.start_page(site_dir=tmp_path)
    display.show(_chart(), name="first")  # start_page forgot the charts folder: no file
    assert not (tmp_path / "elsewhere").exists()
    display.configure(charts_dir=tmp_path / "charts" / "page")
    display.show(_chart("Other"), name="second")
    display.show_table(pd.DataFrame({"a": [1, 2]}))
    page = "\n".join(shown)
    assert page.count(f'src="assets/{names["vega"]}"') == 1
    assert page.count(f'src="assets/{names["tables"]}"') == 1
    assert "<svg" not in page and page.count(display.SCRIPT_NOTE) == 2
    assert (
        'href="charts/page/second.csv"' in page and (tmp_path / "charts/page/second.csv").exists()
    )
    assert page.count("data:text/csv") == 1  # the first chart, with no file to link
    assert bundles.vega_bundle_html().split("\n")[2][:200] not in page

    display.start_page(site_dir=tmp_path)  # the next page loads the bundles again
    display.show(_chart(), name="first")
    assert f'src="assets/{names["vega"]}"' in shown[-1]
    display.start_page()  # not a site: bundles inline, SVG fallbacks
    display.show(_chart(), name="first")
    assert "assets/" not in shown[-1] and "<svg" in shown[-1]
    assert bundles.vega_bundle_html().split("\n")[2][:200] in shown[-1]


def test_bundle_is_wrapped_so_a_second_run_is_harmless():
    bundle = bundles.vega_bundle_html()
    assert "if (typeof window.vegaEmbed === 'undefined') { (function () {" in bundle
    assert "window.vegaEmbed=" in bundle
    assert re.search(r"</script", bundle[: -len("</script>")], flags=re.IGNORECASE) is None


def test_table_html_escapes_cells():
    out = display.table_html(pd.DataFrame({"text": [XSS, None], f"col {XSS}": ["a", "b"]}))
    assert "<script" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    long = display.table_html(pd.DataFrame({"n": range(5)}), max_rows=2)
    assert "First 2 of 5 rows" in long and long.count("<tr") == 3


def test_article_header_escapes_metadata(tables):
    view = _article(tables, KYIV_ID)
    out = display.article_header_html(view.article, n_quotes=1)
    assert "<script" not in out and f"{html.escape(XSS)} Kyiv reacts" in out
    bad = display.article_header_html({"article_id": "x", "url": "javascript:alert(1)"})
    assert "<a " not in bad


# --------------------------------------------------------------------------------------------
# Names and index


def test_slugs_are_safe_and_unique():
    ids = ["a/b", "a b", "A B", "index", "", "../etc/passwd", "Zürich 2024", "x" * 300]
    names = slugs.unique_slugs(ids)
    assert names[:3] == ["a-b", "a-b-2", "A-B-3"]
    assert names[3] == "index-2"
    assert names[4] == "article"
    assert names[5] == "etc-passwd"
    assert names[6] == "Zurich-2024"
    assert len(names[7]) <= 80
    assert len({s.lower() for s in names}) == len(names)
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+", s) for s in names)


def test_index_escapes_and_marks_failures(tmp_path):
    entries = [
        site.ReportEntry(
            "article",
            KYIV_ID,
            "kyiv",
            f"{XSS} title",
            "2024-08-21",
            3,
            tmp_path / "n.ipynb",
            tmp_path / "kyiv.html",
        ),
        site.ReportEntry(
            "article",
            "b",
            "b",
            None,
            None,
            0,
            tmp_path / "b.ipynb",
            tmp_path / "b.html",
            error=f"ValueError: {XSS}",
        ),
    ]
    page = index_html(entries, n_skipped=2)
    assert "<script" not in page
    assert '<a href="kyiv.html">&lt;script&gt;' in page
    assert page.count('class="failed"') == 1 and "ValueError: &lt;script&gt;" in page
    assert "2 more articles not reported" in page
    assert external_references(page) == []


def test_select_article_defaults_to_the_first_and_rejects_unknown_ids(tables):
    view = queries.select_article(tables, "")
    assert view.article["article_id"] == KURSK_ID
    assert len(view.quotes) == 4 and set(view.mentions["article_id"]) == {KURSK_ID}
    with pytest.raises(queries.ReportError, match="no article with id 'nope'"):
        queries.select_article(tables, "nope")


def test_kernel_runs_this_interpreter():
    from jupyter_client.kernelspec import KernelSpecManager

    name = export.kernel_name()
    spec = KernelSpecManager().get_kernel_spec(name)
    assert export._runs_this_interpreter(spec.argv)
    assert not export._runs_this_interpreter(["/usr/bin/some-other-python", "-m", "x"])


# --------------------------------------------------------------------------------------------
# The notebook and the template


def test_article_notebook_parameters():
    """Pairing, outputs and the parameters cell of every notebook: tests/test_notebooks.py."""
    params = nbformat.read(NOTEBOOKS / "10-article.ipynb", as_version=4).cells[1]
    names = re.findall(r"^(\w+): (\w+) = .*  # \S", params.source, flags=re.MULTILINE)
    assert names == [("data_dir", "str"), ("article_id", "str"), ("charts_dir", "str")]
    assert '"../build/sample"' in params.source


def test_template_loads_nothing_from_outside():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# Title\n\nSome $x$ maths and a [link](https://example.org)."
        ),
        nbformat.v4.new_code_cell(
            "x = 1",
            outputs=[
                nbformat.v4.new_output(
                    "display_data",
                    data={
                        "text/html": display.chart_html(_chart(), name="c", include_bundle=True),
                        "text/plain": "chart",
                    },
                )
            ],
        ),
    ]
    page = export.export_html(nb, title=XSS)
    assert external_references(page) == []
    assert "x = 1" not in page  # code hidden
    for cdn in ("require.js", "mathjax", "mermaid", "cdnjs", "unpkg", "jsdelivr"):
        assert cdn not in page.lower().replace(bundles.vega_bundle_html().lower(), "")
    assert f"<title>{html.escape(XSS)}</title>" in page
    assert page.count(f'class="{bundles.BUNDLE_MARKER}"') == 1
    assert 'href="https://example.org"' in page  # content links stay


def test_external_reference_check_can_fail():
    assert external_references('<script src="https://cdn.example/x.js"></script>')
    assert external_references('<link rel="stylesheet" href="//cdn.example/x.css">')
    assert external_references("<style>@import 'https://cdn.example/x.css';</style>")
    assert not external_references('<a href="https://example.org">article</a>')


# --------------------------------------------------------------------------------------------
# Whole runs (one kernel for a run: seconds to start, then a fraction of a second a page)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("reports")
    store.write_tables(sample_tables(), base / "data")
    summary = site.build_reports(
        base / "data",
        base / "out",
        progress=False,
        max_speakers=0,
        topics=[],
        corpus=False,
        groups=False,
        keep_notebooks=True,
    )
    return base, summary


@pytest.mark.slow
def test_build_reports_writes_one_offline_page_per_article(built):
    base, summary = built
    out = base / "out"
    assert summary.n_ok == 3 and summary.n_failed == 0, [e.error for e in summary.entries]
    assert [e.article_id for e in summary.entries] == [KURSK_ID, KYIV_ID, QUIET_ID]
    assert (out / "index.html").exists()
    # the quiet article has no quotes and no mentions: no chart, so no bundle either
    for entry, n_bundles in zip(summary.entries, [1, 1, 0], strict=True):
        page = entry.html.read_text(encoding="utf-8")
        assert entry.html.parent == out and entry.notebook.exists()
        assert page.count(f'class="{bundles.BUNDLE_MARKER}"') == n_bundles
        assert external_references(page) == [], entry.article_id
        assert "Traceback" not in page
    kursk = summary.entries[0].html.read_text(encoding="utf-8")
    assert kursk.count("window.vegaEmbed(target") == 2
    assert kursk.count(f'class="{bundles.TABLE_BUNDLE_MARKER}"') == 1
    assert '<nav class="cs-nav"><a href="index.html">All reports</a>' in kursk
    assert kursk.count(display.SCRIPT_NOTE) == 2  # no SVG copies
    assert "<svg" not in kursk
    assert 'class="cs-quote cs-mixed"' in kursk
    kyiv = summary.entries[1].html.read_text(encoding="utf-8")
    assert XSS not in kyiv and "alert(1)</script>" not in kyiv
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in kyiv
    quiet = summary.entries[2].html.read_text(encoding="utf-8")
    assert "No data for the chart" in quiet and "window.vegaEmbed(target" not in quiet
    csvs = sorted(p.relative_to(out).as_posix() for p in (out / "charts").rglob("*.csv"))
    assert f"charts/{summary.entries[0].slug}/quotes-per-speaker.csv" in csvs


def _inline_bundle_parts() -> list[str]:
    """Pieces of text that only a page carrying a bundle inline contains."""
    vega = bundles.vega_bundle_html().split("\n")[2][:200]
    tables = bundles.table_bundle_html()
    dt_source = re.search(r'injectModule\("([A-Za-z0-9+/=]{200})', tables).group(1)
    return [vega, dt_source, "data:text/csv"]


@pytest.mark.slow
def test_site_pages_load_the_shared_assets_and_carry_no_bundle(built):
    base, summary = built
    out = base / "out"
    names = bundles.asset_names()
    assets = sorted(p.name for p in (out / bundles.ASSETS_DIR).iterdir())
    assert assets == sorted(names.values())
    vega = (out / "assets" / names["vega"]).read_text(encoding="utf-8")
    assert "window.vegaEmbed=" in vega and "<script" not in vega
    assert "injectModule(" in (out / "assets" / names["tables"]).read_text(encoding="utf-8")
    inline = _inline_bundle_parts()
    n_refs = {"vega": 0, "tables": 0}
    n_links = 0
    for entry in summary.entries:
        page = entry.html.read_text(encoding="utf-8")
        for key, marker in (
            ("vega", bundles.BUNDLE_MARKER),
            ("tables", bundles.TABLE_BUNDLE_MARKER),
        ):
            tags = re.findall(rf'<script[^>]*class="{marker}"[^>]*>', page)
            assert len(tags) == page.count(f'class="{marker}"') <= 1, entry.slug
            assert all(f'src="assets/{names[key]}"' in tag for tag in tags), entry.slug
            n_refs[key] += len(tags)
        assert not [part for part in inline if part in page], entry.slug
        for href in re.findall(r'href="(charts/[^"]+)"', page):  # CSV links lead to the files
            assert (out / href).is_file(), href
            n_links += 1
    # the quiet article has no quotes or mentions: no chart and no table, so no bundle
    assert n_refs == {"vega": 2, "tables": 2}
    assert n_links == page_count_of_charts(summary)


def page_count_of_charts(summary) -> int:
    return sum(
        e.html.read_text(encoding="utf-8").count("window.vegaEmbed(target") for e in summary.entries
    )


@pytest.mark.slow
def test_index_links_every_report(built):
    base, summary = built
    index = (base / "out" / "index.html").read_text(encoding="utf-8")
    for entry in summary.entries:
        assert f'href="{entry.html.name}"' in index
    assert "Troops to stay in Kursk" in index and "2024-08-20" in index
    assert '<section id="article">' in index
    assert '<td class="num">4</td>' in index
    assert "<script" not in index and external_references(index) == []


@pytest.mark.slow
def test_executed_notebook_passes_nbval_lax(built):
    _, summary = built
    executed = summary.entries[0].notebook
    nb = nbformat.read(executed, as_version=4)
    assert "jupytext" not in nb.metadata
    assert nb.metadata["papermill"]["parameters"]["article_id"] == KURSK_ID
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert KURSK_ID in injected[0].source
    assert not [c for c in nb.cells if kernel.SETUP_TAG in c.metadata.get("tags", [])]
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "-q",
            "-p",
            "no:cacheprovider",
            str(executed),
        ],
        cwd=executed.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"\b\d+ passed", result.stdout)


def _failing_suite(folder: Path) -> Path:
    """An article notebook that raises for the Kyiv article and kills its kernel for the
    quiet one, and a corpus notebook that runs after them; each checks that nothing of the
    previous notebook is left in its namespace."""
    folder.mkdir()
    fresh = "assert 'leftover' not in dir(), 'the namespace of the previous page is left'"
    article = nbformat.v4.new_notebook()
    article.cells = [
        nbformat.v4.new_markdown_cell("# Fails for two articles"),
        nbformat.v4.new_code_cell(
            'data_dir = ""\narticle_id = ""\ncharts_dir = ""', metadata={"tags": ["parameters"]}
        ),
        nbformat.v4.new_code_cell(
            f"{fresh}\nleftover = article_id\n"
            f"if article_id == {KYIV_ID!r}:\n    raise ValueError('no good ' + article_id)\n"
            f"if article_id == {QUIET_ID!r}:\n    import os\n    os._exit(3)\n"
            "print('fine', article_id)"
        ),
    ]
    nbformat.write(article, folder / "10-article.ipynb")
    corpus = nbformat.v4.new_notebook()
    corpus.cells = [
        nbformat.v4.new_markdown_cell("# Runs after a dead kernel"),
        nbformat.v4.new_code_cell(
            'data_dir = ""\ncharts_dir = ""\nreports_dir = ""', metadata={"tags": ["parameters"]}
        ),
        nbformat.v4.new_code_cell(f"{fresh}\nprint('corpus ran')"),
    ]
    nbformat.write(corpus, folder / "20-corpus.ipynb")
    return folder


@pytest.mark.slow
def test_a_failed_page_is_marked_kept_and_the_run_goes_on(tmp_path):
    store.write_tables(sample_tables(), tmp_path / "data")
    notebooks = _failing_suite(tmp_path / "notebooks")
    out = tmp_path / "out"
    (out / "notebooks").mkdir(parents=True)
    (out / "notebooks" / "news-2024-kursk.ipynb").write_text("{}")  # from an earlier build
    summary = site.build_reports(
        tmp_path / "data",
        out,
        article_ids=[KURSK_ID, KYIV_ID, QUIET_ID],
        progress=False,
        max_articles=2,
        chosen="recent",
        notebooks_dir=notebooks,
    )
    assert [(e.kind, e.ok) for e in summary.entries] == [
        ("article", True),
        ("article", False),
        ("corpus", True),
    ]
    assert summary.n_skipped == 1  # the undated quiet article
    ok, failed, corpus = summary.entries
    assert ok.notebook is None and not (out / "notebooks" / f"{ok.slug}.ipynb").exists()
    assert failed.error == f"ValueError: no good {KYIV_ID}"
    executed = nbformat.read(failed.notebook, as_version=4)
    outputs = [o for c in executed.cells for o in c.get("outputs", [])]
    assert any(o.get("output_type") == "error" for o in outputs)
    page = failed.html.read_text(encoding="utf-8")
    assert "This report failed:" in page and "ValueError: no good kyiv &lt;script&gt;" in page
    assert "<script>alert(1)</script>" not in page
    assert "corpus ran" in corpus.html.read_text(encoding="utf-8")
    index = summary.index.read_text(encoding="utf-8")
    assert index.count('class="failed"') == 1
    assert "ValueError: no good kyiv &lt;script&gt;" in index
    assert "1 more article not reported (the most recent have a page)" in index

    died = site.build_reports(
        tmp_path / "data",
        tmp_path / "again",
        article_ids=[QUIET_ID, KURSK_ID],
        progress=False,
        notebooks_dir=notebooks,
    )
    assert [e.ok for e in died.entries] == [False, True, True]
    assert "DeadKernelError" in died.entries[0].error
    assert died.entries[0].notebook.exists()
    assert "fine news/2024 kursk" in died.entries[1].html.read_text(encoding="utf-8")


def test_build_reports_rejects_unknown_ids(tmp_path):
    store.write_tables(sample_tables(), tmp_path / "data")
    with pytest.raises(site.ReportError, match="nope"):
        site.build_reports(
            tmp_path / "data", tmp_path / "out", article_ids=["nope"], progress=False
        )


def test_the_plan_counts_and_dates_every_kind_of_page(tables):
    notebooks = {stem: None for stem in ("10-article", "30-speaker", "40-topic", "20-corpus")}
    jobs = site._plan(tables, list(tables["articles"]["article_id"]), notebooks,
                      max_speakers=5, topics=["Kursk"], corpus=True)  # fmt: skip
    by_kind = {}
    for job in jobs:
        by_kind.setdefault(job.kind, []).append(job)
    (topic,) = by_kind["topic"]
    about = site_quotes_about(tables, topic.key)
    assert topic.n_quotes == len(about) == 1  # the quotes about the topic, not 0
    assert topic.date is not None
    assert all(job.date is not None for job in by_kind["speaker"])  # their articles' dates
    (corpus,) = by_kind["corpus"]
    assert corpus.title == "Corpus: 3 articles"
    one = {name: frame[frame["article_id"] == KURSK_ID] if "article_id" in frame else frame
           for name, frame in tables.items()}  # fmt: skip
    (single,) = [j for j in site._plan(one, [KURSK_ID], notebooks, max_speakers=0, topics=[],
                                       corpus=True) if j.kind == "corpus"]  # fmt: skip
    assert single.title == "Corpus: 1 article"


def site_quotes_about(tables, topic):
    from claimscope.analysis.contrast import quotes_about

    return quotes_about(tables["quotes"], tables["mentions"], topic=topic)


def test_dates_of_a_set_of_quotes_run_from_first_to_last(tables):
    quotes = tables["quotes"]
    assert site.date_span(quotes, tables["articles"]) == "2024-08-20 to 2024-08-21"
    kursk = quotes[quotes["article_id"] == KURSK_ID]
    assert site.date_span(kursk, tables["articles"]) == "2024-08-20"
    assert site.date_span(quotes.iloc[:0], tables["articles"]) is None


def test_too_many_articles_keeps_the_most_quoted_then_the_most_recent(tables):
    ids = list(tables["articles"]["article_id"])
    counts = tables["quotes"]["article_id"].value_counts()
    most = max(ids, key=lambda a: counts.get(a, 0))
    assert site.most_quoted(tables, ids, 1) == [most]
    quiet = tables["quotes"][tables["quotes"]["article_id"] != QUIET_ID]
    no_quotes = {**tables, "quotes": quiet.iloc[:0]}
    # none quoted: the most recent; undated last
    assert site.most_quoted(no_quotes, ids, 1) == [KYIV_ID]
    assert site.most_quoted(no_quotes, ids, 2) == [KURSK_ID, KYIV_ID]  # in their own order
