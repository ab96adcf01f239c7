"""Labels: names, outlets and entity names as charts show them and lookups compare them.

Names, outlets and entity labels come from the articles and can hold any character. Some of
them take whole report pages down: the SVG renderer of ``vl_convert`` aborts the process (a
panic that no ``except`` catches) on characters XML does not allow, such as NUL or ESC, and
Vega-Lite's expression parser fails on U+2028 and U+2029 in a sort order; a name stored with a
trailing newline is not found when it is asked for without one. Every text that is shown in a
chart or used as a lookup key is therefore cleaned the same way (:func:`clean_label`): control
characters (C0 and C1), surrogates and noncharacters are removed, every run of whitespace
(newlines, tabs, the U+2028 and U+2029 line and paragraph separators, U+0085, no-break spaces
...) becomes one space, and the ends are stripped.

The tables themselves keep their text as stored, since offsets index it: only what is shown
or looked up is cleaned. Aggregations label speakers, outlets and entities with cleaned names
(so two spellings that differ only in such characters are one bar), lookups compare cleaned
names on both sides (``"\\nVladimir Putin\\n"`` finds Vladimir Putin), and chart builders
clean every text of their data (:func:`clean_frame`).
"""

from __future__ import annotations

import re

import pandas as pd

#: Characters removed from labels: C0 and C1 controls other than whitespace, DEL, surrogates
#: and noncharacters (U+FDD0..U+FDEF and the last two code points of every plane).
_REMOVED = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
    )
    + "]"
)

#: Runs of whitespace in a label, which become one space: ``\s`` covers tab, newline, vertical
#: tab, form feed, carriage return, the separators U+001C..U+001F, U+0085, U+2028, U+2029 and
#: Unicode's spaces.
_WHITESPACE = re.compile(r"\s+")


def clean_label(text: str) -> str:
    """``text`` as a chart label or lookup key (see the module docstring).

    >>> clean_label("\\nVladimir\\u2028Putin \\x00")
    'Vladimir Putin'
    """
    return _WHITESPACE.sub(" ", _REMOVED.sub("", str(text))).strip()


def clean_labels(values: pd.Series) -> pd.Series:
    """:func:`clean_label` of every text in ``values``; missing and non-text values are kept."""
    return values.map(lambda v: clean_label(v) if isinstance(v, str) else v)


def clean_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell (and column name) as :func:`clean_label` makes
    it, for a chart's data or a table of labels; numbers, dates and missing values are kept."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_object_dtype(out[column]) or pd.api.types.is_string_dtype(out[column]):
            out[column] = clean_labels(out[column])
    out.columns = [clean_label(c) if isinstance(c, str) else c for c in out.columns]
    return out
