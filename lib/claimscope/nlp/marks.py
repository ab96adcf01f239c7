"""Quotation marks: which marks pair into quoted passages, and the component that stores them.

:func:`quoted_passages` finds the passages in plain text; the ``claimscope_quote_marks``
component (:func:`quote_marks_component`) stores them in ``doc.spans["quote_marks"]``.
:func:`has_mark` and :func:`mark_at` answer whether a text holds or starts with a double
quotation mark of any style.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from claimscope.nlp.docs import QUOTE_KEY, doc_text

OPENING = "“„«‹"
CLOSING = "”»›"
STRAIGHT = '"'
SINGLE_OPEN, SINGLE_CLOSE = "‘", "’"
MARKS = OPENING + CLOSING + STRAIGHT
#: Two apostrophes standing for a straight double mark, as some archives print quotations
#: (''It's more tinkering,'' he said).
DOUBLED = "''"
# Characters before a straight mark that make it an opening one.
_OPEN_CONTEXT = " \t\n([{—–-:/"


def has_mark(text: str) -> bool:
    """Whether ``text`` holds a double quotation mark of any style."""
    return DOUBLED in text or any(char in text for char in MARKS)


def mark_at(text: str, i: int) -> bool:
    """Whether a double quotation mark of any style starts at ``text[i]``."""
    return text[i] in MARKS or text.startswith(DOUBLED, i)


def quoted_passages(text: str) -> Iterator[tuple[int, int, str]]:
    """Quoted passages in ``text`` as ``(start, end, status)``, marks included.

    ``status`` is ``"closed"`` for a passage with both marks, ``"continued"`` for a paragraph of
    a quotation that goes on in the next paragraph (which opens with a mark again, the closing
    mark coming only at the end), and ``"unclosed"`` for an opening mark never closed in its
    paragraph: the passage then stops at the end of that paragraph, never later.

    Notes:
        Straight marks are paired by context: a mark after a space or an opening bracket opens,
        any other closes, also a curly opening one after a sentence's punctuation ("“...,\"");
        two apostrophes (``''``) count as one straight double mark. A closing
        curly mark that starts a paragraph or follows a space, before a word, opens. Curly
        single marks (‘...’, the British style) pair when the opening one starts a word and the
        closing one ends a word, so that apostrophes ("don’t", "Russia’s") are not taken for
        marks; an unclosed single mark is dropped. Marks of the other kind inside an open
        quotation are nested quotations and are ignored. Marks never pair across a paragraph
        break (a newline). Straight single marks ('...', a British style) pair when the opening
        one starts a word and the closing one follows the punctuation that ends quoted speech
        (",'", ".'", "?'", "!'"), so that apostrophes ("don't", "Jones' car", "rock 'n' roll")
        are not taken for marks; double marks inside such a quotation are nested.
    """
    marked = list(_double_and_curly_passages(text))
    single = [
        p
        for p in _straight_single_passages(text)
        if not any(s <= p[0] and p[1] <= e for s, e, _ in marked)  # nested in a double one
        # a straight single mark that crosses a double quotation is an apostrophe's pair
        and not any(_cross(p[0], p[1], s, e) for s, e, _ in marked)
    ]
    for passage in sorted(marked + single):
        start, end, _ = passage
        if passage not in single and any(s < start and end <= e for s, e, _ in single):
            continue  # a double quotation nested in a straight single one
        yield passage


@Language.component(
    "claimscope_quote_marks",
    assigns=["doc.spans"],
)
def quote_marks_component(doc: Doc) -> Doc:
    """Store quoted passages in ``doc.spans["quote_marks"]``, labelled with their status."""
    spans = []
    for start, end, status in quoted_passages(doc_text(doc)):
        span = doc.char_span(start, end, label=status, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[QUOTE_KEY] = spans
    return doc


def _straight_single_passages(text: str) -> Iterator[tuple[int, int, str]]:
    for match in re.finditer(r"[^\n]+", text):
        p_start, p_end = match.span()
        open_at: int | None = None
        for i in range(p_start, p_end):
            if (
                text[i] != "'"
                or text.startswith(DOUBLED, i)
                or (i > p_start and text[i - 1] == "'")
            ):
                continue
            after = text[i + 1] if i + 1 < p_end else " "
            if open_at is None:
                if (i == p_start or text[i - 1] in _OPEN_CONTEXT) and after.isalnum():
                    open_at = i
            elif text[i - 1] in ",.?!" and not after.isalnum():
                yield open_at, i + 1, "closed"
                open_at = None


def _double_and_curly_passages(text: str) -> Iterator[tuple[int, int, str]]:
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    for index, (p_start, p_end) in enumerate(paragraphs):
        open_at: int | None = None
        open_straight = False
        single_at: int | None = None
        doubled_at = -1  # the second apostrophe of a doubled mark, already read
        for i in range(p_start, p_end):
            char = text[i]
            if i == doubled_at:
                continue
            width = 1
            if char == "'" and text.startswith(DOUBLED, i):
                char, width, doubled_at = STRAIGHT, 2, i + 1
            if char == SINGLE_OPEN and open_at is None and single_at is None:
                if i == p_start or text[i - 1] in _OPEN_CONTEXT:
                    single_at = i
                continue
            if char == SINGLE_CLOSE and single_at is not None:
                after = text[i + 1] if i + 1 < p_end else " "
                if not after.isalnum() and i > single_at + 1:
                    yield single_at, i + 1, "closed"
                    single_at = None
                continue
            if char not in MARKS or single_at is not None:
                continue
            if char == STRAIGHT:
                before = text[i - 1] if i > p_start else " "
                opens = open_at is None and (before in _OPEN_CONTEXT or i == p_start)
                after = text[i + width] if i + width < p_end else " "
                if open_at is not None and (
                    open_straight
                    # “...," : a curly quotation closed by a straight mark
                    or (not before.isspace() and not after.isalnum() and text[i - 1] in ",.!?")
                ):
                    yield open_at, i + width, "closed"
                    open_at = None
                elif opens:
                    open_at, open_straight = i, True
            elif char in OPENING or (
                # a closing mark where only an opening one can be: "”Fear. I am afraid.”"
                open_at is None
                and (i == p_start or text[i - 1] in _OPEN_CONTEXT)
                and i + 1 < p_end
                and text[i + 1].isalnum()
            ):
                open_at, open_straight = i, False
            elif open_at is not None and not open_straight:
                yield open_at, i + 1, "closed"
                open_at = None
        if open_at is not None:
            end = p_end
            while end > open_at + 1 and text[end - 1].isspace():
                end -= 1
            nxt = paragraphs[index + 1][0] if index + 1 < len(paragraphs) else None
            continued = nxt is not None and (
                text[nxt] in OPENING + STRAIGHT or text.startswith(DOUBLED, nxt)
            )
            yield open_at, end, "continued" if continued else "unclosed"


def _cross(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Whether two ranges overlap with neither inside the other."""
    overlapping = max(a_start, b_start) < min(a_end, b_end)
    nested = (a_start <= b_start and b_end <= a_end) or (b_start <= a_start and a_end <= b_end)
    return overlapping and not nested
