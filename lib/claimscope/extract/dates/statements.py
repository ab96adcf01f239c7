"""When a statement was made: the date expression attached to its cue verb, or the
publication date standing in.

:func:`statement_date` dates one cue; :func:`statement_dates` dates every cue of an article,
finding where the article's date expressions attach only once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from spacy.tokens import Doc, Token

from claimscope.extract.dates.normalise import parse_date
from claimscope.extract.dates.recognise import expression_root
from claimscope.extract.dates.records import POINT, DateExpression, StatementDate

#: Dependencies by which a date attaches to the verb it dates ("said Tuesday", "said yesterday").
_ATTACH_DEPS = ("npadvmod", "tmod", "advmod", "obl", "nmod")


def statement_date(
    doc: Doc,
    cue_start: int,
    cue_end: int,
    expressions: Iterable[DateExpression],
    *,
    published: str | dt.date | None,
) -> StatementDate:
    """When the statement introduced by a cue was made.

    Args:
        doc: The parsed article.
        cue_start: Character offset of the cue (``quotes.cue_start``).
        cue_end: Character offset one past its end (``quotes.cue_end``).
        expressions: The article's date expressions (:func:`date_expressions`).
        published: The publication date, which stands in when the text does not say.

    Returns:
        ``(value, granularity, assumed, expression_start)``: the value of a point-in-time
        expression attached to the cue verb, ``assumed=False``; else the publication date
        with ``assumed=True`` and ``expression_start=None`` (value None without one).

    Notes:
        An expression dates the cue when the cue verb governs it directly (``npadvmod``,
        ``tmod``: "said Tuesday"), through a preposition (``prep`` -> ``pobj``: "said on
        Tuesday"), or when the cue verb is the first verb above it in the same sentence ("on
        Tuesday, Kartapolov told reporters"). Dates inside the reported content belong to
        the content, not to the act of saying, and are skipped.
    """
    return _dated_by(doc, cue_start, cue_end, _anchored_points(doc, expressions), published)


def statement_dates(
    doc: Doc,
    cues: Iterable[tuple[int, int] | None],
    expressions: Iterable[DateExpression],
    *,
    published: str | dt.date | None,
) -> Iterator[StatementDate | None]:
    """When each statement of an article was made, from the offsets of its cue.

    Args:
        doc: The parsed article.
        cues: ``(cue_start, cue_end)`` of each statement (a :class:`~claimscope.records.Quote`'s
            ``cue.start`` and ``cue.end``), None for a statement without a cue.
        expressions: The article's date expressions (:func:`date_expressions`).
        published: The publication date, which stands in when the text does not say.

    Yields:
        One :class:`StatementDate` per cue, in the order of ``cues`` (see
        :func:`statement_date`); None for a statement without a cue.

    Notes:
        The same dates as :func:`statement_date` cue by cue; where each expression attaches
        is found once for all the cues.
    """
    anchored = _anchored_points(doc, expressions)
    for cue in cues:
        if cue is None:
            yield None
            continue
        cue_start, cue_end = cue
        yield _dated_by(doc, cue_start, cue_end, anchored, published)


#: A point-in-time expression with the sentence start and governing verb of its root token.
_Anchored = tuple[DateExpression, int, int]


def _anchored_points(doc: Doc, expressions: Iterable[DateExpression]) -> list[_Anchored]:
    """The expressions that can date a statement, each with where it attaches: found once per
    article, whatever the number of statements."""
    anchored = []
    for expression in expressions:
        if expression.kind != POINT or not expression.value:
            continue
        if expression.granularity == "reference":
            continue
        root = expression_root(doc, expression.start, expression.end)
        governor = _governing_verb(root) if root is not None else None
        if governor is not None:
            anchored.append((expression, root.sent.start, governor.i))
    return anchored


def _dated_by(
    doc: Doc,
    cue_start: int,
    cue_end: int,
    anchored: Sequence[_Anchored],
    published: str | dt.date | None,
) -> StatementDate:
    span = doc.char_span(cue_start, cue_end, alignment_mode="expand")
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX")] if span is not None else []
    if span is not None and not verbs and len(span):
        verbs = [span.root]
    for verb in verbs:
        if not anchored:
            break
        sent_start = verb.sent.start
        for expression, expression_sent, governor in anchored:
            if governor == verb.i and expression_sent == sent_start:
                return StatementDate(
                    expression.value, expression.granularity, False, expression.start
                )
    day0 = parse_date(published)
    if day0 is None:
        return StatementDate(None, None, True, None)
    return StatementDate(day0.isoformat(), "day", True, None)


def _governing_verb(token: Token) -> Token | None:
    """The first verb above ``token``, climbing through prepositions and nouns' heads only when
    the token attaches as an adverbial of time."""
    head = token.head
    if head.i == token.i:
        return None
    if token.dep_ in _ATTACH_DEPS:
        return head if head.pos_ in ("VERB", "AUX") else None
    if token.dep_ == "pobj" and head.dep_ == "prep":
        verb = head.head
        return verb if verb.pos_ in ("VERB", "AUX") else None
    if token.dep_ == "compound" and head.dep_ in ("pobj", "npadvmod"):
        return _governing_verb(head)
    return None
