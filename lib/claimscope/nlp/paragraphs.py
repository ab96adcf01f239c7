"""The ``claimscope_paragraphs`` component: sentences start at paragraph breaks and after a
wire-service dateline.

It runs before the parser, so that the parser never builds a sentence across two paragraphs and
never reads the place of a dateline as the subject of the first sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("claimscope_paragraphs", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break, so no sentence runs across paragraphs, and
    after a wire-service dateline ("WASHINGTON —", "NEW DELHI, Jan 5 (Reuters) -"), so the
    place is not read as the subject of the first sentence."""
    starts = [0] if len(doc) else []
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
            starts.append(token.i + 1)
    for start in starts:
        after = _dateline_end(doc, start)
        if after is not None:
            doc[after].is_sent_start = True
    return doc


_DATELINE_DASHES = frozenset({"—", "–", "--", "-", "―"})


def _dateline_end(doc: Doc, start: int) -> int | None:
    """The index of the first token after a dateline that opens a paragraph at ``start``: a
    place in capitals, then perhaps a date and an agency, then a dash."""
    first = doc[start]
    if not (first.is_alpha and first.is_upper and len(first) > 1):
        return None
    depth = 0
    for token in doc[start + 1 : start + 14]:
        if token.text in _DATELINE_DASHES and depth == 0:
            after = token.i + 1
            while after < len(doc) and doc[after].is_space:
                after += 1
            return after if after < len(doc) and doc[after].text[:1].isupper() else None
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif token.is_space and "\n" in token.text:
            return None
        elif depth == 0 and token.is_alpha and not token.text[0].isupper():
            return None  # a lower-case word: a sentence, not a dateline
    return None
