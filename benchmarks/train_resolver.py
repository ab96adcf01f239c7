"""Fit the speaker model (``lib/claimscope/rules/speaker_model.tsv``) on the development gold.

Extracts the development sets (the sample article, the first Wikinews set and GUM train, the
sets with canonical speakers that no figure is validated on) with the model switched off, and,
for every statement matched to a gold statement whose predicted speaker is named, records the
features of :func:`claimscope.rules.speakers.features` and whether the name is right
(:func:`claimscope.evaluation.matching.same_speaker`). A logistic regression with an L2 penalty
is fitted by Newton's method; the threshold below which a speaker is not named is the lowest
probability at which the named speakers of the news sets (the sample and the Wikinews set) are
right at least ``--precision`` of the time. Prints the fit, the threshold and the reliability of
the probabilities, and writes the model. Needs ``../shared`` beside the repository. Rerun it
after a change to the resolver: ``make train-resolver``.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from claimscope.evaluation.gold import load_gold
from claimscope.evaluation.matching import match_quotes, predictions, same_speaker
from claimscope.nlp.model import load_model
from claimscope.rules import load_lexicon
from claimscope.rules.speakers import NAMED_IN_TEXT, features, write_speaker_model

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import eval_quotes  # noqa: E402
import snapshot_tables  # noqa: E402

#: The development sets the model is fitted on (by slug of ``eval_quotes.sets``), and those
#: of them that are news, on which the threshold is chosen.
FIT_SETS = ("sample", "wikinews-quotes", "gum-train")
NEWS_SETS = ("sample", "wikinews-quotes")
#: GUM's genres that are news as claimscope reads it (Wikinews reports and interviews); its
#: academic, biographical, travel and court texts are left out of the fit.
GUM_GENRES = ("news", "interview")
MODEL = ROOT / "lib" / "claimscope" / "rules" / "speaker_model.tsv"


def examples(out: Path, parse_cache: Path) -> pd.DataFrame:
    """One row per matched statement with a gold speaker and a named predicted speaker: its
    features, whether the name is right, and its set."""
    nlp = load_model()
    lexicon = dataclasses.replace(load_lexicon(), speaker_model=None)
    rows = []
    with tempfile.TemporaryDirectory(prefix="claimscope-train-") as tmp:
        for gold_set in eval_quotes.sets(Path(tmp)):
            if gold_set.slug not in FIT_SETS:
                continue
            folder = out / gold_set.slug
            snapshot_tables.fast_extract(
                gold_set.slug, [gold_set.texts], folder, parse_cache, nlp, lexicon=lexicon
            )
            _, gold = load_gold(gold_set.gold)
            quotes = pd.read_parquet(folder / "quotes.parquet")
            by_offsets = quotes.set_index(["article_id", "start", "end"]).sort_index()
            preds = predictions(quotes)
            for article_id, gold_quotes in gold.items():
                if article_id.startswith("GUM_") and article_id.split("_")[1] not in GUM_GENRES:
                    continue
                found = preds.get(article_id, [])
                for gi, pi in match_quotes(gold_quotes, found, 0.3):
                    g, p = gold_quotes[gi], found[pi]
                    if g.speaker is None or not p.speaker:
                        continue
                    row = by_offsets.loc[(article_id, p.start, p.end)]
                    row = row.iloc[0] if isinstance(row, pd.DataFrame) else row
                    values = features(
                        how=_text(row["speaker_rule"]), speaker=p.speaker,
                        speaker_type=_text(row["speaker_type"]), rule=_text(row["rule"]),
                        score=float(row["confidence"]),
                        rivals=0 if pd.isna(row["speaker_rivals"]) else int(row["speaker_rivals"]),
                    )  # fmt: skip
                    rows.append({**values, "_right": same_speaker(p.speaker, g.speaker),
                                 "_set": gold_set.slug,
                                 "_named_in_text": any(values.get(f"how={h}")
                                                       for h in NAMED_IN_TEXT)})  # fmt: skip
    return pd.DataFrame(rows).fillna(0.0)


def _text(value) -> str | None:
    return None if pd.isna(value) else str(value)


def fit(x: np.ndarray, y: np.ndarray, *, l2: float) -> np.ndarray:
    """Logistic regression weights by Newton's method, with an L2 penalty (not on the bias,
    the first column)."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x.T * (p * (1 - p))) @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def threshold_for(p: np.ndarray, y: np.ndarray, precision: float) -> float:
    """The lowest probability at which the speakers at or above it are right at least
    ``precision`` of the time."""
    order = np.argsort(-p)
    right = np.cumsum(y[order])
    shares = right / np.arange(1, len(order) + 1)
    ok = np.flatnonzero(shares >= precision)
    if not len(ok):
        return float(p.max())
    return float(p[order][ok[-1]])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--precision", type=float, default=0.955,
                        help="speaker precision the threshold keeps on the news sets")  # fmt: skip
    parser.add_argument("--l2", type=float, default=1.0, help="weight of the L2 penalty")
    parser.add_argument("--parse-cache", type=Path, default=ROOT / "build" / "parse-cache")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "train-resolver")
    parser.add_argument("--model", type=Path, default=MODEL, help="where to write the model")
    args = parser.parse_args(argv)
    data = examples(args.out, args.parse_cache)
    names = ["bias", *sorted(c for c in data.columns if not c.startswith("_") and c != "bias")]
    x = data[names].to_numpy(dtype=float)
    y = data["_right"].to_numpy(dtype=float)
    w = fit(x, y, l2=args.l2)
    p = 1.0 / (1.0 + np.exp(-(x @ w)))
    news = data["_set"].isin(NEWS_SETS).to_numpy()
    # only inferred speakers are ever withheld: the threshold is chosen so that, with the
    # names read in the text kept, the news sets' named speakers are right often enough
    inferred = ~data["_named_in_text"].to_numpy(dtype=bool)
    threshold = threshold_for(np.where(inferred, p, 1.0)[news], y[news], args.precision)
    print(f"{len(data)} named speakers ({int(y.sum())} right) from {', '.join(FIT_SETS)}")
    for name, weight in sorted(zip(names, w, strict=True), key=lambda nw: -abs(nw[1])):
        print(f"  {name:<32}{weight:>8.3f}")
    print(f"threshold {threshold:.3f} (news sets: speaker precision >= {args.precision:g})")
    print(f"{'probability':<14}{'speakers':>9}{'right':>8}")
    for low, high in zip((0, 0.5, 0.7, 0.8, 0.9), (0.5, 0.7, 0.8, 0.9, 1.01), strict=True):
        inside = (p >= low) & (p < high)
        if inside.any():
            print(
                f"{low:.1f}-{min(high, 1):.1f}{'':<7}{int(inside.sum()):>9}{y[inside].mean():>8.3f}"
            )
    kept = (p[news] >= threshold) | ~inferred[news]
    print(f"news sets: {int(kept.sum())} of {int(news.sum())} named kept, "
          f"right {y[news][kept].mean():.3f}")  # fmt: skip
    header = [
        "How sure a resolved speaker is: logistic weights of the features of",
        "claimscope.rules.speakers.features, fitted by benchmarks/train_resolver.py",
        f"(make train-resolver) on {', '.join(FIT_SETS)}: {len(data)} named speakers,",
        f"{int(y.sum())} right. A speaker whose probability is below `threshold` is not named;",
        f"the threshold keeps speaker precision >= {args.precision:g} on the news sets.",
        "Regenerate it rather than editing it by hand.",
    ]
    write_speaker_model(args.model, dict(zip(names, w.tolist(), strict=True)), threshold, header)
    print(f"-> {args.model}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
