"""The ``claimscope_paragraphs`` component: sentences start at paragraph breaks and after a
wire-service dateline.

It runs before the parser, so that the parser never builds a sentence across two paragraphs and
never reads the place of a dateline as the subject of the first sentence.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc


@Language.component("claimscope_paragraphs", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break, so no sentence runs across paragraphs, and
    after a wire-service dateline ("WASHINGTON —", "NEW DELHI, Jan 5 (Reuters) -"), so the
    place is not read as the subject of the first sentence."""
    if len(doc) < 2:
        return doc
    # the breaks are found in one pass over the text of the tokens and written in one array
    # write: each assignment to ``token.is_sent_start`` would scan the whole document
    breaks = [token.i + 1 for token in doc[:-1] if token.is_space and "\n" in token.text]
    datelines = (_dateline_end(doc, start) for start in [0, *breaks])
    marked = [*breaks, *(i for i in datelines if i is not None)]
    if marked:
        starts = doc.to_array([SENT_START])
        starts[np.array(marked, dtype=np.int64)] = 1
        doc.from_array([SENT_START], starts)
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
