"""Which statements the speaker rankings count, and the sentence saying what they leave out."""

from __future__ import annotations

import pandas as pd
import pytest
from test_aggregates import _timeline

from claimscope.analysis import aggregates, filters
from claimscope.tables.schema import QUOTES, conform


def _quote(speaker, confidence, *, mention=None, rule="name"):
    row = {c: None for c in QUOTES.column_names}
    row.update(
        article_id="a1",
        kind="direct",
        text="words",
        start=0,
        end=5,
        speaker=speaker,
        speaker_mention=mention or speaker,
        speaker_type="PERSON" if speaker else None,
        speaker_rule=rule if speaker else None,
        confidence=confidence,
    )
    return row


@pytest.fixture
def quotes():
    rows = [
        _quote("Andrey Kartapolov", 0.9),
        _quote("Andrey Kartapolov", 0.9),
        _quote("Andrey Kartapolov", 0.9),
        _quote("Moscow", 0.55),
        _quote("Someone Unsure", 0.3),
        _quote(None, 0.4, mention="I"),
        _quote(None, 0.4, mention="you"),
        _quote(None, 0.4, mention="we"),
        _quote(None, 0.2),
        _quote("unnamed sources", 0.8, mention="reportedly", rule="reportedly"),
        _quote("he", 0.9),  # a canonical name that is a bare pronoun
    ]
    frame = pd.DataFrame([{**r, "quote_id": f"a1:q{i}"} for i, r in enumerate(rows)])
    return conform(frame, QUOTES)


def _ranked_names(quotes):
    return list(aggregates.speaker_counts(quotes)["speaker"])


def test_rankings_leave_out_pronouns_unresolved_and_unsure_speakers_by_default(quotes):
    before = _ranked_names(quotes)
    assert {"I", "you", "we", aggregates.UNATTRIBUTED} <= set(before)
    ranked = filters.ranked_statements(quotes)
    assert _ranked_names(ranked.quotes) == ["Andrey Kartapolov", "Moscow"]
    assert (ranked.total, ranked.unresolved, ranked.low_confidence) == (11, 6, 1)
    assert ranked.left_out == 7


def test_the_page_counts_what_the_rankings_leave_out(quotes):
    note = filters.ranked_statements(quotes, min_confidence=0.6).note()
    assert note == (
        "3 of 11 statements; 6 statements without a resolved speaker and 2 statements below "
        "confidence 0.6 are not in the speaker rankings, charts and tables."
    )
    one = filters.ranked_statements(quotes.iloc[[0, 4]]).note("on this page")
    assert one == "1 of 2 statements; 1 statement below confidence 0.5 is not on this page."
    everything = filters.ranked_statements(quotes.iloc[:3]).note()
    assert everything == "All 3 statements have a resolved speaker at confidence 0.5 or more."


def test_include_unresolved_ranks_speakers_as_written_but_keeps_the_bar(quotes):
    ranked = filters.ranked_statements(quotes, include_unresolved=True, min_confidence=0.6)
    names = _ranked_names(ranked.quotes)
    assert {"I", "you", "we", aggregates.UNATTRIBUTED, "unnamed sources"} <= set(names)
    assert "Moscow" not in names and "Someone Unsure" not in names
    assert ranked.note().startswith("11 statements; 6 statements without a resolved speaker")
    below = "2 statements below confidence 0.6 are not in the speaker rankings, charts and tables."
    assert ranked.note().endswith(below)


@pytest.mark.parametrize(
    ("bar", "kept"),
    [(0, 5), (0.0, 5), (0.5, 4), (0.56, 3), ("0.56", 3), (1, 0), (0.9, 3)],
)
def test_the_bar_takes_what_papermill_passes(quotes, bar, kept):
    assert len(filters.ranked_statements(quotes, min_confidence=bar).quotes) == kept


@pytest.mark.parametrize("bar", [-0.1, 1.5, "high", None, True])
def test_a_bar_that_is_no_confidence_is_a_clear_error(quotes, bar):
    with pytest.raises(filters.FilterError, match="min_confidence"):
        filters.ranked_statements(quotes, min_confidence=bar)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), (False, False), ("True", True), ("false", False), ("1", True), (0, False)],
)
def test_the_switch_takes_what_papermill_passes(value, expected):
    assert filters.switch(value) is expected


def test_a_switch_that_is_no_switch_is_a_clear_error():
    with pytest.raises(filters.FilterError, match="include_unresolved must be True or False"):
        filters.switch("maybe")


def test_the_timeline_keeps_the_events_and_the_counted_statements_only(quotes):
    # q5 is "I"
    timeline = _timeline(["2025-04-29", "2025-04-29", "194X"], ["a1:q0", "a1:q5", None])
    kept = filters.ranked_statements(quotes).quotes
    assert list(filters.timeline_of(timeline, kept)["value"]) == ["2025-04-29", "194X"]
    said = filters.timeline_of(timeline, kept, events=False)
    assert list(said["quote_id"]) == ["a1:q0"]
