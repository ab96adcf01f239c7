"""Repeated quotes: the quote groups of a corpus, as the "Repeated quotes" report shows them.

The groups themselves are found at extraction (:mod:`claimscope.tables.groups`: the
``quotes.group_id`` column and the ``quote_groups`` table). This module reads them back for a
report: which groups are shown (:func:`ranked_groups`), where each one appeared
(:func:`appearances`, one row per quote with its article's date and outlet), the variants of
its words side by side (:func:`variants`, each with the kind of difference from the canonical
text and the words that differ, :func:`word_changes`), and the groups some statements belong
to (:func:`groups_of`, for the speaker and topic pages).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from claimscope.analysis.aggregates import shortened
from claimscope.tables.groups import normalise, quotation, strip_marks

#: Groups shown on the report page at most, in the order of :func:`ranked_groups`; pages that
#: link to groups link only to these.
MAX_GROUPS = 100

#: Columns of :func:`appearances`.
APPEARANCE_COLUMNS = (
    "group_id",
    "quote_id",
    "article_id",
    "date",
    "outlet",
    "title",
    "speaker",
    "words",
    "variant",
)

_WORD = re.compile(r"\w+(?:['’ʼ`]\w+)*")
_APOSTROPHE = re.compile(r"['’ʼ`]")


def ranked_groups(quote_groups: pd.DataFrame, limit: int | None = MAX_GROUPS) -> pd.DataFrame:
    """The groups a report shows: spread over the most outlets first, then the most articles,
    then the most quotes (ties by id), at most ``limit`` (None: all)."""
    if quote_groups.empty:
        return quote_groups.reset_index(drop=True)
    ranked = quote_groups.sort_values(
        ["n_outlets", "n_articles", "n_quotes", "group_id"],
        ascending=[False, False, False, True],
        kind="stable",
    ).reset_index(drop=True)
    return ranked if limit is None else ranked.head(limit)


def quoted_words(text: object, kind: object) -> str | None:
    """The words a quote puts in its speaker's mouth, without their quotation marks: a direct
    quote's text, a mixed quote's quoted fragments joined by an ellipsis (see
    :func:`claimscope.tables.groups.quotation`); None for an indirect statement."""
    if not isinstance(text, str) or not isinstance(kind, str):
        return None
    said = quotation(text, kind)
    return None if said is None else strip_marks(said)


def variant_key(words: str) -> str:
    """Two quotations have the same key when they are the same words once case, punctuation,
    quotation marks and apostrophes are set aside (the group's variants are told apart by it)."""
    return " … ".join(" ".join(part) for part in normalise(words))


def appearances(
    tables: Mapping[str, pd.DataFrame], group_ids: Iterable[str] | None = None
) -> pd.DataFrame:
    """Every quote of the groups ``group_ids`` (all groups when None), with its article's date,
    outlet and title: oldest first (undated last), then by article and quote.

    Columns: :data:`APPEARANCE_COLUMNS` (``words``: the quoted words; ``variant``: their
    :func:`variant_key`).
    """
    quotes = tables["quotes"]
    grouped = quotes[quotes["group_id"].notna()]
    if group_ids is not None:
        grouped = grouped[grouped["group_id"].isin(list(group_ids))]
    if grouped.empty:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in APPEARANCE_COLUMNS})
    articles = tables["articles"].drop_duplicates("article_id")
    seen = grouped[["group_id", "quote_id", "article_id", "speaker", "kind", "text"]].merge(
        articles[["article_id", "date", "outlet", "title"]], on="article_id", how="left"
    )
    seen["words"] = [
        quoted_words(t, k) or "" for t, k in zip(seen["text"], seen["kind"], strict=True)
    ]
    seen["variant"] = [variant_key(w) for w in seen["words"]]
    seen = seen.sort_values(
        ["date", "article_id", "quote_id"], na_position="last", kind="stable"
    ).reset_index(drop=True)
    return seen[list(APPEARANCE_COLUMNS)].astype("string")


def _joined(values: Iterable[object]) -> str:
    counts = pd.Series([v for v in values if isinstance(v, str) and v]).value_counts(sort=False)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return "; ".join(name for name, _ in ranked)


@dataclass(frozen=True)
class WordChange:
    """One difference between a variant and the canonical text, word by word."""

    op: str  # "changed", "added" or "left out"
    canonical: str  # the canonical text's words there ("" when added)
    start: int  # where in the variant: the offsets of its words there (start == end when
    end: int  # words are left out: where they would be)

    def variant_words(self, variant: str) -> str:
        return variant[self.start : self.end]


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """The words of ``text``: start, end and the word compared (case folded, apostrophes
    dropped)."""
    return [
        (m.start(), m.end(), _APOSTROPHE.sub("", m.group()).casefold())
        for m in _WORD.finditer(text)
    ]


def word_changes(canonical: str, variant: str) -> list[WordChange]:
    """The words where ``variant`` differs from ``canonical``, in order, case, punctuation and
    quotation marks set aside; words cut at either end (a fragment) are not counted as left
    out."""
    ours, theirs = word_spans(canonical), word_spans(variant)
    a, b = [w for *_, w in ours], [w for *_, w in theirs]
    blocks = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    equal = [i for i, block in enumerate(blocks) if block[0] == "equal"]
    changes = []
    for i, (op, a0, a1, b0, b1) in enumerate(blocks):
        if op == "equal":
            continue
        if op == "delete" and not (equal and equal[0] < i < equal[-1]):
            continue  # the variant is a fragment: the rest of the sentence is not a change
        was = " ".join(canonical[s:e] for s, e, _ in ours[a0:a1])
        if b1 > b0:
            start, end = theirs[b0][0], theirs[b1 - 1][1]
        else:
            start = end = theirs[b0][0] if b0 < len(theirs) else len(variant)
        kind = {"replace": "changed", "insert": "added", "delete": "left out"}[op]
        changes.append(WordChange(kind, was, start, end))
    return changes


def difference(canonical: str, variant: str) -> str:
    """How ``variant`` differs from ``canonical``, in words a reader understands: ``"the same
    words"``, ``"case or punctuation"``, ``"a fragment"``, ``"cut with an ellipsis"``,
    ``"N words changed"`` (changed, added or left out)."""
    if variant.strip() == canonical.strip():
        return "the same words"
    key, canonical_key = variant_key(variant), variant_key(canonical)
    if key == canonical_key:
        return "case or punctuation"
    changes = word_changes(canonical, variant)
    if not changes:
        return "cut with an ellipsis" if " … " in key else "a fragment"
    if " … " in key and all(c.op == "left out" for c in changes):
        return "cut with an ellipsis"
    n = sum(max(len(c.canonical.split()), len(c.variant_words(variant).split())) for c in changes)
    return f"{n} word{'s' if n != 1 else ''} changed"


def variants(seen: pd.DataFrame, canonical: str) -> pd.DataFrame:
    """The variants of one group's words, side by side: one row per variant (quotations that
    are the same words once case and punctuation are set aside), the canonical one first, then
    the most quoted.

    Args:
        seen: The group's rows of :func:`appearances`.
        canonical: The group's canonical text (``quote_groups.text``).

    Returns:
        Columns ``words`` (as most often written, else as first published), ``difference``
        (:func:`difference`), ``n_quotes``, ``n_articles``, ``outlets`` and ``speakers`` (most
        often first, joined by "; "), ``first_date``, ``article_ids`` (a list, oldest first)
        and ``canonical`` (True for the canonical variant's row).
    """
    rows = []
    canonical_key = variant_key(canonical)
    for key, part in seen.groupby("variant", sort=False):
        written = Counter(part["words"])  # in the order first published
        words = max(written, key=written.__getitem__)  # as most often written, else first
        if key == canonical_key and (part["words"] == canonical).any():
            words = canonical
        dates = part["date"].dropna()
        rows.append(
            {
                "words": words,
                "difference": difference(canonical, words),
                "n_quotes": len(part),
                "n_articles": part["article_id"].nunique(),
                "outlets": _joined(part["outlet"]),
                "speakers": _joined(part["speaker"]),
                "first_date": dates.min() if len(dates) else None,
                "article_ids": list(dict.fromkeys(part["article_id"])),
                "canonical": key == canonical_key,
            }
        )
    table = pd.DataFrame(
        rows,
        columns=["words", "difference", "n_quotes", "n_articles", "outlets", "speakers",
                 "first_date", "article_ids", "canonical"],
    )  # fmt: skip
    if table.empty:
        return table
    return table.sort_values(
        ["canonical", "n_quotes", "words"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


def groups_of(quotes: pd.DataFrame, quote_groups: pd.DataFrame) -> pd.DataFrame:
    """The groups ``quotes`` belong to, in the order of :func:`ranked_groups`, with ``here``:
    how many of ``quotes`` are in each."""
    if quote_groups.empty or "group_id" not in quotes or quotes["group_id"].isna().all():
        return quote_groups.head(0).assign(here=pd.Series(dtype="int64"))
    here = quotes["group_id"].dropna().value_counts()
    chosen = quote_groups[quote_groups["group_id"].isin(here.index)]
    ranked = ranked_groups(chosen, limit=None)
    return ranked.assign(here=ranked["group_id"].map(here).astype("int64"))


def summary(quote_groups: pd.DataFrame, quotes: pd.DataFrame) -> str:
    """One sentence on the groups: how many, how many quotes, across outlets, and credited to
    different speakers."""
    if quote_groups.empty:
        return "No quotation appears in two articles or more."
    n = len(quote_groups)
    grouped = int(quotes["group_id"].notna().sum()) if "group_id" in quotes else 0
    across = int((quote_groups["n_outlets"] >= 2).sum())
    disagree = int(quote_groups["speakers_disagree"].fillna(False).astype(bool).sum())
    return (
        f"{n:,} quotation{'s' if n != 1 else ''} repeated across articles "
        f"({grouped:,} of {len(quotes):,} quotes); {across:,} in two outlets or more; "
        f"{disagree:,} credited to different speakers."
    )


def spread(seen: pd.DataFrame, groups: pd.DataFrame, *, top: int = 15) -> pd.DataFrame:
    """Where and when the first ``top`` groups of ``groups`` (ranked) appeared: one row per
    group and article, for a chart of appearances by outlet.

    Columns ``group`` (the group's rank and first words, as the chart's rows), ``rank``,
    ``group_id``, ``date`` (None when the article is undated), ``outlet`` ("unknown" when not
    known), ``title``, ``speaker`` and ``words`` (of the article's first quote of the group).
    """
    columns = ["group", "rank", "group_id", "date", "outlet", "title", "speaker", "words"]
    if groups.empty or seen.empty:
        return pd.DataFrame(columns=columns)
    chosen = groups.head(top).reset_index(drop=True)
    labels = {
        g: f"{i}. {shortened(str(t), 50)}"
        for i, (g, t) in enumerate(zip(chosen["group_id"], chosen["text"], strict=True), start=1)
    }
    rows = seen[seen["group_id"].isin(labels)].drop_duplicates(["group_id", "article_id"])
    rank = {g: i for i, g in enumerate(labels, start=1)}
    out = pd.DataFrame(
        {
            "group": rows["group_id"].map(labels),
            "rank": rows["group_id"].map(rank).astype("int64"),
            "group_id": rows["group_id"],
            "date": rows["date"],
            "outlet": rows["outlet"].fillna("unknown"),
            "title": rows["title"].fillna(rows["article_id"]),
            "speaker": rows["speaker"],
            "words": [shortened(str(w), 160) for w in rows["words"]],
        }
    )
    return out.sort_values(["rank", "date"], na_position="last", kind="stable").reset_index(
        drop=True
    )[columns]


def seen_at(date: object, outlet: object) -> str:
    """Where and when a quote was seen: ``"2016-05-01, politico"``; what is not known is left
    out (``""`` when neither is)."""
    return ", ".join(str(v) for v in (date, outlet) if isinstance(v, str) and v)


def listing(groups: pd.DataFrame) -> pd.DataFrame:
    """``groups`` (rows of ``quote_groups``, with ``here`` from :func:`groups_of` when given)
    as a table to read: ``Words``, (``Quotes here``), ``Articles``, ``Outlets``, ``Variants``,
    ``Credited to``, ``Different speakers`` (yes or empty), ``First seen`` and ``Last seen``
    (date and outlet)."""
    table = {"Words": groups["text"]}
    if "here" in groups:
        table["Quotes here"] = groups["here"]
    table |= {
        "Articles": groups["n_articles"],
        "Outlets": groups["n_outlets"],
        "Variants": groups["n_variants"],
        "Credited to": groups["speakers"],
        "Different speakers": groups["speakers_disagree"].map(
            lambda v: "yes" if pd.notna(v) and bool(v) else ""
        ),
        "First seen": [
            seen_at(d, o) for d, o in zip(groups["first_date"], groups["first_outlet"], strict=True)
        ],
        "Last seen": [
            seen_at(d, o) for d, o in zip(groups["last_date"], groups["last_outlet"], strict=True)
        ],
    }
    return pd.DataFrame(table).reset_index(drop=True)
