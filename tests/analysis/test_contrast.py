"""Statements about a topic and contrasting pairs: pure functions on small tables."""

from __future__ import annotations

import pandas as pd
import pytest

from claimscope.analysis import contrast
from claimscope.tables.schema import MENTIONS, QUOTES, conform

TEXT = (
    "Vladimir Putin said Korean soldiers helped Russia in full compliance with international "
    "law. The United States believes Russia's training of North Korean soldiers violates UN "
    "resolutions. Andrey Kartapolov said North Korea repaid its debt. A spokesman said nothing "
    "about North Korea was illegal."
)


def _at(part: str) -> tuple[int, int]:
    start = TEXT.index(part)
    return start, start + len(part)


def _quote(n: int, words: str, speaker: str, speaker_type: str, affiliation=None) -> dict:
    start, end = _at(words)
    row = {c: None for c in QUOTES.column_names}
    row.update(
        article_id="a",
        quote_id=f"a:q{n}",
        kind="indirect",
        text=words,
        start=start,
        end=end,
        speaker=speaker,
        speaker_type=speaker_type,
        confidence=1.0,
    )
    if "speaker_affiliation" in row:
        row["speaker_affiliation"] = affiliation
    return row


def _mention(words: str, label: str, entity: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(words, start + 1)
    return {
        "article_id": "a",
        "text": words,
        "start": start,
        "end": start + len(words),
        "label": label,
        "entity_id": f"{label}:{entity}",
        "entity": entity,
    }


@pytest.fixture
def tables():
    quotes = conform(
        pd.DataFrame(
            [
                _quote(
                    1,
                    "Korean soldiers helped Russia in full compliance with international law",
                    "Vladimir Putin",
                    "PERSON",
                    "Russia",
                ),
                _quote(
                    2,
                    "Russia's training of North Korean soldiers violates UN resolutions",
                    "United States",
                    "GPE",
                ),
                _quote(3, "North Korea repaid its debt", "Andrey Kartapolov", "PERSON", "Russia"),
                _quote(4, "nothing about North Korea was illegal", "Dmitry Peskov", "PERSON"),
            ]
        ),
        QUOTES,
    )
    mentions = conform(
        pd.DataFrame(
            [
                _mention("Vladimir Putin", "PERSON", "Vladimir Putin"),
                _mention("Korean", "NORP", "North Korea"),
                _mention("Russia", "GPE", "Russia"),
                _mention("United States", "GPE", "United States"),
                _mention("Russia", "GPE", "Russia", 1),
                _mention("North Korean", "NORP", "North Korea"),
                _mention("North Korea", "GPE", "North Korea", 1),
                _mention("North Korea", "GPE", "North Korea", 2),
            ]
        ).assign(entity_id=lambda f: f["entity_id"].str.replace("NORP:", "GPE:")),
        MENTIONS,
    )
    return quotes, mentions


@pytest.mark.parametrize(
    ("text", "score", "terms"),
    [
        ("acted in full compliance with international law", 1.0, ("in full compliance",)),
        ("the deployment violates resolutions and must be stopped", -1.0, ("violates", "stopped")),
        ("the strike was not illegal", 1.0, ("not illegal",)),
        ("our friends helped, but the move violates the treaty", 1 / 3, None),
        ("troops crossed the border on Monday", None, ()),
        ("he completed the task", None, ()),  # "compl" is not a prefix in the lexicon
    ],
)
def test_polarity(text, score, terms):
    found = contrast.polarity(text)
    if score is None:
        assert found.score is None
    else:
        assert found.score == pytest.approx(score)
    if terms is not None:
        assert found.terms == terms


def test_quote_mentions_uses_offsets_within_the_same_article(tables):
    quotes, mentions = tables
    other = mentions.assign(article_id="b")  # same offsets, another article: never inside
    inside = contrast.quote_mentions(quotes, pd.concat([mentions, other], ignore_index=True))
    assert set(inside["article_id"]) == {"a"}
    by_quote = inside.groupby("quote_id")["entity"].agg(list).to_dict()
    assert by_quote["a:q1"] == ["North Korea", "Russia"]
    assert by_quote["a:q2"] == ["Russia", "North Korea"]
    assert "Vladimir Putin" not in set(inside["entity"])  # the speaker is outside the quote


def test_resolve_topic(tables):
    _, mentions = tables
    assert contrast.resolve_topic(mentions, "").entity_ids == ("GPE:North Korea",)
    assert contrast.resolve_topic(mentions, "north korea").entity_ids == ("GPE:North Korea",)
    assert contrast.resolve_topic(mentions, "Korean").entity_ids == ("GPE:North Korea",)
    keyword = contrast.resolve_topic(mentions, "debt")
    assert keyword.keyword == "debt" and keyword.entity_ids == ()


def test_quotes_about_entity_or_keyword(tables):
    quotes, mentions = tables
    about = contrast.quotes_about(quotes, mentions, topic="Russia")
    assert list(about["quote_id"]) == ["a:q1", "a:q2"]
    assert list(contrast.quotes_about(quotes, mentions, topic="debt")["quote_id"]) == ["a:q3"]


def test_contrasting_statements_pairs_opposite_sides_first(tables):
    quotes, mentions = tables
    pairs = contrast.contrasting_statements(quotes, mentions, topic="North Korea")
    assert list(pairs.columns) == list(contrast.CONTRAST_COLUMNS)
    first = pairs.iloc[0]
    assert (first["speaker_a"], first["speaker_b"]) == ("Vladimir Putin", "United States")
    assert "full compliance" in first["text_a"] and "violates" in first["text_b"]
    assert first["side_a"] == "Russia" and first["side_b"] == "United States"
    assert list(pairs["score"]) == sorted(pairs["score"], reverse=True)
    assert (pairs["polarity_a"] > 0).all() and (pairs["polarity_b"] < 0).all()
    assert not (pairs["speaker_a"] == pairs["speaker_b"]).any()
    # the quote without an evaluative word has no polarity and is never paired
    assert "a:q3" not in set(pairs["quote_id_a"]) | set(pairs["quote_id_b"])


def test_contrasting_statements_on_nothing(tables):
    quotes, mentions = tables
    assert contrast.contrasting_statements(quotes, mentions, topic="no such thing").empty
    assert contrast.contrasting_statements(quotes.iloc[:0], mentions, topic="Russia").empty


def test_polarity_lexicon_is_data(tmp_path):
    rules = tmp_path / "polarity.tsv"
    rules.write_text("# mine\nterm\tpolarity\tframe\nsplendid\t1\tapproval\n", encoding="utf-8")
    lexicon = contrast.load_polarity(rules)
    assert contrast.polarity("a splendid idea", lexicon=lexicon).score == 1.0
    rules.write_text("term\tpolarity\tframe\nsplendid\t2\tapproval\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"polarity\.tsv:2"):
        contrast.load_polarity(rules)


def _pairs(scores):
    """Candidate pairs ``(quote a, quote b, score)``, as contrasting_statements scores them."""
    rows = [{c: None for c in contrast.CONTRAST_COLUMNS} for _ in scores]
    for row, (a, b, score) in zip(rows, scores, strict=True):
        row.update(quote_id_a=a, quote_id_b=b, score=score)
    return pd.DataFrame(rows, columns=list(contrast.CONTRAST_COLUMNS))


def test_diverse_pairs_show_each_quote_in_few_pairs():
    # three strong quotes against each other outscore every pair of the ten weaker ones
    strong = [(f"p{i}", f"c{j}", 0.9 - 0.01 * (3 * i + j)) for i in range(3) for j in range(3)]
    weak = [
        (f"p{i}", f"c{j}", 0.5 - 0.001 * (10 * i + j)) for i in range(3, 8) for j in range(3, 8)
    ]
    pairs = contrast.diverse_pairs(_pairs(strong + weak), top=8)
    uses = pd.concat([pairs["quote_id_a"], pairs["quote_id_b"]]).value_counts()
    assert len(pairs) == 8 and uses.max() == 1  # 16 different quotes in 8 pairs
    assert list(pairs["score"]) == sorted(pairs["score"], reverse=True)
    assert (pairs.loc[0, "quote_id_a"], pairs.loc[0, "quote_id_b"]) == ("p0", "c0")
    # without the variety the eight best pairs would repeat the three strong quotes
    best = _pairs(strong + weak).sort_values("score", ascending=False).head(8)
    assert pd.concat([best["quote_id_a"], best["quote_id_b"]]).nunique() == 6


def test_diverse_pairs_repeat_a_quote_only_when_every_pair_left_repeats_one():
    one_against_many = [("p0", f"c{j}", 0.9 - 0.1 * j) for j in range(4)]
    pairs = contrast.diverse_pairs(_pairs(one_against_many), top=3, max_uses=None)
    assert list(pairs["quote_id_b"]) == ["c0", "c1", "c2"]
    assert len(contrast.diverse_pairs(_pairs(one_against_many), top=10, max_uses=None)) == 4
    # by default a quote is in two pairs at most: few statements give few pairs
    assert list(contrast.diverse_pairs(_pairs(one_against_many))["quote_id_b"]) == ["c0", "c1"]
    two_by_two = [("p0", "c0", 0.9), ("p0", "c1", 0.8), ("p1", "c0", 0.7), ("p1", "c1", 0.6)]
    pairs = contrast.diverse_pairs(_pairs(two_by_two), top=10)
    assert list(zip(pairs["quote_id_a"], pairs["quote_id_b"], strict=True)) == [
        (a, b) for a, b, _ in two_by_two
    ]
