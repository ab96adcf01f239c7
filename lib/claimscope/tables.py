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

from claimscope.extract import claims, mentions, quotes
from claimscope.extract.dates import timeline_rows
from claimscope.lexicon import Lexicon
from claimscope.records import Article, Claim, Mention, Quote, Rejection, Span
from claimscope.schema import TABLES, conform

#: Tables made from one article at a time, in the order they are built.
ARTICLE_TABLES = ("quotes", "mentions", "claims", "timeline")


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
                "speaker_title": quote.speaker_title,
                "speaker_affiliation": quote.speaker_affiliation,
                "speaker_gender": quote.speaker_gender,
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


def claim_rows(article: Article, found: Iterable[Claim]) -> list[dict]:
    """Rows of the ``claims`` table for one article; claim ids are ``ARTICLE:cN``."""
    rows = []
    for n, claim in enumerate(found, 1):
        content = _checked(article.article_id, article.text, claim.content, "claim")
        cue = _checked(article.article_id, article.text, claim.cue, "claim cue")
        quote_id = None
        if claim.quote_index is not None:
            quote_id = f"{article.article_id}:q{claim.quote_index + 1}"
        rows.append(
            {
                "article_id": article.article_id,
                "claim_id": f"{article.article_id}:c{n}",
                "quote_id": quote_id,
                "claimant": claim.claimant,
                "claimant_type": claim.claimant_type,
                "text": content.text,
                "start": content.start,
                "end": content.end,
                "cue": cue.text if cue else None,
                "stance": claim.stance,
                "entities": "; ".join(e.split(":", 1)[1] for e in claim.entities) or None,
                "entity_ids": "; ".join(claim.entities) or None,
            }
        )
    return rows


def article_tables(article: Article, doc: Doc, *, lexicon: Lexicon) -> dict[str, list[dict]]:
    """Rows of every per-article table (see :data:`ARTICLE_TABLES`) for one parsed article."""
    found = list(quotes(doc, lexicon=lexicon))
    q_rows = quote_rows(article, found)
    timeline = timeline_rows(article, doc, q_rows)
    for row in timeline:
        _checked(
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
        "claims": claim_rows(article, claims(doc, found)),
        "timeline": timeline,
    }


def frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """A table's rows as a frame cast to its declared schema."""
    table = TABLES[name]
    return conform(pd.DataFrame(rows, columns=table.column_names), table)


def corpus_tables(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Tables derived from the per-article tables of the whole corpus: ``speakers`` and
    ``entities``."""
    return {
        "speakers": speakers_frame(frames["quotes"], frames["articles"]),
        "entities": entities_frame(frames["mentions"]),
    }


def _ranked(values: pd.Series, *, limit: int = 10) -> str | None:
    """Distinct values, most frequent first, joined by "; "."""
    counts = values.dropna().astype(str).value_counts(sort=True)
    return "; ".join(counts.index[:limit]) or None


def speakers_frame(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per canonical speaker, aggregated over all their quotes."""
    quoted = quotes.dropna(subset=["speaker"])
    if quoted.empty:
        return frame("speakers", [])
    dates = dict(zip(articles["article_id"], articles["date"], strict=True))
    rows = []
    for (speaker, kind), group in quoted.groupby(["speaker", "speaker_type"], sort=True):
        kinds = group["kind"].value_counts()
        genders = group["speaker_gender"].dropna().unique()
        titles = "; ".join(
            dict.fromkeys(t for v in group["speaker_title"].dropna() for t in v.split("; "))
        )
        article_dates = sorted(
            d for d in (dates.get(a) for a in group["article_id"]) if isinstance(d, str)
        )
        rows.append(
            {
                "speaker": speaker,
                "speaker_type": kind,
                "titles": titles or None,
                "affiliation": _ranked(group["speaker_affiliation"], limit=1),
                "gender": genders[0] if len(genders) == 1 else None,
                "n_quotes": len(group),
                "n_direct": int(kinds.get("direct", 0)),
                "n_indirect": int(kinds.get("indirect", 0)),
                "n_mixed": int(kinds.get("mixed", 0)),
                "n_articles": group["article_id"].nunique(),
                "mentions": _ranked(group["speaker_mention"]),
                "first_date": article_dates[0] if article_dates else None,
                "last_date": article_dates[-1] if article_dates else None,
            }
        )
    speakers = frame("speakers", rows)
    return speakers.sort_values(["n_quotes", "speaker"], ascending=[False, True], kind="stable")


def entities_frame(mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per canonical entity, with the forms it is written in."""
    if mentions.empty:
        return frame("entities", [])
    rows = []
    for entity_id, group in mentions.groupby("entity_id", sort=True):
        rows.append(
            {
                "entity_id": entity_id,
                "entity": group["entity"].iloc[0],
                "type": str(entity_id).split(":", 1)[0],
                "aliases": _ranked(group["text"], limit=20),
                "n_mentions": len(group),
                "n_articles": group["article_id"].nunique(),
            }
        )
    entities = frame("entities", rows)
    return entities.sort_values(["n_mentions", "entity"], ascending=[False, True], kind="stable")
