"""When things happened: date expressions, resolved against the publication date, and when
statements were made.

:func:`date_expressions` reads a ``Doc`` (spaCy's ``DATE`` entities plus the rules in
``rules/dates.tsv`` and the patterns of :mod:`.recognise`) and yields :class:`DateExpression`
records whose values follow TimeML's TIMEX3 (``2025-04-26``, ``2024-06``, ``2025-W17``, ``194X``,
``P3Y``). :func:`statement_date` and :func:`statement_dates` date statements by their cue. The
``timeline`` table is built from these records in :mod:`claimscope.tables.timeline`.

Modules:
    records: :class:`DateExpression`, :class:`Normalised`, :class:`StatementDate` and the values
        of their ``kind`` and ``resolution`` fields.
    vocabulary: the English words of dates (months, weekdays, number words, units).
    normalise: TIMEX3 values from an expression's text and the publication date.
    recognise: finding expressions in a ``Doc``, with the tense of the verb they modify.
    statements: when a statement was made, from its cue's offsets.

References:
    Pustejovsky et al. (2005), *The Specification Language TimeML*; ISO 24617-1 (ISO-TimeML);
    Ferro et al. (2005), *TIDES 2005 Standard for the Annotation of Temporal Expressions*;
    Strötgen & Gertz (2013), *Multilingual and cross-domain temporal tagging* (HeidelTime).
"""

from __future__ import annotations

from claimscope.extract.dates.normalise import normalise, parse_date
from claimscope.extract.dates.recognise import date_expressions, expression_tense
from claimscope.extract.dates.records import (
    ANAPHORIC,
    ASSUMED,
    DURATION,
    EXPLICIT,
    NEEDS_DATE,
    POINT,
    RELATIVE,
    SET,
    UNRESOLVED,
    VAGUE,
    DateExpression,
    Normalised,
    StatementDate,
)
from claimscope.extract.dates.statements import statement_date, statement_dates
from claimscope.rules.dates import DateRule, DateRulesError, load_date_rules

__all__ = [
    "ANAPHORIC",
    "ASSUMED",
    "DURATION",
    "EXPLICIT",
    "NEEDS_DATE",
    "POINT",
    "RELATIVE",
    "SET",
    "UNRESOLVED",
    "VAGUE",
    "DateExpression",
    "DateRule",
    "DateRulesError",
    "Normalised",
    "StatementDate",
    "date_expressions",
    "expression_tense",
    "load_date_rules",
    "normalise",
    "parse_date",
    "statement_date",
    "statement_dates",
]
