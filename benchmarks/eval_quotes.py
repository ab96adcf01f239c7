"""Score quote extraction on every gold set: the sample, both Wikinews sets and PolNeAR dev.

Runs ``claimscope extract`` on each set's texts (into a temporary folder) and prints one table
of precision, recall, F1, speaker accuracy and speaker mention accuracy at 30% coverage.
Needs the shared data beside the repository (``../shared``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import pandas as pd

from claimscope.cli import main as claimscope
from claimscope.evaluation.quotes import evaluate

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV = ROOT / "benchmarks" / "quotes-dev" / "gold.jsonl"


def dev_articles(out: Path) -> Path:
    """Write the second Wikinews set's articles from the shared corpus, checking the spans."""
    frames = {
        year: pd.read_csv(SHARED / "corpus" / "wikinews" / f"wikinews_{year}.csv")
        for year in ("2019", "2020")
    }
    path = out / "articles.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for line in DEV.read_text(encoding="utf-8").splitlines():
            gold = json.loads(line)
            year, row = gold["id"][2:6], int(gold["id"][7:])
            article = frames[year].iloc[row]
            text = article["text"]
            for quote in gold["quotes"]:
                if text[quote["start"] : quote["end"]] != quote["text"]:
                    raise SystemExit(f"{gold['id']}: a gold span no longer matches the corpus")
            record = {"id": gold["id"], "title": article["title"], "date": article["date"],
                      "url": article["url"], "outlet": "Wikinews", "text": text}  # fmt: skip
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def sets(work: Path) -> list[tuple[str, Path, Path]]:
    """(name, texts, gold) for every gold set that is present."""
    gold = SHARED / "gold"
    found = [
        ("sample", gold / "seed" / "north-korean-troops.txt", gold / "seed" / "gold.json"),
        ("Wikinews quotes", gold / "wikinews-quotes" / "articles.jsonl",
         gold / "wikinews-quotes" / "gold.jsonl"),
        ("Wikinews, second set", dev_articles(work), DEV),
        ("PolNeAR dev", gold / "polnear" / "dev" / "text", gold / "polnear" / "dev"),
    ]  # fmt: skip
    return [s for s in found if s[1].exists() and s[2].exists()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if not (SHARED / "gold").is_dir():
        print(f"eval: the gold data is not at {SHARED / 'gold'}", file=sys.stderr)
        return 2
    rows = []
    with tempfile.TemporaryDirectory(prefix="claimscope-eval-") as tmp:
        work = Path(tmp)
        for name, texts, gold in sets(work):
            out = work / name.replace(" ", "-").replace(",", "")
            if claimscope(["extract", str(texts), "--out", str(out), "-q", "--no-cache"]) != 0:
                print(f"eval: extraction failed on {name}", file=sys.stderr)
                return 1
            scores = evaluate(gold, out).scores[0]
            rows.append(
                {
                    "set": name,
                    "statements": scores.quotes.n_gold,
                    "precision": scores.quotes.precision,
                    "recall": scores.quotes.recall,
                    "f1": scores.quotes.f1,
                    "speaker": scores.speaker.accuracy if scores.speaker else None,
                    "mention": scores.speaker_mention.accuracy,
                }
            )
    header = f"{'gold set':<22} {'n':>5} {'P':>6} {'R':>6} {'F1':>6} {'speaker':>8} {'mention':>8}"
    print(header)
    for r in rows:
        speaker = f"{r['speaker']:.3f}" if r["speaker"] is not None else "-"
        print(f"{r['set']:<22} {r['statements']:>5} {r['precision']:>6.3f} {r['recall']:>6.3f} "
              f"{r['f1']:>6.3f} {speaker:>8} {r['mention']:>8.3f}")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
