"""Properties of quotation-mark pairing, on generated text made of words, spaces, line breaks
and quotation marks of every style."""

from __future__ import annotations

import itertools

from hypothesis import example, given, settings
from hypothesis import strategies as st

from claimscope.nlp.marks import DOUBLED, MARKS, SINGLE_CLOSE, SINGLE_OPEN, quoted_passages

#: Every mark ``quoted_passages`` reads: double marks of each style, two apostrophes standing
#: for a straight double mark, curly and straight single marks.
EVERY_MARK = [*MARKS, DOUBLED, SINGLE_OPEN, SINGLE_CLOSE, "'"]
WORDS = ["we", "It", "don’t", "Jones'", "90s", "rock", "Zoë", "東京", "B2"]
PUNCTUATION = [",", ".", "?", "!", ":", ";", "(", ")", "—", "-", "/"]

PIECES = st.one_of(
    st.sampled_from(EVERY_MARK),
    st.sampled_from(WORDS),
    st.sampled_from(PUNCTUATION),
    st.sampled_from([" ", "  ", "\t", "\n", "\n\n"]),
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)

STATUSES = {"closed", "continued", "unclosed"}


@settings(max_examples=300)
@given(TEXTS)
@example("“First paragraph.\n“Second one,” he said. 'Fine,' she said.")
@example("He said “this never closes.\nNext.")
def test_passages_are_sorted_marked_and_within_one_paragraph(text):
    passages = list(quoted_passages(text))
    assert passages == sorted(passages)
    for start, end, status in passages:
        assert 0 <= start < end <= len(text)
        assert text[start] in EVERY_MARK or text.startswith(DOUBLED, start)
        assert "\n" not in text[start:end]
        assert status in STATUSES
        if status == "closed":
            assert text[end - 1] in "".join(EVERY_MARK)


@settings(max_examples=300)
@given(TEXTS)
@example('"One," she said, "two." \'Three,\' he said.')
def test_passages_of_one_kind_do_not_overlap(text):
    passages = list(quoted_passages(text))
    for kind in (_is_straight_single, _is_not_straight_single):
        of_kind = [p for p in passages if kind(text, p)]
        for (_, end, _), (start, _, _) in itertools.pairwise(of_kind):
            assert end <= start


@settings(max_examples=300)
@given(TEXTS)
@example("'a \"b,' c\"")
def test_passages_do_not_overlap(text):
    passages = list(quoted_passages(text))
    for (_, end, _), (start, _, _) in itertools.pairwise(passages):
        assert end <= start


def _is_straight_single(text, passage):
    return text[passage[0]] == "'" and not text.startswith(DOUBLED, passage[0])


def _is_not_straight_single(text, passage):
    return not _is_straight_single(text, passage)
