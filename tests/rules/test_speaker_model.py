"""The speaker model kept as data: its features, its probability and the threshold to name."""

import math

import pytest

from claimscope.extract.quotes import quotes
from claimscope.rules import load_lexicon
from claimscope.rules.speakers import (
    SpeakerModel,
    features,
    load_speaker_model,
    write_speaker_model,
)
from claimscope.rules.tsv import LexiconError


def test_features_pool_the_ways_a_speaker_is_resolved():
    values = features(how="pronoun/antecedent-subject-1", speaker="Ana Ruiz",
                      speaker_type="PERSON", rule="verb-complement", score=0.8)  # fmt: skip
    assert values == {"bias": 1.0, "how=pronoun-subject": 1.0, "type=PERSON": 1.0,
                      "rule=verb": 1.0, "full_name": 1.0, "score": 0.8,
                      "rival": 0.0, "rivals": 0.0}  # fmt: skip
    rivalled = features(how="pronoun/antecedent-subject-1", speaker="Ana Ruiz",
                        speaker_type="PERSON", rule="verb-complement", score=0.8,
                        rivals=5)  # fmt: skip
    assert (rivalled["rival"], rivalled["rivals"]) == (1.0, 3.0)  # capped at three


def test_the_probability_is_a_logistic_of_the_weighted_features():
    model = SpeakerModel({"bias": 1.0, "score": 2.0}, threshold=0.5)
    assert model.probability({"bias": 1.0, "score": 0.5}) == pytest.approx(1 / (1 + math.exp(-2)))


def test_a_model_written_is_the_model_read(tmp_path):
    write_speaker_model(tmp_path / "speaker_model.tsv", {"bias": 0.25, "how=name": 1.5}, 0.4,
                        ["fitted by hand"])  # fmt: skip
    model = load_speaker_model(rules_dir=tmp_path)
    assert model == SpeakerModel({"bias": 0.25, "how=name": 1.5}, 0.4)
    (tmp_path / "speaker_model.tsv").write_text("feature\tweight\nbias\tlots\n")
    with pytest.raises(LexiconError, match="weight 'lots' is not a number"):
        load_speaker_model(rules_dir=tmp_path)


def test_a_speaker_below_the_threshold_is_not_named(nlp, tmp_path):
    doc = nlp("Ana Ruiz met the mayor on Monday. She said that the bridge would reopen.")
    plain = {q.content.text: (q.speaker, q.speaker_rule) for q in quotes(doc)}
    assert plain["the bridge would reopen"] == ("Ana Ruiz", "pronoun/antecedent-subject-1")
    write_speaker_model(tmp_path / "speaker_model.tsv",
                        {"bias": 2.0, "how=pronoun-subject": -4.0}, 0.5, [])  # fmt: skip
    lexicon = load_lexicon(tmp_path)
    (quote,) = quotes(doc, lexicon=lexicon)
    assert quote.speaker is None and quote.speaker_mention.text == "She"
    assert quote.speaker_rule == "withheld:pronoun/antecedent-subject-1"
    assert quote.confidence == pytest.approx(1 / (1 + math.exp(2)), abs=1e-3)
