"""Names that could break a page or a spreadsheet: control characters, line separators, stray
newlines and formulas in speakers, outlets, entities and sentences; file names Windows cannot
use; charts that cannot be drawn."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import re
import subprocess
import sys
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from claimscope.analysis import aggregates, contrast, queries
from claimscope.analysis.labels import clean_label
from claimscope.present import bundles, charts, display, site, slugs
from claimscope.present.text import csv_text, formula_safe
from claimscope.run import store
from claimscope.tables.schema import ARTICLES, MENTIONS, QUOTES, TIMELINE, conform

REPO = Path(__file__).resolve().parents[2]

#: Characters no shown label may hold: controls and line or paragraph separators.
UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")

#: Cells a spreadsheet would run as formulas.
FORMULAS = ['=HYPERLINK("http://x.invalid","go")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"]


@pytest.fixture(autouse=True)
def fresh_display():
    display.start_page()
    yield
    display.start_page()


# --------------------------------------------------------------------------------------------
# Invented tables whose names are hostile (offsets index the invented text)

TEXT = (
    'Governor Ilse Varga said "the bridge opens in May". Tomas Reyes said the budget was spent. '
    'A clerk told reporters "no comment". Nobody denied it.'
)


def _at(part: str) -> tuple[int, int]:
    start = TEXT.index(part)
    return start, start + len(part)


def _quote(n, words, who, speaker, *, kind="direct", cue="said", stance="neutral"):
    start, end = _at(words)
    cue_start, cue_end = _at(cue)
    who_start, who_end = _at(who)
    return {
        "article_id": "a1",
        "quote_id": f"a1#{n}",
        "kind": kind,
        "text": words,
        "start": start,
        "end": end,
        "cue": cue,
        "cue_start": cue_start,
        "cue_end": cue_end,
        "cue_lemma": cue,
        "stance": stance,
        "speaker_mention": who,
        "speaker_start": who_start,
        "speaker_end": who_end,
        "speaker": speaker,
        "speaker_type": "PERSON",
        "confidence": 0.9,
    }


def hostile_tables(
    first: str = "Ilse\u2028Varga", second: str = "\nTomas Reyes\n", outlet: str = FORMULAS[0]
) -> dict[str, pd.DataFrame]:
    """One article: three speakers (``first`` twice), a hostile outlet, entity and sentence."""
    articles = pd.DataFrame(
        [
            {
                "article_id": "a1",
                "title": "Bridge\u2029news",
                "date": "2024-05-02",
                "outlet": outlet,
                "url": None,
                "source": "invented.jsonl",
                "source_line": 1,
                "n_chars": len(TEXT),
                "content_hash": hashlib.sha1(TEXT.encode()).hexdigest(),
                "text": TEXT,
            }
        ]
    )
    quotes = pd.DataFrame(
        [
            _quote(1, '"the bridge opens in May"', "Governor Ilse Varga", first),
            _quote(2, "the budget was spent", "Tomas Reyes", second, kind="indirect"),
            _quote(3, '"no comment"', "A clerk", FORMULAS[1], cue="told", stance="deny"),
            _quote(4, "it", "Nobody", first, cue="denied", kind="indirect", stance="deny"),
        ]
    ).reindex(columns=QUOTES.column_names)
    rows = []
    for words, entity in (("Tomas Reyes", f"{FORMULAS[2]}\x1b"), ("May", "May\u2028Day")):
        start, end = _at(words)
        rows.append(
            {
                "article_id": "a1",
                "text": words,
                "start": start,
                "end": end,
                "label": "PERSON",
                "entity_id": f"PERSON:{entity}",
                "entity": entity,
            }
        )
    sentence_start, sentence_end = _at("Nobody denied it.")
    timeline = {c: None for c in TIMELINE.column_names}
    timeline.update(
        article_id="a1",
        expression="May",
        value="2024-05",
        granularity="month",
        kind="point",
        resolution="explicit",
        start=_at("May")[0],
        end=_at("May")[1],
        sentence=f"{FORMULAS[3]}\u2028{TEXT[sentence_start:sentence_end]}",
        sentence_start=sentence_start,
        sentence_end=sentence_end,
        assumed=False,
    )
    return {
        "articles": conform(articles, ARTICLES),
        "quotes": conform(quotes, QUOTES),
        "mentions": conform(pd.DataFrame(rows), MENTIONS),
        "timeline": conform(pd.DataFrame([timeline]), TIMELINE),
    }


def _builders(tables: dict[str, pd.DataFrame]) -> dict[str, alt.TopLevelMixin]:
    quotes, mentions, articles = tables["quotes"], tables["mentions"], tables["articles"]
    first = quotes["speaker"].iloc[0]
    points = aggregates.timeline_points(tables["timeline"], quotes)
    return {
        "quotes-per-speaker": charts.quotes_per_speaker(quotes),
        "top-entities": charts.top_entities(mentions),
        "articles-over-time": charts.articles_over_time(articles),
        "speaker-types": charts.speaker_type_share(quotes),
        "direct-vs-indirect": charts.direct_vs_indirect(quotes, articles),
        "stance-mix": charts.stance_mix(quotes, title=f"Stance of {first}"),
        "stance-by-speaker": charts.statements_by_speaker(quotes),
        "speaker-entity-matrix": charts.speaker_entity_matrix(quotes, mentions),
        "statements-over-time": charts.statements_timeline(quotes, articles),
        "co-quoted": charts.co_quoted_speakers(quotes, FORMULAS[1]),
        "timeline": charts.timeline_chart(points, title=f"When {first} spoke"),
    }


BUILDERS = list(_builders(hostile_tables()))


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


# --------------------------------------------------------------------------------------------
# Labels


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("Vladimir\x00Putin", "VladimirPutin"),
        ("\nVladimir Putin\n", "Vladimir Putin"),
        ("Vladimir\u2028Putin", "Vladimir Putin"),
        ("Vladimir\u2029\u2029Putin", "Vladimir Putin"),
        ("Vladimir\r\n\tPutin", "Vladimir Putin"),
        ("A\x1bB\x7fC\x85D\x9fE", "ABC DE"),
        ("tab\x0bform\x0cfeed", "tab form feed"),
        ("unit\x1fsep", "unit sep"),
        ("lone \ud800 surrogate", "lone surrogate"),
        ("non\ufffe\uffffchar", "nonchar"),
        ("  Zürich\u00a0AG  ", "Zürich AG"),
        ("Kyiv", "Kyiv"),
        ("", ""),
    ],
)
def test_clean_label(raw, label):
    assert clean_label(raw) == label


@pytest.mark.parametrize("name", BUILDERS)
def test_chart_builders_show_no_control_characters(name):
    tables = hostile_tables(first="Ilse\x00Varga\u2028", outlet=f"Daily\x00{FORMULAS[0]}\x1b")
    spec = _builders(tables)[name].to_dict()
    bad = [s for s in _strings(spec) if UNSHOWABLE.search(s)]
    assert bad == []


@pytest.mark.parametrize("name", BUILDERS)
def test_chart_with_line_separators_and_formulas_is_drawn_and_downloads_safely(name):
    chart = _builders(hostile_tables(second=FORMULAS[3]))[name]
    out = display.chart_html(chart, name=name)
    assert "cs-chart-failed" not in out
    assert "<svg" in out and "window.vegaEmbed(target" in out
    payload = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', out).group(1)
    assert _formula_cells(base64.b64decode(payload).decode("utf-8")) == []


def test_speaker_with_a_newline_is_one_bar():
    quotes = hostile_tables(second="Ilse Varga\n")["quotes"]
    rows = charts.quotes_per_speaker(quotes).data
    assert dict(zip(rows["speaker"], rows["quotes"], strict=True)) == {
        "Ilse Varga": 3,
        FORMULAS[1]: 1,
    }


RENDER_NUL = """
import sys
from claimscope.present import charts, display
sys.path.insert(0, {tests!r})
from test_hostile_text import hostile_tables
tables = hostile_tables(first="Ilse\\x00Varga", outlet="Daily\\x00News\\x1b")
html = display.chart_html(charts.quotes_per_speaker(tables["quotes"]), name="speakers")
html += display.chart_html(charts.articles_over_time(tables["articles"]), name="volume")
print(html.count("<svg"))
"""


def test_nul_in_a_name_does_not_kill_the_renderer():
    """The SVG renderer aborts the whole process on NUL, so this runs in a child process."""
    code = RENDER_NUL.format(tests=str(Path(__file__).parent))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.split()[-1]) >= 2


# --------------------------------------------------------------------------------------------
# Lookups


def test_speaker_asked_for_with_newlines_is_found():
    tables = hostile_tables(first="Ilse Varga")
    assert queries.select_speaker(tables, "\nIlse Varga\n") == "Ilse Varga"
    assert queries.select_speaker(tables, "ilse\u2028varga") == "Ilse Varga"


def test_speaker_stored_with_newlines_is_found_by_its_label():
    tables = hostile_tables()
    # the report plans one page per label of the ranking, and the page looks the label up
    labels = list(queries.named_speaker_counts(tables["quotes"])["speaker"])
    assert "Tomas Reyes" in labels and "Ilse Varga" in labels
    for label in labels:
        name = queries.select_speaker(tables, label)
        assert len(queries.speaker_quotes(tables, name)) >= 1
    assert queries.select_speaker(tables, "Tomas Reyes") == "Tomas Reyes"
    assert queries.speaker_profile(tables, "Tomas Reyes")["quotes"] == 1
    assert len(queries.speaker_quotes(tables, "Ilse Varga")) == 2
    others = aggregates.co_quoted(tables["quotes"], "\nTomas Reyes\n")
    assert set(others["speaker"]) == {"Ilse Varga", FORMULAS[1]}


def test_topic_and_outlet_are_looked_up_cleaned():
    tables = hostile_tables(outlet="Daily\nNews")
    topic = contrast.resolve_topic(tables["mentions"], "\nmay day\n")
    assert topic.entity_ids == ("PERSON:May\u2028Day",) and topic.name == "May Day"
    kept = queries.filter_corpus(tables, outlet=" daily news ")
    assert len(kept["articles"]) == 1 and len(kept["quotes"]) == 4


def test_report_plan_names_speakers_and_topics_by_their_labels():
    tables = hostile_tables()
    notebooks = {site.SPEAKER_NOTEBOOK: None, site.TOPIC_NOTEBOOK: None}
    topics = ["\nMay\u2028Day\n", "May Day", "\x00", "\u2029"]
    jobs = site._plan(tables, [], notebooks, max_speakers=3, topics=topics, corpus=False)
    assert [(j.kind, j.key, j.slug) for j in jobs] == [
        ("speaker", "Ilse Varga", "speaker-Ilse-Varga"),
        ("speaker", FORMULAS[1], "speaker-cmd-C-calc-A0"),
        ("speaker", "Tomas Reyes", "speaker-Tomas-Reyes"),
        ("topic", "May Day", "topic-May-Day"),
    ]


def test_tables_keep_their_text_as_stored():
    tables = hostile_tables()
    before = {name: frame.copy() for name, frame in tables.items()}
    _builders(tables)
    queries.select_speaker(tables, "Tomas Reyes")
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(frame, before[name])
    assert tables["quotes"]["speaker"].iloc[1] == "\nTomas Reyes\n"


# --------------------------------------------------------------------------------------------
# CSV cells


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(1)", "'@SUM(1)"),
        ("-2+3", "'-2+3"),
        ("-", "'-"),
        ("+3", "'+3"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-3.5", "-3.5"),
        ("-3", "-3"),
        ("-0.5", "-0.5"),
        ("-.5", "-.5"),
        ("-1e3", "-1e3"),
        ("a=b", "a=b"),
        ("Kyiv", "Kyiv"),
        ("", ""),
    ],
)
def test_formula_safe(cell, written):
    assert formula_safe(cell) == written


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _formula_cells(text: str) -> list[str]:
    return [
        cell
        for row in _cells(text)
        for cell in row
        if cell.startswith(("=", "+", "@", "\t", "\r"))
        or (cell.startswith("-") and not re.fullmatch(r"-\d+(\.\d+)?", cell))
    ]


def test_csv_text_neutralises_formulas_and_keeps_numbers():
    frame = pd.DataFrame(
        {"name": [*FORMULAS, "-3.5", None], "n": [-3, 1, 2, 3, 4, 5], "x": [-0.5] * 6}
    )
    rows = _cells(csv_text(frame))
    assert [r[0] for r in rows[1:]] == [*(f"'{f}" for f in FORMULAS), "-3.5", ""]
    assert rows[1][1:] == ["-3", "-0.5"]


def test_chart_data_files_are_formula_safe(monkeypatch, tmp_path):
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda obj: None)
    display.configure(charts_dir=tmp_path)
    tables = hostile_tables(first="-3.5")
    display.show(charts.quotes_per_speaker(tables["quotes"]), name="speakers")
    points = aggregates.timeline_points(tables["timeline"], tables["quotes"])
    display.show(charts.timeline_chart(points), name="timeline")
    speakers = (tmp_path / "speakers.csv").read_text(encoding="utf-8")
    timeline = (tmp_path / "timeline.csv").read_text(encoding="utf-8")
    assert _formula_cells(speakers) == [] and _formula_cells(timeline) == []
    assert "-3.5" in {r[0] for r in _cells(speakers)}
    assert f"'{FORMULAS[1]}" in {r[0] for r in _cells(speakers)}
    assert any(cell.startswith(f"'{FORMULAS[3]}") for row in _cells(timeline) for cell in row)


# --------------------------------------------------------------------------------------------
# A chart that cannot be drawn


def _bars(n: int = 2) -> alt.Chart:
    data = pd.DataFrame({"speaker": [f"S{i}" for i in range(n)], "quotes": range(n)})
    return alt.Chart(data, title="Quotes").mark_bar().encode(x="quotes:Q", y="speaker:N")


def _broken_renderer(monkeypatch):
    def fail(spec, **kwargs):
        raise ValueError("Vega-Lite to SVG conversion failed:\nError: Unexpected token")

    monkeypatch.setattr(display.vl_convert, "vegalite_to_svg", fail)


def test_chart_that_cannot_be_converted_falls_back_to_its_table(monkeypatch):
    _broken_renderer(monkeypatch)
    out = display.chart_html(_bars(), name="q", include_bundle=True)
    assert "cs-chart-failed" in out and "<table" in out and "S1" in out
    assert "The chart q could not be drawn (ValueError: Vega-Lite to SVG conversion failed)" in out
    assert "Unexpected token" not in out  # one line
    assert "window.vegaEmbed" not in out and "data:text/csv" in out


def test_chart_too_big_to_convert_falls_back_to_its_first_rows():
    out = display.chart_html(_bars(6000), name="big")
    assert "cs-chart-failed" in out and "MaxRowsError" in out
    assert "First 50 of 6000 rows" in out


def test_failed_chart_does_not_use_up_the_bundle(monkeypatch):
    import IPython.display

    shown: list[str] = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj.data))
    with monkeypatch.context() as patch:
        _broken_renderer(patch)
        display.show(_bars(), name="broken")
    display.show(_bars(3), name="drawn")
    assert "cs-chart-failed" in shown[0] and "vegaEmbed" not in shown[0]
    assert bundles.BUNDLE_MARKER in shown[1] and "<svg" in shown[1]


# --------------------------------------------------------------------------------------------
# File names


@pytest.mark.parametrize(
    ("article_id", "slug"),
    [
        ("CON", "CON-"),
        ("con", "con-"),
        ("NUL", "NUL-"),
        ("Aux", "Aux-"),
        ("prn", "prn-"),
        ("COM1", "COM1-"),
        ("com9", "com9-"),
        ("LPT1", "LPT1-"),
        ("lpt9", "lpt9-"),
        ("COM0", "COM0-"),
        ("CON.html", "CON-.html"),
        ("nul.tar.gz", "nul-.tar.gz"),
        ("COM1 ", "COM1-"),
        ("aux.", "aux-"),
        ("COM10", "COM10"),
        ("CONSOLE", "CONSOLE"),
        ("my con", "my-con"),
        ("report. ", "report"),
        ("2024/con", "2024-con"),
    ],
)
def test_slugs_avoid_names_windows_reserves(article_id, slug):
    assert slugs.slugify(article_id) == slug


def _windows_usable(name: str) -> bool:
    stem = name.split(".", 1)[0].lower()
    return stem not in slugs.WINDOWS_DEVICES and not name.endswith((".", " "))


def test_slugs_of_reserved_names_stay_unique_and_stable():
    ids = ["CON", "con", "CON-", "nul.txt", "NUL.TXT", "LPT1", "a", "com1.x" + "y" * 90]
    names = slugs.unique_slugs(ids)
    assert names == slugs.unique_slugs(ids)
    assert len({n.lower() for n in names}) == len(names)
    assert all(_windows_usable(n) and _windows_usable(f"{n}.html") for n in names)
    assert names[6] == "a" and len(names[7]) <= slugs.MAX_SLUG
    pages = slugs.article_pages(ids)
    assert pages["CON"] == "CON-.html" and pages["nul.txt"] == "nul-.txt.html"


def test_chart_data_file_names_avoid_reserved_names(monkeypatch, tmp_path):
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda obj: None)
    display.configure(charts_dir=tmp_path)
    display.show(_bars(), name="aux")
    assert [p.name for p in tmp_path.iterdir()] == ["aux-.csv"]


# --------------------------------------------------------------------------------------------
# A whole report run on hostile tables


@pytest.mark.slow
def test_report_pages_survive_hostile_names(tmp_path):
    # stored with a newline (not found), a line separator (no conversion), ESC (an abort)
    first = "\nIlse\u2028Varga\x1b"
    tables = hostile_tables(first=first, outlet=f"{FORMULAS[0]}\x1b")
    store.write_tables(tables, tmp_path / "data")
    summary = site.build_reports(
        tmp_path / "data",
        tmp_path / "out",
        progress=False,
        max_articles=0,
        max_speakers=1,
        topics=[],
        corpus=True,
    )
    assert [(e.kind, e.key, e.error) for e in summary.entries] == [
        ("speaker", "Ilse Varga", None),
        ("groups", "", None),
        ("corpus", "", None),
    ]
    for entry in summary.entries:
        page = entry.html.read_text(encoding="utf-8")
        if entry.kind == "groups":  # one article repeats nothing: no chart, a sentence
            assert "No quotation appears in two articles or more." in page
            continue
        # a site page compiles each chart (no static SVG): drawn, or shown as its data
        assert "window.vegaEmbed(target" in page or "cs-chart-failed" in page, entry.slug
        assert "Traceback" not in page
    csvs = sorted((tmp_path / "out" / "charts").rglob("*.csv"))
    assert len(csvs) >= 10
    for path in csvs:
        assert _formula_cells(path.read_text(encoding="utf-8")) == [], path
