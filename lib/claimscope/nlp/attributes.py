"""A vectorised stand-in for spaCy's ``attribute_ruler``, with the same patterns and results.

The English pipelines map each fine-grained tag to its coarse part of speech and morphology,
with a few dozen exceptions keyed on the word, the tag or the dependency (``"that"`` tagged
``WDT`` is a relative pronoun, ``"ai"`` before ``"n't"`` has the lemma ``be``). spaCy applies
them with a ``Matcher`` over every token, about a seventh of the stock parse's time. The
component here reads the same patterns from the pipeline's own ``attribute_ruler`` and applies
them to whole arrays at once: one comparison of hash arrays per pattern, then one write of the
``POS``, ``MORPH`` and ``LEMMA`` columns, so its cost is a small fraction of the matcher's.

The result is the stock component's, token for token: patterns are applied in their order, a
later pattern overriding an earlier one attribute by attribute, as ``AttributeRuler`` does.
Patterns it cannot read as arrays (operators, attributes other than the word, its lower case,
tag, dependency and whitespace) make :func:`use_fast_attributes` keep the stock component
(``benchmarks/check_attributes.py`` compares the two on whole corpora).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs
from spacy.util import SimpleFrozenList

logger = logging.getLogger(__name__)

#: Token attributes a pattern may test, by their name in a pattern, with their array column.
_TESTS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "ORTH": ORTH, "TEXT": ORTH, "IS_SPACE": IS_SPACE}
_COLUMNS = (TAG, LOWER, DEP, ORTH, IS_SPACE)
#: Attributes set through arrays; any other (a rare ``TAG`` or ``DEP``) is set token by token.
_ARRAY_ATTRS = {"POS": POS, "MORPH": MORPH, "LEMMA": LEMMA}


class UnsupportedPattern(ValueError):
    """A pattern this component does not apply the way the ``Matcher`` would."""


@dataclass(frozen=True)
class _Test:
    column: int  # index in _COLUMNS
    kind: str  # "eq" | "in" | "not_in" | "regex" | "bool"
    value: object
    hashes: tuple[int, ...] = ()  # the string hashes of an "eq", "in" or "not_in" value


@dataclass(frozen=True)
class _Rule:
    alternatives: tuple[tuple[tuple[_Test, ...], ...], ...]  # token patterns, each of tokens
    attrs: Mapping[str, str]
    index: int


def _compile_token(token: Mapping[str, object]) -> tuple[_Test, ...]:
    tests = [_hashed(test) for test in _read_token(token)]
    # the cheapest test first: a single value, which most documents do not hold at all
    return tuple(sorted(tests, key=lambda t: {"eq": 0, "bool": 1, "in": 2}.get(t.kind, 3)))


def _hashed(test: _Test) -> _Test:
    if test.kind == "eq":
        return _Test(test.column, test.kind, test.value, (get_string_id(test.value),))
    if test.kind in ("in", "not_in"):
        hashes = tuple(get_string_id(v) for v in test.value)
        return _Test(test.column, test.kind, test.value, hashes)
    return test


def _read_token(token: Mapping[str, object]) -> list[_Test]:
    tests = []
    for key, value in token.items():
        if key not in _TESTS:
            raise UnsupportedPattern(f"attribute {key!r}")
        column = _COLUMNS.index(_TESTS[key])
        if key == "IS_SPACE":
            if not isinstance(value, bool):
                raise UnsupportedPattern(f"IS_SPACE {value!r}")
            tests.append(_Test(column, "bool", value))
        elif isinstance(value, str):
            tests.append(_Test(column, "eq", value))
        elif isinstance(value, Mapping) and set(value) == {"IN"}:
            tests.append(_Test(column, "in", tuple(value["IN"])))
        elif isinstance(value, Mapping) and set(value) == {"NOT_IN"}:
            tests.append(_Test(column, "not_in", tuple(value["NOT_IN"])))
        elif isinstance(value, Mapping) and set(value) == {"REGEX"}:
            tests.append(_Test(column, "regex", re.compile(value["REGEX"])))
        else:
            raise UnsupportedPattern(f"{key}: {value!r}")
    return tests


def compile_patterns(patterns: Iterable[Mapping[str, object]]) -> list[_Rule]:
    """The ``AttributeRuler.patterns`` as rules applied to arrays.

    Raises:
        UnsupportedPattern: a pattern uses an operator or an attribute not supported here.
    """
    rules = []
    for pattern in patterns:
        alternatives = tuple(
            tuple(_compile_token(token) for token in alternative)
            for alternative in pattern["patterns"]
        )
        attrs = dict(pattern.get("attrs", {}))
        if not attrs:
            continue
        index = int(pattern.get("index", 0))
        for alternative in alternatives:
            if not -len(alternative) <= index < len(alternative):
                raise UnsupportedPattern(f"index {index} of a {len(alternative)}-token pattern")
        rules.append(_Rule(alternatives, attrs, index))
    return rules


class FastAttributes:
    """Sets ``pos``, ``morph`` and ``lemma`` (and any other attribute the patterns set) exactly
    as the stock ``attribute_ruler`` with the same patterns would."""

    def __init__(self, nlp: Language, name: str = "claimscope_attributes") -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.patterns: list[dict] = []
        self._rules: list[_Rule] = []
        self._settings: list[list[tuple[int, int]]] = []  # (column, value) a rule writes
        self._extras: list[dict[str, str]] = []  # what a rule sets token by token
        self._eq_columns: set[int] = set()  # columns a single-value test reads

    def add_patterns(self, patterns: Sequence[Mapping[str, object]]) -> None:
        rules = compile_patterns(patterns)
        names = list(_ARRAY_ATTRS)
        self.patterns.extend(dict(p) for p in patterns)
        self._rules.extend(rules)
        for rule in rules:
            self._settings.append(
                [(names.index(a), self._values(a, v)) for a, v in rule.attrs.items() if a in names]
            )
            self._extras.append({a: v for a, v in rule.attrs.items() if a not in names})
            self._eq_columns.update(
                test.column
                for alternative in rule.alternatives
                for tests in alternative
                for test in tests
                if test.kind == "eq"
            )

    def _values(self, attr: str, value: str) -> int:
        if attr == "POS":
            return POS_IDS[value]
        if attr == "MORPH":
            return self.vocab.morphology.add(value)
        return self.vocab.strings.add(value)

    def _mask(self, tests: tuple[_Test, ...], columns: np.ndarray, present) -> np.ndarray | None:
        """Which tokens pass ``tests``; None when none can (a value the document lacks)."""
        for test in tests:
            if test.kind == "eq" and test.hashes[0] not in present[test.column]:
                return None
        strings = self.vocab.strings
        mask = np.ones(columns.shape[0], dtype=bool)
        for test in tests:
            column = columns[:, test.column]
            if test.kind == "eq":
                mask &= column == np.uint64(test.hashes[0])
            elif test.kind == "in":
                mask &= np.isin(column, np.array(test.hashes, dtype=np.uint64))
            elif test.kind == "not_in":
                mask &= ~np.isin(column, np.array(test.hashes, dtype=np.uint64))
            elif test.kind == "bool":
                mask &= (column != 0) == test.value
            else:  # a regular expression, tried on each distinct value of the column
                keys = np.unique(column[mask]) if mask.any() else ()
                hits = [k for k in keys if test.value.search(strings[int(k)])]
                mask &= np.isin(column, np.array(hits, dtype=np.uint64))
            if not mask.any():
                return None
        return mask

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0 or not self._rules:
            return doc
        columns = doc.to_array(list(_COLUMNS)).astype(np.uint64, copy=False).reshape(n, -1)
        present = {i: set(np.unique(columns[:, i]).tolist()) for i in self._eq_columns}
        names = list(_ARRAY_ATTRS)
        values = doc.to_array([_ARRAY_ATTRS[a] for a in names]).reshape(n, -1)
        values = values.astype(np.uint64, copy=True)
        written = [False] * len(names)
        others: list[tuple[int, Mapping[str, str]]] = []
        for rule, settings, extra in zip(self._rules, self._settings, self._extras, strict=True):
            targets = None
            for alternative in rule.alternatives:
                length = len(alternative)
                if length > n:
                    continue
                starts = None
                for offset, tests in enumerate(alternative):
                    mask = self._mask(tests, columns, present)
                    if mask is None:
                        starts = None
                        break
                    window = mask[offset : offset + n - length + 1]
                    starts = window if starts is None else starts & window
                if starts is None or not starts.any():
                    continue
                hits = np.flatnonzero(starts) + (
                    rule.index if rule.index >= 0 else length + rule.index
                )
                if targets is None:
                    targets = np.zeros(n, dtype=bool)
                targets[hits] = True
            if targets is None:
                continue
            for column, value in settings:
                values[targets, column] = value
                written[column] = True
            if extra:
                others.extend((int(i), extra) for i in np.flatnonzero(targets))
        used = [i for i, done in enumerate(written) if done]
        if used:
            doc.from_array([_ARRAY_ATTRS[names[i]] for i in used], values[:, used])
        for i, attrs in others:
            _set_other(doc[i], attrs)
        return doc

    # -- serialisation (the patterns travel with the pipeline) -------------------------------

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "patterns.json").write_text(json.dumps(self.patterns), encoding="utf-8")

    def from_disk(
        self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()
    ) -> FastAttributes:
        self.patterns, self._rules, self._settings, self._extras = [], [], [], []
        self._eq_columns = set()
        text = (Path(path) / "patterns.json").read_text(encoding="utf-8")
        self.add_patterns(json.loads(text))
        return self


def _set_other(token, attrs: Mapping[str, str]) -> None:
    """Attributes other than part of speech, morphology and lemma, set as spaCy sets them."""
    set_token_attrs(token, normalize_token_attrs(token.vocab, dict(attrs)))


@Language.factory("claimscope_attributes", assigns=["token.pos", "token.morph", "token.lemma"])
def make_fast_attributes(nlp: Language, name: str) -> FastAttributes:
    return FastAttributes(nlp, name)


def use_fast_attributes(nlp: Language) -> bool:
    """Replace the pipeline's ``attribute_ruler`` by :class:`FastAttributes` with its patterns.

    Returns:
        Whether it was replaced: False when there is no ``attribute_ruler`` or one of its
        patterns is not supported (then the stock component stays, and the reason is logged).
    """
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    patterns = ruler.patterns
    try:
        compile_patterns(patterns)
    except UnsupportedPattern as error:
        logger.info("keeping spaCy's attribute_ruler: its pattern %s is not supported", error)
        return False
    fast = nlp.add_pipe("claimscope_attributes", before="attribute_ruler")
    fast.add_patterns(patterns)
    nlp.remove_pipe("attribute_ruler")
    return True
