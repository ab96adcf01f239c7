"""The per-article tables of one parsed article: the extractors run and their records joined.

:func:`article_tables` is what every engine runs for each article (see
:mod:`claimscope.run.engines`): quotes, mentions, claims and the timeline, with each quote given
the date it was said.
"""

from __future__ import annotations

from spacy.tokens import Doc

from claimscope.extract import claims, mentions, quotes
from claimscope.extract.dates import timeline_rows
from claimscope.records import Article, Span
from claimscope.rules import Lexicon
from claimscope.tables.rows import checked, claim_rows, mention_rows, quote_rows

#: Tables made from one article at a time, in the order they are built.
ARTICLE_TABLES = ("quotes", "mentions", "claims", "timeline")


def article_tables(article: Article, doc: Doc, *, lexicon: Lexicon) -> dict[str, list[dict]]:
    """Rows of every per-article table (see :data:`ARTICLE_TABLES`) for one parsed article."""
    found = list(quotes(doc, lexicon=lexicon))
    q_rows = quote_rows(article, found)
    timeline = timeline_rows(article, doc, q_rows)
    for row in timeline:
        checked(
            article.article_id,
            article.text,
            Span(row["expression"], row["start"], row["end"]),
            "date expression",
        )
    said_on = {r["quote_id"]: r for r in timeline if r["quote_id"] is not None}
    for row in q_rows:
        dated = said_on.get(row["quote_id"])
        row["said_on"] = dated["value"] if dated else article.date
        row["said_on_assumed"] = bool(dated["assumed"]) if dated else True
    return {
        "quotes": q_rows,
        "mentions": mention_rows(article, mentions(doc)),
        "claims": claim_rows(article, claims(doc, found, lexicon=lexicon)),
        "timeline": timeline,
    }
