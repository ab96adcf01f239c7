"""Records to DataFrames: the one place where extracted values become table columns.

Every span is checked against the article text on its way into a row: a record whose
``text[start:end]`` differs from its own text raises :class:`OffsetError`, so no table ever
holds an offset that does not point at what it claims.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pandas as pd
from spacy.tokens import Doc

from claimscope.extract import mentions, quotes
from claimscope.lexicon import Lexicon
from claimscope.records import Article, Mention, Quote, Rejection, Span
from claimscope.schema import TABLES, conform

#: Tables made from one article at a time, in the order they are built.
ARTICLE_TABLES = ("quotes", "mentions")


class OffsetError(RuntimeError):
    """A span's offsets do not select its text in the article."""


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _checked(article_id: str, text: str, span: Span | None, what: str) -> Span | None:
    if span is None:
        return None
    if text[span.start : span.end] != span.text:
        raise OffsetError(
            f"article {article_id!r}: {what} at {span.start}:{span.end} is "
            f"{text[span.start : span.end]!r}, not {span.text!r}"
        )
    return span


def article_row(article: Article) -> dict:
    return {
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
    }


def quote_rows(article: Article, quotes: Iterable[Quote]) -> list[dict]:
    """Rows of the ``quotes`` table for one article; quote ids are ``ARTICLE:qN``."""
    rows = []
    text = article.text
    for n, quote in enumerate(quotes, 1):
        content = _checked(article.article_id, text, quote.content, "quote")
        cue = _checked(article.article_id, text, quote.cue, "cue")
        speaker = _checked(article.article_id, text, quote.speaker_mention, "speaker")
        rows.append(
            {
                "article_id": article.article_id,
                "quote_id": f"{article.article_id}:q{n}",
                "kind": quote.kind,
                "text": content.text,
                "start": content.start,
                "end": content.end,
                "cue": cue.text if cue else None,
                "cue_start": cue.start if cue else None,
                "cue_end": cue.end if cue else None,
                "cue_lemma": quote.cue_lemma,
                "stance": quote.stance,
                "speaker_mention": speaker.text if speaker else None,
                "speaker_start": speaker.start if speaker else None,
                "speaker_end": speaker.end if speaker else None,
                "speaker": quote.speaker,
                "speaker_type": quote.speaker_type,
                "confidence": quote.confidence,
            }
        )
    return rows


def mention_rows(article: Article, mentions: Iterable[Mention]) -> list[dict]:
    """Rows of the ``mentions`` table for one article."""
    rows = []
    for mention in mentions:
        span = _checked(article.article_id, article.text, mention.span, "mention")
        rows.append(
            {
                "article_id": article.article_id,
                "text": span.text,
                "start": span.start,
                "end": span.end,
                "label": mention.label,
                "entity_id": mention.entity_id,
                "entity": mention.entity,
            }
        )
    return rows


def rejection_row(rejection: Rejection) -> dict:
    return {
        "source": rejection.source,
        "line": rejection.line,
        "article_id": rejection.article_id,
        "code": rejection.code,
        "reason": rejection.reason,
    }


def article_tables(article: Article, doc: Doc, *, lexicon: Lexicon) -> dict[str, list[dict]]:
    """Rows of every per-article table (see :data:`ARTICLE_TABLES`) for one parsed article."""
    return {
        "quotes": quote_rows(article, quotes(doc, lexicon=lexicon)),
        "mentions": mention_rows(article, mentions(doc)),
    }


def frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """A table's rows as a frame cast to its declared schema."""
    table = TABLES[name]
    return conform(pd.DataFrame(rows, columns=table.column_names), table)


def corpus_tables(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Tables derived from the per-article tables of the whole corpus (none yet)."""
    return {}
