"""Records become rows against the declared schema: unknown keys fail, offsets are checked."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimscope.records import Article, Claim, Mention, Quote, Span
from claimscope.tables import rows
from claimscope.tables.schema import CLAIMS, MENTIONS, QUOTES, SchemaError

TEXT = "Ana Ruiz said the dam would hold."
ARTICLE = Article(article_id="a1", text=TEXT, date="2024-05-01")


def _quote(**changes) -> Quote:
    values = dict(
        kind="indirect",
        content=Span("the dam would hold", 14, 32),
        cue=Span("said", 9, 13),
        speaker_mention=Span("Ana Ruiz", 0, 8),
        speaker="Ana Ruiz",
        speaker_type="PERSON",
        cue_lemma="say",
        stance="neutral",
    )
    values.update(changes)
    return Quote(**values)


def test_a_misspelt_key_fails_loudly():
    values = rows.quote_rows(ARTICLE, [_quote()])[0]
    values["speaker_titel"] = "mayor"  # the misspelling that once left a column empty
    with pytest.raises(SchemaError, match="no column named 'speaker_titel'"):
        rows.row("quotes", values)
    with pytest.raises(SchemaError, match="speaker_titel"):
        rows.frame("quotes", [values])


def test_a_frame_of_good_rows_keeps_every_value():
    frame = rows.frame("quotes", rows.quote_rows(ARTICLE, [_quote(speaker_title="mayor")]))
    assert frame.loc[0, "speaker_title"] == "mayor"
    assert frame.loc[0, "quote_id"] == "a1:q1"
    assert (frame.loc[0, "speaker_start"], frame.loc[0, "speaker_end"]) == (0, 8)


def test_quote_columns_are_declared_once_in_the_record():
    """The ``Quote`` record names the columns it fills; the tables stage adds only ids and the
    statement's date, and the corpus stage its groups. A field added to the record without a
    column (or the reverse) fails."""
    added_by_tables = {"article_id", "quote_id", "said_on", "said_on_assumed"}
    added_by_tables |= {"group_id", "claim_group_id"}
    from_record = rows.record_columns(Quote)
    assert len(from_record) == len(set(from_record))
    assert set(from_record) | added_by_tables == set(QUOTES.column_names)
    assert not set(from_record) & added_by_tables


def test_mention_records_fit_their_table():
    assert set(rows.record_columns(Mention)) | {"article_id"} == set(MENTIONS.column_names)


def test_claims_fill_every_column_and_refer_to_their_quote():
    claim = Claim(
        content=Span("the dam would hold", 14, 32),
        claimant="Ana Ruiz",
        claimant_type="PERSON",
        cue=Span("said", 9, 13),
        stance="neutral",
        entities=("PERSON:Ana Ruiz",),
        quote_index=0,
    )
    (row,) = rows.claim_rows(ARTICLE, [claim])
    assert set(row) | {"claim_group_id"} == set(CLAIMS.column_names)  # set by the corpus stage
    assert row["quote_id"] == "a1:q1" and row["entity_ids"] == "PERSON:Ana Ruiz"


def test_a_span_that_does_not_select_its_text_is_refused():
    with pytest.raises(rows.OffsetError, match=r"speaker_mention at 0:8 is 'Ana Ruiz', not 'Ana'"):
        rows.quote_rows(ARTICLE, [_quote(speaker_mention=Span("Ana", 0, 8))])


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(min_size=1, max_size=60),
    bounds=st.tuples(st.integers(0, 60), st.integers(0, 60)),
    shift=st.integers(-3, 3),
)
def test_the_offset_rule_holds_for_any_span(text, bounds, shift):
    """A span whose offsets select its text becomes a row; any other span raises, whatever
    the text (surrogates, newlines, combining marks)."""
    start, end = sorted(bounds)
    start, end = min(start, len(text)), min(end, len(text))
    article = Article(article_id="x", text=text)
    good = Span(text[start:end], start, end)
    mention = Mention(good, "PERSON", "PERSON:X", "X")
    (row,) = rows.mention_rows(article, [mention])
    assert text[row["start"] : row["end"]] == row["text"]
    moved = Span(good.text, max(0, start + shift), max(0, end + shift))
    if text[moved.start : moved.end] != moved.text:
        with pytest.raises(rows.OffsetError):
            rows.mention_rows(article, [Mention(moved, "PERSON", "PERSON:X", "X")])
