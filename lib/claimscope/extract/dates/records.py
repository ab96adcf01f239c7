"""The records of the date extractor, and the values of their ``kind`` and ``resolution`` fields.

Offsets are character offsets into the article text, as in every claimscope record.
"""

from __future__ import annotations

from typing import NamedTuple

#: Why a value is what it is (the ``resolution`` field).
EXPLICIT = "explicit"  # fully stated in the text ("June 2024", "P3Y")
RELATIVE = "publication date"  # computed from the publication date ("last week", "Tuesday")
ANAPHORIC = "anaphoric"  # the day mentioned before ("the same day")
NEEDS_DATE = "needs publication date"  # would be relative, but the article has no date
VAGUE = "vague"  # TimeML's PRESENT_REF / PAST_REF / FUTURE_REF
UNRESOLVED = "not normalised"  # recognised as a date, but no rule gives it a value
ASSUMED = "assumed publication date"  # a statement with no date of its own

#: What an expression denotes (the ``kind`` field): TIMEX3's DATE, DURATION and SET types.
POINT, DURATION, SET = "point", "duration", "set"


class Normalised(NamedTuple):
    """A date expression's value: TIMEX3 ``value``, granularity, kind and how it was found."""

    value: str | None
    granularity: str | None
    kind: str  # point | duration | set
    resolution: str
    mod: str | None = None  # TIMEX3 mod: START, MID, END


class DateExpression(NamedTuple):
    """One date expression in an article, with its normalised value.

    Offsets are character offsets into the article text: ``text[start:end] == expression.text``.
    """

    text: str
    start: int
    end: int
    value: str | None
    granularity: str | None  # day, week, month, quarter, season, year, decade, century, ...
    kind: str  # point | duration | set
    resolution: str  # explicit | publication date | needs publication date | vague | ...
    mod: str | None = None  # TIMEX3 mod: START ("early 2009"), MID, END
    tense: str | None = None  # past | present | future, of the verb the expression modifies


class StatementDate(NamedTuple):
    """When a statement was made."""

    value: str | None
    granularity: str | None
    assumed: bool  # True when the text does not say and the publication date stands in
    expression_start: int | None  # offset of the date expression that says, if any
