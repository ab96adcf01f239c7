"""Extract every table from the sample, the Wikinews corpus and every gold set, and compare runs.

A change that should not alter behaviour (moving code, a faster equivalent) is checked by
taking a snapshot before and after and comparing them table by table::

    python benchmarks/snapshot_tables.py snap build/snap-before          # before the change
    python benchmarks/snapshot_tables.py snap build/snap-after
    python benchmarks/snapshot_tables.py compare build/snap-before build/snap-after

``snap`` runs ``claimscope.run.pipeline.extract_corpus`` on each set with the cache off
(``--fast`` instead parses each set once, keeps the parsed documents in ``--parse-cache`` and
runs claimscope's own components, the extractors and the corpus tables on them: the same rows
in a fraction of the time, for checks while working). Needs the shared data beside the
repository (``../shared``); sets that are missing are skipped and said so.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold"

#: Components claimscope adds after the parse; ``--fast`` runs them on cached parses.
AFTER_PARSE = ("claimscope_furniture", "claimscope_entities", "claimscope_quote_marks")


def _meantime(work: Path) -> Path:
    """MEANTIME's documents as a JSONL input (id, creation date, tokenised text)."""
    path = work / "meantime.jsonl"
    with (
        path.open("w", encoding="utf-8") as out,
        (GOLD / "meantime" / "articles.jsonl").open(encoding="utf-8") as source,
    ):
        for line in source:
            doc = json.loads(line)
            record = {"id": doc["doc_id"], "title": doc.get("title"), "date": doc.get("dct"),
                      "url": doc.get("url"), "text": doc["text_tokenized"]}  # fmt: skip
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def sets(work: Path) -> Iterator[tuple[str, list[Path]]]:
    """``(name, inputs)`` for every set whose data is present."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from eval_quotes import dev_articles

    candidates = {
        "sample": lambda: [ROOT / "data"],
        "wikinews-corpus": lambda: sorted((SHARED / "corpus" / "wikinews").glob("*.csv")),
        "wikinews-quotes": lambda: [GOLD / "wikinews-quotes" / "articles.jsonl"],
        "wikinews-second": lambda: [dev_articles(work)],
        "polnear-train": lambda: [GOLD / "polnear" / "train" / "text"],
        "polnear-dev": lambda: [GOLD / "polnear" / "dev" / "text"],
        "gum-train": lambda: [GOLD / "gum" / "train" / "articles.jsonl"],
        "gum-dev": lambda: [GOLD / "gum" / "dev" / "articles.jsonl"],
        "meantime": lambda: [_meantime(work)],
    }
    needs = {
        "sample": ROOT / "data",
        "wikinews-corpus": SHARED / "corpus" / "wikinews",
        "wikinews-quotes": GOLD / "wikinews-quotes",
        "wikinews-second": SHARED / "corpus" / "wikinews",
        "polnear-train": GOLD / "polnear" / "train",
        "polnear-dev": GOLD / "polnear" / "dev",
        "gum-train": GOLD / "gum" / "train",
        "gum-dev": GOLD / "gum" / "dev",
        "meantime": GOLD / "meantime",
    }
    for name, make in candidates.items():
        if needs[name].exists():
            yield name, make()
        else:
            print(f"snapshot: {name} skipped ({needs[name]} is missing)", file=sys.stderr)


def _imports():
    """The library's entry points."""
    from claimscope.ingest import load_articles
    from claimscope.nlp.model import load_model
    from claimscope.rules import load_lexicon
    from claimscope.run.pipeline import extract_corpus
    from claimscope.run.store import read_tables
    from claimscope.tables import corpus, rows
    from claimscope.tables.build import article_tables

    return {
        "load_model": load_model,
        "load_lexicon": load_lexicon,
        "extract_corpus": extract_corpus,
        "read_tables": read_tables,
        "load_articles": load_articles,
        "rows": rows,
        "corpus": corpus,
        "article_tables": article_tables,
    }


def _parse_stage() -> str:
    """A hash of what decides a parse before claimscope's after-parse components: spaCy, the
    model, and claimscope's tokenizer rules and paragraph component."""
    import spacy

    from claimscope.nlp import model, paragraphs, tokenizer
    from claimscope.run.cache import model_version

    name = model.resolve_model_name()
    digest = hashlib.sha1(f"{spacy.__version__}|{name}|{model_version(name)}".encode())
    for module in (model, paragraphs, tokenizer):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:8]


def _parsed(nlp, texts: list[str], cache: Path, name: str):
    """The documents of ``texts`` parsed up to claimscope's after-parse components, from
    ``cache`` when the same texts were parsed before."""
    from spacy.tokens import DocBin

    digest = hashlib.sha1("\x00".join(texts).encode("utf-8")).hexdigest()[:16]
    path = cache / f"{name}-{digest}-{_parse_stage()}.spacy"
    if path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    with nlp.select_pipes(disable=[p for p in AFTER_PARSE if p in nlp.pipe_names]):
        docs = list(nlp.pipe(texts, batch_size=32))
    cache.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def fast_extract(
    name: str, inputs: list[Path], out: Path, cache: Path, nlp, *, lexicon=None
) -> None:
    """Write the tables of the articles under ``inputs`` into ``out`` (one Parquet file each),
    from parses kept in ``cache`` under ``name``: what the pipeline writes, row for row (with
    ``lexicon`` instead of the packaged rules when it is given)."""
    _fast(name, inputs, out, cache, _imports(), nlp, lexicon=lexicon)


def _fast(
    name: str, inputs: list[Path], out: Path, cache: Path, api: dict, nlp, *, lexicon=None
) -> None:
    """The tables of one set, from cached parses; what the pipeline writes, row for row."""
    rows_mod, corpus_mod = api["rows"], api["corpus"]
    lexicon = lexicon or api["load_lexicon"]()
    records = list(api["load_articles"]([str(p) for p in inputs]))
    articles = [r for r in records if hasattr(r, "text")]
    rejections = [r for r in records if not hasattr(r, "text")]
    docs = _parsed(nlp, [a.text for a in articles], cache, name)
    after = [nlp.get_pipe(p) for p in AFTER_PARSE]
    article_rows = []
    rows: dict[str, list[dict]] = {}
    for article, doc in zip(articles, docs, strict=True):
        for component in after:
            doc = component(doc)
        article_rows.append(rows_mod.article_row(article))
        for table, table_rows in api["article_tables"](article, doc, lexicon=lexicon).items():
            rows.setdefault(table, []).extend(table_rows)
    corpus = corpus_mod.CorpusTables()
    corpus.add(article_rows, rows)
    corrections = corpus.corrections(lexicon.people)
    frames = {"articles": rows_mod.frame("articles", article_rows)}
    for table, table_rows in rows.items():
        frame = rows_mod.frame(table, table_rows)
        if corrections:
            frame = corpus_mod.apply_corrections(table, frame, corrections=corrections)
        frames[table] = frame
    frames.update(corpus.frames(corrections))
    frames["rejected"] = rows_mod.frame("rejected", [rows_mod.rejection_row(r) for r in rejections])
    _save(frames, out)


def _full(inputs: list[Path], out: Path, api: dict) -> None:
    with tempfile.TemporaryDirectory(prefix="claimscope-snap-") as tmp:
        api["extract_corpus"]([str(p) for p in inputs], tmp, progress=False, cache=False)
        _save(api["read_tables"](tmp), out)


def _save(frames: dict[str, pd.DataFrame], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for table, frame in frames.items():
        if "source" in frame.columns:  # the same input read from two checkouts compares equal
            frame = frame.assign(source=frame["source"].str.replace(f"{ROOT}/", "", regex=False))
        frame.to_parquet(out / f"{table}.parquet", index=False)


def snap(args: argparse.Namespace) -> int:
    api = _imports()
    nlp = api["load_model"]() if args.fast else None
    # generated inputs at a fixed place, so that the tables' `source` column compares equal
    work = Path(tempfile.gettempdir()) / "claimscope-snapshot-inputs"
    work.mkdir(exist_ok=True)
    for name, inputs in sets(work):
        if args.only and name not in args.only:
            continue
        started = time.perf_counter()
        out = args.out / name
        if args.fast:
            _fast(name, inputs, out, args.parse_cache, api, nlp)
        else:
            _full(inputs, out, api)
        n = len(pd.read_parquet(out / "articles.parquet"))
        print(f"{name:<16} {n:>5} articles  {time.perf_counter() - started:6.1f} s")
    return 0


def compare(args: argparse.Namespace) -> int:
    different = 0
    names = sorted(p.name for p in args.before.iterdir() if p.is_dir())
    for name in names:
        for path in sorted((args.before / name).glob("*.parquet")):
            other = args.after / name / path.name
            table = f"{name}/{path.stem}"
            if not other.exists():
                print(f"{table}: missing after")
                different += 1
                continue
            a, b = pd.read_parquet(path), pd.read_parquet(other)
            if list(a.columns) != list(b.columns):
                print(f"{table}: columns {list(a.columns)} -> {list(b.columns)}")
                different += 1
                continue
            if a.equals(b):
                print(f"{table}: identical ({len(a)} rows)")
                continue
            different += 1
            merged = a.merge(b, how="outer", indicator=True)
            only_a = merged[merged["_merge"] == "left_only"]
            only_b = merged[merged["_merge"] == "right_only"]
            print(f"{table}: DIFFERENT ({len(a)} -> {len(b)} rows; {len(only_a)} only before, "
                  f"{len(only_b)} only after)")  # fmt: skip
            for label, part in (("before", only_a), ("after", only_b)):
                for row in part.drop(columns="_merge").head(args.show).to_dict("records"):
                    shown = {k: v for k, v in row.items() if k != "text" or table.endswith("s")}
                    print(f"    {label}: {str(shown)[:400]}")
    print("identical" if not different else f"{different} tables differ")
    return 1 if different else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    take = commands.add_parser("snap", help="extract every set into OUT/SET/TABLE.parquet")
    take.add_argument("out", type=Path)
    take.add_argument("--fast", action="store_true", help="reuse parsed documents")
    take.add_argument(
        "--parse-cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "claimscope-parse-cache",
        help="folder of parsed documents for --fast (default: %(default)s)",
    )
    take.add_argument("--only", nargs="*", help="only these sets")
    diff = commands.add_parser("compare", help="compare two snapshots table by table")
    diff.add_argument("before", type=Path)
    diff.add_argument("after", type=Path)
    diff.add_argument("--show", type=int, default=3, help="differing rows to print per side")
    args = parser.parse_args(argv)
    return snap(args) if args.command == "snap" else compare(args)


if __name__ == "__main__":
    raise SystemExit(main())
