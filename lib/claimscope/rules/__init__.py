"""Rule sets kept as data: the tab-separated files of this folder and the lexicon built from them.

See :mod:`claimscope.rules.lexicon`.
"""

from claimscope.rules.lexicon import (
    Cue,
    Lexicon,
    LexiconError,
    Organisation,
    PersonRule,
    Place,
    Title,
    Word,
    load_lexicon,
)

__all__ = [
    "Cue",
    "Lexicon",
    "LexiconError",
    "Organisation",
    "PersonRule",
    "Place",
    "Title",
    "Word",
    "load_lexicon",
]
