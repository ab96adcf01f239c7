"""Where extraction time goes: CPU seconds of every pipeline component and every extractor.

Parses the Wikinews corpus (``../shared/corpus/wikinews``, real article lengths; ``--articles``
copies of it, as :mod:`bench_scale` makes them) twice in this one process: with the stock
pipeline (bare parse) and with claimscope's (its attribute map instead of spaCy's
``attribute_ruler``, and its own components), then runs the extractors on claimscope's
documents. Each stage runs over the whole corpus before the next one starts (components with
their own ``pipe`` and the batch size of the extraction), so its CPU time
(:func:`time.process_time`) is its own. Reading the articles and writing the tables are outside
these figures; ``bench_scale.py`` times the whole process.

Prints one line per stage with seconds and share of claimscope's total, and the two totals
side by side.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench_scale import write_corpus

BATCH_SIZE = 32


class Clock:
    """CPU seconds per stage name, added up over every timed block."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.process_time()
        try:
            yield
        finally:
            spent = time.process_time() - started
            self.seconds[name] = self.seconds.get(name, 0.0) + spent


def parse_stages(nlp, texts: list[str], clock: Clock) -> list:
    """Run ``nlp`` one stage at a time over all ``texts``."""
    with clock.stage("tokenizer"):
        docs = [nlp.make_doc(t) for t in texts]
    for name, proc in nlp.pipeline:
        with clock.stage(name):
            if hasattr(proc, "pipe"):
                docs = list(proc.pipe(docs, batch_size=BATCH_SIZE))
            else:
                docs = [proc(d) for d in docs]
    return docs


def extractor_stages(articles, docs, lexicon, clock: Clock) -> None:
    """The steps of :func:`claimscope.tables.build.article_tables`, each timed on its own."""
    from claimscope.extract import claims, mentions, quotes
    from claimscope.extract.dates import date_expressions, statement_dates
    from claimscope.tables.rows import claim_rows, mention_rows, quote_rows
    from claimscope.tables.timeline import cue_offsets, timeline_rows, with_statement_dates

    for article, doc in zip(articles, docs, strict=True):
        with clock.stage("quotes and speakers"):
            found = list(quotes(doc, lexicon=lexicon, title=article.title))
        with clock.stage("rows"):
            rows = quote_rows(article, found)
        with clock.stage("dates"):
            published, rules = article.date, lexicon.date_rules
            expressions = list(date_expressions(doc, published=published, rules=rules))
            said = list(statement_dates(doc, cue_offsets(found), expressions, published=published))
        with clock.stage("rows"):
            with_statement_dates(article, rows, said)
        with clock.stage("mentions"):
            mention_rows(article, mentions(doc))
        with clock.stage("claims"):
            claim_rows(article, claims(doc, found, lexicon=lexicon))
        with clock.stage("timeline"):
            timeline_rows(article, doc, expressions, found, said)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=295, help="articles (default: 295)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    from claimscope.ingest import read_articles
    from claimscope.nlp.model import load_model
    from claimscope.rules.lexicon import load_lexicon

    with tempfile.TemporaryDirectory(prefix="claimscope-stages-") as work:
        corpus = write_corpus(Path(work) / "corpus.csv", args.articles)
        articles, _ = read_articles([corpus])
    texts = [a.text for a in articles]
    n_chars = sum(map(len, texts))

    clock = Clock()
    with clock.stage("load model"):
        stock = load_model(claimscope=False)
    parse_stages(stock, texts, clock)
    bare, clock = clock.seconds, Clock()
    del stock
    with clock.stage("load model"):
        nlp = load_model()
    docs = parse_stages(nlp, texts, clock)
    with clock.stage("load rules"):
        lexicon = load_lexicon()
    extractor_stages(articles, docs, lexicon, clock)
    ours = clock.seconds

    total_bare, total_ours = sum(bare.values()), sum(ours.values())
    print(f"{len(texts)} articles, {n_chars:,} characters (Wikinews, real lengths)")
    print(f"{'stage':<34}{'bare parse s':>14}{'extraction s':>14}{'share':>8}")
    for name in dict.fromkeys([*bare, *ours]):
        share = ours.get(name, 0.0) / total_ours
        left = f"{bare[name]:.2f}" if name in bare else ""
        right = f"{ours[name]:.2f}" if name in ours else ""
        print(f"{name:<34}{left:>14}{right:>14}{share:>8.1%}")
    print(f"{'total':<34}{total_bare:>14.2f}{total_ours:>14.2f}")
    print(f"extraction / bare parse (CPU, these stages): {total_ours / total_bare:.3f}")
    if args.json:
        figures = {"articles": len(texts), "chars": n_chars, "bare": bare, "extraction": ours}
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
