"""Entity mentions with the canonical entity each refers to."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from claimscope.nlp.docs import MENTION_KEY
from claimscope.records import Mention, Span


def mentions(doc: Doc) -> Iterator[Mention]:
    """Mentions of named entities in ``doc``, in text order.

    Args:
        doc: A ``Doc`` processed by claimscope's pipeline, whose ``claimscope_entities``
            component linked each mention to a canonical entity.

    Yields:
        One :class:`Mention` per mention; ``entity_id`` is ``TYPE:Canonical name``, the same
        for every alias of one entity ("DPRK", "Pyongyang" and "North Korean" are all
        ``GPE:North Korea``).
    """
    for span in doc.spans.get(MENTION_KEY, []):
        entity_id = span.kb_id_
        entity = entity_id.split(":", 1)[1] if ":" in entity_id else span.text
        yield Mention(Span(span.text, span.start_char, span.end_char), span.label_, entity_id,
                      entity)  # fmt: skip
