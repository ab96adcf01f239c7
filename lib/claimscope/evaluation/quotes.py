"""Measuring the ``quotes`` table against gold annotations: the scores and :func:`evaluate`.

Gold sets are read by :mod:`claimscope.evaluation.gold` (JSON, JSONL, PolNeAR brat) and matched
with the predictions by :mod:`claimscope.evaluation.matching`; :mod:`claimscope.evaluation.report`
prints the result. Scoring follows the rules in ``gold/README.md`` (see :func:`score` and
``docs/evaluation.md``): a predicted quote matches a gold quote of the same article when their
shared characters cover at least ``coverage`` of the gold quote's characters, matched one-to-one
and greedily by overlap. For matched quotes the canonical speaker, the speaker mention and the
kind are checked.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from claimscope.evaluation.gold import GoldQuote, load_gold
from claimscope.evaluation.matching import (
    match_quotes,
    predictions,
    same_speaker,
    speaker_mention_right,
)
from claimscope.run import store

logger = logging.getLogger(__name__)

#: The quote kinds of the gold sets, in the order they are reported.
KINDS = ("direct", "indirect", "mixed")

#: Coverage levels reported by default: the headline level and the strict one.
DEFAULT_COVERAGES = (0.3, 0.8)


class EvaluationError(ValueError):
    """Predictions cannot be scored against the gold, e.g. they share no article with it."""


@dataclass(frozen=True)
class Counts:
    """Precision, recall and F1 from counts; a ratio is None when its denominator is 0."""

    n_gold: int
    n_pred: int
    tp: int
    precision: float | None
    recall: float | None
    f1: float | None

    @classmethod
    def of(cls, n_gold: int, n_pred: int, tp: int) -> Counts:
        """Build from the three counts, computing the ratios."""
        precision = _ratio(tp, n_pred)
        recall = _ratio(tp, n_gold)
        if precision is None or recall is None:
            f1 = None
        elif precision + recall == 0:
            f1 = 0.0
        else:
            f1 = 2 * precision * recall / (precision + recall)
        return cls(n_gold, n_pred, tp, precision, recall, f1)


@dataclass(frozen=True)
class Accuracy:
    """Share of ``n`` judged items that are right; ``accuracy`` is None when ``n`` is 0."""

    n: int
    right: int
    accuracy: float | None

    @classmethod
    def of(cls, n: int, right: int) -> Accuracy:
        """Build from the two counts."""
        return cls(n, right, _ratio(right, n))


@dataclass(frozen=True)
class KindRecall:
    """Recall of the gold quotes of one kind."""

    kind: str
    n_gold: int
    tp: int
    recall: float | None


@dataclass(frozen=True)
class RuleScores:
    """The statements one rule found: how many, how many match a gold statement (precision),
    the share of the gold they find (recall), and how often their speaker is right."""

    rule: str
    n_pred: int
    tp: int
    precision: float | None
    recall: float | None  # matched / all gold statements: the rule's share of the recall
    speaker: Accuracy | None  # among matched statements with a canonical gold speaker


@dataclass(frozen=True)
class Reliability:
    """Predictions whose confidence lies in ``[low, high)``: how many, the share that match a
    gold statement, and the share of matched ones whose named speaker is right."""

    low: float
    high: float
    n_pred: int
    tp: int
    precision: float | None
    speaker: Accuracy  # matched, with a gold speaker and a named predicted speaker


#: Confidence bins of the reliability table.
RELIABILITY_BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


@dataclass(frozen=True)
class ArticleScores:
    """One article's figures, to find the articles that go worst.

    ``errors`` is missed plus spurious quotes (``n_gold - tp + n_pred - tp``).
    """

    article_id: str
    n_gold: int
    n_pred: int
    tp: int
    speaker_right: int  # matched with the right canonical speaker
    mention_right: int  # matched with an overlapping speaker mention
    precision: float | None
    recall: float | None
    f1: float | None
    errors: int


@dataclass(frozen=True)
class Scores:
    """Everything measured at one coverage level.

    ``speaker`` and ``end_to_end`` are None when no gold quote in scope has a canonical speaker
    (PolNeAR); ``end_to_end_mention`` is the end-to-end figure that uses the speaker mention.
    ``speaker_precision`` judges only the matched quotes given a named speaker (an empty speaker
    is no error there) and ``speaker_coverage`` is the share of matched quotes with a gold
    speaker that are given one; ``rules`` breaks the figures down by the rule that found each
    prediction, ``reliability`` by its confidence.
    """

    coverage: float
    n_articles: int
    quotes: Counts
    recall_by_kind: tuple[KindRecall, ...]
    kind: Accuracy
    speaker: Accuracy | None
    speaker_precision: Accuracy | None
    speaker_coverage: float | None
    end_to_end: Counts | None
    speaker_mention: Accuracy
    speaker_mention_exact: Accuracy
    end_to_end_mention: Counts
    articles: tuple[ArticleScores, ...]
    n_pred_ignored: int  # predictions in articles outside the scored set
    rules: tuple[RuleScores, ...] = ()
    reliability: tuple[Reliability, ...] = ()

    def kind_recall(self, kind: str) -> KindRecall | None:
        """The recall of one kind, or None when the gold has no quote of that kind."""
        return next((k for k in self.recall_by_kind if k.kind == kind), None)

    def worst_articles(self, n: int = 10) -> list[ArticleScores]:
        """The ``n`` articles with the most errors (missed plus spurious), worst first."""
        ranked = sorted(self.articles, key=lambda a: (-a.errors, a.article_id))
        return [a for a in ranked if a.errors > 0][:n]


@dataclass(frozen=True)
class EvalReport:
    """The result of :func:`evaluate`: what was compared, what was left out, and the scores.

    ``missing_articles`` are gold articles absent from the predictions' ``articles`` table;
    ``misaligned_articles`` are articles whose predicted text does not hold the gold statements
    at the gold offsets. Neither is scored.
    """

    gold_path: str
    gold_format: str
    pred_dir: str
    n_gold_articles: int
    n_pred_articles: int
    scored_articles: tuple[str, ...]
    missing_articles: tuple[str, ...]
    misaligned_articles: tuple[str, ...]
    n_extra_articles: int  # predicted articles that have no gold
    scores: tuple[Scores, ...]


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def score(
    gold: Mapping[str, Sequence[GoldQuote]],
    pred: pd.DataFrame,
    *,
    coverage: float,
    articles: Iterable[str] | None = None,
) -> Scores:
    """Score predicted quotes against gold quotes at one coverage level.

    Args:
        gold: Gold quotes by article id (from :func:`load_gold`).
        pred: Predicted quotes, a frame with the ``quotes`` table's columns; ``article_id``,
            ``start`` and ``end`` are required, missing optional columns count as unknown.
        coverage: The share of a gold quote's characters a prediction must cover to match it,
            in (0, 1].
        articles: The article ids to score; None scores every gold article. Ids without gold
            are ignored, as are predictions in articles outside the scored set.

    Returns:
        The scores, with a per-article breakdown.

    Raises:
        ValueError: ``coverage`` is out of range, or ``pred`` lacks a required column.

    Notes:
        Matching follows ``gold/README.md``: candidate pairs are a gold and a predicted quote of
        the same article whose shared characters cover at least ``coverage`` of the gold quote
        (for a discontinuous gold quote, of its fragments); pairs are taken greedily, most
        shared characters first, then the shorter prediction, then gold and prediction order
        (by offset), each quote being matched at most once. Speaker accuracy
        (:func:`same_speaker`) is judged on matched quotes whose gold has a canonical speaker;
        the end-to-end figures count a quote as found only when it is matched and its speaker
        (canonical name, or mention overlap) is right.
    """
    if not 0 < coverage <= 1:
        raise ValueError(f"coverage must be in (0, 1], got {coverage}")
    scope = sorted(set(gold) if articles is None else set(articles) & set(gold))
    by_article = predictions(pred)
    in_scope = set(scope)
    n_ignored = sum(len(p) for a, p in by_article.items() if a not in in_scope)
    if n_ignored:
        logger.info("%d predicted quotes are in articles that are not scored", n_ignored)

    has_speakers = any(q.speaker is not None for a in scope for q in gold[a])
    kind_gold: dict[str, int] = {}
    kind_tp: dict[str, int] = {}
    n_gold = n_pred = tp = 0
    kind_n = kind_right = speaker_n = speaker_right = named_n = named_right = 0
    mention_right = mention_exact = 0
    per_article = []
    rule_pred: dict[str, int] = {}
    rule_tp: dict[str, int] = {}
    rule_speaker: dict[str, list[int]] = {}  # rule -> [judged, right]
    bins = list(itertools.pairwise(RELIABILITY_BINS))
    bin_counts = [[0, 0, 0, 0] for _ in bins]  # predicted, matched, named judged, named right
    for article_id in scope:
        gold_quotes, preds = gold[article_id], by_article.get(article_id, [])
        matches = match_quotes(gold_quotes, preds, coverage)
        matched = dict((pi, gi) for gi, pi in matches)
        for pi, p in enumerate(preds):
            rule = p.rule or "(none)"
            rule_pred[rule] = rule_pred.get(rule, 0) + 1
            counts_of_bin = bin_counts[_bin(p.confidence, bins)]
            counts_of_bin[0] += 1
            if pi not in matched:
                continue
            rule_tp[rule] = rule_tp.get(rule, 0) + 1
            counts_of_bin[1] += 1
            g = gold_quotes[matched[pi]]
            if g.speaker is not None:
                right = same_speaker(p.speaker, g.speaker)
                judged = rule_speaker.setdefault(rule, [0, 0])
                judged[0] += 1
                judged[1] += right
                if _named(p.speaker):
                    counts_of_bin[2] += 1
                    counts_of_bin[3] += right
        a_speaker = a_mention = 0
        for gi, pi in matches:
            g, p = gold_quotes[gi], preds[pi]
            if g.kind is not None:
                kind_n += 1
                kind_right += p.kind == g.kind
                kind_tp[g.kind] = kind_tp.get(g.kind, 0) + 1
            if g.speaker is not None:
                speaker_n += 1
                right = same_speaker(p.speaker, g.speaker)
                speaker_right += right
                a_speaker += right
                if _named(p.speaker):
                    named_n += 1
                    named_right += right
            overlaps, exact = speaker_mention_right(g, p)
            a_mention += overlaps
            mention_exact += exact
        for g in gold_quotes:
            if g.kind is not None:
                kind_gold[g.kind] = kind_gold.get(g.kind, 0) + 1
        mention_right += a_mention
        n_gold += len(gold_quotes)
        n_pred += len(preds)
        tp += len(matches)
        counts = Counts.of(len(gold_quotes), len(preds), len(matches))
        per_article.append(
            ArticleScores(
                article_id=article_id,
                n_gold=len(gold_quotes),
                n_pred=len(preds),
                tp=len(matches),
                speaker_right=a_speaker,
                mention_right=a_mention,
                precision=counts.precision,
                recall=counts.recall,
                f1=counts.f1,
                errors=len(gold_quotes) + len(preds) - 2 * len(matches),
            )
        )
    ordered_kinds = [k for k in KINDS if k in kind_gold] + sorted(set(kind_gold) - set(KINDS))
    return Scores(
        coverage=coverage,
        n_articles=len(scope),
        quotes=Counts.of(n_gold, n_pred, tp),
        recall_by_kind=tuple(
            KindRecall(k, kind_gold[k], kind_tp.get(k, 0), _ratio(kind_tp.get(k, 0), kind_gold[k]))
            for k in ordered_kinds
        ),
        kind=Accuracy.of(kind_n, kind_right),
        speaker=Accuracy.of(speaker_n, speaker_right) if has_speakers else None,
        speaker_precision=Accuracy.of(named_n, named_right) if has_speakers else None,
        speaker_coverage=_ratio(named_n, speaker_n) if has_speakers else None,
        end_to_end=Counts.of(n_gold, n_pred, speaker_right) if has_speakers else None,
        speaker_mention=Accuracy.of(tp, mention_right),
        speaker_mention_exact=Accuracy.of(tp, mention_exact),
        end_to_end_mention=Counts.of(n_gold, n_pred, mention_right),
        articles=tuple(per_article),
        n_pred_ignored=n_ignored,
        rules=tuple(
            RuleScores(
                rule,
                n,
                rule_tp.get(rule, 0),
                _ratio(rule_tp.get(rule, 0), n),
                _ratio(rule_tp.get(rule, 0), n_gold),
                Accuracy.of(*rule_speaker[rule]) if has_speakers and rule in rule_speaker else None,
            )
            for rule, n in sorted(rule_pred.items(), key=lambda item: (-item[1], item[0]))
        ),
        reliability=tuple(
            Reliability(low, high, c[0], c[1], _ratio(c[1], c[0]), Accuracy.of(c[2], c[3]))
            for (low, high), c in zip(bins, bin_counts, strict=True)
        ),
    )


def _named(speaker: str | None) -> bool:
    return speaker is not None and bool(str(speaker).strip())


def _bin(confidence: float | None, bins: Sequence[tuple[float, float]]) -> int:
    """The reliability bin of a confidence (a missing one counts as 0; 1.0 is in the last)."""
    value = 0.0 if confidence is None else confidence
    for i, (_, high) in enumerate(bins):
        if value < high:
            return i
    return len(bins) - 1


def _aligned(quotes: Iterable[GoldQuote], text: str) -> bool:
    """Whether ``text`` holds every gold statement at its gold offsets."""
    return all(" ".join(text[a:b] for a, b in q.spans) == q.text for q in quotes)


def evaluate(
    gold_path: str | os.PathLike,
    pred_dir: str | os.PathLike,
    *,
    coverages: Sequence[float] = DEFAULT_COVERAGES,
) -> EvalReport:
    """Score an extraction output folder against a gold set.

    Args:
        gold_path: A gold file or folder (see :func:`load_gold`).
        pred_dir: A folder written by an extraction run, holding the ``articles`` and
            ``quotes`` tables.
        coverages: The coverage levels to score at (see :func:`score`).

    Returns:
        The report, with one :class:`Scores` per coverage level.

    Raises:
        EvaluationError: no gold article can be scored: none is in the predictions'
            ``articles`` table, or none of their texts holds the gold statements at the gold
            offsets.

    Notes:
        Only articles present in both the gold and the predictions' ``articles`` table are
        scored. Gold articles missing from the predictions are listed in
        ``missing_articles`` and logged as a warning, as are articles whose predicted text
        differs from the gold text at the gold offsets (``misaligned_articles``): offsets into a
        different text cannot be compared.
    """
    gold_format, gold = load_gold(gold_path)
    articles = store.read_table(pred_dir, "articles")
    quotes = store.read_table(pred_dir, "quotes")
    texts: dict[str, str] = {}
    for article_id, text in zip(articles["article_id"], articles["text"], strict=True):
        texts.setdefault(str(article_id), str(text))
    present = sorted(set(gold) & set(texts))
    missing = sorted(set(gold) - set(texts))
    if not present:
        raise EvaluationError(
            f"none of the {len(gold)} gold articles of {gold_path} is in the articles table of "
            f"{pred_dir} ({len(texts)} articles; gold ids look like {sorted(gold)[:3]}, "
            f"predicted ids like {sorted(texts)[:3]}); run the extraction on the gold texts"
        )
    misaligned = [a for a in present if not _aligned(gold[a], texts[a])]
    scored = [a for a in present if a not in set(misaligned)]
    if not scored:
        raise EvaluationError(
            f"the texts of all {len(present)} shared articles in {pred_dir} differ from the "
            f"gold texts at the gold offsets (e.g. {misaligned[:3]}); extract the gold texts "
            "unchanged"
        )
    if missing:
        logger.warning(
            "%d of %d gold articles are missing from the predictions in %s and are not scored: %s",
            len(missing),
            len(gold),
            pred_dir,
            ", ".join(missing[:10]) + (" ..." if len(missing) > 10 else ""),
        )
    if misaligned:
        logger.warning(
            "%d articles in %s differ from the gold texts at the gold offsets and are not "
            "scored: %s",
            len(misaligned),
            pred_dir,
            ", ".join(misaligned[:10]) + (" ..." if len(misaligned) > 10 else ""),
        )
    return EvalReport(
        gold_path=str(gold_path),
        gold_format=gold_format,
        pred_dir=str(pred_dir),
        n_gold_articles=len(gold),
        n_pred_articles=len(texts),
        scored_articles=tuple(scored),
        missing_articles=tuple(missing),
        misaligned_articles=tuple(misaligned),
        n_extra_articles=len(set(texts) - set(gold)),
        scores=tuple(score(gold, quotes, coverage=c, articles=scored) for c in coverages),
    )


__all__ = [
    "DEFAULT_COVERAGES",
    "KINDS",
    "Accuracy",
    "ArticleScores",
    "Counts",
    "EvalReport",
    "EvaluationError",
    "KindRecall",
    "Reliability",
    "RuleScores",
    "Scores",
    "evaluate",
    "score",
]
