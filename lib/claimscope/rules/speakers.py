"""How sure a speaker is: a logistic model of whether a resolved speaker is right, kept as data.

The model scores each statement's speaker from what is known when it is resolved (the features
of :func:`features`: how the speaker was found, its type, the rule that found the statement,
whether the name is a full name, and the extractor's own score) with weights fitted on the
development gold sets by ``benchmarks/train_resolver.py`` (``make train-resolver``) and kept in
``rules/speaker_model.tsv``. The probability is the quote's ``confidence``; a speaker whose
probability is below the file's ``threshold`` is not named (the statement keeps its speaker as
written and its low confidence): a wrong name in a table of who said what is worse than an
unknown one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from claimscope.rules.tsv import LexiconError, rule_rows

#: The ways of resolving a speaker, pooled into the classes the model has weights for.
_HOW_CLASSES = {
    "name": "name",
    "name-attached": "name",
    "label": "label",
    "transcript": "transcript",
    "transcript-we": "transcript-we",
    "transcript-you": "transcript-you",
    "document": "document",
    "conjoined": "group",
    "pair": "group",
    "partitive": "group",
    "group-description": "group",
    "description": "description",
    "introduced": "description",
    "age": "description",
    "possessed": "description",
    "organisation-noun": "description",
    "unnamed-person": "unnamed",
    "unnamed-organisation": "unnamed",
    "description-text": "unnamed",
    "reportedly": "reportedly",
}


def _how_class(how: str | None) -> str:
    if not how:
        return "none"
    if how.startswith("pronoun/antecedent-same-sentence"):
        return "pronoun-same-sentence"
    if how.startswith("pronoun/antecedent-subject-1"):
        return "pronoun-subject"
    if how.startswith("pronoun/antecedent"):
        return "pronoun-far"
    if how.startswith("pronoun/"):
        return _HOW_CLASSES.get(how.split("/", 1)[1], "pronoun-other")
    return _HOW_CLASSES.get(how, "other")


def _rule_class(rule: str | None) -> str:
    if not rule:
        return "none"
    if rule.startswith("verb-"):
        return "verb"
    if rule in ("adjacent-cue", "split-quotation", "continuation", "continuation-new-subject"):
        return "passage"
    if rule in ("transcript-turn", "transcript-label", "name-colon"):
        return "label"
    return rule


def features(
    *, how: str | None, speaker: str | None, speaker_type: str | None, rule: str | None,
    score: float, rivals: int = 0,
) -> dict[str, float]:  # fmt: skip
    """The features of one resolved speaker, by name (absent features are 0)."""
    words = (speaker or "").split()
    return {
        "rivals": float(min(rivals, 3)),
        "rival": 1.0 if rivals else 0.0,
        "bias": 1.0,
        f"how={_how_class(how)}": 1.0,
        f"type={speaker_type or 'none'}": 1.0,
        f"rule={_rule_class(rule)}": 1.0,
        "full_name": 1.0 if len(words) >= 2 and words[0][:1].isupper() else 0.0,
        "score": score,
    }


#: Ways of resolving that read the name in the text itself: a speaker found so is named
#: whatever its probability (the probability is its confidence).
NAMED_IN_TEXT = frozenset({"name", "label", "transcript"})


@dataclass(frozen=True)
class SpeakerModel:
    """Weights of the features, and the probability below which a speaker is not named."""

    weights: Mapping[str, float] = field(default_factory=dict)
    threshold: float = 0.0

    def withholds(self, probability: float, how: str | None) -> bool:
        """Whether a speaker resolved ``how`` with ``probability`` is left unnamed: an
        inferred one (a pronoun, a description, a group) below the threshold."""
        return probability < self.threshold and _how_class(how) not in NAMED_IN_TEXT

    def probability(self, values: Mapping[str, float]) -> float:
        z = sum(self.weights.get(name, 0.0) * value for name, value in values.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def load_speaker_model(
    path: str | Path | None = None, *, rules_dir: str | Path | None = None
) -> SpeakerModel | None:
    """The model of ``speaker_model.tsv`` (``feature``, ``weight`` rows, and a ``threshold``
    row); None when the file has no weights.

    A ``speaker_model.tsv`` in ``rules_dir`` replaces the packaged model as a whole: unlike the
    word lists, the weights of two fits do not mix. Without one, the packaged model holds.
    """
    if path is None and rules_dir is not None:
        own = Path(rules_dir) / "speaker_model.tsv"
        if own.is_file():
            path = own
    if path is None:
        return _packaged()
    return _model(path, None)


@cache
def _packaged() -> SpeakerModel | None:
    return _model(None, None)


def _model(path, rules_dir) -> SpeakerModel | None:
    weights: dict[str, float] = {}
    threshold = 0.0
    for where, row in rule_rows("speaker_model.tsv", ("feature", "weight"), rules_dir=rules_dir,
                                path=path):  # fmt: skip
        try:
            value = float(row["weight"])
        except ValueError as error:
            raise LexiconError(f"{where}: weight {row['weight']!r} is not a number") from error
        if row["feature"] == "threshold":
            threshold = value
        else:
            weights[row["feature"]] = value
    return SpeakerModel(weights, threshold) if weights else None


def write_speaker_model(
    path: str | Path, weights: Mapping[str, float], threshold: float, header: Iterable[str]
) -> None:
    """Write a fitted model in the format :func:`load_speaker_model` reads."""
    lines = [f"# {line}" if line else "#" for line in header]
    lines.append("feature\tweight")
    lines += [f"{name}\t{weight:.6f}" for name, weight in sorted(weights.items())]
    lines.append(f"threshold\t{threshold:.4f}")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
