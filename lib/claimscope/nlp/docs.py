"""What claimscope's components leave on a ``Doc``, and lookups computed once per ``Doc``.

The components store their results in span groups (:data:`QUOTE_KEY`, :data:`MENTION_KEY`).
Lookups the extractors need again and again (the text, the bounds of a span group, the tokens
inside quotation marks) are computed on first use and kept in the registered extension
``doc._.claimscope_lookups``; extractors never write anything else on a ``Doc``.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

#: Span group of quoted passages (``claimscope_quote_marks``), labelled with their status.
QUOTE_KEY = "quote_marks"
#: Span group of page furniture (``claimscope_furniture``): links, bylines, credits, labels.
FURNITURE_KEY = "furniture"
#: Span group of linked entity mentions (``claimscope_entities``); ``kb_id_`` is ``TYPE:Name``.
MENTION_KEY = "mentions"

_EXTENSION = "claimscope_lookups"
if not Doc.has_extension(_EXTENSION):
    Doc.set_extension(_EXTENSION, default=None)


def _lookups(doc: Doc) -> dict[str, Any]:
    found = getattr(doc._, _EXTENSION)
    if found is None:
        found = {}
        setattr(doc._, _EXTENSION, found)
    return found


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per ``Doc``: spaCy rebuilds it from the tokens on every
    access, which costs a pass over the document each time."""
    lookups = _lookups(doc)
    text = lookups.get("text")
    if text is None:
        text = lookups["text"] = doc.text
    return text


def span_bounds(doc: Doc, key: str) -> list[tuple[int, int, int, int, str]]:
    """``(start, end, start_char, end_char, kb_id)`` of the spans in ``doc.spans[key]``,
    computed once per ``Doc``: iterating a span group builds a new ``Span`` for every item."""
    lookups = _lookups(doc)
    bounds = lookups.get(f"bounds:{key}")
    if bounds is None:
        bounds = lookups[f"bounds:{key}"] = [
            (s.start, s.end, s.start_char, s.end_char, s.kb_id_ or s.text)
            for s in doc.spans.get(key, ())
        ]
    return bounds


def quoted_tokens(doc: Doc) -> frozenset[int]:
    """Indices of the tokens between the marks of every quoted passage, found once per
    ``Doc``."""
    lookups = _lookups(doc)
    inside = lookups.get("quoted")
    if inside is None:
        inside = lookups["quoted"] = frozenset(
            i for start, end, *_ in span_bounds(doc, QUOTE_KEY) for i in range(start + 1, end - 1)
        )
    return inside
