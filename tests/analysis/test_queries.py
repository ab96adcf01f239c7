"""The queries the report notebooks ask of the tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from claimscope.analysis import aggregates, queries
from claimscope.tables.schema import ARTICLES, MENTIONS, QUOTES, SPEAKERS, conform, empty


def _quote(n, speaker, *, article="a1", mention=None, speaker_type="PERSON", **extra):
    row = {c: None for c in QUOTES.column_names}
    row.update(
        article_id=article,
        quote_id=f"{article}#{n}",
        kind="direct",
        text="words",
        start=10 * n,
        end=10 * n + 5,
        speaker=speaker,
        speaker_mention=mention or speaker,
        speaker_type=speaker_type,
        confidence=1.0,
        **extra,
    )
    return row


def _article(article_id, date, outlet="Example News"):
    row = {c: None for c in ARTICLES.column_names}
    row.update(
        article_id=article_id,
        title=f"Title of {article_id}",
        date=date,
        outlet=outlet,
        source="sample.jsonl",
        source_line=1,
        n_chars=10,
        content_hash="0" * 40,
        text="Some text.",
    )
    return row


@pytest.fixture
def tables():
    quotes = [
        _quote(0, "Ann Lee", speaker_title="minister", speaker_affiliation="Ruritania"),
        _quote(1, "Ann Lee", article="a2", speaker_title="envoy"),
        _quote(2, "Bo Ng", speaker_type="ORG"),
        _quote(3, "Bo Ng", article="a2", speaker_type="PERSON"),
        _quote(4, "Bo Ng", article="a3", speaker_type="PERSON"),
        _quote(5, None, mention="a witness", speaker_type=None),
    ]
    articles = [
        _article("a1", "2019-03-02"),
        _article("a2", "2019-11-30", outlet="Other Times"),
        _article("a3", None),
    ]
    return {
        "articles": conform(pd.DataFrame(articles), ARTICLES),
        "quotes": conform(pd.DataFrame(quotes), QUOTES),
        "mentions": empty(MENTIONS),
    }


def test_top_speakers_rank_the_named_speakers_of_the_speaker_counts(tables):
    quotes = tables["quotes"]
    assert queries.top_speakers(quotes) == ["Bo Ng", "Ann Lee"]
    named = queries.named_speaker_counts(quotes)
    assert list(named["speaker"]) == ["Bo Ng", "Ann Lee"]
    everyone = aggregates.speaker_counts(quotes)
    assert "a witness" in set(everyone["speaker"])
    pd.testing.assert_frame_equal(
        named, everyone[everyone["speaker"] != "a witness"].reset_index(drop=True)
    )


def test_select_speaker_ignores_case_and_names_the_most_quoted(tables):
    assert queries.select_speaker(tables, "ann lee") == "Ann Lee"
    assert queries.select_speaker(tables, "") == "Bo Ng"
    with pytest.raises(queries.ReportError, match="the most quoted are 'Bo Ng', 'Ann Lee'"):
        queries.select_speaker(tables, "Nobody")


def test_speakers_table_rows_are_the_speaker_counts_with_titles_from_the_quotes(tables):
    table = queries.speakers_table(tables, tables["quotes"])
    counts = aggregates.speaker_counts(tables["quotes"])
    pd.testing.assert_frame_equal(table[list(counts.columns)], counts)
    ann = table.set_index("speaker").loc["Ann Lee"]
    assert (ann["titles"], ann["affiliation"]) == ("minister; envoy", "Ruritania")
    assert pd.isna(table.set_index("speaker").loc["Bo Ng", "titles"])


def test_speakers_table_prefers_the_speakers_table(tables):
    speakers = {c: None for c in SPEAKERS.column_names}
    speakers.update(
        speaker="Ann Lee",
        speaker_type="PERSON",
        named=True,
        titles="foreign minister",
        n_quotes=2,
        n_direct=2,
        n_indirect=0,
        n_mixed=0,
        n_articles=2,
    )
    tables["speakers"] = conform(pd.DataFrame([speakers]), SPEAKERS)
    table = queries.speakers_table(tables, tables["quotes"]).set_index("speaker")
    assert table.loc["Ann Lee", "titles"] == "foreign minister"
    assert table.loc["Ann Lee", "affiliation"] == "Ruritania"  # not in the speakers table


def test_speaker_profile_counts_quotes_and_articles(tables):
    profile = queries.speaker_profile(tables, "Bo Ng")
    assert profile == {"speaker": "Bo Ng", "speaker_type": "PERSON", "quotes": 3, "articles": 3}
    ann = queries.speaker_profile(tables, "Ann Lee")
    assert (ann["titles"], ann["affiliation"], ann["quotes"]) == ("minister; envoy", "Ruritania", 2)
    assert queries.speaker_profile(tables, "Nobody") == {
        "speaker": "Nobody",
        "quotes": 0,
        "articles": 0,
    }


def test_speaker_quotes_are_in_date_order_with_their_article(tables):
    statements = queries.speaker_quotes(tables, "Bo Ng")
    assert list(statements["article_id"]) == ["a1", "a2", "a3"]
    assert list(statements["title"]) == ["Title of a1", "Title of a2", "Title of a3"]


@pytest.mark.parametrize(
    ("bounds", "kept"),
    [
        ({}, ["a1", "a2", "a3"]),
        ({"date_from": "2019-06"}, ["a2"]),
        ({"date_to": "2019-03"}, ["a1"]),
        ({"date_from": "2019", "date_to": "2019"}, ["a1", "a2"]),
        ({"outlet": "other times"}, ["a2"]),
    ],
)
def test_filter_corpus_keeps_the_rows_of_the_kept_articles(tables, bounds, kept):
    out = queries.filter_corpus(tables, **bounds)
    assert list(out["articles"]["article_id"]) == kept
    assert set(out["quotes"]["article_id"]) == set(kept)


def test_load_tables_says_when_there_are_none(tmp_path):
    with pytest.raises(queries.ReportError, match="no articles table"):
        queries.load_tables(tmp_path)


@pytest.mark.parametrize(
    ("bounds", "kept"),
    [
        ({"date_from": 2019}, ["a1", "a2"]),  # papermill's -p date_from 2019 (a3 is undated)
        ({"date_from": 2019, "date_to": 2019}, ["a1", "a2"]),
        ({"date_to": "2019-03"}, ["a1"]),
    ],
)
def test_a_year_given_as_an_integer_is_a_prefix(tables, bounds, kept):
    assert list(queries.filter_corpus(tables, **bounds)["articles"]["article_id"]) == kept


@pytest.mark.parametrize("bound", ["March", "2019-3", 20.5, True])
def test_a_date_bound_that_is_no_date_is_a_clear_error(tables, bound):
    with pytest.raises(queries.ReportError, match="must be a date"):
        queries.filter_corpus(tables, date_from=bound)


def test_a_relative_data_folder_is_found_from_the_notebooks_folder_too(tmp_path, monkeypatch):
    data = tmp_path / "build" / "sample"
    data.mkdir(parents=True)
    (data / "articles.csv").write_text("article_id,text\na1,Hello.\n")
    (tmp_path / "notebooks").mkdir()
    monkeypatch.setattr(queries, "NOTEBOOKS_DIR", tmp_path / "notebooks")
    monkeypatch.chdir(tmp_path)  # the repository's root, as papermill is run from it
    assert queries.resolve_data_dir("../build/sample") == tmp_path / "notebooks/../build/sample"
    monkeypatch.chdir(tmp_path / "notebooks")  # the notebook's own folder
    assert queries.resolve_data_dir("../build/sample") == Path("../build/sample")
    with pytest.raises(queries.ReportError, match="no articles table"):
        queries.load_tables("nowhere")


def test_corpus_quotes_give_every_statement_its_article_newest_first(tables):
    table = queries.corpus_quotes(tables["quotes"], tables["articles"])
    assert tuple(table.columns) == queries.CORPUS_QUOTE_COLUMNS
    assert len(table) == len(tables["quotes"])
    assert list(table["quote_id"]) == ["a2#1", "a2#3", "a1#0", "a1#2", "a1#5", "a3#4"]
    first = table.iloc[0]
    assert (first["speaker"], first["date"], first["outlet"]) == (
        "Ann Lee",
        "2019-11-30",
        "Other Times",
    )
    assert table.loc[table["quote_id"] == "a1#5", "speaker"].item() == "a witness"
    assert set(table["stance"]) == {"neutral"}
    assert table.loc[table["quote_id"] == "a3#4", "date"].isna().item()
