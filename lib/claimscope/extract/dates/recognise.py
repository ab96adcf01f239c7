"""Finding date expressions in a ``Doc``: candidate spans, trimmed and cut into expressions,
each normalised with the tense of the verb it modifies.

:func:`date_expressions` is the extractor; :func:`expression_tense` gives the tense that decides
between the previous and the next Tuesday or May 9.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from functools import cache

from spacy.tokens import Doc, Token

from claimscope.extract.dates.normalise import (
    TRAIL,
    clean_expression,
    normalise,
    parse_date,
    strip_mod,
)
from claimscope.extract.dates.records import (
    ANAPHORIC,
    NEEDS_DATE,
    POINT,
    UNRESOLVED,
    DateExpression,
)
from claimscope.extract.dates.vocabulary import MONTHS, WEEKDAYS
from claimscope.nlp.docs import doc_text
from claimscope.rules.dates import DateRule, load_date_rules

#: Auxiliaries of the future tense ("will", "'ll", "wo" of "won't").
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
#: Verbs whose complement is a plan ("plans to meet on Tuesday").
_FUTURE_HEADS = {"plan", "expect", "schedule", "due", "set", "intend", "aim", "go", "hope"}
#: Where a span that does not normalise as a whole is cut into expressions of its own
#: ("between 2014 and 2016", "November 11, three days later", "April and June").
_SEPARATOR = re.compile(r"\s*(?:,|;|\band\b|\bor\b|\bbetween\b|\bto\b|\bthrough\b|–|—)\s*", re.I)
#: Expressions that take their day from the one mentioned before (TimeML's anaphoric
#: anchoring, Pustejovsky et al. 2005): "the day", "the same day", "that day".
_ANAPHORIC_DAY = re.compile(
    r"(?:the|that|this) (?:same |very )?day"
    r"|(?:a|the) (?:second |third )?(?:straight |consecutive )+day",
    re.I,
)
#: What the entity recogniser sometimes calls a date but is not one: ages, bare numbers.
_NOT_A_DATE = re.compile(r"(?:(?:the )?ages? (?:of )?)?[\d.,]+|aged? \d+")
#: Prepositions that make a weekday look forward when the verb is not in the simple past.
_FORWARD_PREPS = ("until", "till", "by", "before")


def date_expressions(
    doc: Doc,
    *,
    published: str | dt.date | None,
    rules: Sequence[DateRule] | None = None,
) -> Iterator[DateExpression]:
    """Date expressions in ``doc``, resolved against the publication date, in text order.

    Args:
        doc: A parsed ``Doc`` (claimscope's pipeline or any English pipeline with a parser
            and an entity recogniser).
        published: The article's publication date (ISO string or date), or None.
        rules: Relative expressions (``rules/dates.tsv`` by default).

    Yields:
        One :class:`DateExpression` per expression: points in time, durations and sets
        (TIMEX3 types DATE, DURATION, SET). Leading prepositions are not part of the
        expression ("Tuesday", not "on Tuesday"), as in TIMEX3.

    Notes:
        Candidates are spaCy's ``DATE`` entities, ``TIME`` entities naming a part of the day,
        and matches of the rules (weekdays, month names, decades, "N years ago" and every
        expression in ``rules/dates.tsv``); overlapping candidates are merged. Weekdays and
        dates without a year are resolved with the tense of the verb they modify
        (:func:`expression_tense`), as in HeidelTime's news strategy.
    """
    rules = tuple(load_date_rules() if rules is None else rules)
    day0 = parse_date(published)
    text = doc_text(doc)
    last_day: str | None = None  # the latest day mentioned, for "the day", "the same day"
    for span_start, span_end in _candidate_spans(doc, rules):
        span_start, span_end = _trim_span(text, span_start, span_end)
        for start, end in _pieces(text, span_start, span_end, day0, rules):
            tense = expression_tense(doc, start, end)
            before = text[max(0, start - 8) : start].lower().split()
            if before and before[-1] in _FORWARD_PREPS and not _simple_past(doc, start, end):
                tense = "future"
            found = normalise(text[start:end], published=day0, tense=tense, rules=rules)
            bare, _ = strip_mod(clean_expression(text[start:end])[0])
            if found.resolution == UNRESOLVED and _ANAPHORIC_DAY.fullmatch(bare):
                anchor = last_day or (day0.isoformat() if day0 else None)
                found = found._replace(
                    value=anchor,
                    granularity="day",
                    resolution=ANAPHORIC if anchor else NEEDS_DATE,
                )
            if found.resolution == UNRESOLVED and _NOT_A_DATE.fullmatch(bare):
                continue
            if found.granularity == "day" and found.value and found.kind == POINT:
                last_day = found.value[:10]
            yield DateExpression(
                text[start:end],
                start,
                end,
                found.value,
                found.granularity,
                found.kind,
                found.resolution,
                found.mod,
                tense,
            )


def expression_tense(doc: Doc, start: int, end: int) -> str | None:
    """Tense of the verb that a date expression modifies, or None when it modifies a noun.

    Notes:
        The governor is the head of the expression's root, through a preposition ("said on
        Tuesday"). A date that modifies a noun ("the parade on May 9", "the May 9 events")
        dates that noun's event, whose tense the sentence does not give: the resolver then
        takes the date closest to the publication date.
    """
    root = expression_root(doc, start, end)
    if root is None:
        return None
    governor = root.head
    if governor.i == root.i:
        return None
    if governor.dep_ == "prep" or governor.pos_ == "ADP":
        governor = governor.head
    if governor.pos_ not in ("VERB", "AUX"):
        return None
    return _verb_tense(governor)


def expression_root(doc: Doc, start: int, end: int) -> Token | None:
    """The syntactic root of the tokens between two character offsets (None when there are
    none)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def _verb_tense(verb: Token) -> str | None:
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowers = {a.lower_ for a in aux}
    if lowers & _FUTURE_AUX or verb.lemma_ in ("schedule", "plan", "due", "expect"):
        return "future"
    if any(a.lower_ in ("going", "gon") for a in aux):
        return "future"
    if verb.dep_ == "xcomp" and verb.head.lemma_ in _FUTURE_HEADS:
        return "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux):
        return "past"
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in aux):
        return "past"
    if verb.tag_ == "VBN" and not aux and verb.dep_ in ("acl", "amod", "relcl"):
        return "past"  # "plans announced in January"
    if aux and any(a.tag_ == "MD" for a in aux):
        return None
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in aux):
        return "present"
    return None


def _pieces(
    text: str, start: int, end: int, published: dt.date | None, rules: Sequence[DateRule]
) -> list[tuple[int, int]]:
    """The span itself, or, when it does not normalise as a whole, its parts that do."""
    if end <= start or not any(ch.isalnum() for ch in text[start:end]):
        return []
    if normalise(text[start:end], published=published, rules=rules).resolution != UNRESOLVED:
        return [(start, end)]
    cuts = [(m.start() + start, m.end() + start) for m in _SEPARATOR.finditer(text[start:end])]
    if not cuts:
        return [(start, end)]
    parts = []
    position = start
    for cut_start, cut_end in [*cuts, (end, end)]:
        piece = _trim_span(text, position, cut_start)
        if piece[1] > piece[0]:
            parts.append(piece)
        position = cut_end
    resolved = [
        p
        for p in parts
        if normalise(text[p[0] : p[1]], published=published, rules=rules).resolution != UNRESOLVED
    ]
    return resolved or [(start, end)]


def _simple_past(doc: Doc, start: int, end: int) -> bool:
    root = expression_root(doc, start, end)
    if root is None:
        return False
    governor = root.head.head if root.head.dep_ == "prep" else root.head
    return governor.tag_ == "VBD"


def _candidate_spans(doc: Doc, rules: tuple[DateRule, ...]) -> list[tuple[int, int]]:
    """Character spans that may hold date expressions, in text order, overlapping ones merged."""
    spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
    for match in _cached_regex(rules).finditer(doc_text(doc)):
        spans.append(match.span())
    for ent in doc.ents:  # "this morning", "tonight": TIME entities that are parts of a day
        if ent.label_ == "TIME" and any(
            r.pattern.fullmatch(clean_expression(ent.text)[0]) for r in rules
        ):
            spans.append((ent.start_char, ent.end_char))
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


@cache
def _cached_regex(rules: tuple[DateRule, ...]) -> re.Pattern[str]:
    return _rule_regex(rules)


def _rule_regex(rules: Sequence[DateRule]) -> re.Pattern[str]:
    """One pattern that finds the rules' expressions in a text, with weekdays, month names,
    decades, numeric dates, "N units ago" and durations after "for"/"over"."""
    weekday = rf"(?:(?:last|next|this|on) )?(?:{'|'.join(w.title() for w in WEEKDAYS)})"
    month = "|".join(m.title() for m in MONTHS if len(m) > 3)
    fixed = [
        weekday,
        rf"(?:{month})(?: \d{{1,2}}(?:st|nd|rd|th)?)?(?:,? \d{{4}})?",
        r"\d{1,2} (?:" + month + r")(?: \d{4})?",
        r"(?:the )?(?:1[0-9]|20)\d0s",
        r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})",
        r"(?:\w+|\d+) (?:days?|weeks?|months?|years?) ago",
        r"(?:for|over) (?:the (?:past|last|next) )?(?:\d+|an?|several|a few|[a-z]+-?[a-z]*) "
        r"(?:days?|weeks?|months?|years?|decades?)",
    ]
    alternatives = [r.pattern.pattern for r in rules if r.unit != "ref"] + fixed
    refs = [r.pattern.pattern for r in rules if r.unit == "ref"]
    body = "|".join(f"(?:{a})" for a in alternatives + refs)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def _trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding punctuation, a leading preposition or a trailing
    conjunction ("on Tuesday and" is "Tuesday"); an apostrophe before "'82" is kept."""
    while start < end and text[start] in TRAIL and not re.match(r"'\d\d", text[start:end]):
        start += 1
    while end > start and text[end - 1] in TRAIL and not re.search(r"\d0'$", text[start:end]):
        end -= 1
    if start > 0 and text[start - 1] == "'" and re.fullmatch(r"\d\d(s)?", text[start:end]):
        start -= 1  # "'82", "'90s"
    lowered = text[start:end].lower()
    for prep in (
        "on ",
        "in ",
        "at ",
        "since ",
        "until ",
        "by ",
        "from ",
        "during ",
        "between ",
        "for ",
        "over ",
    ):
        if lowered.startswith(prep) and end - start > len(prep):
            start += len(prep)
            break
    for tail in (" and", " or", " to"):
        if text[start:end].lower().endswith(tail) and end - start > len(tail):
            end -= len(tail)
    return start, end
