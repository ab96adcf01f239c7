"""Aggregations: one row per bar, counted in pandas, the same wherever they are shown."""

from __future__ import annotations

import pandas as pd
import pytest

from claimscope.analysis import aggregates
from claimscope.tables.schema import MENTIONS, QUOTES, TIMELINE, conform, empty


def _quote(speaker, kind="direct", *, mention=None, speaker_type="PERSON", article="a1", **extra):
    row = {c: None for c in QUOTES.column_names}
    row.update(
        article_id=article,
        kind=kind,
        text="words",
        speaker=speaker,
        speaker_mention=mention,
        speaker_type=speaker_type,
        confidence=1.0,
        **extra,
    )
    return row


def _quotes(rows):
    return conform(
        pd.DataFrame(
            [
                {**r, "quote_id": f"{r['article_id']}#{i}", "start": 10 * i, "end": 10 * i + 5}
                for i, r in enumerate(rows)
            ]
        ),
        QUOTES,
    )


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


def test_speaker_counts_has_one_row_per_speaker_with_kind_breakdown(quotes):
    counts = aggregates.speaker_counts(quotes)
    assert list(counts["speaker"]) == [
        "Andrey Kartapolov",
        "NATO",
        aggregates.UNATTRIBUTED,
        "a spokesman",
    ]
    first = counts.iloc[0]
    assert (first["quotes"], first["direct"], first["indirect"], first["mixed"]) == (3, 1, 1, 1)
    assert counts.loc[counts["speaker"] == "NATO", "direct"].item() == 2
    assert (counts[list(aggregates.KINDS)].sum(axis=1) == counts["quotes"]).all()
    assert counts["quotes"].sum() == len(quotes)
    assert counts.loc[counts["speaker"] == "a spokesman", "speaker_type"].item() == "UNKNOWN"


def test_speaker_type_is_the_most_frequent_one():
    counts = aggregates.speaker_counts(
        _quotes(
            [
                _quote("X", speaker_type="ORG"),
                _quote("X", speaker_type="PERSON"),
                _quote("X", speaker_type="PERSON"),
            ]
        )
    )
    assert counts.to_dict("records")[0]["speaker_type"] == "PERSON"


def test_entity_counts_merge_forms_under_the_canonical_type():
    counts = aggregates.entity_counts(_mentions(ENTITY_ROWS))
    assert list(counts["entity"]) == ["North Korea", "Andrey Kartapolov", "Kursk"]
    north = counts.iloc[0]
    assert (north["mentions"], north["label"], north["forms"]) == (
        4,
        "GPE",
        "DPRK; North Korea; Pyongyang",
    )


def test_timeline_points_dates_each_value():
    timeline_date = aggregates.timeline_date
    assert str(timeline_date("2025-04-29").date()) == "2025-04-29"
    assert str(timeline_date("2024-06").date()) == "2024-06-01"
    assert str(timeline_date("194X").date()) == "1940-01-01"
    assert str(timeline_date("2025-W17").date()) == "2025-04-21"
    assert timeline_date("P3Y") is None
    assert timeline_date("PAST_REF") is None
    assert timeline_date(None) is None


def test_speaker_counts_are_the_counts_of_the_speaker_aggregates(quotes):
    full = aggregates.speaker_aggregates(quotes)
    assert tuple(full.columns) == aggregates.SPEAKER_COLUMNS
    counts = aggregates.speaker_counts(quotes)
    assert tuple(counts.columns) == aggregates.SPEAKER_COUNT_COLUMNS
    pd.testing.assert_frame_equal(counts, full[list(aggregates.SPEAKER_COUNT_COLUMNS)])


def test_speaker_aggregates_count_articles_and_join_what_is_said_of_named_speakers():
    quotes = _quotes(
        [
            _quote("Ann Lee", speaker_title="minister", speaker_affiliation="Ruritania"),
            _quote("Ann Lee", article="a2", speaker_title="spokeswoman"),
            _quote("Ann Lee", article="a2", speaker_title="minister"),
            _quote(None, mention="an aide", speaker_type=None, speaker_title="aide"),
        ]
    )
    rows = aggregates.speaker_aggregates(quotes).set_index("speaker")
    ann = rows.loc["Ann Lee"]
    assert (ann["quotes"], ann["articles"]) == (3, 2)
    assert ann["titles"] == "minister; spokeswoman"
    assert ann["affiliations"] == "Ruritania"
    # a mention left unresolved is counted, but what is said of it is not a speaker's title
    assert rows.loc["an aide", "quotes"] == 1 and pd.isna(rows.loc["an aide", "titles"])


def test_speaker_aggregates_of_no_quotes_have_the_columns_and_no_rows(quotes):
    none = aggregates.speaker_aggregates(quotes.iloc[:0])
    assert tuple(none.columns) == aggregates.SPEAKER_COLUMNS and none.empty
    assert none["quotes"].dtype == "int64"


def test_co_quoted_counts_the_other_speakers_of_shared_articles():
    quotes = _quotes(
        [
            _quote("Ann Lee"),
            _quote("Bo Ng", speaker_type="PERSON"),
            _quote("Bo Ng", speaker_type="ORG"),
            _quote("Ann Lee", article="a2"),
            _quote("NATO", article="a2", speaker_type="ORG"),
            _quote("Bo Ng", article="a2"),
            _quote("Cy Fox", article="a3"),
            _quote(None, mention=None, speaker_type=None),
        ]
    )
    rows = aggregates.co_quoted(quotes, "Ann Lee").to_dict("records")
    assert rows == [
        {"speaker": "Bo Ng", "speaker_type": "PERSON", "articles": 2, "quotes": 3},
        {"speaker": "NATO", "speaker_type": "ORG", "articles": 1, "quotes": 1},
    ]
    assert aggregates.co_quoted(quotes, "Cy Fox").empty


def test_stance_counts_follow_the_stance_order():
    quotes = _quotes(
        [_quote("A", stance="deny"), _quote("A", stance=None), _quote("B", stance="assert")]
    )
    counts = aggregates.stance_counts(quotes)
    assert list(counts["stance"]) == ["neutral", "assert", "deny"]
    assert counts["quotes"].sum() == 3


def _timeline(values, quote_ids=None):
    """Timeline rows of the date ``values``, each dating the quote of ``quote_ids`` (none by
    default: events)."""
    rows = []
    quote_ids = quote_ids or [None] * len(values)
    for i, (value, quote_id) in enumerate(zip(values, quote_ids, strict=True)):
        row = {c: None for c in TIMELINE.column_names}
        row.update(
            article_id="a1",
            quote_id=quote_id,
            expression=value,
            value=value,
            granularity="day",
            kind="duration" if value.startswith("P") else "point",
            resolution="explicit",
            start=i,
            end=i + 1,
            sentence="It happened.",
            sentence_start=0,
            sentence_end=12,
            assumed=False,
        )
        rows.append(row)
    return conform(pd.DataFrame(rows), TIMELINE)


def test_timeline_counts_count_every_point_once(quotes):
    timeline = _timeline(["2024-01-02", "2024-01-03", "2024-03-01", "P3Y"])
    points = aggregates.timeline_points(timeline, quotes)
    assert len(points) == 3 and set(points["series"]) == {"events"}
    counts = aggregates.timeline_counts(points)
    assert list(counts.columns) == ["period", "series", "kind", "count"]
    assert counts["count"].sum() == 3


def test_timeline_points_of_an_article_without_quotes():
    points = aggregates.timeline_points(_timeline(["2024-01-02"]), empty(QUOTES))
    assert list(points["series"]) == ["events"]


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Soviet volunteers dug trenches near the river", 20, "Soviet volunteers…"),
        ("short enough", 20, "short enough"),
        ("a  text\nwith   breaks", 40, "a text with breaks"),
        ("Supercalifragilistic", 10, "Supercali…"),
        ("One, two, three, four", 12, "One, two…"),
    ],
)
def test_long_labels_are_cut_between_words_with_an_ellipsis(text, limit, expected):
    shown = aggregates.shortened(text, limit)
    assert shown == expected and len(shown) <= limit


def _said(dates, events):
    """Timeline points: statements on ``dates``, events on ``events``."""
    rows = [("statement", d) for d in dates] + [("event", d) for d in events]
    return pd.DataFrame(
        {
            "date": pd.to_datetime([d for _, d in rows]),
            "value": [d for _, d in rows],
            "series": ["Andrey Kartapolov" if k == "statement" else "events" for k, _ in rows],
            "kind": [k for k, _ in rows],
        }
    )


def test_the_timeline_window_is_the_statements_period_and_lists_far_dates_apart():
    points = _said(["2025-04-29", "2025-04-30"], ["1941-06-22", "2024-06-01", "2100-01-01"])
    window = aggregates.timeline_window(points)
    assert list(window.inside["value"]) == ["2025-04-29", "2025-04-30", "2024-06-01"]
    assert sorted(window.outside["value"]) == ["1941-06-22", "2100-01-01"]
    assert window.start <= pd.Timestamp("2024-06-01") and window.end < pd.Timestamp("2027-01-01")
    assert window.note() == (
        "2 points dated outside 2024-04 to 2026-05 (1941 to 2100) not on the time axis."
    )


def test_one_statement_dated_far_off_does_not_set_the_period_of_a_corpus():
    dates = [f"2019-{m:02d}-01" for m in range(1, 13)] * 10 + ["1937-01-01"]
    window = aggregates.timeline_window(_said(dates, ["2018-06-01"]))
    assert (window.start, window.end) == (pd.Timestamp("2017-12-31"), pd.Timestamp("2020-12-01"))
    assert list(window.outside["value"]) == ["1937-01-01"]
    assert "2018-06-01" in set(window.inside["value"])


def test_a_timeline_without_statements_is_not_clipped():
    window = aggregates.timeline_window(_said([], ["1941-06-22", "2024-06-01"]))
    assert len(window.inside) == 2 and window.outside.empty and window.note() == ""
