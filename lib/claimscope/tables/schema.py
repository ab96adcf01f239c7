"""The one declared schema of every table claimscope writes.

Each table names its key, its grain (what one row is) and its columns with dtype, nullability and
meaning. Frames are cast to their schema before they are written (:func:`conform`), and the data
dictionary in ``docs/data-dictionary.md`` is generated from this module (:func:`data_dictionary`);
a test fails when the two drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

#: pandas dtypes used by the schemas, by short name.
DTYPES = {
    "string": "string",
    "int": "Int64",
    "float": "Float64",
    "bool": "boolean",
}


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # a key of DTYPES
    nullable: bool
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    key: tuple[str, ...]
    grain: str
    description: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @cached_property
    def column_set(self) -> frozenset[str]:
        return frozenset(c.name for c in self.columns)


def _c(name: str, dtype: str, description: str, *, nullable: bool = True) -> Column:
    return Column(name, dtype, nullable, description)


ARTICLES = Table(
    name="articles",
    key=("article_id",),
    grain="one row per article that was ingested",
    description="Every article that was read, with the exact text that was parsed.",
    columns=(
        _c(
            "article_id",
            "string",
            "Given id, else the file's stem, else a hash of the text.",
            nullable=False,
        ),
        _c("title", "string", "Headline, from metadata or front matter."),
        _c("date", "string", "Publication date as ISO 8601 (YYYY-MM-DD)."),
        _c("outlet", "string", "Publisher or source outlet."),
        _c("url", "string", "Address of the article."),
        _c("source", "string", "Input file the article was read from.", nullable=False),
        _c("source_line", "int", "Line (JSONL) or row (CSV, header is row 1) in that file."),
        _c("n_chars", "int", "Length of `text` in characters.", nullable=False),
        _c("content_hash", "string", "SHA-1 of `text`; identifies the content.", nullable=False),
        _c(
            "text",
            "string",
            "The article text exactly as parsed; all offsets index it.",
            nullable=False,
        ),
    ),
)

QUOTES = Table(
    name="quotes",
    key=("quote_id",),
    grain="one row per attributed statement",
    description="Who said what: direct, indirect and mixed quotes with cue and speaker.",
    columns=(
        _c("article_id", "string", "Article the quote is in.", nullable=False),
        _c(
            "quote_id",
            "string",
            "`article_id` plus the quote's rank in the article.",
            nullable=False,
        ),
        _c(
            "kind",
            "string",
            "direct (in quotation marks), indirect (reported speech) or "
            "mixed (reported speech containing a quoted fragment).",
            nullable=False,
        ),
        _c(
            "text",
            "string",
            "The statement as written (direct quotes keep their marks).",
            nullable=False,
        ),
        _c("start", "int", "Offset of the first character of `text`.", nullable=False),
        _c("end", "int", "Offset one past the last character of `text`.", nullable=False),
        _c("cue", "string", "The reporting verb or phrase (said, told, according to)."),
        _c("cue_start", "int", "Offset of the cue."),
        _c("cue_end", "int", "Offset one past the end of the cue."),
        _c("cue_lemma", "string", "Base form of the cue's head word, as found in the cue list."),
        _c(
            "stance",
            "string",
            "Stance class of the cue: neutral, assert, hedge, deny, concern, support, oppose, ...",
        ),
        _c("speaker_mention", "string", "The speaker as written (Kartapolov, he, Washington)."),
        _c("speaker_start", "int", "Offset of the speaker mention."),
        _c("speaker_end", "int", "Offset one past the end of the speaker mention."),
        _c("speaker", "string", "Canonical name of the speaker (Andrey Kartapolov)."),
        _c("speaker_type", "string", "PERSON, ORG, GPE, GROUP or UNKNOWN."),
        _c(
            "speaker_rule",
            "string",
            "How the speaker was resolved: name (a name in the text), pronoun/antecedent-... "
            "(a pronoun and where its antecedent is), description, document, transcript, label "
            "... (see docs/quotes.md).",
        ),
        _c(
            "speaker_rivals",
            "int",
            "How many other people or groups spoken of near the antecedent the speaker's "
            "pronoun could stand for as well (0 for a name): the more, the less sure.",
        ),
        _c("confidence", "float", "How sure the extractor is, from 0 to 1.", nullable=False),
        _c(
            "rule",
            "string",
            "The rule that found the statement: verb-complement, verb-object, according-to, "
            "transcript-label, adjacent-cue, continuation ... (see docs/quotes.md).",
        ),
        _c("speaker_title", "string", "Titles or roles the article gives the speaker."),
        _c("speaker_affiliation", "string", "Country or organisation the speaker belongs to."),
        _c("speaker_gender", "string", "m or f where a pronoun, title or honorific states it."),
        _c(
            "said_on",
            "string",
            "When the statement was made: the date the text gives (said on Tuesday), else the "
            "publication date.",
        ),
        _c(
            "said_on_assumed",
            "bool",
            "True when `said_on` is the publication date because the text gives no date.",
        ),
        _c(
            "group_id",
            "string",
            "The quote group of a direct or mixed quote whose quoted words appear in two "
            "articles or more, exactly, nearly or as a fragment (see `quote_groups` and "
            "docs/quote-groups.md); null for a quotation found in one article only and for "
            "indirect statements.",
        ),
        _c(
            "claim_group_id",
            "string",
            "The claim group of a statement that says the same thing as statements or claims "
            "of other articles, in nearly the same content words; null when none does.",
        ),
    ),
)

MENTIONS = Table(
    name="mentions",
    key=("article_id", "start"),
    grain="one row per mention of a named entity",
    description="Entity mentions with the canonical entity each refers to.",
    columns=(
        _c("article_id", "string", "Article the mention is in.", nullable=False),
        _c("text", "string", "The mention as written.", nullable=False),
        _c("start", "int", "Offset of the mention.", nullable=False),
        _c("end", "int", "Offset one past the end of the mention.", nullable=False),
        _c("label", "string", "Entity type: PERSON, ORG, GPE, NORP, LOC, ...", nullable=False),
        _c(
            "entity_id", "string", "Identifier of the canonical entity (type:name).", nullable=False
        ),
        _c(
            "entity",
            "string",
            "Canonical name of the entity (North Korea for DPRK).",
            nullable=False,
        ),
    ),
)

REJECTED = Table(
    name="rejected",
    key=("source", "line"),
    grain="one row per input that could not be used",
    description="Inputs that were not processed, with where they were and why.",
    columns=(
        _c("source", "string", "Input file.", nullable=False),
        _c("line", "int", "Line (JSONL) or row (CSV) in the file, when the file holds many."),
        _c("article_id", "string", "Article id, when one was known."),
        _c(
            "code",
            "string",
            "Short reason: empty, binary, encoding, duplicate_id, "
            "missing_text_column, malformed_json, malformed_csv, bad_front_matter, "
            "no_main_text, unreadable, unsupported, special_file, too_large, reader_error, "
            "extraction_failed.",
            nullable=False,
        ),
        _c("reason", "string", "What was found and what to do about it.", nullable=False),
    ),
)

CLAIMS = Table(
    name="claims",
    key=("claim_id",),
    grain="one row per claim: a quoted statement or the article's own assessment",
    description="What is claimed, by whom, and about which entities.",
    columns=(
        _c("article_id", "string", "Article the claim is in.", nullable=False),
        _c(
            "claim_id",
            "string",
            "`article_id` plus the claim's rank in the article.",
            nullable=False,
        ),
        _c("quote_id", "string", "The quote the claim comes from; null for the article's own."),
        _c("claimant", "string", "Canonical speaker; null when the article itself claims it."),
        _c(
            "claimant_type",
            "string",
            "PERSON, ORG, GPE, GROUP, UNKNOWN or ARTICLE.",
            nullable=False,
        ),
        _c("text", "string", "The claim as written.", nullable=False),
        _c("start", "int", "Offset of the claim.", nullable=False),
        _c("end", "int", "Offset one past the end of the claim.", nullable=False),
        _c("cue", "string", "The reporting cue, or the hedge (may, could) of an assessment."),
        _c("stance", "string", "Stance class of the cue (see `quotes.stance`)."),
        _c(
            "entities",
            "string",
            "Canonical names of the entities the claim mentions, joined by '; '.",
        ),
        _c("entity_ids", "string", "Their entity ids (see `mentions.entity_id`), joined by '; '."),
        _c(
            "claim_group_id",
            "string",
            "The claim group (see `quotes.claim_group_id`): a quoted claim's is its quote's.",
        ),
    ),
)

SPEAKERS = Table(
    name="speakers",
    key=("speaker", "speaker_type"),
    grain="one row per canonical speaker in the corpus",
    description="Who is quoted: each speaker with what the articles say about them.",
    columns=(
        _c("speaker", "string", "Canonical name.", nullable=False),
        _c("speaker_type", "string", "PERSON, ORG, GPE, GROUP or UNKNOWN.", nullable=False),
        _c(
            "named",
            "bool",
            "True for a speaker with a name of its own (a person, organisation, government or "
            "document); false for a description or a group (officials, police, researchers), "
            "which may stand for different people in different articles. Named speakers come "
            "first.",
            nullable=False,
        ),
        _c("titles", "string", "Titles and roles given in the articles, joined by '; '."),
        _c("affiliation", "string", "Country or organisation, the most frequent one given."),
        _c("gender", "string", "m or f where a pronoun, title or honorific states it."),
        _c("n_quotes", "int", "Statements attributed to the speaker.", nullable=False),
        _c("n_direct", "int", "Of which direct quotes.", nullable=False),
        _c("n_indirect", "int", "Of which indirect quotes.", nullable=False),
        _c("n_mixed", "int", "Of which mixed quotes.", nullable=False),
        _c("n_articles", "int", "Articles quoting the speaker.", nullable=False),
        _c(
            "mentions",
            "string",
            "How the speaker is referred to, most frequent first, joined by '; '.",
        ),
        _c("first_date", "string", "Earliest publication date of an article quoting them."),
        _c("last_date", "string", "Latest publication date of an article quoting them."),
    ),
)

ENTITIES = Table(
    name="entities",
    key=("entity_id",),
    grain="one row per canonical entity in the corpus",
    description="Every entity mentioned, with its aliases merged.",
    columns=(
        _c(
            "entity_id",
            "string",
            "Identifier: type and canonical name (GPE:North Korea).",
            nullable=False,
        ),
        _c("entity", "string", "Canonical name.", nullable=False),
        _c("type", "string", "PERSON, ORG, GPE, LOC, LAW, EVENT, ...", nullable=False),
        _c(
            "aliases",
            "string",
            "The forms it is written in, most frequent first, joined by '; '.",
            nullable=False,
        ),
        _c("n_mentions", "int", "Mentions in the corpus.", nullable=False),
        _c("n_articles", "int", "Articles mentioning it.", nullable=False),
    ),
)

TIMELINE = Table(
    name="timeline",
    key=("article_id", "start", "end", "quote_id"),
    grain="one row per date expression, and per statement it dates or that is dated by "
    "the publication date",
    description="When things happened and when statements were made, with normalised dates.",
    columns=(
        _c("article_id", "string", "Article the expression is in.", nullable=False),
        _c(
            "expression",
            "string",
            "The date expression as written (Tuesday, June 2024, two years ago); empty (null "
            "once read from CSV) for a statement dated by the publication date.",
        ),
        _c(
            "start",
            "int",
            "Offset of the expression (for an assumed statement date: of the cue).",
            nullable=False,
        ),
        _c("end", "int", "Offset one past the end of the expression.", nullable=False),
        _c(
            "value",
            "string",
            "Normalised TIMEX3 value: 2025-04-29, 2024-06, 2025-W17, 2025-Q1, 194X, P3Y, "
            "PAST_REF; null when it cannot be resolved.",
        ),
        _c(
            "granularity",
            "string",
            "day, weekend, week, month, quarter, season, year, decade, century, reference "
            "(vague past, present or future) or, for durations, their unit.",
        ),
        _c(
            "kind", "string", "point (a date), duration (P3Y) or set (P1Y, yearly).", nullable=False
        ),
        _c("mod", "string", "TIMEX3 mod: START (early 2009), MID (mid-2011), END (late 2006)."),
        _c(
            "resolution",
            "string",
            "How the value was found: explicit, publication date (relative to it), needs "
            "publication date (the article has none), vague, assumed publication date.",
            nullable=False,
        ),
        _c("sentence", "string", "The sentence the expression is in.", nullable=False),
        _c("sentence_start", "int", "Offset of the sentence.", nullable=False),
        _c("sentence_end", "int", "Offset one past the end of the sentence.", nullable=False),
        _c(
            "entities",
            "string",
            "Canonical names of the entities mentioned in the sentence, joined by '; '.",
        ),
        _c("quote_id", "string", "The statement this date dates (see `quotes.quote_id`)."),
        _c(
            "assumed",
            "bool",
            "True when the date is the publication date standing in for a statement's own.",
            nullable=False,
        ),
    ),
)

QUOTE_GROUPS = Table(
    name="quote_groups",
    key=("group_id",),
    grain="one row per quote group: the same quoted words in two articles or more",
    description="Quotations repeated across articles, exactly, nearly (case, punctuation, "
    "quotation marks, an ellipsis, a word or two changed) or as fragments of a longer one; "
    "most outlets first.",
    columns=(
        _c("group_id", "string", "Identifier (see `quotes.group_id`).", nullable=False),
        _c(
            "text",
            "string",
            "Canonical text: the longest variant, as most often written (as first "
            "published among equals), without its quotation marks.",
            nullable=False,
        ),
        _c("n_quotes", "int", "Quotes in the group.", nullable=False),
        _c("n_articles", "int", "Articles the group's quotes are in.", nullable=False),
        _c("n_outlets", "int", "Outlets of those articles (where known).", nullable=False),
        _c(
            "n_variants",
            "int",
            "Distinct variants once case, punctuation and quotation marks are set aside.",
            nullable=False,
        ),
        _c("speakers", "string", "Canonical speakers credited, most often first, joined by '; '."),
        _c(
            "speakers_disagree",
            "bool",
            "True when the words are credited to two named speakers or more.",
            nullable=False,
        ),
        _c("outlets", "string", "The outlets, most articles first, joined by '; '."),
        _c("first_date", "string", "Publication date of the earliest article (ISO 8601)."),
        _c(
            "first_article_id",
            "string",
            "The earliest article (undated ones last, then by id).",
            nullable=False,
        ),
        _c("first_outlet", "string", "Its outlet."),
        _c("last_date", "string", "Publication date of the latest article."),
        _c("last_article_id", "string", "The latest article.", nullable=False),
        _c("last_outlet", "string", "Its outlet."),
    ),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        ARTICLES,
        QUOTES,
        MENTIONS,
        CLAIMS,
        TIMELINE,
        SPEAKERS,
        ENTITIES,
        QUOTE_GROUPS,
        REJECTED,
    )
}


class SchemaError(ValueError):
    """A frame does not fit its table's declared schema."""


def empty(table: Table) -> pd.DataFrame:
    """An empty frame with the table's columns and dtypes."""
    return pd.DataFrame({c.name: pd.Series([], dtype=DTYPES[c.dtype]) for c in table.columns})


def conform(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Cast ``frame`` to ``table``'s schema: its columns, in order, with their dtypes.

    A missing nullable column is added as nulls, so tables written before a column was
    declared still read; a missing required column is an error.

    Raises:
        SchemaError: a required column is missing, an undeclared one is present, or a
            non-nullable column holds nulls.
    """
    missing = [c.name for c in table.columns if c.name not in frame.columns and not c.nullable]
    extra = [n for n in frame.columns if n not in table.column_names]
    if missing or extra:
        raise SchemaError(
            f"table {table.name!r}: missing columns {missing}, undeclared columns {extra}"
        )
    if frame.empty:
        return empty(table)
    frame = frame.reset_index(drop=True)
    out = pd.DataFrame(
        {
            c.name: (
                _cast(frame[c.name], c.dtype)
                if c.name in frame.columns
                else pd.Series(pd.NA, index=frame.index, dtype=DTYPES[c.dtype])
            )
            for c in table.columns
        },
        index=pd.RangeIndex(len(frame)),
    )
    for c in table.columns:
        if not c.nullable and out[c.name].isna().any():
            raise SchemaError(f"table {table.name!r}: column {c.name!r} must not be null")
    return out


_TRUTH = {"true": True, "false": False, "1": True, "0": False}


def _cast(values: pd.Series, dtype: str) -> pd.Series:
    """Cast a column; booleans read back from CSV arrive as the strings "True" and "False"."""
    if dtype == "bool" and not pd.api.types.is_bool_dtype(values):
        values = values.map(lambda v: _TRUTH.get(str(v).lower()) if pd.notna(v) else None)
    return values.astype(DTYPES[dtype])


def data_dictionary() -> str:
    """The data dictionary as Markdown, generated from the declared schemas."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from `lib/claimscope/schema.py` by `claimscope schema`; do not edit by hand.",
        "All offsets are Python string indices into `articles.text`: "
        "`text[start:end]` is the span's text.",
    ]
    for table in TABLES.values():
        lines += [
            "",
            f"## `{table.name}`",
            "",
            f"{table.description} Grain: {table.grain}. Key: "
            + ", ".join(f"`{k}`" for k in table.key)
            + ".",
            "",
            "| column | type | null | meaning |",
            "| --- | --- | --- | --- |",
        ]
        for c in table.columns:
            null = "yes" if c.nullable else "no"
            lines.append(f"| `{c.name}` | {DTYPES[c.dtype]} | {null} | {c.description} |")
    return "\n".join(lines) + "\n"
