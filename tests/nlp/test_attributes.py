"""The vectorised attribute map gives what spaCy's attribute_ruler gives, token for token."""

import pytest
import spacy
from spacy.tokens import Doc

from claimscope.nlp.attributes import FastAttributes, UnsupportedPattern, use_fast_attributes
from claimscope.nlp.model import load_model

PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "NN", "LOWER": "nothing"}]], "attrs": {"POS": "PRON"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
    {"patterns": [[{"LOWER": {"IN": ["big", "small"]}}]], "attrs": {"POS": "ADJ"}},
    {"patterns": [[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], "attrs": {"LEMMA": "you"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["NN", ""]}}]], "attrs": {"MORPH": "Foo=Bar"}},
]


def tagged(nlp, words, tags):
    return Doc(nlp.vocab, words=words, tags=tags)


@pytest.fixture
def blank_pair():
    stock = spacy.blank("en")
    stock.add_pipe("attribute_ruler").add_patterns(PATTERNS)
    fast = spacy.blank("en")
    fast.add_pipe("claimscope_attributes").add_patterns(PATTERNS)
    return stock, fast


def attributes(doc):
    return [(t.text, t.pos_, str(t.morph), t.lemma_) for t in doc]


@pytest.mark.parametrize(
    ("words", "tags"),
    [
        (["nothing", "big", "gon", "na", "happen"], ["NN", "JJ", "VBG", "TO", "VB"]),
        (["y'", "all", "small", "dog"], ["PRP", "DT", "JJ", "NN"]),
        (["y", "all"], ["PRP", "DT"]),
        (["gon"], ["VBG"]),  # a two-token pattern cut short
    ],
)
def test_later_patterns_win_attribute_by_attribute_as_in_spacy(blank_pair, words, tags):
    stock, fast = blank_pair
    expected = attributes(stock.get_pipe("attribute_ruler")(tagged(stock, words, tags)))
    assert attributes(fast.get_pipe("claimscope_attributes")(tagged(fast, words, tags))) == expected


def test_the_patterns_travel_with_the_pipeline(blank_pair, tmp_path):
    _, fast = blank_pair
    fast.to_disk(tmp_path / "pipeline")
    again = spacy.load(tmp_path / "pipeline")
    doc = again.get_pipe("claimscope_attributes")(tagged(again, ["nothing"], ["NN"]))
    assert (doc[0].pos_, str(doc[0].morph)) == ("PRON", "Number=Sing")


def test_an_operator_keeps_the_stock_component():
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns(
        [{"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"POS": "DET"}}]
    )
    with pytest.raises(UnsupportedPattern):
        FastAttributes(nlp).add_patterns(nlp.get_pipe("attribute_ruler").patterns)
    assert not use_fast_attributes(nlp)
    assert nlp.pipe_names == ["attribute_ruler"]


@pytest.mark.model
def test_the_english_pipeline_reads_the_same_with_either(nlp):
    text = (
        "I ain't gonna say that nothing happened, y'all. Let's see: there were 3 cats that "
        "the city's mayor, who'd left, couldn't find. She's got to go; c'mon!  \n\nWe won."
    )
    stock = load_model(stock_attributes=True)
    assert {"attribute_ruler", "lemmatizer"} <= set(stock.pipe_names)
    assert {"claimscope_attributes", "claimscope_lemmatizer"} <= set(nlp.pipe_names)
    keys = ("pos_", "morph", "lemma_", "tag_", "dep_")
    read = [[str(getattr(t, k)) for k in keys] for t in nlp(text)]
    assert read == [[str(getattr(t, k)) for k in keys] for t in stock(text)]


@pytest.mark.model
def test_the_stock_component_is_one_option_away_and_gives_the_same_tables(tmp_path, monkeypatch):
    from claimscope.cli import main
    from claimscope.nlp.model import STOCK_ATTRIBUTES_VAR
    from claimscope.run.store import read_tables
    from conftest import ROOT

    monkeypatch.setenv(STOCK_ATTRIBUTES_VAR, "0")  # restored after the test
    sample = str(ROOT / "data")
    assert main(["extract", sample, "--out", str(tmp_path / "fast"), "--no-cache", "-q"]) == 0
    args = ["extract", sample, "--out", str(tmp_path / "stock"), "--no-cache", "-q"]
    assert main([*args, "--stock-attributes"]) == 0
    assert "attribute_ruler" in load_model().pipe_names  # the option reached the loader
    fast, stock = read_tables(tmp_path / "fast"), read_tables(tmp_path / "stock")
    for name in ("quotes", "mentions", "claims", "timeline"):
        assert fast[name].equals(stock[name]), name
