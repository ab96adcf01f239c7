"""The polarity lexicon kept as data: ``rules/polarity.tsv``, evaluative words and their frames.

:mod:`claimscope.analysis.contrast` scores statements with it to find contrasting pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from claimscope.rules.tsv import LexiconError, rule_rows


@dataclass(frozen=True)
class PolarityTerm:
    """One entry of the polarity lexicon."""

    term: str
    polarity: int  # +1 or -1
    pattern: re.Pattern[str]
    frame: str  # law, help, approval, danger, blame


def term_pattern(term: str) -> re.Pattern[str]:
    """The pattern of a lexicon term: its words from a word start; a trailing ``*`` matches any
    ending ("violat*": violates, violation)."""
    prefix = term.endswith("*")
    words = term.rstrip("*").split()
    body = r"\s+".join(re.escape(w) for w in words)
    tail = r"\w*" if prefix else r"\b"
    return re.compile(rf"\b{body}{tail}", re.IGNORECASE)


def load_polarity(
    path: str | Path | None = None, *, rules_dir: str | Path | None = None
) -> tuple[PolarityTerm, ...]:
    """The polarity lexicon from ``polarity.tsv`` (or the one file ``path``), with
    ``rules_dir``'s overlaid (see :mod:`claimscope.rules.tsv`).

    Raises:
        LexiconError: a polarity is not 1 or -1 (the message names the file and line).
    """
    if path is None and rules_dir is None:
        return _packaged()
    return _terms(path, rules_dir)


@cache
def _packaged() -> tuple[PolarityTerm, ...]:
    return _terms(None, None)


def _terms(path: str | Path | None, rules_dir: str | Path | None) -> tuple[PolarityTerm, ...]:
    out = []
    columns = ("term", "polarity", "frame")
    for where, row in rule_rows("polarity.tsv", columns, rules_dir=rules_dir, path=path):
        if row["polarity"] not in {"1", "+1", "-1"}:
            raise LexiconError(f"{where}: polarity must be 1 or -1, not {row['polarity']!r}")
        term = row["term"].lower()
        out.append(PolarityTerm(term, int(row["polarity"]), term_pattern(term), row["frame"]))
    # longer terms first, so "in full compliance" wins over "compl*" at the same place
    return tuple(sorted(out, key=lambda t: -len(t.term)))
