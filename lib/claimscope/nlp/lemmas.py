"""spaCy's English rule lemmatizer, applied once per distinct word form rather than per token.

The stock ``lemmatizer`` of the English pipelines visits every token in Python and works out its
lemma from the word, its part of speech and its morphology (most tokens are never cached: a
base form returns before the cache is consulted), about a sixteenth of the stock parse's time.
The lemma depends on those three values alone, so :class:`FastLemmatizer` reads them as one
array per document, works out the lemma of each distinct triple once (with the stock method,
:meth:`~spacy.pipeline.Lemmatizer.lemmatize`, on the first token that has it), keeps it for the
documents that follow, and writes the ``LEMMA`` column in one step. Tokens that already have a
lemma (set by the attribute map) keep it, as they do with the stock component.

The stock method looks each candidate form up in the word index of its part of speech, which
the English tables hold as lists (57,528 nouns): a scan per candidate, most of the stock
method's time. While it works out a lemma, the component gives it the same tables with each
word index as a set (same membership, so the same lemmas); the tables it saves are the stock
ones.

It is a subclass of spaCy's ``EnglishLemmatizer`` with the same tables and settings, so it saves
and loads like the stock one; :func:`use_fast_lemmatizer` puts it in the place of a pipeline's
English rule lemmatizer and leaves any other lemmatizer alone.
``benchmarks/check_attributes.py`` compares the two on whole corpora, token by token.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.tokens import Doc

_KEYS = [ORTH, POS, MORPH, LEMMA]


class FastLemmatizer(EnglishLemmatizer):
    """The English rule lemmatizer, worked out once per (word, part of speech, morphology)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lemmas: dict[tuple[int, int, int], int] = {}
        self._indexed: tuple[Lookups, Lookups] | None = None  # (stock tables, same with sets)

    def _lemma(self, token) -> str:
        """The stock lemma of ``token``, looked up in word indexes held as sets."""
        stock = self.lookups
        if self._indexed is None or self._indexed[0] is not stock:
            self._indexed = (stock, _indexed(stock))
        self.lookups = self._indexed[1]
        try:
            return self.lemmatize(token)[0]
        finally:
            self.lookups = stock

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables(Errors.E1004)
        n = len(doc)
        if n == 0:
            return doc
        values = doc.to_array(_KEYS).astype(np.uint64, copy=False).reshape(n, len(_KEYS))
        todo = np.arange(n) if self.overwrite else np.flatnonzero(values[:, 3] == 0)
        if len(todo) == 0:
            return doc
        keys, first, inverse = np.unique(
            values[todo, :3], axis=0, return_index=True, return_inverse=True
        )
        known, strings = self._lemmas, doc.vocab.strings
        lemmas = np.empty(len(keys), dtype=np.uint64)
        for j, key in enumerate(map(tuple, keys.tolist())):
            lemma = known.get(key)
            if lemma is None:
                lemma = strings.add(self._lemma(doc[int(todo[first[j]])]))
                known[key] = lemma
            lemmas[j] = lemma
        column = values[:, 3].copy()
        column[todo] = lemmas[inverse.reshape(-1)]
        doc.from_array([LEMMA], column.reshape(n, 1))
        return doc


def _indexed(lookups: Lookups) -> Lookups:
    """``lookups`` with the values of its ``lemma_index`` table as sets."""
    copy = Lookups()
    for name in lookups.tables:
        table = lookups.get_table(name)
        if name == "lemma_index":
            indexed = Table(name=name)
            for key, words in table.items():  # keys are string hashes, kept as they are
                indexed[key] = frozenset(words)
            table = indexed
        copy.set_table(name, table)
    return copy


@Language.factory(
    "claimscope_lemmatizer",
    assigns=["token.lemma"],
    default_config={"model": None, "mode": "rule", "overwrite": False, "scorer": None},
)
def make_fast_lemmatizer(
    nlp: Language, model, name: str, mode: str, overwrite: bool, scorer
) -> FastLemmatizer:
    return FastLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)


def use_fast_lemmatizer(nlp: Language) -> bool:
    """Put a :class:`FastLemmatizer` with the same tables in place of the pipeline's English
    rule lemmatizer.

    Returns:
        Whether it was replaced: False when the pipeline has no ``lemmatizer``, or one that is
        not spaCy's English lemmatizer in rule mode.
    """
    if "lemmatizer" not in nlp.pipe_names:
        return False
    stock = nlp.get_pipe("lemmatizer")
    if type(stock) is not EnglishLemmatizer or stock.mode != "rule":
        return False
    config = {"mode": "rule", "overwrite": stock.overwrite}
    fast = nlp.add_pipe("claimscope_lemmatizer", before="lemmatizer", config=config)
    fast.lookups = stock.lookups
    fast.scorer = stock.scorer
    nlp.remove_pipe("lemmatizer")
    return True
