"""Who said what: direct, indirect and mixed quotes with their cue and speaker.

The extractor reads a ``Doc`` annotated by claimscope's pipeline (quotation marks in
``doc.spans["quote_marks"]``, linked entities in ``doc.spans["mentions"]``) and yields
:class:`~claimscope.records.Quote` records. It is a pure function: no I/O, no state.

Each way of finding a statement is a named rule in one of two ordered registries, and every
quote records the rule that found it (the ``rule`` column), so the precision of each rule can be
measured (``claimscope eval``) and a rule switched off (``quotes(doc, rules=...)``):

- :data:`REPORTS`, run in order over the whole ``Doc``: ``verb`` (a cue verb with its subject,
  :mod:`.subjects`, and its content, :mod:`.contents`; the quote's rule then says how the
  content was read: ``verb-complement``, ``verb-infinitive``, ``verb-object`` ...),
  ``according-to``, ``transcript-turn`` (each paragraph of an answer in an interview transcript,
  :mod:`claimscope.extract.transcripts`), ``labelled-line`` (``transcript-label`` or
  ``name-colon``), ``report-noun``,
  ``in-document`` and ``reportedly`` (:mod:`.sources`).
- :data:`PASSAGE_RULES`, tried in order on each quoted passage no report covers (:mod:`.passages`):
  ``adjacent-cue``, ``split-quotation``, ``punctuation``, ``introduced`` and ``continuation``
  (``continuation-new-subject`` when a sentence in between names another speaker).

:mod:`.cues` finds the cues, :mod:`.spans` keeps the character ranges and :mod:`.records` makes
the records.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc

from claimscope.extract.quotes.contents import with_named_object
from claimscope.extract.quotes.cues import CueMatch, agentless_passive, find_cues, reduced_passive
from claimscope.extract.quotes.passages import (
    LooseCues,
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
    transcript_turns,
)
from claimscope.extract.quotes.spans import Passages, drop_nested
from claimscope.extract.quotes.verbs import verb_reports
from claimscope.extract.speakers import ReferenceResolver
from claimscope.extract.transcripts import Turn, turn_at, turns
from claimscope.nlp.docs import FURNITURE_KEY, QUOTE_KEY, doc_text
from claimscope.records import Quote
from claimscope.rules.lexicon import Lexicon, load_lexicon


@dataclass
class Context:
    """What the rules of one ``Doc`` share: the text, its quoted passages, the cues, and the
    statements found so far."""

    doc: Doc
    text: str
    passages: list[tuple[int, int, str]]
    lexicon: Lexicon
    cues: list[CueMatch]
    cue_heads: set[int]
    turns: list[Turn] = field(default_factory=list)  # a transcript's turns, if it is one
    loose: list[CueMatch] = field(default_factory=list)  # cues with a speaker, no content
    found: list[Attribution] = field(default_factory=list)
    previous: Attribution | None = None  # the last passage attributed
    loose_cues: LooseCues | None = None  # ``loose`` with their speakers, once needed


#: Rules that find statements anywhere in a ``Doc``, in the order they run.
REPORTS: dict[str, Callable[[Context], Iterable[Attribution]]] = {}
#: Rules that attribute a quoted passage no report covers, tried in order.
PASSAGE_RULES: dict[str, Callable[[Context, int, int], Attribution | None]] = {}


def report_rule(name: str):
    """Register a rule that finds statements in a ``Doc`` (see :data:`REPORTS`)."""

    def register(function):
        REPORTS[name] = function
        return function

    return register


def passage_rule(name: str):
    """Register a rule that attributes a quoted passage (see :data:`PASSAGE_RULES`)."""

    def register(function):
        PASSAGE_RULES[name] = function
        return function

    return register


@report_rule("verb")
def _verbs(ctx: Context) -> Iterable[Attribution]:
    found, ctx.loose = verb_reports(
        ctx.cues, ctx.cue_heads, ctx.passages, ctx.text, lexicon=ctx.lexicon
    )
    return found


@report_rule("according-to")
def _according(ctx: Context) -> Iterable[Attribution]:
    return according_to(ctx.doc, ctx.text, ctx.passages, lexicon=ctx.lexicon)


@report_rule("transcript-turn")
def _turns(ctx: Context) -> Iterable[Attribution]:
    return transcript_turns(ctx.doc, ctx.text, ctx.passages, ctx.turns)


@report_rule("labelled-line")
def _labelled(ctx: Context) -> Iterable[Attribution]:
    found = labelled_lines(ctx.doc, ctx.text, ctx.passages)
    return (a for a in found if turn_at(ctx.turns, a.start) is None)  # a turn says it already


@report_rule("report-noun")
def _nominal(ctx: Context) -> Iterable[Attribution]:
    return nominal_reports(ctx.doc, ctx.text, ctx.passages, lexicon=ctx.lexicon)


@report_rule("in-document")
def _documents(ctx: Context) -> Iterable[Attribution]:
    return in_documents(
        ctx.doc, ctx.text, ctx.passages, lexicon=ctx.lexicon, cue_heads=ctx.cue_heads
    )


@report_rule("reportedly")
def _reportedly(ctx: Context) -> Iterable[Attribution]:
    return reportedly(ctx.doc, ctx.text, ctx.passages)


@passage_rule("adjacent-cue")
def _adjacent(ctx: Context, p_start: int, p_end: int) -> Attribution | None:
    if ctx.loose_cues is None:
        ctx.loose_cues = LooseCues(ctx.loose, lexicon=ctx.lexicon)
    return adjacent(ctx.text, p_start, p_end, ctx.loose_cues)


@passage_rule("split-quotation")
def _split(ctx: Context, p_start: int, p_end: int) -> Attribution | None:
    return split_quotation(ctx.text, p_start, p_end, ctx.found)


@passage_rule("punctuation")
def _punctuated(ctx: Context, p_start: int, p_end: int) -> Attribution | None:
    return punctuated(ctx.doc, ctx.text, p_start, p_end)


@passage_rule("introduced")
def _introduced(ctx: Context, p_start: int, p_end: int) -> Attribution | None:
    return introduced(ctx.doc, ctx.text, p_start, p_end)


@passage_rule("continuation")
def _continuation(ctx: Context, p_start: int, p_end: int) -> Attribution | None:
    if not stands_alone(ctx.doc, ctx.text, p_start, p_end):
        return None
    return continuation(ctx.doc, ctx.text, p_start, ctx.found, ctx.previous, lexicon=ctx.lexicon)


#: Every rule name, in the order the rules run.
RULES: tuple[str, ...] = (*REPORTS, *PASSAGE_RULES)


def quotes(
    doc: Doc,
    *,
    lexicon: Lexicon | None = None,
    rules: Collection[str] | None = None,
    title: str | None = None,
) -> Iterator[Quote]:
    """Attributed statements in ``doc``, in text order.

    Args:
        doc: A ``Doc`` processed by claimscope's pipeline (``claimscope.nlp.model.load_model``).
        lexicon: Rule sets (cues, titles, places); the packaged ones by default.
        rules: The names of the rules to run (of :data:`RULES`); all by default.
        title: The article's title, which may say who an interview is with
            (:mod:`claimscope.extract.transcripts`).

    Yields:
        One :class:`Quote` per statement, with the name of the rule that found it (``rule``).
        ``direct`` quotes are passages in quotation marks, marks included; ``indirect`` ones
        are reported clauses without their "that"; ``mixed`` ones are reported clauses that
        contain a quoted fragment.

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
    unknown = set(rules or ()) - set(RULES)
    if unknown:
        raise ValueError(f"unknown quote rules {sorted(unknown)}; the rules are {RULES}")
    enabled = set(RULES if rules is None else rules)
    found_turns = turns(doc, title=title, first_names=lexicon.first_names)
    resolver = ReferenceResolver(doc, lexicon, turns=found_turns)
    passages = Passages((s.start_char, s.end_char, s.label_) for s in doc.spans.get(QUOTE_KEY, []))
    cues = [
        match
        for match in find_cues(doc, lexicon=lexicon)
        # speech reported inside a quotation belongs to the quotation
        if passages.holding(match.head.idx) is None
    ]
    # "Asked whether he would resign, X said ...": the one asked is not the one asking
    cues = [m for m in cues if not reduced_passive(m.head) and not agentless_passive(m.head)]
    ctx = Context(
        doc, doc_text(doc), passages, lexicon, cues, {m.head.i for m in cues}, found_turns
    )
    for name, rule in REPORTS.items():
        if name in enabled:
            ctx.found.extend(_named(rule(ctx), name))
    furniture = [(s.start_char, s.end_char) for s in doc.spans.get(FURNITURE_KEY, ())]
    if furniture:  # a link, a byline or a credit says nothing
        ctx.found = [a for a in ctx.found if not _in_furniture(a, furniture)]
    ctx.found = drop_nested(ctx.found, passages, ctx.text)

    # a passage a report covers is the report's; the passages attributed below never overlap
    # another passage, so only the reports' ranges need looking up
    covered = _Ranges((a.start, a.end) for a in ctx.found)
    passage_rules = [(n, r) for n, r in PASSAGE_RULES.items() if n in enabled]
    for p_start, p_end, status in passages:
        if covered.overlaps(p_start, p_end):
            continue
        if any(s <= p_start < e for s, e in furniture):
            continue  # "Watch: “...”" links to a video, it quotes nobody
        attribution = None
        for name, rule in passage_rules:
            attribution = rule(ctx, p_start, p_end)
            if attribution is not None:
                attribution.rule = attribution.rule or name
                break
        if attribution is None:
            continue
        attribution.start, attribution.end = p_start, p_end
        if status != "closed":
            attribution.confidence = min(attribution.confidence, 0.6)
        ctx.found.append(attribution)
        ctx.previous = attribution

    ctx.found.sort(key=lambda a: (a.start, a.end))
    for attribution in ctx.found:
        with_named_object(attribution, doc, ctx.text, lexicon=lexicon)
        yield to_record(attribution, passages, resolver, ctx.text)


class _Ranges:
    """Character ranges, asked whether any overlaps a range (by bisection on their starts and
    the running maximum of their ends)."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        ordered = sorted((s, e) for s, e in ranges if e > s)
        self.starts = [s for s, _ in ordered]
        self.reach = list(itertools.accumulate((e for _, e in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a range shares a character with ``start:end``."""
        i = bisect.bisect_left(self.starts, end)  # the ranges that start before ``end``
        return end > start and i > 0 and self.reach[i - 1] > start


def _in_furniture(a: Attribution, furniture: list[tuple[int, int]]) -> bool:
    at = (a.start, a.cue.span.start_char if a.cue is not None else a.start)
    return any(s <= x < e for s, e in furniture for x in at)


def _named(found: Iterable[Attribution], name: str) -> Iterator[Attribution]:
    for attribution in found:
        attribution.rule = attribution.rule or name
        yield attribution


__all__ = ["PASSAGE_RULES", "REPORTS", "RULES", "Context", "CueMatch", "find_cues", "quotes"]
