"""Score quote extraction on every gold set, by split, by rule and by confidence.

The sets (``../shared/gold`` beside the repository, and the second Wikinews set of
``benchmarks/quotes-dev``) fall in three roles:

- ``train``: PolNeAR train and GUM train, the sets rules are written and weights fitted from;
- ``seen``: the sample article and the first Wikinews set, which earlier rules were written from;
- ``validation``: PolNeAR dev, the second Wikinews set and GUM dev, whose figures are read but
  whose sentences no rule is written from.

Each set is extracted with ``claimscope extract`` into ``build/eval/SET`` (with its cache, so an
unchanged re-run costs seconds), or, with ``--fast``, from parses kept in ``--parse-cache``
(claimscope's components, extractors and tables rerun on them: the same rows, for working on
rules). Printed: precision, recall and F1 at 30% and 80% coverage, speaker accuracy, speaker
precision and coverage (the share of matched statements given a named speaker), speaker mention
accuracy; the precision of each rule on every set; and the reliability of the confidence
(precision and speaker accuracy by confidence bin, pooled by role).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from claimscope.evaluation.gold import load_gold
from claimscope.evaluation.quotes import RELIABILITY_BINS, Scores, evaluate
from claimscope.evaluation.report import report_to_dict

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold"
DEV = ROOT / "benchmarks" / "quotes-dev" / "gold.jsonl"


@dataclass(frozen=True)
class GoldSet:
    name: str
    slug: str
    role: str  # train | seen | validation
    texts: Path
    gold: Path


def _corpus() -> dict[str, pd.DataFrame]:
    return {
        year: pd.read_csv(SHARED / "corpus" / "wikinews" / f"wikinews_{year}.csv")
        for year in ("2019", "2020")
    }


def dev_articles(out: Path) -> Path:
    """Write the second Wikinews set's articles from the shared corpus (``articles.jsonl``) and
    its gold with the texts filled in from the offsets (``gold.jsonl``); the repository keeps
    only offsets, speakers and kinds."""
    frames = _corpus()
    articles, gold = out / "articles.jsonl", out / "gold.jsonl"
    with articles.open("w", encoding="utf-8") as a_out, gold.open("w", encoding="utf-8") as g_out:
        for line in DEV.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            year, row = record["id"][2:6], int(record["id"][7:])
            article = frames[year].iloc[row]
            text = article["text"]
            for quote in record["quotes"]:
                quote["text"] = text[quote["start"] : quote["end"]]
                if quote.get("speaker_start") is not None:
                    quote["speaker_mention"] = text[quote["speaker_start"] : quote["speaker_end"]]
                if quote.get("cue_start") is not None:
                    quote["cue"] = text[quote["cue_start"] : quote["cue_end"]]
            g_out.write(json.dumps(record, ensure_ascii=False) + "\n")
            fields = {"id": record["id"], "title": article["title"], "date": article["date"],
                      "url": article["url"], "outlet": "Wikinews", "text": text}  # fmt: skip
            a_out.write(json.dumps(fields, ensure_ascii=False) + "\n")
    return articles


def sets(work: Path) -> list[GoldSet]:
    """Every gold set that is present, in the order they are printed."""
    found = [
        GoldSet("sample", "sample", "seen", GOLD / "seed" / "north-korean-troops.txt",
                GOLD / "seed" / "gold.json"),
        GoldSet("Wikinews quotes", "wikinews-quotes", "seen",
                GOLD / "wikinews-quotes" / "articles.jsonl",
                GOLD / "wikinews-quotes" / "gold.jsonl"),
        GoldSet("PolNeAR train", "polnear-train", "train", GOLD / "polnear" / "train" / "text",
                GOLD / "polnear" / "train"),
        GoldSet("GUM train", "gum-train", "train", GOLD / "gum" / "train" / "articles.jsonl",
                GOLD / "gum" / "train" / "gold.jsonl"),
        GoldSet("PolNeAR dev", "polnear-dev", "validation", GOLD / "polnear" / "dev" / "text",
                GOLD / "polnear" / "dev"),
        GoldSet("GUM dev", "gum-dev", "validation", GOLD / "gum" / "dev" / "articles.jsonl",
                GOLD / "gum" / "dev" / "gold.jsonl"),
    ]  # fmt: skip
    if (SHARED / "corpus" / "wikinews").is_dir():
        found.insert(
            5,
            GoldSet(
                "Wikinews, second set",
                "wikinews-second",
                "validation",
                dev_articles(work),
                work / "gold.jsonl",
            ),
        )
    return [s for s in found if s.texts.exists() and s.gold.exists()]


def _extract(gold_set: GoldSet, out: Path, *, fast: bool, parse_cache: Path, nlp) -> None:
    if fast:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import snapshot_tables

        snapshot_tables.fast_extract(gold_set.slug, [gold_set.texts], out, parse_cache, nlp)
        return
    from claimscope.cli import main as claimscope

    if claimscope(["extract", str(gold_set.texts), "--out", str(out), "-q"]) != 0:
        raise SystemExit(f"eval: extraction failed on {gold_set.name}")


def _f(x: float | None, width: int = 6) -> str:
    return f"{x:>{width}.3f}" if x is not None else f"{'-':>{width}}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="reuse parsed documents")
    parser.add_argument(
        "--parse-cache",
        type=Path,
        default=ROOT / "build" / "parse-cache",
        help="folder of parsed documents for --fast (default: %(default)s)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "eval",
                        help="folder for the extracted tables (default: %(default)s)")  # fmt: skip
    parser.add_argument("--only", nargs="*", help="only these sets (by slug, e.g. gum-dev)")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    if not GOLD.is_dir():
        print(f"eval: the gold data is not at {GOLD}", file=sys.stderr)
        return 2
    nlp = None
    if args.fast:
        from claimscope.nlp.model import load_model

        nlp = load_model()
    results: list[tuple[GoldSet, Scores, Scores]] = []
    clausal: list[tuple[GoldSet, Scores, Scores]] = []
    dumped = {}
    with tempfile.TemporaryDirectory(prefix="claimscope-eval-") as tmp:
        for gold_set in sets(Path(tmp)):
            if args.only and gold_set.slug not in args.only:
                continue
            out = args.out / ("fast" if args.fast else "") / gold_set.slug
            _extract(gold_set, out, fast=args.fast, parse_cache=args.parse_cache, nlp=nlp)
            load_gold(gold_set.gold)  # a malformed gold file stops here, before scoring
            report = evaluate(gold_set.gold, out)
            results.append((gold_set, report.scores[0], report.scores[-1]))
            dumped[gold_set.slug] = {"role": gold_set.role, **report_to_dict(report)}
            if gold_set.slug.startswith("gum-"):
                clausal_report = _clausal(gold_set, out, Path(tmp))
                clausal.append((gold_set, clausal_report.scores[0], clausal_report.scores[-1]))
    print(_summary(results))
    if clausal:
        print(_summary(clausal, title=CLAUSAL_TITLE))
    print(_by_rule(results))
    print(_reliability(results))
    if args.json:
        args.json.write_text(json.dumps(dumped, indent=1) + "\n", encoding="utf-8")
    return 0


#: Rules whose statements have no clause of their own ("denied the report", "asked them to
#: leave"): GUM's attributions are RST relations between clauses, so it seldom annotates them
#: (6 of these rules' 143 statements on GUM train), while claimscope's scheme and PolNeAR do
#: (0.72 to 0.77 of them right on PolNeAR train; see docs/evaluation.md).
NON_CLAUSAL_RULES = ("verb-object", "verb-infinitive")

CLAUSAL_TITLE = (
    "GUM without the statements its scheme seldom annotates "
    f"(rules {', '.join(NON_CLAUSAL_RULES)} left out)"
)


def _clausal(gold_set: GoldSet, out: Path, work: Path):
    """The GUM set scored on the predictions of the rules that find a clause only."""
    from claimscope.run import store

    tables = store.read_tables(out)
    quotes = tables["quotes"][~tables["quotes"]["rule"].isin(NON_CLAUSAL_RULES)]
    folder = work / f"{gold_set.slug}-clausal"
    store.write_tables({"articles": tables["articles"], "quotes": quotes}, folder)
    return evaluate(gold_set.gold, folder)


def _summary(
    results: list[tuple[GoldSet, Scores, Scores]],
    *,
    title: str = "Quotes at 30% coverage (F1@80: at 80%)",
) -> str:
    header = (
        f"{'gold set':<22}{'role':<11}{'n':>6}{'P':>7}{'R':>7}{'F1':>7}{'F1@80':>7}"
        f"{'speaker':>8}{'sp.prec':>8}{'cover':>7}{'mention':>8}"
    )
    lines = [title, header]
    for gold_set, s, strict in results:
        speaker = s.speaker.accuracy if s.speaker else None
        precision = s.speaker_precision.accuracy if s.speaker_precision else None
        lines.append(
            f"{gold_set.name:<22}{gold_set.role:<11}{s.quotes.n_gold:>6}{_f(s.quotes.precision, 7)}"
            f"{_f(s.quotes.recall, 7)}{_f(s.quotes.f1, 7)}{_f(strict.quotes.f1, 7)}"
            f"{_f(speaker, 8)}{_f(precision, 8)}{_f(s.speaker_coverage, 7)}"
            f"{_f(s.speaker_mention.accuracy, 8)}"
        )
    return "\n".join(lines) + "\n"


def _by_rule(results: list[tuple[GoldSet, Scores, Scores]]) -> str:
    """Each rule's precision on each set (predictions in brackets), most used rules first."""
    used: dict[str, int] = {}
    for _, s, _ in results:
        for r in s.rules:
            used[r.rule] = used.get(r.rule, 0) + r.n_pred
    names = [gold_set.slug for gold_set, _, _ in results]
    width = max(14, *(len(n) + 1 for n in names)) if names else 14
    lines = [
        "Precision by rule (predictions), at 30% coverage",
        f"{'rule':<28}" + "".join(f"{n:>{width}}" for n in names),
    ]
    for rule in sorted(used, key=lambda r: (-used[r], r)):
        cells = []
        for _, s, _ in results:
            found = next((r for r in s.rules if r.rule == rule), None)
            cell = "" if found is None else f"{_f(found.precision, 0)} ({found.n_pred})"
            cells.append(f"{cell:>{width}}")
        lines.append(f"{rule:<28}" + "".join(cells))
    return "\n".join(lines) + "\n"


def _reliability(results: list[tuple[GoldSet, Scores, Scores]]) -> str:
    """Precision and named-speaker accuracy by confidence bin, pooled over the sets of a role
    that have canonical speakers."""
    lines = ["Reliability of the confidence (sets with canonical speakers), at 30% coverage",
             f"{'role':<11}{'confidence':<12}{'predicted':>10}{'precision':>10}"
             f"{'speaker right':>15}{'of named':>10}"]  # fmt: skip
    bins = list(itertools.pairwise(RELIABILITY_BINS))
    for role in ("seen", "train", "validation"):
        scored = [s for g, s, _ in results if g.role == role and s.speaker is not None]
        if not scored:
            continue
        for i, (low, high) in enumerate(bins):
            n = sum(s.reliability[i].n_pred for s in scored)
            tp = sum(s.reliability[i].tp for s in scored)
            judged = sum(s.reliability[i].speaker.n for s in scored)
            right = sum(s.reliability[i].speaker.right for s in scored)
            if not n:
                continue
            precision = tp / n if n else None
            accuracy = right / judged if judged else None
            lines.append(
                f"{role:<11}{f'{low:.1f}-{high:.1f}':<12}{n:>10}{_f(precision, 10)}"
                f"{_f(accuracy, 15)}{judged:>10}"
            )
        high_n = sum(s.reliability[i].speaker.n for s in scored for i in range(4, len(bins)))
        high_right = sum(
            s.reliability[i].speaker.right for s in scored for i in range(4, len(bins))
        )
        if high_n:
            lines.append(
                f"{role:<11}{'>= 0.8':<12}{'':>10}{'':>10}{_f(high_right / high_n, 15)}{high_n:>10}"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
