"""Time and peak memory of grouping quotes: 10,000 and 100,000 quotes, replicated with variations.

The quotes are made here from a small vocabulary, a word list of the spaCy English stop words
plus invented content words, so that many sentences share common word pairs (as real quotes
do): base sentences of 6 to 30 words, each repeated in one to six articles of other outlets with
a variation (quotation marks, case, punctuation, a cut half, an ellipsis, a changed word), and
singletons; about a third of the quotes are indirect statements (claim groups only). Each size
runs in a fresh process, so its peak resident memory (``ru_maxrss``) is its own; the time is the
grouping's (quote groups and claim groups), not the making of the quotes.

    .venv/bin/python benchmarks/bench_groups.py            # 10,000 and 100,000
    .venv/bin/python benchmarks/bench_groups.py --sizes 10000 30000 100000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time

import pandas as pd

SYLLABLES = ["ka", "lo", "mi", "ren", "to", "vas", "dor", "el", "fin", "gra", "hu", "pel"]


def corpus(n_quotes: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """About ``n_quotes`` quotes over articles of 20 outlets, with planted repeats."""
    from spacy.lang.en.stop_words import STOP_WORDS

    rng = random.Random(seed)
    common = sorted(STOP_WORDS)
    content = sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(20000)})
    quotes: list[dict] = []
    articles: list[dict] = []
    article_id = ""

    def new_article() -> str:
        article = f"a{len(articles):07d}"
        articles.append({"article_id": article, "date": f"2026-{rng.randint(1, 12):02d}-01",
                         "outlet": f"outlet-{rng.randrange(20)}"})  # fmt: skip
        return article

    def add(text: str, article: str, kind: str = "direct") -> None:
        quotes.append({"quote_id": f"{article}:q{len(quotes)}", "article_id": article,
                       "kind": kind, "text": text, "speaker": f"Speaker {rng.randrange(5000)}",
                       "speaker_type": "PERSON"})  # fmt: skip

    while len(quotes) < n_quotes:
        words = [rng.choice(common) if rng.random() < 0.5 else rng.choice(content)
                 for _ in range(rng.randint(6, 30))]  # fmt: skip
        sentence = " ".join(words).capitalize() + "."
        if len(quotes) % 8 == 0 or not article_id:
            article_id = new_article()
        if rng.random() < 0.35:
            add(sentence, article_id, "indirect")
            continue
        add(f"“{sentence}”", article_id)
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3, 5])):
            add(_vary(words, rng), new_article())
    return pd.DataFrame(articles), pd.DataFrame(quotes)


def _vary(words: list[str], rng: random.Random) -> str:
    way = rng.randrange(6)
    if way == 0:
        return '"' + " ".join(words).upper() + '"'
    if way == 1:
        return "«" + ", ".join(words) + "»"
    if way == 2:
        return "“" + " ".join(words[: max(2, len(words) // 2)]) + "”"
    if way == 3:
        return "“" + " ".join(words[:3]) + " … " + " ".join(words[-3:]) + "”"
    changed = list(words)
    changed[rng.randrange(len(changed))] = "changed"
    return "“" + " ".join(changed) + "”"


def run_one(n_quotes: int) -> dict:
    from claimscope.tables.groups import corpus_groups

    articles, quotes = corpus(n_quotes)
    started = time.perf_counter()
    groups = corpus_groups(articles, quotes)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"quotes": len(quotes), "seconds": round(seconds, 2), "peak_mb": round(peak),
            "quote_groups": len(groups.quote_groups),
            "claim_groups": len(set(groups.claim_group_ids.values()))}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a size, in this process
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one)))
        return 0
    results = []
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(size)], check=True,
                             capture_output=True, text=True).stdout  # fmt: skip
        results.append(json.loads(out.strip().splitlines()[-1]))
    print(
        f"{'quotes':>8} {'seconds':>8} {'µs/quote':>9} {'peak MB':>8} {'groups':>7} {'claims':>7}"
    )
    for r in results:
        per = 1e6 * r["seconds"] / r["quotes"]
        print(f"{r['quotes']:>8} {r['seconds']:>8.2f} {per:>9.0f} {r['peak_mb']:>8} "
              f"{r['quote_groups']:>7} {r['claim_groups']:>7}")  # fmt: skip
    if len(results) >= 2:
        first, last = results[0], results[-1]
        ratio = (last["seconds"] / first["seconds"]) / (last["quotes"] / first["quotes"])
        print(f"time per quote, largest over smallest: {ratio:.2f} (1.00 is linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
