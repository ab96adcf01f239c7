"""Long articles are read in paragraph-aligned pieces whose rows join into the article's."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimscope.nlp.model import resolve_model_name
from claimscope.records import Article
from claimscope.run import engines
from claimscope.run.pieces import joined_rows, split_pieces

PARAGRAPH = st.text(alphabet=st.sampled_from("ab .\n“”"), max_size=60)


@given(st.lists(PARAGRAPH, max_size=30).map("\n\n".join), st.integers(1, 200))
def test_pieces_join_into_the_text_and_keep_to_the_limit(text, limit):
    pieces = split_pieces(text, limit)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= limit for _, piece in pieces)
    assert [offset for offset, _ in pieces] == [
        sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))
    ]


def test_pieces_end_at_paragraph_breaks_then_sentences_then_spaces():
    text = "One two.\n\nThree four five. Six seven eight nine ten"
    assert [p for _, p in split_pieces(text, 20)] == [
        "One two.\n\n",
        "Three four five. ",
        "Six seven eight ",
        "nine ten",
    ]
    assert split_pieces("", 10) == [(0, "")]
    with pytest.raises(ValueError, match="at least one character"):
        split_pieces("text", 0)


def test_rows_of_pieces_are_moved_and_numbered_on():
    first = {
        "quotes": [{"quote_id": "a:q1", "start": 2, "end": 5, "cue_start": None}],
        "claims": [{"claim_id": "a:c1", "quote_id": "a:q1", "start": 2, "end": 5}],
    }
    second = {
        "quotes": [
            {"quote_id": "a:q1", "start": 0, "end": 4, "cue_start": 6},
            {"quote_id": "a:q2", "start": 7, "end": 9, "cue_start": None},
        ],
        "claims": [{"claim_id": "a:c1", "quote_id": "a:q2", "start": 7, "end": 9}],
    }
    rows = joined_rows([(0, first), (100, second)])
    assert [(r["quote_id"], r["start"], r["cue_start"]) for r in rows["quotes"]] == [
        ("a:q1", 2, None),
        ("a:q2", 100, 106),
        ("a:q3", 107, None),
    ]
    assert [(r["claim_id"], r["quote_id"], r["end"]) for r in rows["claims"]] == [
        ("a:c1", "a:q1", 5),
        ("a:c2", "a:q3", 109),
    ]


@pytest.mark.model
def test_a_long_article_read_in_pieces_gives_the_rows_of_its_paragraphs(monkeypatch):
    paragraphs = [
        f"Mayor Ann Lee{n} said on Monday that bridge {n} would reopen in May. "
        f"“We will not wait any longer for the repairs,” said Tom Reed{n}, the engineer."
        for n in range(12)
    ]
    text = "\n\n".join(paragraphs)
    article = Article(article_id="long", text=text)
    model = resolve_model_name()
    (whole,) = engines.extract_batch(model, None, [("k", article)])
    monkeypatch.setattr(engines, "PIECE_CHARS", 400)  # about two paragraphs a piece
    (pieced,) = engines.extract_batch(model, None, [("k", article)])
    quotes = pieced.rows["quotes"]
    assert len(quotes) == 24
    assert [q["quote_id"] for q in quotes] == [f"long:q{n}" for n in range(1, 25)]
    spans = {  # (table, offset columns, text column)
        ("quotes", "start", "text"),
        ("quotes", "cue_start", "cue"),
        ("quotes", "speaker_start", "speaker_mention"),
        ("mentions", "start", "text"),
        ("claims", "start", "text"),
        ("timeline", "start", "expression"),
        ("timeline", "sentence_start", "sentence"),
    }
    for table, start, shown in spans:
        end = start.replace("start", "end")
        for row in pieced.rows[table]:
            if row[start] is not None:
                assert text[row[start] : row[end]] == row[shown], (table, start, row)
    assert [(q["speaker"], q["text"]) for q in quotes] == [
        (q["speaker"], q["text"]) for q in whole.rows["quotes"]
    ]
