"""Statements about a topic, and pairs of statements that contradict each other.

What a statement is "about"
    A quote is about a topic when an entity mention of that topic lies inside the quote's
    characters (``mentions.start >= quotes.start`` and ``mentions.end <= quotes.end`` in the
    same article; see :func:`quote_mentions`), or, for a topic that is not an entity, when the
    quote's text contains the topic as a word (case-insensitive). :func:`resolve_topic` decides
    which of the two a topic is.

How contrasting statements are found (:func:`contrasting_statements`)
    1. Every quote about the topic gets a polarity from a small lexicon of evaluative words
       (``rules/polarity.tsv``: "in full compliance", "legal", "helped" approve; "violates",
       "illegal", "condemn", "concerned", "must be stopped" condemn). A word preceded within
       three words by a negation ("not", "never", "no", "n't", "without") counts the other way.
       The polarity is ``(positive - negative) / (positive + negative)``, from -1 to 1; quotes
       with no lexicon word have none and are left out.
    2. Quotes of different speakers with polarities of opposite sign are paired. The score is
       half the polarity gap (0 to 1), times 1 when the speakers belong to different sides
       (their affiliation: the country or organisation of a person, the country itself for a
       GPE speaker), 0.75 when a side is unknown and 0.5 when they share one, times
       ``0.4 + 0.3 * overlap + 0.3 * same_frame``. ``overlap`` is the Jaccard similarity of
       the entities the two quotes mention (two statements about the same things contrast more
       than two that merely share the topic); ``same_frame`` is 1 when both judge the same
       frame of the lexicon (law, help, approval, danger, blame): "in full compliance with
       international law" against "violates resolutions" is a direct contradiction, "our
       friends" against "bear responsibility" a looser one.
    3. Pairs are sorted by score, most contrasting first, and picked for variety
       (:func:`diverse_pairs`): one quote with strong words would otherwise be half of every
       pair (15 pairs from three quotes on the sample). The best pair of quotes not yet shown
       comes first; a quote is shown a second time only when every pair left repeats one, and
       in two pairs at most (so a topic with few statements gets few pairs).

Limits
    This is a lexicon method, not an understanding of the statements: it sees words, not
    claims. It misses contradictions phrased without evaluative words ("the troops were never
    there" against "the troops arrived in May"), it is fooled by irony, by reported views
    ("critics call it illegal, he said") and by evaluative words about something else in the
    same quote, and its negation rule is a three-word window. Two statements of opposite
    polarity may also both be true (one about the deployment, one about the training). Read
    the pairs as leads to check, not as findings. The lexicon is English and small; extend
    ``rules/polarity.tsv`` for your beat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from claimscope.analysis.labels import clean_label, clean_labels
from claimscope.rules.polarity import PolarityTerm, load_polarity

#: The most pairs one quote is shown in by :func:`contrasting_statements`.
MAX_USES = 2

#: Columns of :func:`contrasting_statements`' result.
CONTRAST_COLUMNS: tuple[str, ...] = (
    "score",
    "speaker_a",
    "side_a",
    "text_a",
    "polarity_a",
    "terms_a",
    "quote_id_a",
    "speaker_b",
    "side_b",
    "text_b",
    "polarity_b",
    "terms_b",
    "quote_id_b",
    "shared_entities",
)

_NEGATION = re.compile(r"\b(?:not|never|no|without|nor)\b|n't\b", re.IGNORECASE)
_NEGATION_WINDOW = 3  # words before a lexicon term in which a negation flips it


@dataclass(frozen=True)
class Polarity:
    """The polarity of one statement."""

    score: float | None  # from -1 to 1; None when no lexicon term was found
    positive: int
    negative: int
    terms: tuple[str, ...]  # the matched words, in order, negated ones prefixed with "not "
    frames: frozenset[str] = frozenset()  # the frames of the matched terms


@dataclass(frozen=True)
class Topic:
    """What a topic string refers to: entities (by id), or else a keyword."""

    name: str
    entity_ids: tuple[str, ...]
    keyword: str | None


def polarity(text: str, *, lexicon: tuple[PolarityTerm, ...] | None = None) -> Polarity:
    """Score one statement with the polarity lexicon (see the module docstring).

    Overlapping matches count once (the longest term wins); a negation in the three words
    before a match flips it.
    """
    lexicon = lexicon if lexicon is not None else load_polarity()
    taken: list[tuple[int, int, int, str, str]] = []
    for entry in lexicon:
        for match in entry.pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e, *_ in taken):
                continue
            taken.append((start, end, entry.polarity, match.group(0).lower(), entry.frame))
    positive = negative = 0
    terms = []
    frames = frozenset(t[4] for t in taken)
    for start, _, value, word, _ in sorted(taken):
        before = re.findall(r"[\w']+", text[:start])[-_NEGATION_WINDOW:]
        if any(_NEGATION.search(w) for w in before):
            value, word = -value, f"not {word}"
        terms.append(word)
        if value > 0:
            positive += 1
        else:
            negative += 1
    n = positive + negative
    score = (positive - negative) / n if n else None
    return Polarity(score, positive, negative, tuple(terms), frames)


# --------------------------------------------------------------------------------------------
# Quotes and the entities inside them


def speaker_labels(quotes: pd.DataFrame, *, unattributed: str = "(unattributed)") -> pd.Series:
    """Each quote's speaker: the canonical name, else the mention as written, else a label.

    Names are cleaned (:func:`claimscope.analysis.labels.clean_label`), so a name stored with
    a newline or a control character is labelled, counted and found as the name without it.
    """
    names = quotes["speaker"].fillna(quotes["speaker_mention"]).fillna(unattributed)
    return clean_labels(names.astype("string")).astype("string").replace("", unattributed)


def quote_mentions(quotes: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Entity mentions that fall inside quotes: one row per (quote, mention).

    A mention is inside a quote when it is in the same article and
    ``quote.start <= mention.start`` and ``mention.end <= quote.end``. The join is done with
    sorted offsets (no article-wise cross product), so it stays linear in the table sizes.

    Returns:
        Columns ``quote_id``, ``article_id``, ``entity_id``, ``entity``, ``label``,
        ``mention_start``.
    """
    columns = ["quote_id", "article_id", "entity_id", "entity", "label", "mention_start"]
    if quotes.empty or mentions.empty:
        return pd.DataFrame({c: pd.Series([], dtype="object") for c in columns})
    articles = pd.Index(pd.unique(pd.concat([quotes["article_id"], mentions["article_id"]])))
    stride = int(max(quotes["end"].max(), mentions["end"].max())) + 1
    m = mentions.assign(_a=articles.get_indexer(mentions["article_id"]))
    m = m.assign(_key=m["_a"].astype("int64") * stride + m["start"].astype("int64"))
    m = m.sort_values("_key", kind="stable").reset_index(drop=True)
    qa = articles.get_indexer(quotes["article_id"]).astype("int64")
    lo = np.searchsorted(m["_key"].to_numpy(), qa * stride + quotes["start"].to_numpy("int64"))
    hi = np.searchsorted(m["_key"].to_numpy(), qa * stride + quotes["end"].to_numpy("int64"))
    counts = hi - lo
    q_rows = np.repeat(np.arange(len(quotes)), counts)
    m_rows = (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)) + np.repeat(
        lo, counts
    )
    found = m.iloc[m_rows].reset_index(drop=True)
    q = quotes.iloc[q_rows].reset_index(drop=True)
    keep = found["end"].to_numpy("int64") <= q["end"].to_numpy("int64")
    out = pd.DataFrame(
        {
            "quote_id": q["quote_id"].astype(object),
            "article_id": q["article_id"].astype(object),
            "entity_id": found["entity_id"].astype(object),
            "entity": found["entity"].astype(object),
            "label": found["label"].astype(object),
            "mention_start": found["start"].astype("int64"),
        }
    )
    return out[keep].reset_index(drop=True)


def resolve_topic(mentions: pd.DataFrame, topic: str = "") -> Topic:
    """What ``topic`` refers to in ``mentions``.

    An empty topic is the entity the most articles mention (then the most mentioned). A topic
    equal (ignoring case) to an entity's canonical name, its id (``GPE:North Korea``) or a way
    it is written ("DPRK") is that entity (several entities when several types share the name);
    anything else is a keyword. Both the topic and the names are compared cleaned
    (:func:`claimscope.analysis.labels.clean_label`), and the topic's name is the cleaned one.

    Raises:
        ValueError: the topic is empty and there are no mentions to pick one from.
    """
    topic = clean_label(topic)
    if not topic:
        if mentions.empty:
            raise ValueError("no topic given and no entity mentions to choose one from")
        # the entity most articles mention (a house style or a byline in a few articles does
        # not make a topic), then the most mentioned
        grouped = mentions.groupby("entity_id")
        counts = pd.DataFrame(
            {"articles": grouped["article_id"].nunique(), "n": grouped.size()}
        ).reset_index()
        counts = counts.sort_values(["articles", "n", "entity_id"], ascending=[False, False, True])
        top = str(counts["entity_id"].iloc[0])
        name = clean_label(mentions.loc[mentions["entity_id"] == top, "entity"].iloc[0])
        return Topic(name, (top,), None)
    wanted = topic.casefold()

    def matching(column: str) -> pd.Series:
        names = clean_labels(mentions[column].astype("string")).astype("string")
        return (names.str.casefold() == wanted).fillna(False).to_numpy(dtype=bool)

    hits = mentions[matching("entity") | matching("entity_id")]
    if hits.empty:
        hits = mentions[matching("text")]
    if hits.empty:
        return Topic(topic, (), topic)
    ids = tuple(sorted(set(hits["entity_id"].astype(str))))
    return Topic(clean_label(hits["entity"].iloc[0]), ids, None)


def quotes_about(quotes: pd.DataFrame, mentions: pd.DataFrame, *, topic: str) -> pd.DataFrame:
    """The quotes about ``topic`` (see the module docstring), in table order.

    Adds the columns ``speaker_label`` (see :func:`speaker_labels`) and ``entities`` (the
    canonical entities mentioned inside the quote, in order, joined by ``"; "``).
    """
    resolved = resolve_topic(mentions, topic) if topic or not mentions.empty else None
    inside = quote_mentions(quotes, mentions)
    if resolved is None:
        selected = pd.Series(False, index=quotes.index)
    elif resolved.keyword is not None:
        pattern = rf"(?i)\b{re.escape(resolved.keyword)}\b"
        selected = quotes["text"].astype("string").str.contains(pattern, regex=True).fillna(False)
    else:
        ids = set(inside.loc[inside["entity_id"].isin(resolved.entity_ids), "quote_id"])
        selected = quotes["quote_id"].isin(ids)
    out = quotes[selected.to_numpy(dtype=bool)].copy()
    names = (
        inside.sort_values(["quote_id", "mention_start"], kind="stable")
        .groupby("quote_id", sort=False)["entity"]
        .agg(lambda s: "; ".join(dict.fromkeys(s)))
    )
    out["speaker_label"] = speaker_labels(out)
    out["entities"] = out["quote_id"].map(names).astype("string")
    return out.reset_index(drop=True)


def speaker_sides(
    quotes: pd.DataFrame, speakers: pd.DataFrame | None = None
) -> dict[str, str | None]:
    """The side of each speaker: its affiliation, or the country itself for a GPE speaker.

    Uses ``speakers.affiliation`` when a ``speakers`` table is given, else the most frequent
    ``quotes.speaker_affiliation`` when that column exists. Speakers are keyed by their label
    (:func:`speaker_labels`), sides are cleaned labels too.
    """
    sides: dict[str, str | None] = {}
    labels = speaker_labels(quotes)
    if "speaker_affiliation" in quotes.columns:
        affiliation = clean_labels(quotes["speaker_affiliation"].astype("string"))
        known = pd.DataFrame({"s": labels, "a": affiliation}).dropna()
        for name, group in known.groupby("s"):
            sides[str(name)] = str(group["a"].value_counts().index[0])
    if speakers is not None and not speakers.empty and "affiliation" in speakers.columns:
        for row in speakers.dropna(subset=["affiliation"]).itertuples():
            sides[clean_label(row.speaker)] = clean_label(row.affiliation)
    types = pd.DataFrame({"s": labels, "t": quotes["speaker_type"]}).dropna()
    for name in types.loc[types["t"] == "GPE", "s"].unique():
        sides[str(name)] = str(name)
    return sides


def _side_factor(side_a: str | None, side_b: str | None) -> float:
    if side_a is None or side_b is None:
        return 0.75
    return 0.5 if side_a == side_b else 1.0


def contrasting_statements(
    quotes: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    topic: str,
    speakers: pd.DataFrame | None = None,
    lexicon: tuple[PolarityTerm, ...] | None = None,
    top: int = 20,
    max_uses: int | None = MAX_USES,
) -> pd.DataFrame:
    """Pairs of statements about ``topic`` by different speakers that point opposite ways.

    See the module docstring for the method and its limits.

    Args:
        quotes: The ``quotes`` table (or any rows of it).
        mentions: The ``mentions`` table.
        topic: An entity name, id or written form, or a keyword; empty for the most widely mentioned
            entity.
        speakers: The ``speakers`` table, for affiliations (optional).
        lexicon: A polarity lexicon (default: ``rules/polarity.tsv``).
        top: Return at most this many pairs.
        max_uses: Show a quote in at most this many pairs (None: no limit); see
            :func:`diverse_pairs`.

    Returns:
        One row per pair, most contrasting first, with the columns in
        :data:`CONTRAST_COLUMNS`; statement ``a`` is the approving one, ``b`` the condemning one.
    """
    about = quotes_about(quotes, mentions, topic=topic)
    empty = pd.DataFrame({c: pd.Series([], dtype="object") for c in CONTRAST_COLUMNS})
    if about.empty:
        return empty
    scored = [polarity(str(t), lexicon=lexicon) for t in about["text"]]
    about = about.assign(
        polarity=[p.score for p in scored],
        terms=["; ".join(p.terms) for p in scored],
        frames=[p.frames for p in scored],
    )
    about = about[about["polarity"].notna()]
    sides = speaker_sides(quotes, speakers)
    inside = quote_mentions(about, mentions)
    entity_sets = inside.groupby("quote_id")["entity_id"].agg(lambda s: frozenset(s)).to_dict()
    names = dict(zip(inside["entity_id"], inside["entity"], strict=False))
    pro = about[about["polarity"] > 0]
    con = about[about["polarity"] < 0]
    rows = []
    for a in pro.itertuples(index=False):
        for b in con.itertuples(index=False):
            if a.speaker_label == b.speaker_label:
                continue
            side_a, side_b = sides.get(a.speaker_label), sides.get(b.speaker_label)
            factor = _side_factor(side_a, side_b)
            ents_a = entity_sets.get(a.quote_id, frozenset())
            ents_b = entity_sets.get(b.quote_id, frozenset())
            union = ents_a | ents_b
            overlap = len(ents_a & ents_b) / len(union) if union else 0.0
            same_frame = 1.0 if a.frames & b.frames else 0.0
            weight = 0.4 + 0.3 * overlap + 0.3 * same_frame
            score = (a.polarity - b.polarity) / 2 * factor * weight
            shared = "; ".join(sorted(names[e] for e in ents_a & ents_b))
            rows.append(
                {
                    "score": round(float(score), 3),
                    "speaker_a": a.speaker_label,
                    "side_a": side_a,
                    "text_a": a.text,
                    "polarity_a": round(float(a.polarity), 2),
                    "terms_a": a.terms,
                    "quote_id_a": a.quote_id,
                    "speaker_b": b.speaker_label,
                    "side_b": side_b,
                    "text_b": b.text,
                    "polarity_b": round(float(b.polarity), 2),
                    "terms_b": b.terms,
                    "quote_id_b": b.quote_id,
                    "shared_entities": shared,
                }
            )
    if not rows:
        return empty
    out = pd.DataFrame(rows, columns=list(CONTRAST_COLUMNS))
    return diverse_pairs(out, top=top, max_uses=max_uses)


def diverse_pairs(
    pairs: pd.DataFrame, *, top: int = 20, max_uses: int | None = MAX_USES
) -> pd.DataFrame:
    """The ``top`` pairs that cover the most different quotes, best first.

    Greedy, in rounds: pairs are walked from the highest score down, and a pair is taken in
    round ``k`` when neither of its quotes (``quote_id_a``, ``quote_id_b``) is already in ``k``
    pairs taken. Round 1 thus takes the best pairs that share no quote, round 2 lets a quote
    appear twice, and so on until ``top`` pairs are taken, none is left, or the next round
    would show a quote in more than ``max_uses`` pairs. Each quote appears in as few pairs as
    the candidates allow, and among pairs as varied, higher scores win.

    Returns:
        The pairs taken, sorted by score (ties by quote ids), most contrasting first.
    """
    ranked = pairs.sort_values(
        ["score", "quote_id_a", "quote_id_b"], ascending=[False, True, True], kind="stable"
    )
    ids = list(zip(ranked["quote_id_a"], ranked["quote_id_b"], strict=True))
    uses: dict[object, int] = {}
    taken: list[int] = []
    left = list(range(len(ids)))
    limit = 1
    while left and len(taken) < top and (max_uses is None or limit <= max_uses):
        waiting = []
        for i in left:
            a, b = ids[i]
            if len(taken) < top and uses.get(a, 0) < limit and uses.get(b, 0) < limit:
                taken.append(i)
                uses[a] = uses.get(a, 0) + 1
                uses[b] = uses.get(b, 0) + 1
            else:
                waiting.append(i)
        left = waiting
        limit += 1
    chosen = ranked.iloc[sorted(taken)]  # positions in score order: best first
    return chosen.reset_index(drop=True)
