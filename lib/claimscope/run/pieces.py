"""Long articles read in pieces: paragraph-aligned parts of at most :data:`PIECE_CHARS`.

spaCy refuses a text over ``nlp.max_length`` (a million characters) and its memory grows with
the document, and some of claimscope's rules compare each statement with the others of its
document. An article longer than :data:`PIECE_CHARS` is therefore cut at paragraph breaks (at a
sentence end or a space inside a paragraph that is longer on its own) into pieces that are
parsed and extracted one at a time, and the rows of the pieces are joined: offsets are moved to
the article's text, so ``text[start:end]`` is still each span's text, and the quote and claim
numbers run on from piece to piece. Names and pronouns are resolved within a piece; the corpus
step still gives one name to each speaker across the whole run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

#: The longest text parsed as one document, in characters.
PIECE_CHARS = 100_000

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_ID_NUMBER = re.compile(r"^(?P<stem>.*:[a-z])(?P<n>\d+)$")


def split_pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """``(offset, piece)`` pairs whose pieces, joined, are ``text``; each piece at most
    ``limit`` characters and ending, where one can, at a paragraph break, else after a
    sentence end, else after a space."""
    if limit < 1:
        raise ValueError(f"a piece must hold at least one character, not {limit}")
    pieces = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = _last_cut(window)
        pieces.append((start, text[start : start + cut]))
        start += cut
    if start < len(text) or not pieces:
        pieces.append((start, text[start:]))
    return pieces


def _last_cut(window: str) -> int:
    """Where to end a piece inside ``window``: after its last paragraph break, else after its
    last sentence end, else after its last space, else at its end (one word longer than the
    limit)."""
    for breaker in ("\n\n", "\n"):
        at = window.rfind(breaker)
        if at > 0:
            return at + len(breaker)
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    if ends and ends[-1] < len(window):
        return ends[-1]
    at = max(window.rfind(" "), window.rfind("\t"))
    return at + 1 if at > 0 else len(window)


def _is_offset(column: str) -> bool:
    return column in ("start", "end") or column.endswith(("_start", "_end"))


def joined_rows(
    pieces: Iterable[tuple[int, Mapping[str, list[dict]]]],
) -> dict[str, list[dict]]:
    """The rows of an article from the rows of its pieces, ``(offset, rows by table)``: every
    offset moved by its piece's offset, and every quote and claim id (``ARTICLE:q3``) numbered
    on from the pieces before."""
    joined: dict[str, list[dict]] = {}
    base: dict[str, int] = {}  # id stem -> the highest number given so far
    for offset, tables in pieces:
        top: dict[str, int] = {}
        for name, rows in tables.items():
            out = joined.setdefault(name, [])
            for row in rows:
                moved = {}
                for column, value in row.items():
                    if value is not None and _is_offset(column) and isinstance(value, int):
                        value += offset
                    elif column in ("quote_id", "claim_id") and isinstance(value, str):
                        value = _renumbered(value, base, top)
                    moved[column] = value
                out.append(moved)
        for stem, n in top.items():
            base[stem] = max(base.get(stem, 0), n)
    return joined


def _renumbered(identifier: str, base: Mapping[str, int], top: dict[str, int]) -> str:
    match = _ID_NUMBER.match(identifier)
    if match is None:
        return identifier
    stem = match["stem"]
    n = int(match["n"]) + base.get(stem, 0)
    top[stem] = max(top.get(stem, 0), n)
    return f"{stem}{n}"
