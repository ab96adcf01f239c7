"""Names as written and as compared: accent folding and the words of a person's name."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """``text`` without accents, so that "Erdogan" finds "Recep Tayyip Erdoğan"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
