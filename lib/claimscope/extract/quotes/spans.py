"""Character ranges of statements: widening to whole quoted passages, trimming, overlaps,
nested reports, and what the text between a cue and a passage says."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable

from spacy.tokens import Token

from claimscope.extract.quotes.records import Attribution
from claimscope.nlp.docs import quoted_tokens
from claimscope.nlp.marks import has_mark
from claimscope.rules.lexicon import Lexicon

#: What a statement's range does not end on (unless a quoted passage ends there).
TRAILING = " \t\n.,;:—–-"
#: Fewer words than this in quotation marks are a title or a scare quote unless a cue reports
#: them.
MIN_DIRECT_WORDS = 4


class Passages(list):
    """A document's quoted passages as ``(start, end, status)``, in text order, with what the
    rules ask of them answered by bisection rather than by a scan (the passages of a
    ``Doc`` never overlap: see :mod:`claimscope.nlp.marks`)."""

    def __init__(self, passages: Iterable[tuple[int, int, str]] = ()) -> None:
        super().__init__(sorted(passages))
        self.starts = [p[0] for p in self]
        self.ends = [p[1] for p in self]

    def inside(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """The passages within ``start:end``, in order."""
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_right(self.starts, end)
        return [p for p in self[first:last] if p[1] <= end]

    def holding(self, position: int) -> tuple[int, int, str] | None:
        """The passage with ``start <= position < end``, if any."""
        i = bisect.bisect_right(self.starts, position) - 1
        return self[i] if i >= 0 and position < self[i][1] else None

    def ending_in(self, position: int) -> bool:
        """Whether a passage has ``start < position <= end``."""
        i = bisect.bisect_left(self.starts, position) - 1
        return i >= 0 and position <= self[i][1]

    def from_index(self, position: int) -> int:
        """The index of the first passage that ends at or after ``position``."""
        return bisect.bisect_left(self.ends, position)


def as_passages(passages) -> Passages:
    return passages if isinstance(passages, Passages) else Passages(passages)


def quoted(token: Token) -> bool:
    """Whether ``token`` is inside a quotation: words quoted are content, never a speaker."""
    return token.i in quoted_tokens(token.doc)


def token_range(tokens: list[Token]) -> tuple[int, int] | None:
    """The character range from the first to the last of ``tokens`` (spaces left out)."""
    tokens = [t for t in tokens if not t.is_space]
    if not tokens:
        return None
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


def is_title(passage: str, *, lexicon: Lexicon) -> bool:
    """Whether a quoted passage is a short title in title case ("Morning Joe", "State of the
    Union"), the name of a programme or a work rather than anyone's words."""
    words = re.findall(r"[^\W\d_][\w'’-]*", passage)
    return (
        0 < len(words) <= 6
        and words[0][0].isupper()
        and all(w[0].isupper() or w.lower() in lexicon.title_small_words for w in words)
    )


def separate_passages(start: int, end: int, passages, text: str) -> list[tuple[int, int]]:
    """A content that is only quotations joined by "and" or commas is one quote each."""
    inside = [(s, e) for s, e, _ in as_passages(passages).inside(start, end)]
    if len(inside) < 2:
        return [(start, end)]
    rest = text[start : inside[0][0]] + text[inside[-1][1] : end]
    rest += "".join(text[a[1] : b[0]] for a, b in itertools.pairwise(inside))
    if rest.replace("and", "").strip(" ,;:\n") == "":
        return inside
    return [(start, end)]


def expand(start: int, end: int, passages, text: str) -> tuple[int, int]:
    """Widen a content range to whole quoted passages it cuts or that open right after it, then
    trim it; a passage in another paragraph is never taken in."""
    end = _before_paragraph_break(start, end, text)
    passages = as_passages(passages)
    # in text order, from the first passage that can reach ``start``: the ones before it end
    # before it and never overlap a range that starts where a later passage starts
    for p_start, p_end, _ in passages[passages.from_index(start) :]:
        if p_start >= end + 2:
            break  # neither this passage nor any later one touches the range
        touches = start <= p_start < end + 2 and "\n" not in text[end:p_start]
        if overlap(start, end, p_start, p_end) > 0 or touches:
            start, end = min(start, p_start), max(end, p_end)
    return trim(start, end, passages, text)


def _before_paragraph_break(start: int, end: int, text: str) -> int:
    """``end``, or the end of the text before the first line break in ``start:end`` that only
    space follows (a content range that ran into the break after its paragraph)."""
    cut = text.find("\n", start, end)
    if cut >= 0 and not text[cut:end].strip():
        return cut
    return end


def trim(start: int, end: int, passages, text: str) -> tuple[int, int]:
    passages = as_passages(passages)
    while start < end and text[start] in " \t\n,;:":
        start += 1
    while end > start and text[end - 1] in TRAILING:
        if passages.ending_in(end):
            break
        end -= 1
    return start, end


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def drop_nested(found: list[Attribution], passages, text: str) -> list[Attribution]:
    """Keep the outermost report when one report's content holds another's cue, except for
    a participle that continues the report ("X said A, further saying B"): the outer content
    then ends where the participle starts, and both are kept."""
    for a in found:
        if a.cue is None or a.cue.head.tag_ != "VBG" or a.cue.head.dep_ not in ("advcl", "conj"):
            continue
        cut = a.cue.head.left_edge.idx
        for b in found:
            if b is not a and b.start < cut < b.end and b.start <= a.cue.span.start_char:
                b.start, b.end = trim(b.start, cut, passages, text)
    # "X said the name must not cite a place, per WHO guidelines": the guidelines are X's
    # source, inside X's report, not a report of their own
    # "Y emphasized Z, according to R": R reported Y's statement, which is Y's
    found = [
        a
        for a in found
        if not (_is_according(a) and any(
            b is not a and not _is_according(b) and (
                b.start <= a.cue.span.start_char < b.end or _reported_by(b, a)
            )
            for b in found
        ))
    ]  # fmt: skip
    keep = []
    for a in found:
        nested = any(
            b is not a and b.start <= a.cue.span.start_char and a.end <= b.end
            and (b.end - b.start) > (a.end - a.start)
            for b in found
        ) if a.cue is not None else False  # fmt: skip
        if not nested or _reported_report(a):
            keep.append(a)
    return keep


def _reported_by(report: Attribution, according: Attribution) -> bool:
    """Whether an "according to" modifies the cue of a report with a speaker of its own."""
    return (
        report.cue is not None
        and report.speaker_head is not None
        and according.cue.head.head.i == report.cue.head.i
        and according.start <= report.cue.span.start_char < according.end
    )


def _reported_report(a: Attribution) -> bool:
    """A report inside another that stands as a statement of its own: "Le Monde reported its
    source said ...", a finite cue with a named or described subject (not a pronoun, an
    infinitive or a participle)."""
    head = a.cue.head
    subject = a.speaker_head
    return (
        head.tag_ in ("VBD", "VBZ", "VBP")
        and subject is not None
        and subject.head.i == head.i
        and subject.pos_ in ("NOUN", "PROPN")
        and a.speaker is not None
        and not quoted(subject)
    )


def _is_according(a: Attribution) -> bool:
    return a.cue is not None and a.cue.cue.lemmas[0] in ("according", "per")


def attribution_gap(gap: str) -> bool:
    """Whether the text between a cue and the quotation after it keeps them together: the rest
    of the same clause ("told the radio station after the match, “...”"), with no sentence end."""
    if "\n" in gap or len(gap) > 80:
        return False
    return not has_mark(gap) and not any(ch in gap for ch in ".!?;")
