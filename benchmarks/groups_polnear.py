"""Quote groups across the outlets of PolNeAR train and dev: counted, and a sample printed to read.

PolNeAR's articles come from seven US outlets (2015-16); its text files carry no metadata, so
each article's outlet and date are taken from the corpus's ``metadata.tsv`` (by file name), as
an analyst's metadata file would give them. The tables are read from ``--tables`` (one folder
per split, as ``benchmarks/eval_quotes.py --fast`` writes them into ``build/eval/fast``), else
extracted with ``claimscope extract`` into ``build/groups``.

Printed: the quotes, the groups, the groups spanning two outlets or more, their sizes, how many
credit two named speakers, and the claim groups; with ``--sample N``, N groups spanning two
outlets or more drawn at random (``--seed``), each with every quote in it, to be read by hand.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import pandas as pd

from claimscope.run.store import read_table
from claimscope.tables.groups import corpus_groups

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "gold" / "polnear"
SPLITS = ("train", "dev")


def _tables(split: str, tables: Path) -> dict[str, pd.DataFrame]:
    folder = tables / f"polnear-{split}"
    if not (folder / "quotes.parquet").exists():
        folder = ROOT / "build" / "groups" / f"polnear-{split}"
        if not (folder / "quotes.parquet").exists():
            from claimscope.cli import main as claimscope

            if claimscope(["extract", str(POLNEAR / split / "text"), "--out", str(folder)]) != 0:
                raise SystemExit(f"groups_polnear: extraction failed on {split}")
    return {name: read_table(folder, name) for name in ("articles", "quotes", "claims")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tables", type=Path, default=ROOT / "build" / "eval" / "fast")
    parser.add_argument("--sample", type=int, default=0, help="groups to print in full")
    parser.add_argument("--claims", type=int, default=0, help="claim groups to print in full")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args(argv)
    metadata = pd.read_csv(POLNEAR / "metadata.tsv", sep="\t", dtype=str)
    metadata = metadata.set_index("filename")
    frames = [_tables(split, args.tables) for split in SPLITS]
    tables = {name: pd.concat([f[name] for f in frames], ignore_index=True) for name in frames[0]}
    articles = tables["articles"]
    articles["outlet"] = articles["article_id"].map(metadata["publisher"])
    articles["date"] = articles["article_id"].map(metadata["publication_date"])
    quotes = tables["quotes"]
    started = time.perf_counter()
    groups = corpus_groups(articles, quotes, tables["claims"])
    seconds = time.perf_counter() - started
    table = groups.quote_groups
    spanning = table[table["n_outlets"] >= 2]
    n_quoted = int(quotes["kind"].isin(["direct", "mixed"]).sum())
    print(f"articles: {len(articles)}, outlets: {articles['outlet'].nunique()}")
    print(f"quotes: {len(quotes)}, direct or mixed: {n_quoted}; grouped in {seconds:.1f} s")
    print(f"quote groups: {len(table)}, quotes in them: {len(groups.group_ids)}")
    print(f"groups spanning two outlets or more: {len(spanning)}")
    print("  by number of outlets:", spanning["n_outlets"].value_counts().sort_index().to_dict())
    print("  with more than one variant:", int((spanning["n_variants"] > 1).sum()))
    print("  crediting two named speakers or more:", int(spanning["speakers_disagree"].sum()))
    print(
        f"claim groups: {len(set(groups.claim_group_ids.values()))}, "
        f"statements in them: {len(groups.claim_group_ids)}"
    )
    if args.sample:
        ids = sorted(spanning["group_id"])
        chosen = random.Random(args.seed).sample(ids, min(args.sample, len(ids)))
        outlet = dict(zip(articles["article_id"], articles["outlet"], strict=True))
        members = quotes.assign(group_id=quotes["quote_id"].map(groups.group_ids))
        for number, group_id in enumerate(chosen, 1):
            row = table.set_index("group_id").loc[group_id]
            print(f"\n[{number}] {group_id}  outlets={row['n_outlets']}  "
                  f"variants={row['n_variants']}  speakers={row['speakers']}")  # fmt: skip
            for quote in members[members["group_id"] == group_id].itertuples():
                print(f"   {outlet[quote.article_id]:<12} {quote.kind:<8} "
                      f"{quote.speaker!s:<22.22} {quote.text}")  # fmt: skip
    if args.claims:
        _print_claims(groups.claim_group_ids, tables, articles, args.claims, args.seed)
    return 0


def _print_claims(claim_group_ids, tables, articles, n: int, seed: int) -> None:
    """``n`` claim groups spanning two outlets or more, drawn at random, with every statement."""
    outlet = dict(zip(articles["article_id"], articles["outlet"], strict=True))
    quotes = tables["quotes"]
    own = tables["claims"][tables["claims"]["quote_id"].isna()]
    statements = pd.concat(
        [
            quotes[["quote_id", "article_id", "kind", "speaker", "text"]].rename(
                columns={"quote_id": "id"}
            ),
            own[["claim_id", "article_id", "claimant", "text"]]
            .rename(columns={"claim_id": "id", "claimant": "speaker"})
            .assign(kind="claim"),
        ],
        ignore_index=True,
    )
    statements["group"] = statements["id"].map(claim_group_ids)
    statements = statements.dropna(subset=["group"])
    statements["outlet"] = statements["article_id"].map(outlet)
    spanning = statements.groupby("group")["outlet"].nunique()
    ids = sorted(spanning[spanning >= 2].index)
    print(f"\nclaim groups spanning two outlets or more: {len(ids)}")
    for number, group in enumerate(random.Random(seed).sample(ids, min(n, len(ids))), 1):
        print(f"\n<{number}> {group}")
        for row in statements[statements["group"] == group].itertuples():
            print(f"   {row.outlet:<12} {row.kind:<8} {row.speaker!s:<22.22} {row.text}")


if __name__ == "__main__":
    sys.exit(main())
