"""Claims: what is asserted, by whom, about which entities.

Every quote is a claim by its speaker. Beyond quotes, an article makes assessments of its own
("... may affect the further course of negotiations"): sentences outside any quote that carry a
hedge or a modal of likelihood are claims whose claimant is the article itself.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence

from spacy.tokens import Doc, Span

from claimscope.nlp.docs import MENTION_KEY, doc_text
from claimscope.records import Claim, Quote
from claimscope.records import Span as TextSpan
from claimscope.rules.lexicon import Lexicon, load_lexicon


def claims(doc: Doc, quotes: Sequence[Quote], *, lexicon: Lexicon | None = None) -> Iterator[Claim]:
    """Claims in ``doc``: one per quote, then the article's own assessments, in text order.

    Args:
        doc: A ``Doc`` processed by claimscope's pipeline (entity mentions linked).
        quotes: The quotes extracted from ``doc`` (see :func:`claimscope.extract.quotes`).
        lexicon: Rule sets (the assessment markers); the packaged ones by default.

    Yields:
        :class:`Claim` records; a quote's claim keeps the quote's position in ``quote_index``.

    Notes:
        An assessment is a sentence that overlaps no quote, cue or speaker and contains a
        modal of likelihood or obligation or a hedging adverb (the ``assessment`` words of
        ``rules/words.tsv``, each with the stance it gives), after the hedging cues of Hyland
        (1998), "Hedging in scientific research articles".
    """
    markers = (lexicon or load_lexicon()).assessment_markers
    mentions = list(doc.spans.get(MENTION_KEY, []))
    text = doc_text(doc)
    found: list[Claim] = []
    taken: list[tuple[int, int]] = []
    for index, quote in enumerate(quotes):
        content = quote.content
        found.append(
            Claim(
                content=content,
                claimant=quote.speaker,
                claimant_type=quote.speaker_type or "UNKNOWN",
                cue=quote.cue,
                stance=quote.stance,
                entities=_entities_in(mentions, content.start, content.end),
                quote_index=index,
            )
        )
        for span in (quote.content, quote.cue, quote.speaker_mention):
            if span is not None:
                taken.append((span.start, span.end))
    sents = list(doc.sents)
    covered = _covered(sents, taken)
    for index, sent in enumerate(sents):
        if index in covered:
            continue
        marker = _marker(sent, markers)
        if marker is None:
            continue
        content = _trimmed(sent, text)
        if content is None:
            continue
        found.append(
            Claim(
                content=content,
                claimant=None,
                claimant_type="ARTICLE",
                cue=TextSpan(marker.text, marker.idx, marker.idx + len(marker.text)),
                stance=markers[marker.lower_],
                entities=_entities_in(mentions, content.start, content.end),
            )
        )
    found.sort(key=lambda c: (c.content.start, c.content.end))
    yield from found


def _covered(sents: Sequence[Span], spans: Iterable[tuple[int, int]]) -> set[int]:
    """Indexes of the sentences that share a character with any of ``spans``."""
    starts = [sent.start_char for sent in sents]
    ends = [sent.end_char for sent in sents]
    covered = set()
    for start, end in spans:
        i = max(bisect_right(starts, start) - 1, 0)
        while i < len(sents) and starts[i] < end:
            if start < ends[i]:
                covered.add(i)
            i += 1
    return covered


def _marker(sent: Span, markers: dict[str, str]):
    for token in sent:
        if token.lower_ in markers and token.tag_ in ("MD", "RB", "JJ"):
            return token
    return None


def _trimmed(sent: Span, text: str) -> TextSpan | None:
    tokens = [t for t in sent if not t.is_space]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    if len(tokens) < 4:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return TextSpan(text[start:end], start, end)


def _entities_in(mentions: list[Span], start: int, end: int) -> tuple[str, ...]:
    ids = [m.kb_id_ for m in mentions if start <= m.start_char and m.end_char <= end]
    return tuple(dict.fromkeys(ids))
