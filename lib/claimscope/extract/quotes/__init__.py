"""Who said what: direct, indirect and mixed quotes with their cue and speaker.

The extractor reads a ``Doc`` annotated by claimscope's pipeline (quotation marks in
``doc.spans["quote_marks"]``, linked entities in ``doc.spans["mentions"]``) and yields
:class:`~claimscope.records.Quote` records. It is a pure function: no I/O, no state.

The ways of finding a statement each have a module: :mod:`.verbs` (a cue verb with its subject,
:mod:`.subjects`, and its content, :mod:`.contents`), :mod:`.sources` (reports without a cue
verb: "according to", transcripts, nouns that report, documents, "reportedly") and
:mod:`.passages` (quoted passages attributed by what is around them); :mod:`.cues` finds the
cues, :mod:`.spans` keeps the character ranges and :mod:`.records` makes the records.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from claimscope.extract.quotes.contents import with_named_object
from claimscope.extract.quotes.cues import CueMatch, agentless_passive, find_cues, reduced_passive
from claimscope.extract.quotes.passages import (
    adjacent,
    continuation,
    introduced,
    punctuated,
    split_quotation,
    stands_alone,
)
from claimscope.extract.quotes.records import Attribution, to_record
from claimscope.extract.quotes.sources import (
    according_to,
    in_documents,
    labelled_lines,
    nominal_reports,
    reportedly,
)
from claimscope.extract.quotes.spans import drop_nested, overlap
from claimscope.extract.quotes.verbs import verb_reports
from claimscope.extract.speakers import ReferenceResolver
from claimscope.nlp.docs import QUOTE_KEY, doc_text
from claimscope.records import Quote
from claimscope.rules.lexicon import Lexicon, load_lexicon


def quotes(doc: Doc, *, lexicon: Lexicon | None = None) -> Iterator[Quote]:
    """Attributed statements in ``doc``, in text order.

    Args:
        doc: A ``Doc`` processed by claimscope's pipeline (``claimscope.nlp.model.load_model``).
        lexicon: Rule sets (cues, titles, places); the packaged ones by default.

    Yields:
        One :class:`Quote` per statement. ``direct`` quotes are passages in quotation marks,
        marks included; ``indirect`` ones are reported clauses without their "that";
        ``mixed`` ones are reported clauses that contain a quoted fragment.

    Notes:
        Indirect speech is read from the parse: a cue verb's clausal complement ("said that
        ...", "..., X said"), a noun-phrase object for cues that take one ("highlighted the
        aid"), an infinitive for requests and promises ("urged X to ..."), and "according to
        X". A quoted passage is attributed to the cue whose content overlaps it, else to a cue
        next to it in the same sentence ("“...,” said X"), else, when it follows an attributed
        quote in the same or the previous paragraph, to that quote's speaker. Unattributed
        short passages (titles, scare quotes) are not statements and are skipped.
    """
    lexicon = lexicon or load_lexicon()
    resolver = ReferenceResolver(doc, lexicon)
    lexicon = lexicon or load_lexicon()
    resolver = ReferenceResolver(doc, lexicon)
    passages = [(s.start_char, s.end_char, s.label_) for s in doc.spans.get(QUOTE_KEY, [])]
    text = doc_text(doc)

    cues = [
        match
        for match in find_cues(doc, lexicon=lexicon)
        # speech reported inside a quotation belongs to the quotation
        if not any(s <= match.head.idx < e for s, e, _ in passages)
    ]
    # "Asked whether he would resign, X said ...": the one asked is not the one asking
    cues = [m for m in cues if not reduced_passive(m.head) and not agentless_passive(m.head)]
    cue_heads = {match.head.i for match in cues}
    found, loose = verb_reports(cues, cue_heads, passages, text, lexicon=lexicon)
    found.extend(according_to(doc, text, passages, lexicon=lexicon))
    found.extend(labelled_lines(doc, text, passages))
    found.extend(nominal_reports(doc, text, passages, lexicon=lexicon))
    found.extend(in_documents(doc, text, passages, lexicon=lexicon, cue_heads=cue_heads))
    found.extend(reportedly(doc, text, passages))
    found = drop_nested(found, passages, text)

    covered = [(a.start, a.end) for a in found]
    previous: Attribution | None = None
    for p_start, p_end, status in passages:
        if any(overlap(p_start, p_end, s, e) > 0 for s, e in covered):
            continue
        attribution = (
            adjacent(text, p_start, p_end, loose, lexicon=lexicon)
            or split_quotation(text, p_start, found)
            or punctuated(doc, text, p_start, p_end)
            or introduced(doc, text, p_start, p_end)
        )
        if attribution is None and stands_alone(doc, text, p_start, p_end):
            attribution = continuation(doc, text, p_start, found, previous, lexicon=lexicon)
        if attribution is None:
            continue
        attribution.start, attribution.end = p_start, p_end
        if status != "closed":
            attribution.confidence = min(attribution.confidence, 0.6)
        found.append(attribution)
        previous = attribution
        covered.append((p_start, p_end))

    found.sort(key=lambda a: (a.start, a.end))
    for attribution in found:
        with_named_object(attribution, doc, text, lexicon=lexicon)
        yield to_record(attribution, passages, resolver, text)


__all__ = ["CueMatch", "find_cues", "quotes"]
