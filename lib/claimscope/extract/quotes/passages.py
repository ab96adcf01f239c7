"""Quoted passages that no cue's content covers, attributed by what is around them: a cue next
to the passage, the first part of a split quotation, punctuation, a sentence that introduces
the passage, or the quote the passage carries on."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token

from claimscope.extract.quotes.cues import CueMatch
from claimscope.extract.quotes.records import Attribution
from claimscope.extract.quotes.spans import MIN_DIRECT_WORDS, attribution_gap, is_title
from claimscope.extract.quotes.subjects import mention_span, speaker_of
from claimscope.nlp.marks import has_mark
from claimscope.rules.lexicon import Cue, Lexicon

# "He said:" closing a paragraph, the quotation opening the next one
_BLOCK_QUOTE_GAP = re.compile(r"[ \t]*:[ \t\xa0]*\n\s*")


class LooseCues:
    """The cues that name a speaker but have no content of their own, each with its speaker
    and the range the two cover together: found once per document, and looked up by
    bisection for each quoted passage."""

    def __init__(self, loose: list[CueMatch], *, lexicon: Lexicon) -> None:
        items = []
        for order, match in enumerate(loose):
            head = speaker_of(match.head, lexicon=lexicon)
            if head is None:
                continue
            speaker = mention_span(head)
            start = min(match.span.start_char, speaker.start_char)
            end = max(match.span.end_char, speaker.end_char)
            items.append((order, match, speaker, head, start, end))
        self.by_start = sorted(items, key=lambda item: item[4])
        self.starts = [item[4] for item in self.by_start]
        self.by_end = sorted(items, key=lambda item: item[5])
        self.ends = [item[5] for item in self.by_end]

    def near(self, text: str, p_start: int, p_end: int) -> list[tuple]:
        """The cues that may be next to the passage ``p_start:p_end``, in their order: after
        it with only spaces and commas between, or before it within reach of an attribution
        gap or a colon closing the paragraph before."""
        forward = p_end
        while forward < len(text) and text[forward] in " ,":
            forward += 1
        after = self.by_start[
            bisect.bisect_left(self.starts, p_end) : bisect.bisect_right(self.starts, forward)
        ]
        back = p_start
        while back > 0 and text[back - 1].isspace():
            back -= 1
        if back > 0 and text[back - 1] == ":":
            back -= 1
            while back > 0 and text[back - 1] in " \t":
                back -= 1
        lowest = min(p_start - 80, back)
        before = self.by_end[
            bisect.bisect_left(self.ends, lowest) : bisect.bisect_right(self.ends, p_start)
        ]
        return sorted({item[0]: item for item in (*after, *before)}.values())


def adjacent(text: str, p_start: int, p_end: int, loose: LooseCues) -> Attribution | None:
    """A cue right before or after a quoted passage in the same sentence ("“...,” X said")."""
    best = None
    for _, match, speaker, head, group_start, group_end in loose.near(text, p_start, p_end):
        gap_after = text[p_end:group_start] if group_start >= p_end else None
        gap_before = text[group_end:p_start] if group_end <= p_start else None
        if gap_after is not None and len(gap_after.strip(" ,")) == 0 and "\n" not in gap_after:
            distance = len(gap_after)
        elif gap_before is not None and (
            attribution_gap(gap_before) or _BLOCK_QUOTE_GAP.fullmatch(gap_before)
        ):
            distance = len(gap_before)
        else:
            continue
        if best is None or distance < best[0]:
            best = (distance, Attribution(match, speaker, head, p_start, p_end, 0.85))
    return best[1] if best else None


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _title_like(passage: str) -> bool:
    """Whether a quoted passage is written like a name or a title: at most six words, every
    word of four letters or more capitalised and one at least, no question or exclamation mark
    ("Meet the Press" is a programme, "Hail, Caesar!" a line)."""
    if "?" in passage or "!" in passage:
        return False
    words = _WORD.findall(passage)
    long = [w for w in words if len(w) > 3]
    return 1 <= len(words) <= 6 and bool(long) and all(w[0].isupper() for w in long)


def split_quotation(
    text: str, p_start: int, p_end: int, found: list[Attribution]
) -> Attribution | None:
    """The second part of a quotation interrupted by its attribution ("“A,” she said, “B.”")
    or joined to the first by a conjunction ("said “A” and “B”"); not a name or title in title
    case, such as the programme a speaker said it on ("Graham said on MSNBC's “Morning Joe,”")."""
    if _title_like(text[p_start:p_end]):
        return None
    earlier = [a for a in found if a.end <= p_start and a.speaker is not None]
    if not earlier:
        return None
    last = max(earlier, key=lambda a: a.end)
    gap = text[last.end : p_start]
    if "\n" in gap or len(gap) > 120:
        return None
    joined = gap.strip(" ,;:—–-") in ("", "and", "but", "or", "adding", "and added")
    interrupted = (
        last.cue is not None
        and last.end <= last.cue.span.start_char < p_start
        and attribution_gap(gap.rstrip(" ,:—–-"))
    )
    if not (joined or interrupted):
        return None
    return Attribution(last.cue, last.speaker, last.speaker_head, p_start, p_start, 0.8)


_COLON_BEFORE = re.compile(r"(?:^|(?<=[.!?\n])\s*)([^.!?\n:]{2,80}?)\s*([:―—–])\s*$")
_DASH_AFTER = re.compile(r"^\s*([―—–]|--)\s*((?:\b[A-Z]\.|[^.!?\n]){2,80}?)\s*(?:[.!?]|$)")


def punctuated(doc: Doc, text: str, p_start: int, p_end: int) -> Attribution | None:
    """Attribution by punctuation: "Trump: “...”", "Martha Aguilar ― “...”" and
    "“...” ― Martha Aguilar"; the speaker must be a named person or organisation."""
    line_start = text.rfind("\n", 0, p_start) + 1
    before = _COLON_BEFORE.search(text[line_start:p_start])
    if before:
        speaker_start = line_start + before.start(1)
        speaker_end = line_start + before.end(1)
        mark = line_start + before.start(2)
    else:
        line_end = text.find("\n", p_end)
        after = _DASH_AFTER.match(text[p_end : line_end if line_end >= 0 else len(text)])
        if not after:
            return None
        mark = p_end + after.start(1)
        speaker_start, speaker_end = p_end + after.start(2), p_end + after.end(2)
    speaker = doc.char_span(speaker_start, speaker_end, alignment_mode="contract")
    if speaker is None or not any(t.ent_type_ in ("PERSON", "ORG") for t in speaker):
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in speaker):
        return None  # a clause before a colon introduces, but is not, a speaker
    head = speaker.root
    cue_span = doc.char_span(mark, mark + 1, alignment_mode="expand")
    if cue_span is None:
        return None
    cue = CueMatch(cue_span[0], cue_span, Cue((cue_span.text,), "neutral", False), False)
    return Attribution(cue, speaker, head, p_start, p_end, 0.75)


def introduced(doc: Doc, text: str, p_start: int, p_end: int) -> Attribution | None:
    """A quotation that ends a sentence whose subject introduces it after a comma or colon:
    "The mayor, also on the radio, defended her plan, “...”"."""
    span = doc.char_span(p_start, p_end, alignment_mode="expand")
    if span is None or len(text[p_start:p_end].split()) < MIN_DIRECT_WORDS:
        return None
    sent = span[0].sent
    before = text[sent.start_char : p_start].rstrip()
    if not before.endswith((",", ":")) or "\n" in before or has_mark(before):
        return None
    root = sent.root
    if root.i >= span.start or root.pos_ != "VERB":
        return None
    subjects = [c for c in root.children if c.dep_ == "nsubj" and c.i < root.i]
    if not subjects or subjects[0].pos_ not in ("PROPN", "PRON", "NOUN"):
        return None
    subject = subjects[0]
    cue = CueMatch(root, doc[root.i : root.i + 1], Cue((root.lemma_,), "neutral", False), False)
    return Attribution(cue, mention_span(subject), subject, p_start, p_end, 0.6)


def stands_alone(doc: Doc, text: str, p_start: int, p_end: int) -> bool:
    """A passage of a few words at least that starts a sentence: a quotation in its own
    right, not a name or a scare quote inside someone else's sentence."""
    if len(text[p_start:p_end].split()) < MIN_DIRECT_WORDS:
        return False
    span = doc.char_span(p_start, p_end, alignment_mode="expand")
    if span is None:
        return False
    first = span[0]
    before = text[first.sent.start_char : p_start].strip()
    return first.is_sent_start or before == "" or before.endswith((":", "—", "–"))


_QUOTED_SHORT = re.compile(r"[“\"«][^”\"»\n]{1,60}[”\"»]")


def continuation(
    doc: Doc,
    text: str,
    p_start: int,
    found: list[Attribution],
    previous: Attribution | None,
    *,
    lexicon: Lexicon,
) -> Attribution | None:
    """A passage that carries on the quote just before it: same speaker. When a sentence in
    between has a named subject of its own ("Brett McGurk also criticised the decision.
    “...”"), the passage is that subject's."""
    earlier = [a for a in found if a.end <= p_start and a.speaker is not None]
    if not earlier:
        return None
    last = max(earlier, key=lambda a: a.end)
    between = text[last.end : p_start]
    if between.count("\n") > 3 or len(between) > 400:
        return None
    introduced = _introducing_subject(doc, last.end, p_start)
    if introduced is not None and introduced.text != last.speaker_head.text:
        verb = introduced.head
        cue = CueMatch(verb, doc[verb.i : verb.i + 1], Cue((verb.lemma_,), "neutral", False), False)
        return Attribution(
            cue, mention_span(introduced), introduced, p_start, p_start, 0.55,
            rule="continuation-new-subject",
        )  # fmt: skip
    # a quoted title in between ("on “Fox and Friends.”") does not break the quotation's run
    between = _QUOTED_SHORT.sub(
        lambda m: "" if is_title(m.group(), lexicon=lexicon) else m.group(), between
    )
    if any(ch in between for ch in '“"«') and last is not previous:
        return None
    return Attribution(last.cue, last.speaker, last.speaker_head, p_start, p_start, 0.6)


def _introducing_subject(doc: Doc, start: int, end: int) -> Token | None:
    """The named subject of the last whole sentence between two offsets, if it has one."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return None
    sentences = [s for s in doc[span.start : span.end].sents if s.start >= span.start]
    for sent in reversed(sentences):
        if sent.end > span.end or has_mark(sent.text):
            continue
        root = sent.root
        subjects = [
            c for c in root.children if c.dep_ == "nsubj" and c.ent_type_ in ("PERSON", "ORG")
        ]
        return subjects[0] if subjects and root.pos_ == "VERB" else None
    return None
