"""Relative date expressions kept as data: ``rules/dates.tsv`` ("last week", "earlier this month").

Each rule is a regular expression for the whole expression with the unit and shift that give its
value against the publication date; :mod:`claimscope.extract.dates` applies them.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

from claimscope.rules.tsv import LexiconError, rule_rows

UNITS = ("day", "week", "weekend", "month", "quarter", "year", "decade", "ref")
REFERENCES = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")


class DateRulesError(LexiconError):
    """``dates.tsv`` is malformed; the message names the file and line."""


class DateRule(NamedTuple):
    """One relative expression from ``rules/dates.tsv``."""

    pattern: re.Pattern[str]
    unit: str
    shift: str
    part: str


def load_date_rules(
    path: str | Path | None = None, *, rules_dir: str | Path | None = None
) -> tuple[DateRule, ...]:
    """Relative date expressions from ``dates.tsv`` (or the one file ``path``), with
    ``rules_dir``'s overlaid (see :mod:`claimscope.rules.tsv`).

    Args:
        path: A file with the columns ``expression``, ``unit``, ``shift``, ``part``.
        rules_dir: An analyst's rules folder.

    Returns:
        The rules in file order (the first that matches wins).

    Raises:
        DateRulesError: a line has an unknown unit, a bad shift or an invalid pattern.
    """
    if path is None and rules_dir is None:
        return _packaged()
    return _rules(path, rules_dir)


@cache
def _packaged() -> tuple[DateRule, ...]:
    return _rules(None, None)


def _rules(path: str | Path | None, rules_dir: str | Path | None) -> tuple[DateRule, ...]:
    columns = ("expression", "unit", "shift", "part")
    try:
        rows = rule_rows("dates.tsv", columns, rules_dir=rules_dir, path=path)
    except LexiconError as error:
        raise DateRulesError(str(error)) from error
    rules = []
    for where, row in rows:
        unit, shift = row["unit"], row["shift"]
        if unit not in UNITS:
            raise DateRulesError(f"{where}: unknown unit {unit!r}")
        if unit == "ref" and shift not in REFERENCES:
            raise DateRulesError(f"{where}: a ref needs a *_REF value")
        if unit != "ref" and not re.fullmatch(r"[+-]?\d+", shift):
            raise DateRulesError(f"{where}: shift {shift!r} is not an integer")
        try:
            pattern = re.compile(row["expression"], re.IGNORECASE)
        except re.error as error:
            raise DateRulesError(f"{where}: bad pattern ({error})") from error
        rules.append(DateRule(pattern, unit, shift, row["part"]))
    return tuple(rules)
