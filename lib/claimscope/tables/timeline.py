"""The ``timeline`` table of one article, and the date each quote was said.

The date extractor (:mod:`claimscope.extract.dates`) yields records: the article's date
expressions and the date of each statement, computed from its cue's offsets. This module turns
them into rows of the ``timeline`` table (declared in :mod:`claimscope.tables.schema` as
``TIMELINE``) and joins the statement dates onto the rows of the ``quotes`` table
(``said_on``, ``said_on_assumed``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from spacy.tokens import Doc

from claimscope.extract.dates import (
    ASSUMED,
    NEEDS_DATE,
    POINT,
    UNRESOLVED,
    VAGUE,
    DateExpression,
    StatementDate,
)
from claimscope.nlp.docs import MENTION_KEY, doc_text, span_bounds
from claimscope.records import Article, Quote, Span
from claimscope.tables.rows import checked, quote_id, row


def cue_offsets(quotes: Iterable[Quote]) -> list[tuple[int, int] | None]:
    """``(cue_start, cue_end)`` of each quote, None for a quote without a cue: what
    :func:`claimscope.extract.dates.statement_dates` dates."""
    return [(q.cue.start, q.cue.end) if q.cue is not None else None for q in quotes]


def timeline_rows(
    article: Article,
    doc: Doc,
    expressions: Iterable[DateExpression],
    quotes: Sequence[Quote] = (),
    dates: Sequence[StatementDate | None] = (),
) -> list[dict[str, Any]]:
    """Rows of the ``timeline`` table for one article.

    Args:
        article: The article (its ``text`` is ``doc.text``; its ``date`` the publication date).
        doc: The article parsed by claimscope's pipeline.
        expressions: The article's date expressions
            (:func:`claimscope.extract.dates.date_expressions`).
        quotes: The article's quotes, in the order of the ``quotes`` table (quote ids are
            ``ARTICLE:qN``, as in :func:`claimscope.tables.rows.quote_rows`).
        dates: The date of each quote (:func:`claimscope.extract.dates.statement_dates`),
            None for a quote without a cue. A dated quote gets its ``quote_id`` on the row of
            the expression that dates it, or on a row of its own (empty expression at the cue,
            ``assumed=True``) when the text does not say.

    Returns:
        Dicts with the columns of ``TIMELINE``, in text order. Expressions no rule could give a
        value to, and vague references ("recently") that date no statement, are left out;
        ``text[start:end] == expression`` holds for every row.

    Raises:
        ValueError: ``quotes`` and ``dates`` differ in length, or a quote without a cue has a
            date.
        OffsetError: a row's offsets do not select its expression in the article text.
    """
    if len(quotes) != len(dates):
        raise ValueError(
            f"article {article.article_id!r}: {len(quotes)} quotes but {len(dates)} statement "
            "dates; pass one date (or None) per quote"
        )
    text = doc_text(doc)
    dated = [
        (quote_id(article.article_id, n), quote, when)
        for n, (quote, when) in enumerate(zip(quotes, dates, strict=True))
        if when is not None
    ]
    by_start: dict[int, list[str]] = {}
    for qid, _, when in dated:
        if not when.assumed and when.expression_start is not None:
            by_start.setdefault(when.expression_start, []).append(qid)

    rows: list[dict[str, Any]] = []

    def add(start: int, end: int, fields: Mapping[str, Any], qid: str | None) -> None:
        checked(
            article.article_id, article.text, Span(text[start:end], start, end), "date expression"
        )
        sentence, s_start, s_end = _sentence(doc, text, start, end)
        rows.append(
            row(
                "timeline",
                {
                    "article_id": article.article_id,
                    "expression": text[start:end],
                    "start": start,
                    "end": end,
                    **fields,
                    "sentence": sentence,
                    "sentence_start": s_start,
                    "sentence_end": s_end,
                    "entities": sentence_entities(doc, s_start, s_end),
                    "quote_id": qid,
                },
            )
        )

    for expression in expressions:
        if expression.resolution in (UNRESOLVED, VAGUE):
            continue
        fields = {
            "value": expression.value,
            "granularity": expression.granularity,
            "kind": expression.kind,
            "mod": expression.mod,
            "resolution": expression.resolution,
            "assumed": False,
        }
        for qid in by_start.get(expression.start) or [None]:
            add(expression.start, expression.end, fields, qid)
    for qid, quote, when in dated:
        if not when.assumed:
            continue
        if quote.cue is None:
            raise ValueError(
                f"article {article.article_id!r}: quote {qid} has a statement date but no cue"
            )
        at = quote.cue.start
        fields = {
            "value": when.value,
            "granularity": when.granularity,
            "kind": POINT,
            "mod": None,
            "resolution": ASSUMED if when.value else NEEDS_DATE,
            "assumed": True,
        }
        add(at, at, fields, qid)
    rows.sort(key=lambda r: (r["start"], r["end"], r["quote_id"] or ""))
    return rows


def with_statement_dates(
    article: Article,
    quote_rows: Iterable[Mapping[str, Any]],
    dates: Iterable[StatementDate | None],
) -> list[dict[str, Any]]:
    """The rows of the ``quotes`` table with the date each quote was said.

    Args:
        article: The article; its ``date`` stands in for a quote without a cue.
        quote_rows: The article's rows of the ``quotes`` table
            (:func:`claimscope.tables.rows.quote_rows`).
        dates: The date of each quote, in the same order, None for a quote without a cue.

    Returns:
        The rows with ``said_on`` (the statement's date, else the publication date) and
        ``said_on_assumed`` (True when the publication date stands in).
    """
    return [
        row(
            "quotes",
            {
                **values,
                "said_on": when.value if when is not None else article.date,
                "said_on_assumed": when.assumed if when is not None else True,
            },
        )
        for values, when in zip(quote_rows, dates, strict=True)
    ]


def sentence_entities(doc: Doc, start: int, end: int) -> str | None:
    """Canonical names of the entities mentioned between two offsets, in order, '; '-joined.

    Notes:
        Names come from ``doc.spans["mentions"]``, whose ``kb_id_`` is ``TYPE:Name``.
    """
    names: list[str] = []
    for _, _, start_char, end_char, kb_id in span_bounds(doc, MENTION_KEY):
        if start_char >= start and end_char <= end:
            name = kb_id.split(":", 1)[-1]
            if name not in names:
                names.append(name)
    return "; ".join(names) or None


def _sentence(doc: Doc, text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence around ``start:end``; ``text`` is ``doc.text`` (which spaCy rebuilds on
    every access, so it is passed in)."""
    span = doc.char_span(start, max(end, start + 1), alignment_mode="expand")
    if span is None or len(span) == 0:
        return text, 0, len(text)
    sent = span[0].sent
    s_start, s_end = sent.start_char, sent.end_char
    while s_end > s_start and text[s_end - 1].isspace():
        s_end -= 1
    return text[s_start:s_end], s_start, s_end


__all__ = [
    "cue_offsets",
    "sentence_entities",
    "timeline_rows",
    "with_statement_dates",
]
