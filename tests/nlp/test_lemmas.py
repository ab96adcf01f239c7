"""The lemmatizer worked out once per word form gives spaCy's lemmas, token for token."""

import pytest
import spacy
from spacy.tokens import Doc

from claimscope.nlp.lemmas import FastLemmatizer, use_fast_lemmatizer
from claimscope.nlp.model import load_model


def test_only_the_english_rule_lemmatizer_is_replaced():
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not use_fast_lemmatizer(nlp)
    assert nlp.pipe_names == ["lemmatizer"]
    assert not use_fast_lemmatizer(spacy.blank("en"))


@pytest.fixture(scope="module")
def pair():
    stock = load_model(stock_attributes=True)
    fast = load_model(stock_attributes=True)
    assert use_fast_lemmatizer(fast)
    return stock.get_pipe("lemmatizer"), fast.get_pipe("claimscope_lemmatizer")


def words_doc(vocab, words, pos, morphs, lemmas=None):
    return Doc(vocab, words=words, pos=pos, morphs=morphs, lemmas=lemmas)


WORDS = ["Ministers", "were", "saying", "better", "stores", "saying", "ran", "Paris", "  "]
POS = ["NOUN", "AUX", "VERB", "ADJ", "NOUN", "VERB", "VERB", "PROPN", "SPACE"]
MORPHS = [
    "Number=Plur",
    "Mood=Ind|Tense=Past|VerbForm=Fin",
    "Aspect=Prog|Tense=Pres|VerbForm=Part",
    "Degree=Cmp",
    "Number=Plur",
    "Aspect=Prog|Tense=Pres|VerbForm=Part",
    "Tense=Past|VerbForm=Fin",
    "Number=Sing",
    "",
]


@pytest.mark.model
def test_lemmas_are_the_stock_ones_in_every_document(pair):
    stock, fast = pair
    for words, pos, morphs in [(WORDS, POS, MORPHS), (WORDS[::-1], POS[::-1], MORPHS[::-1])]:
        expected = [t.lemma_ for t in stock(words_doc(stock.vocab, words, pos, morphs))]
        assert [t.lemma_ for t in fast(words_doc(fast.vocab, words, pos, morphs))] == expected
    assert expected[-1] == "minister"  # not the surface form: the rules ran


@pytest.mark.model
def test_a_lemma_set_earlier_is_kept(pair):
    stock, fast = pair
    lemmas = ["boss", "", "", "", "", "", "", "", ""]
    expected = [t.lemma_ for t in stock(words_doc(stock.vocab, WORDS, POS, MORPHS, lemmas))]
    doc = fast(words_doc(fast.vocab, WORDS, POS, MORPHS, lemmas=lemmas))
    assert [t.lemma_ for t in doc] == expected
    assert expected[:3] == ["boss", "were", "say"]


@pytest.mark.model
def test_the_lemmatizer_travels_with_the_pipeline(nlp, tmp_path):
    assert "claimscope_lemmatizer" in nlp.pipe_names
    nlp.to_disk(tmp_path / "pipeline")
    again = spacy.load(tmp_path / "pipeline")
    assert isinstance(again.get_pipe("claimscope_lemmatizer"), FastLemmatizer)
    text = "The ministers were running to the better stores."
    assert [t.lemma_ for t in again(text)] == [t.lemma_ for t in nlp(text)]
