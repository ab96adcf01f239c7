"""Names as written and as compared: accent folding, the words of a person's name, initials.

Nothing here needs a model: the helpers take strings, or read the words of a ``Span``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING

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
