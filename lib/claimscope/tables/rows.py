"""Records to rows and rows to frames: the one place where extracted values become columns.

Rows are built from records against the declared schema (:mod:`claimscope.tables.schema`):
a record's fields are its table's columns, a span field standing for its text and offsets
(:data:`SPAN_COLUMNS`), and a key that is not a declared column is a :class:`SchemaError`, in
:func:`row` and again in :func:`frame`, so a misspelt key can never leave a column silently
empty. Every span is checked against the article text on its way into a row: a record whose
``text[start:end]`` differs from its own text raises :class:`OffsetError`, so no table ever
holds an offset that does not point at what it claims.
"""

from __future__ import annotations

import hashlib
import typing
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any, NamedTuple

import pandas as pd

from claimscope.records import Article, Claim, Mention, Quote, Rejection, Span
from claimscope.tables.schema import TABLES, SchemaError, conform

#: Columns that a span field of a record fills: its text, start and end. A field not named
#: here fills ``NAME``, ``NAME_start`` and ``NAME_end``.
SPAN_COLUMNS: dict[str, tuple[str, str, str]] = {
    "content": ("text", "start", "end"),
    "span": ("text", "start", "end"),
    "speaker_mention": ("speaker_mention", "speaker_start", "speaker_end"),
}

#: Record fields that are not columns of their own: fields the tables stage turns into other
#: columns (a claim's ``quote_index`` becomes ``quote_id``).
_NOT_COLUMNS = frozenset({"quote_index"})


class OffsetError(RuntimeError):
    """A span's offsets do not select its text in the article."""


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def checked(article_id: str, text: str, span: Span | None, what: str) -> Span | None:
    """``span`` itself, after checking that ``text[span.start:span.end] == span.text``.

    Raises:
        OffsetError: the offsets select other text.
    """
    if span is None:
        return None
    if text[span.start : span.end] != span.text:
        raise OffsetError(
            f"article {article_id!r}: {what} at {span.start}:{span.end} is "
            f"{text[span.start : span.end]!r}, not {span.text!r}"
        )
    return span


def span_columns(field: str) -> tuple[str, str, str]:
    """The ``(text, start, end)`` columns a span field fills."""
    return SPAN_COLUMNS.get(field, (field, f"{field}_start", f"{field}_end"))


@cache
def _span_fields(record_type: type) -> frozenset[str]:
    """The fields of a record type that hold a :class:`~claimscope.records.Span`."""
    hints = typing.get_type_hints(record_type)
    return frozenset(
        name for name, hint in hints.items() if hint is Span or Span in typing.get_args(hint)
    )


def record_columns(record_type: type[NamedTuple]) -> list[str]:
    """The columns a record type fills, in field order (see :func:`record_values`)."""
    spans = _span_fields(record_type)
    columns: list[str] = []
    for name in record_type._fields:
        if name not in _NOT_COLUMNS:
            columns.extend(span_columns(name) if name in spans else (name,))
    return columns


def record_values(article: Article, record: NamedTuple, *, what: str) -> dict[str, Any]:
    """A record's fields as column values: span fields (checked against the article text) as
    their text and offsets, every other field as it is."""
    values: dict[str, Any] = {}
    spans = _span_fields(type(record))
    for name, value in zip(record._fields, record, strict=True):
        if name in _NOT_COLUMNS:
            continue
        if name not in spans:
            values[name] = value
            continue
        span = checked(article.article_id, article.text, value, f"{what} {name}")
        text_col, start_col, end_col = span_columns(name)
        values[text_col] = span.text if span is not None else None
        values[start_col] = span.start if span is not None else None
        values[end_col] = span.end if span is not None else None
    return values


def row(table: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """A row of ``table`` with ``values``; a key that is not one of its columns is an error.

    Raises:
        SchemaError: ``values`` holds a key the table does not declare.
    """
    _check_keys(table, values)
    return dict(values)


def _check_keys(table: str, values: Mapping[str, Any]) -> None:
    declared = TABLES[table].column_set
    if not declared.issuperset(values):
        unknown = sorted(set(values) - declared)
        raise SchemaError(
            f"table {table!r}: no column named {', '.join(map(repr, unknown))}; "
            f"declared columns are {TABLES[table].column_names}"
        )


def article_row(article: Article) -> dict:
    return row(
        "articles",
        {
            "article_id": article.article_id,
            "title": article.title,
            "date": article.date,
            "outlet": article.outlet,
            "url": article.url,
            "source": article.source or "",
            "source_line": article.source_line,
            "n_chars": len(article.text),
            "content_hash": content_hash(article.text),
            "text": article.text,
        },
    )


def quote_id(article_id: str, index: int) -> str:
    """The id of an article's quote at ``index`` (0-based): ``ARTICLE:qN``."""
    return f"{article_id}:q{index + 1}"


def quote_rows(article: Article, quotes: Iterable[Quote]) -> list[dict]:
    """Rows of the ``quotes`` table for one article; quote ids are ``ARTICLE:qN``."""
    return [
        row(
            "quotes",
            {
                "article_id": article.article_id,
                "quote_id": quote_id(article.article_id, n),
                **record_values(article, quote, what="quote"),
            },
        )
        for n, quote in enumerate(quotes)
    ]


def mention_rows(article: Article, mentions: Iterable[Mention]) -> list[dict]:
    """Rows of the ``mentions`` table for one article."""
    return [
        row(
            "mentions",
            {"article_id": article.article_id, **record_values(article, m, what="mention")},
        )
        for m in mentions
    ]


def rejection_row(rejection: Rejection) -> dict:
    return row(
        "rejected",
        {
            "source": rejection.source,
            "line": rejection.line,
            "article_id": rejection.article_id,
            "code": rejection.code,
            "reason": rejection.reason,
        },
    )


def claim_rows(article: Article, found: Iterable[Claim]) -> list[dict]:
    """Rows of the ``claims`` table for one article; claim ids are ``ARTICLE:cN``."""
    rows = []
    for n, claim in enumerate(found, 1):
        content = checked(article.article_id, article.text, claim.content, "claim")
        cue = checked(article.article_id, article.text, claim.cue, "claim cue")
        rows.append(
            row(
                "claims",
                {
                    "article_id": article.article_id,
                    "claim_id": f"{article.article_id}:c{n}",
                    "quote_id": (
                        quote_id(article.article_id, claim.quote_index)
                        if claim.quote_index is not None
                        else None
                    ),
                    "claimant": claim.claimant,
                    "claimant_type": claim.claimant_type,
                    "text": content.text,
                    "start": content.start,
                    "end": content.end,
                    "cue": cue.text if cue else None,
                    "stance": claim.stance,
                    "entities": "; ".join(e.split(":", 1)[1] for e in claim.entities) or None,
                    "entity_ids": "; ".join(claim.entities) or None,
                },
            )
        )
    return rows


def frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """A table's rows as a frame cast to its declared schema.

    Raises:
        SchemaError: a row holds a key the table does not declare.
    """
    table = TABLES[name]
    for values in rows:
        _check_keys(name, values)
    return conform(pd.DataFrame(rows, columns=table.column_names), table)
