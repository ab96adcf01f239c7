"""Reporting cues: the verbs and verb phrases of the cue list found in a ``Doc``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimscope.rules.lexicon import Cue, Lexicon


@dataclass(frozen=True, slots=True)
class CueMatch:
    """A reporting cue found in a ``Doc``."""

    head: Token  # the verb (or "according")
    span: Span  # the cue as written, auxiliaries and negation included
    cue: Cue
    negated: bool


def find_cues(doc: Doc, *, lexicon: Lexicon) -> Iterator[CueMatch]:
    """Reporting cues in ``doc``: verbs and verb phrases from the cue list.

    Notes:
        A phrase cue ("express concern", "rule out", "speak in favour of") matches when its
        lemmas follow the verb in order, allowing one pronoun in between ("ruled it out").
    """
    for token in doc:
        if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBG", "VBD", "VBN", "VBZ"):
            continue
        lemma = token.lemma_.lower()
        phrase = _phrase_cue(token, lexicon)
        cue = phrase or lexicon.cue_by_lemma.get(lemma) or lexicon.cue_by_form.get(token.lower_)
        if cue is None:
            continue
        end = token.i + 1
        if phrase is not None:
            end = _phrase_end(token, phrase)
        start = token.i
        negated = False
        for left in reversed(list(token.lefts)):
            if left.i == start - 1 and left.dep_ in ("aux", "auxpass", "neg"):
                start = left.i
                negated = negated or left.dep_ == "neg"
        negated = negated or any(c.dep_ == "neg" for c in token.children)
        yield CueMatch(token, doc[start:end], cue, negated)


def _phrase_cue(token: Token, lexicon: Lexicon) -> Cue | None:
    for cue in lexicon.phrase_cues_by_lemma.get(token.lemma_.lower(), ()):
        if _phrase_end(token, cue) > token.i + 1:
            return cue
    return None


def _phrase_end(token: Token, cue: Cue) -> int:
    """End (token index) of ``cue`` starting at ``token``, or ``token.i + 1`` if absent."""
    doc = token.doc
    i = token.i + 1
    for lemma in cue.lemmas[1:]:
        if i < len(doc) and doc[i].pos_ == "PRON" and doc[i].lemma_.lower() != lemma:
            i += 1
        if i >= len(doc) or (doc[i].lemma_.lower() != lemma and doc[i].lower_ != lemma):
            return token.i + 1
        i += 1
    return i


def agentless_passive(verb: Token) -> bool:
    """ "They are expected to ...", "it was announced that ...": nobody is said to speak."""
    children = {c.dep_ for c in verb.children}
    return "auxpass" in children and "agent" not in children


def reduced_passive(verb: Token) -> bool:
    """A participle without subject or auxiliary heading an adverbial: "Asked whether ..."."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ == "advcl"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children)
    )
