"""The per-article tables of one parsed article: the extractors run and their records joined.

:func:`article_tables` is what every engine runs for each article (see
:mod:`claimscope.run.engines`): quotes, mentions, claims and the timeline, with each quote given
the date it was said.
"""

from __future__ import annotations

from spacy.tokens import Doc

from claimscope.extract import claims, mentions, quotes
from claimscope.extract.dates import date_expressions, statement_dates
from claimscope.records import Article
from claimscope.rules import Lexicon
from claimscope.tables.rows import claim_rows, mention_rows, quote_rows
from claimscope.tables.timeline import cue_offsets, timeline_rows, with_statement_dates

#: Tables made from one article at a time, in the order they are built.
ARTICLE_TABLES = ("quotes", "mentions", "claims", "timeline")


def article_tables(article: Article, doc: Doc, *, lexicon: Lexicon) -> dict[str, list[dict]]:
    """Rows of every per-article table (see :data:`ARTICLE_TABLES`) for one parsed article.

    Notes:
        Dates are resolved with the lexicon's date rules (``lexicon.date_rules``: those of
        the analyst's rules folder overlaid on the packaged ones; None for the packaged ones).
    """
    found = list(quotes(doc, lexicon=lexicon, title=article.title))
    q_rows = quote_rows(article, found)
    expressions = list(date_expressions(doc, published=article.date, rules=lexicon.date_rules))
    said = list(statement_dates(doc, cue_offsets(found), expressions, published=article.date))
    return {
        "quotes": with_statement_dates(article, q_rows, said),
        "mentions": mention_rows(article, mentions(doc)),
        "claims": claim_rows(article, claims(doc, found, lexicon=lexicon)),
        "timeline": timeline_rows(article, doc, expressions, found, said),
    }
