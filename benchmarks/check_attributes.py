"""Check claimscope's attribute map and lemmatizer against spaCy's, token by token.

Parses the texts twice with the same stock pipeline, once with spaCy's ``attribute_ruler`` and
``lemmatizer`` and once with ``claimscope_attributes`` (:mod:`claimscope.nlp.attributes`) and
``claimscope_lemmatizer`` (:mod:`claimscope.nlp.lemmas`) in their places, compares every
token's part of speech, morphology, lemma, tag and dependency, and times each pair of
components alone on the same parsed documents (CPU time in this process). The default texts are
the 295 Wikinews articles of ``../shared/corpus/wikinews`` and the PolNeAR dev articles of
``../shared/gold/polnear/dev/text``; ``--limit`` takes the first N of them.

Exit status 1 when any token differs.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import spacy

from claimscope.nlp.attributes import use_fast_attributes
from claimscope.nlp.lemmas import use_fast_lemmatizer
from claimscope.nlp.model import resolve_model_name

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def corpus_texts() -> list[tuple[str, str]]:
    """``(set, text)`` of the Wikinews corpus and the PolNeAR dev articles."""
    texts = []
    csv.field_size_limit(sys.maxsize)
    for path in sorted((SHARED / "corpus" / "wikinews").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            texts += [("wikinews", row["text"]) for row in csv.DictReader(handle) if row["text"]]
    for path in sorted((SHARED / "gold" / "polnear" / "dev" / "text").glob("*.txt")):
        texts.append(("polnear-dev", path.read_text(encoding="utf-8")))
    return texts


def _cpu(component, docs: list) -> float:
    started = time.process_time()
    for doc in docs:
        component(doc)
    return time.process_time() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N texts")
    args = parser.parse_args(argv)
    named = corpus_texts()[: args.limit]
    texts = [text for _, text in named]
    model = resolve_model_name()
    stock = spacy.load(model)
    fast = spacy.load(model)
    if not use_fast_attributes(fast):
        print("the pipeline's attribute_ruler has patterns the fast map does not support")
        return 1
    if not use_fast_lemmatizer(fast):
        print("the pipeline's lemmatizer is not the English rule lemmatizer")
        return 1
    keys = ("pos_", "morph", "lemma_", "tag_", "dep_")
    tokens = differing = 0
    by_set: dict[str, list[int]] = {}
    for (name, _), a, b in zip(named, stock.pipe(texts), fast.pipe(texts), strict=True):
        counts = by_set.setdefault(name, [0, 0, 0])
        counts[0] += 1
        for x, y in zip(a, b, strict=True):
            tokens += 1
            counts[1] += 1
            if any(str(getattr(x, k)) != str(getattr(y, k)) for k in keys):
                differing += 1
                counts[2] += 1
                if differing <= 20:
                    print(f"differs: {x.text!r} {[str(getattr(x, k)) for k in keys]} "
                          f"{[str(getattr(y, k)) for k in keys]}")  # fmt: skip
    for name, (docs, n, diff) in by_set.items():
        print(f"{name}: {docs} texts, {n:,} tokens, {diff} differing")
    print(f"all: {tokens:,} tokens, {differing} differing")
    with stock.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        parsed = list(stock.pipe(texts))
    # fresh pipelines, so that neither lemmatizer has seen these words before
    stock, fast = spacy.load(model), spacy.load(model)
    use_fast_attributes(fast)
    use_fast_lemmatizer(fast)
    pairs = [
        (stock.get_pipe("attribute_ruler"), fast.get_pipe("claimscope_attributes")),
        (stock.get_pipe("lemmatizer"), fast.get_pipe("claimscope_lemmatizer")),
    ]
    for stock_part, fast_part in pairs:  # the map first: the lemmatizer reads its tags
        stock_seconds = _cpu(stock_part, [doc.copy() for doc in parsed])
        fast_seconds = _cpu(fast_part, parsed)
        print(f"{stock_part.name} {stock_seconds:.2f} s, {fast_part.name} {fast_seconds:.2f} s "
              f"(CPU, same parsed documents): "
              f"{stock_seconds / max(fast_seconds, 1e-9):.1f} times faster")  # fmt: skip
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
