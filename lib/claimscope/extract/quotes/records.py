"""An attribution found in a ``Doc`` and the :class:`~claimscope.records.Quote` record made
from it."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from claimscope.extract.quotes.cues import CueMatch
from claimscope.extract.speakers import ReferenceResolver, Referent
from claimscope.records import Quote
from claimscope.records import Span as TextSpan
from claimscope.rules.speakers import features


@dataclass
class Attribution:
    """A statement found in a ``Doc``, with its cue and speaker, before it becomes a record."""

    cue: CueMatch | None
    speaker: Span | None
    speaker_head: Token | None
    start: int  # content, character offsets
    end: int
    confidence: float
    name: str | None = None  # the speaker's name when no mention in the text gives it
    verbatim: bool = False  # the speaker's own words without quotation marks (a transcript)
    rule: str = ""  # the rule that found it (see claimscope.extract.quotes.RULES)
    written: Span | None = None  # the words naming the speaker, when not ``speaker`` ("who")


def to_record(a: Attribution, passages, resolver: ReferenceResolver, text: str) -> Quote:
    """The :class:`Quote` of an attribution: its kind, the speaker resolved, the stance (flipped
    by a negated cue) and the speaker's title, affiliation and gender."""
    inner = [(s, e) for s, e, _ in passages.inside(a.start, a.end)]  # spans.Passages
    if a.verbatim or (inner and any(s == a.start and e == a.end for s, e in inner)):
        kind = "direct"
    elif inner:
        kind = "mixed"
    else:
        kind = "indirect"
    if a.name is not None:
        referent = Referent(a.name, "PERSON", 0.6, "label")
    elif a.speaker_head is not None:
        referent = resolver.resolve(a.speaker_head, a.speaker)
    else:
        referent = None
    cue = a.cue
    stance = None
    if cue is not None:
        stance = cue.cue.stance
        if cue.negated:
            stance = "hedge" if stance == "deny" else "deny"
    shown = a.written if a.written is not None else a.speaker
    speaker_span = TextSpan(shown.text, shown.start_char, shown.end_char) if shown else None
    if referent is not None and referent.type == "PERSON" and referent.name:
        # an unnamed person described ("an Interpol spokesperson") is named without the article
        words = referent.name.split(" ", 1)
        if len(words) == 2 and words[0] in ("a", "an", "the", "A", "An", "The"):
            referent = Referent(words[1], referent.type, referent.confidence, referent.how)
    confidence = a.confidence * (referent.confidence if referent and referent.name else 0.5)
    speaker_rule = (referent.how or None) if referent is not None else None
    model = resolver.lexicon.speaker_model
    if model is not None and referent is not None and referent.name:
        values = features(how=referent.how, speaker=referent.name, speaker_type=referent.type,
                          rule=a.rule, score=confidence, rivals=referent.rivals)  # fmt: skip
        confidence = model.probability(values)
        if model.withholds(confidence, referent.how):  # not sure enough to name anyone
            referent = Referent(None, referent.type, confidence, referent.how, referent.rivals)
            speaker_rule = f"withheld:{speaker_rule}"
    title, affiliation, gender = resolver.profile(referent) if referent else (None, None, None)
    return Quote(
        kind=kind,
        content=TextSpan(text[a.start : a.end], a.start, a.end),
        cue=TextSpan(cue.span.text, cue.span.start_char, cue.span.end_char) if cue else None,
        cue_lemma=" ".join(cue.cue.lemmas) if cue else None,
        speaker_mention=speaker_span,
        speaker=referent.name if referent else None,
        speaker_type=referent.type if referent else None,
        stance=stance,
        confidence=round(confidence, 3),
        speaker_title=title,
        speaker_affiliation=affiliation,
        speaker_gender=gender,
        rule=a.rule or None,
        speaker_rule=speaker_rule,
        speaker_rivals=referent.rivals if referent is not None else None,
    )
