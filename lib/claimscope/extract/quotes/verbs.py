"""Statements a cue verb reports: its subject and the content of its complement."""

from __future__ import annotations

import bisect

from claimscope.extract.quotes.contents import contents_of
from claimscope.extract.quotes.cues import CueMatch
from claimscope.extract.quotes.records import Attribution
from claimscope.extract.quotes.spans import (
    as_passages,
    attribution_gap,
    expand,
    is_title,
    separate_passages,
)
from claimscope.extract.quotes.subjects import (
    agentive,
    fits_subject,
    inverted_document,
    mention_span,
    name_before_cue,
    relative_subject,
    speaker_of,
)
from claimscope.rules.lexicon import Lexicon


def after_misparse(
    match: CueMatch, content: tuple[int, int], passages, text: str, *, lexicon: Lexicon
):
    """A quotation right after the cue ("told the press in an interview, “...”") is its
    content, even when the parser hung the cue's clause somewhere later."""
    cue_end = match.span.end_char
    passages = as_passages(passages)
    first = bisect.bisect_left(passages.starts, cue_end)
    for p_start, p_end, _ in passages[first:]:
        if p_start >= content[0]:
            break
        if attribution_gap(text[cue_end:p_start]):
            if p_end <= content[0] and is_title(text[p_start:p_end], lexicon=lexicon):
                continue  # "told MSNBC's “Morning Joe” that ...": a programme, not words
            if p_end > content[0]:  # the clause starts with a quoted fragment: mixed
                return p_start, max(p_end, content[1])
            return p_start, p_end
    return content


def verb_reports(
    cues: list[CueMatch], cue_heads: set[int], passages, text: str, *, lexicon: Lexicon
) -> tuple[list[Attribution], list[CueMatch]]:
    """The statements reported by cue verbs, and the cues that name a speaker but have no
    content of their own (a quoted passage next to one may be its content).

    Args:
        cues: The cues found in the ``Doc``, outside quotations, in text order.
        cue_heads: The token indexes of their heads.
        passages: The quoted passages as ``(start, end, status)``.
        text: The ``Doc``'s text.
        lexicon: The rule sets.

    Returns:
        The attributions, in the order of their cues, and the cues without content.

    Notes:
        The speaker is the cue's subject (:func:`~claimscope.extract.quotes.subjects.speaker_of`),
        or a named speaker the parser lost before the cue; the content is read from the parse
        (:func:`~claimscope.extract.quotes.contents.contents_of`), widened to whole quoted
        passages and split into one statement per passage when it is only passages.
    """
    found: list[Attribution] = []
    loose: list[CueMatch] = []  # cues with a speaker but no content of their own
    for match in cues:
        speaker_head = speaker_of(match.head, cue_heads, lexicon=lexicon) or inverted_document(
            match, lexicon=lexicon
        )
        if match.cue.stance == "intent" and not agentive(speaker_head, lexicon):
            continue  # "the treaty seeks to lower fees" reports nobody's intention
        if not fits_subject(match, speaker_head, lexicon):
            continue
        contents = contents_of(match)
        named = name_before_cue(match.head, passages) if speaker_head is None else None
        if named is not None:  # "“...,” Flynn, a surrogate, said": the parser lost the name
            speaker_head = named.root
            contents = [
                c._replace(end=min(c.end, named.start_char))
                for c in contents
                if c.start < named.start_char
            ]
        if not contents:
            if speaker_head is not None:
                loose.append(match)
            continue
        speaker = named or (mention_span(speaker_head) if speaker_head is not None else None)
        written = relative_subject(match.head, speaker_head) if named is None else None
        for content in contents:
            span = (content.start, content.end)
            first, last = after_misparse(match, span, passages, text, lexicon=lexicon)
            rule = content.rule if (first, last) == span else "verb-quotation-after-cue"
            first, last = expand(first, last, passages, text)
            for start, end in separate_passages(first, last, passages, text):
                if end - start >= 2:
                    found.append(
                        Attribution(
                            match,
                            speaker,
                            speaker_head,
                            start,
                            end,
                            0.9,
                            rule=rule,
                            written=written,
                        )
                    )
    return found, loose
