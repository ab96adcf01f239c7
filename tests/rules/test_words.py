"""The vocabulary of ``words.tsv`` and the guards of ``cues.tsv``: validated row by row, and
overlaid from an analyst's folder onto what the extractors read."""

import pytest

from claimscope.extract import claims, quotes
from claimscope.rules.lexicon import (
    Cue,
    Lexicon,
    LexiconError,
    load_cues,
    load_lexicon,
    load_words,
)

WORDS_HEADER = "# comment\nword\tclasses\tgender\tstance\tpronoun\n"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("dossier\tdocumnet\n", "unknown class 'documnet'"),
        ("dossier\t\n", "no classes"),
        ("he\tgendered pronoun\n", "a 'gendered pronoun' word needs a gender"),
        ("dossier\tdocument\tm\n", "a gender is only for the classes"),
        ("he\tgendered pronoun\tx\n", "gender must be m or f"),
        ("boast\treport\t\tbragging\n", "unknown stance 'bragging'"),
        ("boast\treport\n", "a 'report' word needs a stance"),
        ("its\tpossessive\n", "a 'possessive' word needs a pronoun"),
        ("dossier\tdocument\t\t\t\textra\n", "expected 5 tab-separated fields"),
    ],
)
def test_malformed_word_file_names_file_and_line(tmp_path, line, message):
    path = tmp_path / "words.tsv"
    path.write_text(WORDS_HEADER + line, encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"words.tsv:3: .*{message}"):
        load_words(path)


def test_malformed_guard_names_file_and_line(tmp_path):
    path = tmp_path / "cues.tsv"
    path.write_text(
        "cue\tstance\tobject\tguards\nsay\tneutral\tclause\n"
        "proclaim\tassert\tclause\tnaming|documents\n",
        encoding="utf-8",
    )
    with pytest.raises(LexiconError, match=r"cues.tsv:3: unknown guard 'documents'"):
        load_cues(path)


def test_packaged_words_and_guards():
    lexicon = load_lexicon()
    assert lexicon.pronoun_gender["her"] == "f"
    assert lexicon.possessive_pronouns["their"] == "they"
    assert {"statement", "press release"} <= lexicon.document_nouns
    assert lexicon.report_nouns["claim"] == "assert"
    assert len(lexicon.report_noun_ids) == len(lexicon.report_nouns)
    assert lexicon.assessment_markers["may"] == "hedge"
    cues = {c.lemmas: c for c in lexicon.cues}
    assert cues[("read",)].guards == {"document-subject"}
    assert cues[("hit", "out", "at")].guards == {"criticism"}
    assert cues[("say",)].guards == frozenset()
    assert lexicon.cue_guards("call") == {"naming"}


def test_a_lexicon_built_without_words_has_the_packaged_ones():
    lexicon = Lexicon((Cue(("say",), "neutral", False),), (), (), ())
    assert "statement" in lexicon.document_nouns
    assert lexicon.cue_by_lemma["say"].guards == frozenset()


def test_an_overlay_word_replaces_the_packaged_row(tmp_path):
    (tmp_path / "words.tsv").write_text(
        "word\tclasses\nstatement\torganisation\n", encoding="utf-8"
    )
    lexicon = load_lexicon(rules_dir=tmp_path)
    assert "statement" in lexicon.organisation_nouns
    assert "statement" not in lexicon.document_nouns
    assert "statement" not in lexicon.report_nouns
    assert "report" in lexicon.document_nouns  # the other packaged rows stay


@pytest.mark.model
def test_words_added_in_a_rules_folder_take_effect(nlp, tmp_path):
    (tmp_path / "words.tsv").write_text(
        "word\tclasses\tgender\tstance\nboast\treport\t\tassert\narguably\tassessment\t\thedge\n",
        encoding="utf-8",
    )
    lexicon = load_lexicon(rules_dir=tmp_path)
    doc = nlp("Smith's boast that he would win the race surprised nobody.")
    assert list(quotes(doc)) == []
    (quote,) = quotes(doc, lexicon=lexicon)
    assert (quote.speaker, quote.cue.text, quote.content.text, quote.stance) == (
        "Smith", "boast", "he would win the race", "assert",
    )  # fmt: skip
    doc = nlp("The plan is arguably the best option for the region.")
    assert list(claims(doc, [])) == []
    (claim,) = claims(doc, [], lexicon=lexicon)
    assert (claim.claimant_type, claim.cue.text, claim.stance) == ("ARTICLE", "arguably", "hedge")


@pytest.mark.model
def test_a_cue_added_with_a_guard_gets_it(nlp, tmp_path):
    guarded, plain = tmp_path / "guarded", tmp_path / "plain"
    guarded.mkdir()
    plain.mkdir()
    (guarded / "cues.tsv").write_text(
        "cue\tstance\tobject\tguards\nproclaim\tassert\tclause\tdocument-subject\n",
        encoding="utf-8",
    )
    (plain / "cues.tsv").write_text("cue\tstance\tobject\nproclaim\tassert\tclause\n")
    person = nlp("The minister proclaimed that the war was over.")
    document = nlp("The report proclaimed that the war was over.")

    def speakers(doc, folder):
        return [q.speaker for q in quotes(doc, lexicon=load_lexicon(rules_dir=folder))]

    # a cue that needs a document subject reports for the report, not for the minister
    assert speakers(person, plain) == ["minister"]
    assert speakers(person, guarded) == []
    assert [q.content.text for q in quotes(document, lexicon=load_lexicon(guarded))] == [
        "the war was over"
    ]
