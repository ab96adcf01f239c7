"""Predictions read from a ``quotes`` frame, matched one-to-one with the gold quotes, and the
speaker compared.

Matching follows the rules in ``gold/README.md`` (see ``docs/evaluation.md``): a predicted quote
matches a gold quote of the same article when their shared characters cover at least
``coverage`` of the gold quote's characters, matched one-to-one and greedily by overlap.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from claimscope.evaluation.gold import GoldQuote
from claimscope.nlp.names import fold

#: Columns a predicted quotes frame must have; the others of the ``quotes`` schema are optional.
REQUIRED_COLUMNS = ("article_id", "start", "end")


def name_words(name: str | None) -> tuple[str, ...]:
    """The normalised words of a speaker name.

    Args:
        name: A canonical speaker name, or None.

    Returns:
        Lower-cased words without accents and punctuation; dots and apostrophes are dropped
        inside words ("U.S." -> "us", "O'Brien" -> "obrien"), other punctuation separates words,
        and a leading "the" is removed. An empty tuple for None or a name with no words.
    """
    if name is None:
        return ()
    folded = fold(name).casefold()
    folded = re.sub(r"[.'’‘`]", "", folded)
    words = re.sub(r"[\W_]+", " ", folded).split()
    if words and words[0] == "the":
        words = words[1:]
    return tuple(words)


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    """Whether a predicted canonical speaker names the gold speaker.

    Args:
        predicted: The predicted canonical name (None when unresolved).
        gold: The gold canonical name.

    Returns:
        True when the normalised names (:func:`name_words`) are equal, or when the words of the
        shorter name are a subset of the longer's words and include the longer's last word.

    Notes:
        The rule is the one in ``gold/README.md``: "Putin" ~ "Vladimir Putin" and
        "State Department" ~ "The U.S. State Department" are right, "Vladimir" is wrong, and an
        unresolved speaker (None, or a name with no words) is wrong.
    """
    pred_words, gold_words = name_words(predicted), name_words(gold)
    if not pred_words or not gold_words:
        return False
    if pred_words == gold_words:
        return True
    shorter, longer = sorted((pred_words, gold_words), key=len)
    if len(shorter) == len(longer):
        return False
    return set(shorter) <= set(longer) and longer[-1] in shorter


def _value(x: Any) -> Any:
    """A frame cell as a plain Python value, None for missing."""
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return None
    if isinstance(x, np.integer):
        return int(x)
    return x


@dataclass(frozen=True)
class Prediction:
    """One predicted quote: its offsets, kind and speaker (None where the frame has none)."""

    start: int
    end: int
    kind: str | None
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    rule: str | None = None  # the rule that found it
    confidence: float | None = None


def predictions(pred: pd.DataFrame) -> dict[str, list[Prediction]]:
    """The predicted quotes of a ``quotes`` frame by article id, each list ordered by offset
    (then quote id).

    Raises:
        ValueError: a column of :data:`REQUIRED_COLUMNS` is missing, or a row has no
            ``article_id``, ``start`` or ``end``.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in pred.columns]
    if missing:
        raise ValueError(f"predicted quotes lack the columns {missing}; pass the quotes table")

    def column(name: str) -> list[Any]:
        if name not in pred.columns:
            return [None] * len(pred)
        return [_value(x) for x in pred[name].astype(object)]

    names = ["article_id", "start", "end", "kind", "speaker", "speaker_start", "speaker_end"]
    cols = [column(name) for name in names]
    quote_ids, rules, confidences = column("quote_id"), column("rule"), column("confidence")
    by_article: dict[str, list[tuple[tuple, Prediction]]] = {}
    for article_id, start, end, kind, speaker, s_start, s_end, quote_id, rule, conf in zip(
        *cols, quote_ids, rules, confidences, strict=True
    ):
        if article_id is None or start is None or end is None:
            raise ValueError(f"predicted quote {quote_id!r} has no article_id, start or end")
        quote = Prediction(
            int(start),
            int(end),
            kind,
            speaker,
            _int(s_start),
            _int(s_end),
            None if rule is None else str(rule),
            None if conf is None else float(conf),
        )
        key = (quote.start, quote.end, "" if quote_id is None else str(quote_id))
        by_article.setdefault(str(article_id), []).append((key, quote))
    return {a: [q for _, q in sorted(rows, key=lambda r: r[0])] for a, rows in by_article.items()}


def _int(x: Any) -> int | None:
    return None if x is None else int(x)


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def match_quotes(
    gold: Sequence[GoldQuote], preds: Sequence[Prediction], coverage: float
) -> list[tuple[int, int]]:
    """One-to-one matches (gold index, prediction index), greedy by shared characters.

    Notes:
        Candidate pairs are a gold and a predicted quote whose shared characters cover at least
        ``coverage`` of the gold quote (of its fragments, for a discontinuous one); pairs are
        taken most shared characters first, then the shorter prediction, then gold and
        prediction order, each quote being matched at most once (``gold/README.md``).
    """
    if not gold or not preds:
        return []
    spans = [_merged(q.spans) for q in gold]
    sizes = [sum(b - a for a, b in s) for s in spans]
    g_start = np.array([s[0][0] for s in spans])
    g_end = np.array([s[-1][1] for s in spans])
    pairs = []
    for pi, p in enumerate(preds):
        for gi in np.flatnonzero((g_start < p.end) & (g_end > p.start)).tolist():
            shared = sum(max(0, min(b, p.end) - max(a, p.start)) for a, b in spans[gi])
            if shared and sizes[gi] and shared / sizes[gi] >= coverage:
                pairs.append((-shared, p.end - p.start, gi, pi))
    pairs.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matches = []
    for _, _, gi, pi in pairs:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            matches.append((gi, pi))
    return matches


def speaker_mention_right(gold: GoldQuote, pred: Prediction) -> tuple[bool, bool]:
    """(overlaps, exact) for the speaker mention; a gold quote without a source is right when the
    prediction has no speaker mention either."""
    g_start, g_end = gold.speaker_start, gold.speaker_end
    p_start, p_end = pred.speaker_start, pred.speaker_end
    if g_start is None or g_end is None:
        none = p_start is None or p_end is None
        return none, none
    if p_start is None or p_end is None:
        return False, False
    return p_start < g_end and g_start < p_end, (p_start, p_end) == (g_start, g_end)


__all__ = [
    "REQUIRED_COLUMNS",
    "Prediction",
    "match_quotes",
    "name_words",
    "predictions",
    "same_speaker",
    "speaker_mention_right",
]
