"""Chart builders aggregate in pandas and colour categories consistently."""

from __future__ import annotations

import pandas as pd
import pytest

from claimscope.analysis import aggregates
from claimscope.present import charts
from claimscope.tables.schema import MENTIONS, QUOTES, conform, empty


def _quote(speaker, kind="direct", *, mention=None, speaker_type="PERSON", n=0):
    row = {c: None for c in QUOTES.column_names}
    row.update(
        article_id="a1",
        quote_id=f"a1#{n}",
        kind=kind,
        text="words",
        start=10 * n,
        end=10 * n + 5,
        speaker=speaker,
        speaker_mention=mention,
        speaker_type=speaker_type,
        confidence=1.0,
    )
    return row


def _quotes(rows):
    return conform(pd.DataFrame([{**r, "quote_id": f"a1#{i}"} for i, r in enumerate(rows)]), QUOTES)


# canonical types: a mention's label may differ ("North Korean" is NORP, its entity a GPE)
ENTITY_TYPES = {"North Korea": "GPE", "Andrey Kartapolov": "PERSON", "Kursk": "PRODUCT"}


ENTITY_ROWS = [
    ("DPRK", "GPE", "North Korea"),
    ("Kartapolov", "PERSON", "Andrey Kartapolov"),
    ("North Korea", "GPE", "North Korea"),
    ("DPRK", "GPE", "North Korea"),
    ("Pyongyang", "ORG", "North Korea"),
    ("Kursk", "PRODUCT", "Kursk"),
]


def _mentions(rows):
    frame = pd.DataFrame(
        [
            {
                "article_id": "a1",
                "text": t,
                "start": 10 * i,
                "end": 10 * i + len(t),
                "label": lab,
                "entity_id": f"{ENTITY_TYPES.get(ent, lab)}:{ent}",
                "entity": ent,
            }
            for i, (t, lab, ent) in enumerate(rows)
        ]
    )
    return conform(frame, MENTIONS)


@pytest.fixture
def quotes():
    return _quotes(
        [
            _quote("Andrey Kartapolov", "direct"),
            _quote("Andrey Kartapolov", "indirect"),
            _quote("Andrey Kartapolov", "mixed"),
            _quote("NATO", "direct", speaker_type="ORG"),
            _quote("NATO", "direct", speaker_type="ORG"),
            _quote(None, "indirect", mention="a spokesman", speaker_type=None),
            _quote(None, "direct", mention=None, speaker_type=None),
        ]
    )


def test_quotes_per_speaker_embeds_one_row_per_speaker(quotes):
    spec = charts.quotes_per_speaker(quotes).to_dict()
    (rows,) = spec["datasets"].values()
    speakers = quotes["speaker"].fillna(quotes["speaker_mention"]).fillna("?")
    assert len(rows) == speakers.nunique() == 4
    assert sum(r["quotes"] for r in rows) == len(quotes)
    colour = spec["encoding"]["color"]
    assert colour["field"] == "speaker_type"
    assert colour["scale"]["domain"] == list(charts.SPEAKER_TYPE_COLOURS)
    assert colour["scale"]["range"] == list(charts.SPEAKER_TYPE_COLOURS.values())


def test_quotes_per_speaker_keeps_the_top_speakers(quotes):
    spec = charts.quotes_per_speaker(quotes, top=2).to_dict()
    (rows,) = spec["datasets"].values()
    assert [r["speaker"] for r in rows] == ["Andrey Kartapolov", "NATO"]


def test_top_entities_colours_canonical_types():
    spec = charts.top_entities(_mentions(ENTITY_ROWS)).to_dict()
    (rows,) = spec["datasets"].values()
    assert len(rows) == 3
    assert {r["entity"]: r["label"] for r in rows}["Kursk"] == "OTHER"


@pytest.mark.parametrize("builder", [charts.quotes_per_speaker, charts.top_entities])
def test_builders_accept_empty_tables(builder):
    table = empty(QUOTES) if builder is charts.quotes_per_speaker else empty(MENTIONS)
    chart = builder(table)
    assert chart.data.empty
    chart.to_dict()


def test_kind_colours_cover_the_schema_kinds():
    kind = next(c for c in QUOTES.columns if c.name == "kind")
    for name in charts.KIND_COLOURS:
        assert name in kind.description
    assert len(set(charts.KIND_COLOURS.values())) == len(charts.KIND_COLOURS)


def test_colours_follow_the_order_of_the_counts():
    assert tuple(charts.KIND_COLOURS) == aggregates.KINDS
    assert tuple(charts.STANCE_COLOURS) == aggregates.STANCES


def test_timeline_chart_counts_by_period_beyond_the_point_limit():
    n = charts.MAX_TIMELINE_POINTS + 50
    points = pd.DataFrame(
        {
            "date": pd.date_range("2020-01-01", periods=n, freq="D"),
            "value": "2020",
            "granularity": "day",
            "series": ["A", "B"] * (n // 2),
            "kind": "statement",
            "expression": "",
            "text": "x",
            "assumed": False,
        }
    )
    spec = charts.timeline_chart(points).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) < n  # counted per period, not one row per point
    assert sum(r["count"] for r in rows) == n


def _count_axes(spec):
    """``(field, axis)`` of every quantitative x or y encoding in a chart spec, layers too."""
    found = []
    for part in [spec, *spec.get("layer", []), *spec.get("hconcat", []), *spec.get("vconcat", [])]:
        for channel in ("x", "y"):
            encoding = part.get("encoding", {}).get(channel, {})
            if encoding.get("type") == "quantitative":
                found.append((encoding.get("field"), encoding.get("axis") or {}))
    return found


def test_articles_over_time_counts_whole_articles():
    from claimscope.tables.schema import ARTICLES

    row = {"article_id": "a1", "text": "x", "date": "2020-01-02", "outlet": "Daily"}
    row.update(source="a.txt", n_chars=1, content_hash="h")
    articles = conform(pd.DataFrame([row]), ARTICLES)
    axes = _count_axes(charts.articles_over_time(articles).to_dict())
    assert axes, axes
    for _, axis in axes:  # one article: ticks at 0 and 1 only
        assert axis.get("values") == [0, 1] or axis.get("tickMinStep") == 1, axes


def _tick_labels(chart) -> list[str]:
    """The texts of a chart drawn as SVG by the renderer the reports use."""
    import re

    import vl_convert

    from claimscope.present.bundles import vega_lite_version

    svg = vl_convert.vegalite_to_svg(chart.to_dict(), vl_version=vega_lite_version())
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _few_quotes():
    """Two speakers with one and two quotes: counts so small a default axis ticks at 0.5."""
    rows = [
        _quote("Ann Lee", n=0),
        _quote("Bo Ng", n=1),
        _quote("Bo Ng", "indirect", n=2),
    ]
    quotes = _quotes(rows)
    quotes["stance"] = ["assert", "deny", "deny"]
    return quotes


def _one_article():
    from claimscope.tables.schema import ARTICLES

    row = {"article_id": "a1", "text": "x", "date": "2020-01-02", "outlet": "Daily"}
    row.update(source="a.txt", n_chars=1, content_hash="h")
    return conform(pd.DataFrame([row]), ARTICLES)


@pytest.mark.parametrize(
    "build",
    [
        lambda q, m, a: charts.quotes_per_speaker(q),
        lambda q, m, a: charts.top_entities(m),
        lambda q, m, a: charts.articles_over_time(a),
        lambda q, m, a: charts.stance_mix(q),
        lambda q, m, a: charts.statements_by_speaker(q),
        lambda q, m, a: charts.speaker_entity_matrix(q, m),
        lambda q, m, a: charts.statements_timeline(q, a),
        lambda q, m, a: charts.co_quoted_speakers(q, "Ann Lee"),
    ],
    ids=[
        "quotes-per-speaker",
        "top-entities",
        "articles-over-time",
        "stance-mix",
        "statements-by-speaker",
        "speaker-entity-matrix",
        "statements-timeline",
        "co-quoted",
    ],
)
def test_count_axes_and_legends_show_whole_numbers_only(build, request):
    rows = [("Kursk", "GPE", "Kursk"), ("Bo Ng", "PERSON", "Bo Ng")] + [
        ("Kursk", "GPE", "Kursk")
    ] * 2
    mentions = _mentions(rows)
    # one mention inside Ann Lee's quote, three inside Bo Ng's
    mentions["start"], mentions["end"] = [0, 10, 20, 23], [2, 12, 22, 25]
    labels = _tick_labels(build(_few_quotes(), mentions, _one_article()))
    numbers = [t for t in labels if any(c.isdigit() for c in t) and "-" not in t]
    assert numbers, labels  # the axis is drawn and labelled
    assert not [t for t in numbers if "." in t], labels
    # a tick at 0.5 printed as a whole number would read "0, 1, 1, 2, 2" (the heat map also
    # writes its counts in the cells)
    legend = numbers[-2:] if "matrix" in request.node.callspec.id else numbers
    assert len(legend) == len(set(legend)), labels


def test_the_timeline_counts_in_whole_numbers():
    n = charts.MAX_TIMELINE_POINTS + 2
    points = pd.DataFrame(
        {
            "date": pd.date_range("2020-01-01", periods=n, freq="D"),
            "value": "2020",
            "granularity": "day",
            "series": [f"S{i % 5}" for i in range(n)],  # one or two points a week each
            "kind": "statement",
            "expression": "",
            "text": "x",
            "assumed": False,
        }
    )
    labels = _tick_labels(charts.timeline_chart(points))
    counts = [t for t in labels if t.replace(".", "").isdigit() and len(t) < 4]
    assert counts and not [t for t in counts if "." in t], labels
    assert len(counts) == len(set(counts)), labels


def test_the_timeline_axis_spans_the_statements_not_the_history_they_recall():
    points = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-04-29", "2025-04-30", "1941-06-22", "2024-06-01"]),
            "value": ["2025-04-29", "2025-04-30", "1941-06-22", "2024-06"],
            "granularity": "day",
            "series": ["Ann Lee", "Ann Lee", "events", "events"],
            "kind": ["statement", "statement", "event", "event"],
            "expression": "",
            "text": "x",
            "assumed": False,
        }
    )
    chart = charts.timeline_chart(points)
    spec = chart.to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert sorted(r["value"] for r in rows) == ["2024-06", "2025-04-29", "2025-04-30"]
    assert "1 point dated outside" in spec["title"]["subtitle"]
    years = [t for t in _tick_labels(chart) if t.isdigit() and len(t) == 4]
    assert "1950" not in years and "2000" not in years
