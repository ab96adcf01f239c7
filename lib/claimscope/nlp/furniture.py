"""Page furniture: the lines of a scraped page that belong to the page, not to the story.

Links to other articles ("Read more: ...", "Watch: ...", "Related: ..."), bylines ("By Jane Roe",
"Jane Roe / City News", "Jane Roe | City News"), credits of pictures ("Photo: ...", "Image:
...", "(Photo: Jane Roe/Reuters)"), time stamps ("Updated 3:15 p.m."), section labels (a short
line that ends with a colon and says no more) and copyright and sharing lines. They are never
statements, and a name in a byline or a credit is nobody the story speaks of.

:func:`furniture_lines` reads plain text, so the lines are found the same way whatever the
input's format; the ``claimscope_furniture`` component stores them in
``doc.spans["furniture"]``, labelled with their kind, before the entity linker runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from claimscope.nlp.docs import FURNITURE_KEY, doc_text

LINK = "link"
BYLINE = "byline"
CREDIT = "credit"
STAMP = "timestamp"
LABEL = "label"
NOTICE = "notice"

_LINK = re.compile(
    r"(?:read more|more|related|see also|also read|also see|watch|listen|recommended|"
    r"trending|most read|editor'?s picks?|top stories|more from|latest|"
    r"click here|sign up|subscribe|follow us|share this|advertisement|sponsored)\b"
    r"\s*(?:[:|»›>—–-]|$)",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"(?:\(?(?:photo|image|picture|video|file photo|credit|photograph|illustration|graphic)s?"
    r"(?: by| credit)?\s*[:/]|\((?:photo|image|credit)[^)]*\)\s*$)",
    re.IGNORECASE,
)
#: A credit after a caption: "Stage of the rally. Image: J. Doe.", "(Photo: J. Doe/Wire)",
#: and, in scraped pages, glued to a name ("Jo RoeImage: ...").
_CREDIT_AFTER = re.compile(
    r"(\(?(?:Photo|Image|Picture|Video|Credit|Photograph|Illustration)s?(?: by| credit)?"
    r"\s*:\s*.{1,60})$"
)
_STAMP = re.compile(
    r"(?:posted|published|updated|last updated|first published|modified)\b[^!?]{0,60}$",
    re.IGNORECASE,
)
_NOTICE = re.compile(r"(?:©|copyright\b|all rights reserved|this story has been)", re.IGNORECASE)
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|da|van|von|la|le|del|bin|al-?))*"
_BYLINE = re.compile(
    rf"(?:[Bb]y|[Ww]ritten by|[Rr]eporting by|[Ss]tory by)\s+{_NAME}"
    rf"(?:\s*(?:,|and|&)\s*{_NAME})*(?:\s*[,|/·•—–-]\s*[A-Z][\w&'’ -]{{1,40}})?"
)
_NAME_OUTLET = re.compile(rf"{_NAME}\s*[|/]\s*[A-Z][\w&'’ -]{{1,40}}")
_MAX_LINE = 160  # furniture is short; a long line is text whatever it starts with


def furniture_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, kind)`` of every line of ``text`` that is page furniture (see the module
    docstring), in text order; ``start:end`` is the line without its surrounding space."""
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if not stripped or len(stripped) > _MAX_LINE:
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        end = start + len(stripped)
        kind = _kind(stripped)
        if kind is None:
            credit = _CREDIT_AFTER.search(stripped)
            if credit is not None:  # "Protesters at the march. Image: A. Gray": the credit
                yield start + credit.start(1), end, CREDIT
            continue
        yield start, end, kind


def _kind(line: str) -> str | None:
    if _LINK.match(line):
        return LINK
    if _CREDIT.match(line):
        return CREDIT
    if _NOTICE.match(line):
        return NOTICE
    if _BYLINE.fullmatch(line) and len(line.split()) <= 12:
        return BYLINE
    if _NAME_OUTLET.fullmatch(line) and len(line.split()) <= 8:
        return BYLINE
    if _STAMP.match(line) and any(c.isdigit() for c in line):
        return STAMP
    words = line.split()
    if line.endswith(":") and len(words) <= 5 and all(not w[:1].islower() for w in words):
        return LABEL  # "Keeping Score:", but not "Caddell continued:" before a quotation
    return None


@Language.component("claimscope_furniture", assigns=["doc.spans"])
def furniture_component(doc: Doc) -> Doc:
    """Store the page furniture of ``doc`` in ``doc.spans["furniture"]``, labelled by kind."""
    spans = []
    for start, end, kind in furniture_lines(doc_text(doc)):
        span = doc.char_span(start, end, label=kind, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[FURNITURE_KEY] = spans
    return doc
