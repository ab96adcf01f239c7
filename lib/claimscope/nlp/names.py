"""Names as written and as compared: accent folding, the words of a person's name, initials, and
the full name that a surname alone stands for.

Nothing here needs a model: the helpers take strings, or read the words of a ``Span``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from spacy.tokens import Span

#: Honorifics that are not part of a name ("Ms Ardern" is "Ardern").
HONORIFICS = frozenset(
    {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof", "prof.", "sir", "dame"}
)

_POSSESSIVE = re.compile(r"[’']s?$")

#: What an acronym looks like: "FSB", "AU", "U.N.", "AT&T".
ACRONYM = re.compile(r"^[A-Z][A-Z&.]{1,7}$")
#: Words that an acronym leaves out ("Bank of England" is "BE").
_MINOR_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "de", "du", "des", "&"})


def fold(text: str) -> str:
    """``text`` without accents, so that "Erdogan" finds "Recep Tayyip Erdoğan"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_words(span: Span) -> list[str]:
    """The words of a name without a leading article or honorific or a trailing possessive."""
    words = [t.text for t in span if not t.is_punct or t.text in ".-"]
    if words and words[0].lower() == "the":
        words = words[1:]
    if len(words) > 1 and words[0].lower() in HONORIFICS:
        words = words[1:]
    if words and words[-1] in ("’s", "'s", "’", "'"):
        words = words[:-1]
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1]) or words[-1]
    return [w for w in words if w]


def name_text(span: Span) -> str:
    """A name as written, without a leading article or a trailing possessive."""
    text = span.text
    if text[:4].lower() == "the ":
        text = text[4:]
    first, _, rest = text.partition(" ")
    if rest and first.lower() in HONORIFICS:
        text = rest
    return _POSSESSIVE.sub("", text).strip() or span.text


def initials(name: str) -> str:
    """The initials of the words of ``name`` that an acronym keeps ("AU" for "African Union")."""
    return "".join(w[0] for w in re.split(r"[\s\-–]+", name) if w and w.lower() not in _MINOR_WORDS)


def expand_acronym(name: str, expansions: Mapping[str, str]) -> str | None:
    """What ``name`` abbreviates, when it is an acronym found in ``expansions`` (acronyms
    written without dots, to what they stand for); ``None`` otherwise."""
    return expansions.get(name.replace(".", "")) if ACRONYM.match(name) else None


Name = TypeVar("Name", bound=Hashable)


class Surnames(Generic[Name]):
    """Full names indexed by their surname without accents, to find the one a surname used
    alone stands for.

    Args:
        counts: Full names (or keys standing for them) with their numbers of mentions; between
            names mentioned equally often, the first in ``counts`` comes first.
        surname: The surname of a name in ``counts``.

    Notes:
        Surnames are compared accent-folded (:func:`fold`): "Erdogan" stands for "Recep Tayyip
        Erdoğan". Within an article the entity linker (:mod:`claimscope.nlp.entities`) links a
        surname to the most mentioned full name, across the corpus
        :func:`claimscope.tables.corpus.corpus_renames` only to one that clearly dominates;
        both ask :meth:`dominant`, with their own margin and tie-break.
    """

    def __init__(self, counts: Mapping[Name, int], *, surname: Callable[[Name], str]) -> None:
        self._counts = counts
        self._index: dict[str, list[Name]] = {}
        for name in counts:
            self._index.setdefault(fold(surname(name)), []).append(name)

    def __contains__(self, surname: str) -> bool:
        """Whether a full name has this surname."""
        return fold(surname) in self._index

    def dominant(
        self,
        surname: str,
        *,
        ratio: float = 1,
        tie_break: Callable[[Name], Any] | None = None,
    ) -> Name | None:
        """The full name that ``surname`` stands for, or ``None``.

        Args:
            surname: A surname as written.
            ratio: How many times as often as any other full name with this surname the
                chosen one must be mentioned; with 1, the most mentioned is chosen whatever
                the margin.
            tie_break: Between full names mentioned equally often, the one for which this
                is least comes first (then the first in ``counts``).

        Returns:
            The most mentioned full name with this surname when it is the only one or is
            mentioned at least ``ratio`` times as often as the next; else ``None``.
        """
        counts = self._counts
        candidates = self._index.get(fold(surname), ())
        if tie_break is None:
            ranked = sorted(candidates, key=lambda name: -counts[name])
        else:
            ranked = sorted(candidates, key=lambda name: (-counts[name], tie_break(name)))
        if not ranked:
            return None
        if len(ranked) > 1 and counts[ranked[0]] < ratio * counts[ranked[1]]:
            return None
        return ranked[0]
