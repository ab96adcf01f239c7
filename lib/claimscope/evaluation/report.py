"""The evaluation report of :func:`claimscope.evaluation.quotes.evaluate`, as a plain-text table
for the terminal or as JSON-able data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields, is_dataclass
from typing import Any

from claimscope.evaluation.quotes import Accuracy, EvalReport


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _acc(a: Accuracy | None) -> str:
    return "-" if a is None else f"{_fmt(a.accuracy)} ({a.right}/{a.n})"


def _id_list(ids: Sequence[str], limit: int = 10) -> str:
    return ", ".join(ids[:limit]) + (f" ... ({len(ids) - limit} more)" if len(ids) > limit else "")


def format_report(report: EvalReport, *, worst: int = 10) -> str:
    """The report as a plain-text table for the terminal.

    Args:
        report: The result of :func:`evaluate`.
        worst: How many of the worst articles (most missed plus spurious quotes, at the first
            coverage level) to list.

    Returns:
        The table, ending with a newline.
    """
    label_w, col_w = 36, 20
    lines = [
        f"Gold: {report.gold_path} ({report.gold_format})",
        f"Predictions: {report.pred_dir}",
        f"Articles: {report.n_gold_articles} in gold, {report.n_pred_articles} predicted, "
        f"{len(report.scored_articles)} scored",
    ]
    if report.missing_articles:
        lines.append(
            f"ERROR: {len(report.missing_articles)} gold articles are missing from the "
            f"predictions and were not scored: {_id_list(report.missing_articles)}"
        )
    if report.misaligned_articles:
        lines.append(
            f"ERROR: {len(report.misaligned_articles)} articles differ from the gold text at "
            f"the gold offsets and were not scored: {_id_list(report.misaligned_articles)}"
        )
    scores = report.scores

    def row(label: str, cells: Iterable[str]) -> str:
        return f"{label:<{label_w}}" + "".join(f"{c:>{col_w}}" for c in cells)

    lines.append("")
    lines.append(row("", (f"coverage >= {s.coverage:g}" for s in scores)))
    lines.append("Quotes")
    lines.append(row("  gold", (str(s.quotes.n_gold) for s in scores)))
    lines.append(row("  predicted", (str(s.quotes.n_pred) for s in scores)))
    lines.append(row("  matched", (str(s.quotes.tp) for s in scores)))
    lines.append(row("  precision", (_fmt(s.quotes.precision) for s in scores)))
    lines.append(row("  recall", (_fmt(s.quotes.recall) for s in scores)))
    lines.append(row("  F1", (_fmt(s.quotes.f1) for s in scores)))
    kinds = [k.kind for k in scores[0].recall_by_kind] if scores else []
    if kinds:
        lines.append("Recall by kind")
        for kind in kinds:
            first = scores[0].kind_recall(kind)
            label = f"  {kind} ({first.n_gold if first else 0})"
            cells = []
            for s in scores:
                k = s.kind_recall(kind)
                cells.append("-" if k is None else f"{_fmt(k.recall)} ({k.tp})")
            lines.append(row(label, cells))
    lines.append("Matched quotes")
    if any(s.speaker is not None for s in scores):
        lines.append(row("  speaker accuracy", (_acc(s.speaker) for s in scores)))
        lines.append(
            row("  speaker precision (named)", (_acc(s.speaker_precision) for s in scores))
        )
        lines.append(row("  speaker coverage", (_fmt(s.speaker_coverage) for s in scores)))
    lines.append(row("  speaker mention accuracy", (_acc(s.speaker_mention) for s in scores)))
    lines.append(row("  speaker mention exact", (_acc(s.speaker_mention_exact) for s in scores)))
    if kinds:
        lines.append(row("  kind accuracy", (_acc(s.kind) for s in scores)))
    lines.append("End to end (matched and speaker right)")
    if any(s.end_to_end is not None for s in scores):
        lines.append(
            row(
                "  F1, canonical speaker",
                (_fmt(s.end_to_end.f1 if s.end_to_end else None) for s in scores),
            )
        )
    lines.append(row("  F1, speaker mention", (_fmt(s.end_to_end_mention.f1) for s in scores)))
    if scores and scores[0].rules:
        lines += ["", f"By rule at coverage >= {scores[0].coverage:g}:"]
        lines.append(f"  {'rule':<28}{'predicted':>10}{'matched':>9}{'precision':>10}"
                     f"{'recall':>8}{'speaker':>16}")  # fmt: skip
        for r in scores[0].rules:
            lines.append(
                f"  {r.rule:<28}{r.n_pred:>10}{r.tp:>9}{_fmt(r.precision):>10}"
                f"{_fmt(r.recall):>8}{_acc(r.speaker):>16}"
            )
    if scores and scores[0].reliability and any(b.n_pred for b in scores[0].reliability):
        lines += ["", f"Reliability of the confidence at coverage >= {scores[0].coverage:g}:"]
        lines.append(f"  {'confidence':<14}{'predicted':>10}{'precision':>10}"
                     f"{'speaker right (named)':>24}")  # fmt: skip
        for b in scores[0].reliability:
            if b.n_pred:
                lines.append(
                    f"  {f'{b.low:.1f}-{b.high:.1f}':<14}{b.n_pred:>10}{_fmt(b.precision):>10}"
                    f"{_acc(b.speaker):>24}"
                )
    if scores and worst > 0:
        worst_articles = scores[0].worst_articles(worst)
        if worst_articles:
            width = max(len("article"), *(len(a.article_id) for a in worst_articles))
            lines += [
                "",
                f"Worst articles at coverage >= {scores[0].coverage:g} "
                "(most missed plus spurious quotes):",
                f"  {'article':<{width}}  gold  pred  matched  recall  precision",
            ]
            lines += [
                f"  {a.article_id:<{width}}  {a.n_gold:>4}  {a.n_pred:>4}  {a.tp:>7}  "
                f"{_fmt(a.recall):>6}  {_fmt(a.precision):>9}"
                for a in worst_articles
            ]
    return "\n".join(lines) + "\n"


def _plain(obj: Any) -> Any:
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [_plain(x) for x in obj]
    if isinstance(obj, Mapping):
        return {str(k): _plain(v) for k, v in obj.items()}
    return obj


def report_to_dict(report: EvalReport) -> dict[str, Any]:
    """The report as plain JSON-able data (for ``--json`` output).

    Args:
        report: The result of :func:`evaluate`.

    Returns:
        Nested dicts and lists mirroring :class:`EvalReport`; undefined ratios are None.
    """
    return _plain(report)


__all__ = ["format_report", "report_to_dict"]
