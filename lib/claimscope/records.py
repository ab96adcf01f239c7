"""Small typed records that cross the boundary between spaCy and pandas.

Extractors yield these values; :mod:`claimscope.tables` turns them into DataFrames. Offsets are
always integer character offsets into the article text as stored in the ``articles`` table, so
``text[start:end] == span_text`` holds for every span.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class Article:
    """One article as ingested: the exact text that is parsed, plus its metadata."""

    article_id: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601 publication date, "YYYY-MM-DD"
    outlet: str | None = None
    url: str | None = None
    source: str | None = None  # the input file the article came from
    source_line: int | None = None  # line (JSONL) or row (CSV) in that file, 1-based


@dataclass(frozen=True, slots=True)
class Rejection:
    """One input that could not become an article, and why."""

    source: str
    reason: str
    code: str  # short machine-readable reason, e.g. "empty", "binary", "duplicate_id"
    line: int | None = None
    article_id: str | None = None


class Span(NamedTuple):
    """A piece of article text with its character offsets."""

    text: str
    start: int
    end: int


class Quote(NamedTuple):
    """One attributed statement found in an article."""

    kind: str  # "direct" | "indirect" | "mixed"
    content: Span
    cue: Span | None
    speaker_mention: Span | None
    speaker: str | None  # canonical name
    speaker_type: str | None  # PERSON | ORG | GPE | GROUP | UNKNOWN
    cue_lemma: str | None = None
    stance: str | None = None
    confidence: float = 1.0
    speaker_title: str | None = None  # titles or roles the article gives the speaker
    speaker_affiliation: str | None = None  # country or organisation the speaker belongs to
    speaker_gender: str | None = None  # "m" or "f" where a pronoun, title or honorific says
    rule: str | None = None  # the rule that found the statement ("verb-complement", ...)
    speaker_rule: str | None = None  # how the speaker was resolved ("name", "pronoun/...", ...)
    speaker_rivals: int | None = None  # other referents that fit a pronoun as well


class Claim(NamedTuple):
    """One claim: a statement by a speaker, or the article's own assessment."""

    content: Span
    claimant: str | None  # canonical speaker; None for the article itself
    claimant_type: str  # PERSON | ORG | GPE | GROUP | UNKNOWN | ARTICLE
    cue: Span | None
    stance: str | None
    entities: tuple[str, ...]  # canonical entity ids the claim is about
    quote_index: int | None = None  # position of the quote it comes from, if any


class Mention(NamedTuple):
    """One mention of a named entity, with the canonical entity it refers to."""

    span: Span
    label: str  # entity type after corrections: PERSON, ORG, GPE, NORP, LOC, ...
    entity_id: str
    entity: str  # canonical name
