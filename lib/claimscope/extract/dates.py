"""When things happened: date expressions, resolved against the publication date, and timelines.

:func:`date_expressions` reads a ``Doc`` (spaCy's ``DATE`` entities plus the rules in
``rules/dates.tsv`` and the patterns below) and yields :class:`DateExpression` records whose
values follow TimeML's TIMEX3 (``2025-04-26``, ``2024-06``, ``2025-W17``, ``194X``, ``P3Y``).
:func:`statement_date` dates a quote by its cue, and :func:`timeline_rows` builds the
``timeline`` table (declared in :mod:`claimscope.tables.schema` as ``TIMELINE``).

References:
    Pustejovsky et al. (2005), *The Specification Language TimeML*; ISO 24617-1 (ISO-TimeML);
    Ferro et al. (2005), *TIDES 2005 Standard for the Annotation of Temporal Expressions*;
    Strötgen & Gertz (2013), *Multilingual and cross-domain temporal tagging* (HeidelTime), whose
    news-style resolution (tense of the governing verb, closest year) the rules follow.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any, NamedTuple

from spacy.tokens import Doc, Token

from claimscope.nlp.docs import MENTION_KEY, doc_text, span_bounds
from claimscope.records import Article
from claimscope.rules.dates import DateRule, DateRulesError, load_date_rules
from claimscope.tables.schema import TIMELINE

#: Why a value is what it is (the ``resolution`` field).
EXPLICIT = "explicit"  # fully stated in the text ("June 2024", "P3Y")
RELATIVE = "publication date"  # computed from the publication date ("last week", "Tuesday")
NEEDS_DATE = "needs publication date"  # would be relative, but the article has no date
VAGUE = "vague"  # TimeML's PRESENT_REF / PAST_REF / FUTURE_REF
UNRESOLVED = "not normalised"  # recognised as a date, but no rule gives it a value
ASSUMED = "assumed publication date"  # a statement with no date of its own

POINT, DURATION, SET = "point", "duration", "set"

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4}
_NUMBERS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80})
_NUMBERS.update({"ninety": 90, "hundred": 100, "a": 1, "an": 1})
_UNITS = {
    "day": ("D", "day"),
    "week": ("W", "week"),
    "fortnight": ("W", "week"),
    "month": ("M", "month"),
    "quarter": ("Q", "quarter"),
    "year": ("Y", "year"),
    "decade": ("DE", "decade"),
    "century": ("CE", "century"),
    "hour": ("H", "hour"),
    "minute": ("MIN", "minute"),
}
_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}
_MODS = (
    (r"(?:the )?(?:very )?(?:beginning|start) of (?:the )?", "START"),
    (r"early[- ]", "START"),
    (r"(?:the )?(?:middle|mid) of (?:the )?", "MID"),
    (r"mid[- ]", "MID"),
    (r"(?:the )?end of (?:the )?", "END"),
    (r"late[- ]", "END"),
)
_PREPOSITIONS = (
    "on",
    "in",
    "at",
    "by",
    "since",
    "until",
    "till",
    "from",
    "during",
    "before",
    "after",
    "as of",
    "around",
    "about",
    "through",
    "throughout",
    "of",
    "to",
)
_DURATION_PREPS = ("for", "over", "within")
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_FUTURE_HEADS = {"plan", "expect", "schedule", "due", "set", "intend", "aim", "go", "hope"}

_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_RE = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR_RE = r"(\d{4})"
_WEEKDAY_RE = "|".join(_WEEKDAYS)


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


# --- normalisation -----------------------------------------------------------------------------


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """A publication date from ISO ``YYYY-MM-DD`` (a longer timestamp is cut to its date).

    Raises:
        ValueError: the string is not an ISO date.
    """
    if value is None or isinstance(value, dt.date):
        return value
    value = value.strip()
    if not value:
        return None
    return dt.date.fromisoformat(value[:10])


def _number(word: str) -> int | None:
    word = word.lower().replace(",", "")
    if word.isdigit():
        return int(word)
    if word in _NUMBERS:
        return _NUMBERS[word]
    parts = word.split("-")
    if len(parts) == 2 and parts[0] in _NUMBERS and parts[1] in _NUMBERS:
        return _NUMBERS[parts[0]] + _NUMBERS[parts[1]]
    return None


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _relative(unit: str, shift: int, published: dt.date, part: str = "") -> tuple[str, str]:
    """Value and granularity of the ``unit`` that is ``shift`` units from ``published``."""
    if unit == "day":
        day = published + dt.timedelta(days=shift)
        return day.isoformat() + (f"T{part}" if part else ""), "day"
    if unit in ("week", "weekend"):
        week = _iso_week(published + dt.timedelta(weeks=shift))
        return (week + "-WE", "weekend") if unit == "weekend" else (week, "week")
    if unit == "month":
        year, month = _shift_month(published.year, published.month, shift)
        return f"{year:04d}-{month:02d}", "month"
    if unit == "quarter":
        index = published.year * 4 + (published.month - 1) // 3 + shift
        return f"{index // 4:04d}-Q{index % 4 + 1}", "quarter"
    if unit == "year":
        return f"{published.year + shift:04d}", "year"
    if unit == "decade":
        return f"{published.year // 10 + shift:03d}X", "decade"
    raise ValueError(f"unknown unit {unit!r}")


def _choose(candidates: Sequence[tuple[dt.date, dt.date]], published: dt.date, tense: str | None):
    """Index of the candidate period (first day, last day) the expression means.

    Notes:
        News convention (HeidelTime's news strategy, TimeML's anchoring to the document
        creation time): a past-tense verb points to the latest period that has begun by the
        publication date, a future one to the earliest that has not ended before it, and
        otherwise the period closest to the publication date wins.
    """
    if tense == "past":
        started = [i for i, (first, _) in enumerate(candidates) if first <= published]
        if started:
            return max(started, key=lambda i: candidates[i][0])
    if tense == "future":
        ahead = [i for i, (_, last) in enumerate(candidates) if last >= published]
        if ahead:
            return min(ahead, key=lambda i: candidates[i][0])

    def distance(i: int) -> int:
        first, last = candidates[i]
        if first <= published <= last:
            return 0
        return min(abs((first - published).days), abs((last - published).days))

    return min(range(len(candidates)), key=distance)


def _month_last(year: int, month: int) -> dt.date:
    year2, month2 = _shift_month(year, month, 1)
    return dt.date(year2, month2, 1) - dt.timedelta(days=1)


def _strip_mod(text: str) -> tuple[str, str | None]:
    for pattern, mod in _MODS:
        match = re.match(pattern, text)
        if match and match.end() < len(text):
            return text[match.end() :], mod
    return text, None


def _clean(expression: str) -> tuple[str, bool]:
    """Lower-cased expression without a leading preposition; True when the preposition marks
    a duration ("for two weeks")."""
    text = re.sub(r"\s+", " ", expression.lower().replace("’", "'")).strip(_TRAIL)
    if re.fullmatch(r"\s*'\d\d(s)?", expression):
        text = "'" + text  # "'82", "'90s"
    text = re.sub(r"\s+([,.])", r"\1", text)
    duration = False
    changed = True
    while changed:
        changed = False
        for prep in _PREPOSITIONS + _DURATION_PREPS:
            if text.startswith(prep + " ") and len(text) > len(prep) + 1:
                duration = duration or prep in _DURATION_PREPS
                text = text[len(prep) + 1 :]
                changed = True
    return text, duration


_TRAIL = " \t\n,.;:()\"'“”‘’"


def normalise(
    expression: str,
    *,
    published: str | dt.date | None,
    tense: str | None = None,
    rules: Sequence[DateRule] | None = None,
) -> Normalised:
    """The TIMEX3 value of one date expression.

    Args:
        expression: The expression as written ("on Tuesday", "June 2024", "two years ago").
        published: The article's publication date (ISO string or date); None if unknown.
        tense: ``past``, ``present`` or ``future``: the tense of the verb the expression
            modifies, which decides between the previous and the next Tuesday or May 9.
        rules: Relative expressions (``rules/dates.tsv`` by default).

    Returns:
        A :class:`Normalised` value. Values that need the publication date are None with
        resolution ``"needs publication date"`` when ``published`` is None; expressions no
        rule covers are None with resolution ``"not normalised"``.

    Notes:
        Values follow TIMEX3 (TimeML 1.2.1; ISO 24617-1): dates ``YYYY-MM-DD``, months
        ``YYYY-MM``, ISO weeks ``YYYY-Www``, weekends ``-WE``, quarters ``YYYY-Qn``, seasons
        ``YYYY-SP``, decades ``194X``, centuries ``19XX``, durations ``P3Y``/``P2W``, sets
        ``P1Y``, vague references ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``; "early",
        "mid-", "late", "the end of" become TIMEX3's ``mod`` (START, MID, END) and leave the
        value as is.
    """
    day0 = parse_date(published)
    rules = load_date_rules() if rules is None else rules
    text, for_duration = _clean(expression)
    text, mod = _strip_mod(text)
    text = text.strip(_TRAIL)
    if mod and text in ("year", "month", "week"):  # "the beginning of the year"
        text = "this " + text
    found = _normalise(text, day0, tense, rules, for_duration)
    if found is None:
        return Normalised(None, None, POINT, UNRESOLVED, mod)
    return found._replace(mod=mod)


def _normalise(
    text: str,
    published: dt.date | None,
    tense: str | None,
    rules: Sequence[DateRule],
    for_duration: bool,
) -> Normalised | None:
    for rule in rules:
        if rule.pattern.fullmatch(text):
            if rule.unit == "ref":
                return Normalised(rule.shift, "reference", POINT, VAGUE)
            granularity = "weekend" if rule.unit == "weekend" else rule.unit
            if published is None:
                return Normalised(None, granularity, POINT, NEEDS_DATE)
            value, granularity = _relative(rule.unit, int(rule.shift), published, rule.part)
            return Normalised(value, granularity, POINT, RELATIVE)
    for parse in (_duration_or_set, _ago, _explicit, _anchored):
        found = parse(text, published, tense, for_duration)
        if found is not None:
            return found
    return None


def _unit(word: str) -> tuple[str, str] | None:
    word = word.lower()
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith("s") and word[:-1] in _UNITS:
        word = word[:-1]
    return _UNITS.get(word)


_COUNT = r"([a-z]+(?:-[a-z]+)?|\d+(?:\.\d+)?)"
_DURATION_RE = re.compile(
    rf"(?:(?:the |an? )?(?:past|last|next|coming|previous|first|following|full|entire|whole) )?"
    rf"(?:(?:more than|less than|nearly|almost|about|around|over|some|up to|at least) )?"
    rf"{_COUNT}(?:[- ]|\s+)?(days?|weeks?|fortnights?|months?|quarters?|years?|decades?"
    rf"|centuries|century|hours?|minutes?)(?:[- ]long| old)?"
)
_SET_RE = re.compile(
    r"(?:(?:every|each|per|a) (day|week|month|quarter|year)|"
    r"(daily|weekly|monthly|quarterly|annual|annually|yearly))"
)


def _duration_or_set(text, published, tense, for_duration) -> Normalised | None:
    match = _SET_RE.fullmatch(text) or re.fullmatch(rf"{_COUNT} " + _SET_RE.pattern, text)
    if match:
        word = match.groups()[-2] or match.groups()[-1]
        base = {"daily": "day", "annual": "year", "annually": "year", "yearly": "year"}.get(
            word, word.removesuffix("ly")
        )
        code, granularity = _UNITS[base]
        return Normalised(f"P1{code}", granularity, SET, EXPLICIT)
    if re.fullmatch(r"(several|a few|many|some|recent|the past few|the last few) \w+", text):
        unit = _unit(text.split()[-1])
        if unit is not None:
            return Normalised(f"PX{unit[0]}", unit[1], DURATION, EXPLICIT)
    match = _DURATION_RE.fullmatch(text)
    if match is None:
        return None
    count, unit_word = match.group(1), match.group(2)
    if count in ("the", "this", "that", "next", "last"):
        return None
    number = _number(count)
    if number is None:
        try:
            number = float(count)
        except ValueError:
            return None
    unit = _unit(unit_word)
    if unit is None:
        return None
    code, granularity = unit
    if code == "DE":
        code, number = "Y", number * 10
    elif code == "CE":
        code, number = "Y", number * 100
    elif code == "Q":
        code, number = "M", number * 3
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    prefix = "PT" if code in ("H", "MIN") else "P"
    code = "M" if code == "MIN" else code
    return Normalised(f"{prefix}{number}{code}", granularity, DURATION, EXPLICIT)


_AGO_RE = re.compile(
    rf"{_COUNT} (days?|weeks?|months?|years?|decades?|centuries|century) "
    r"(ago|earlier|before|later|from now|hence|on)"
)
_IN_RE = re.compile(rf"(?:just |only )?{_COUNT} (days?|weeks?|months?|years?|decades?) time")


def _ago(text, published, tense, for_duration) -> Normalised | None:
    match = _AGO_RE.fullmatch(text) or _IN_RE.fullmatch(text)
    if match is None:
        return None
    number = _number(match.group(1))
    unit = _unit(match.group(2))
    if number is None or unit is None:
        return None
    direction = match.group(3) if match.lastindex and match.lastindex >= 3 else "from now"
    sign = -1 if direction in ("ago", "earlier", "before") else 1
    granularity = unit[1]
    if published is None:
        return Normalised(None, "day" if granularity == "week" else granularity, POINT, NEEDS_DATE)
    if granularity == "day":
        return _point(_relative("day", sign * number, published), RELATIVE)
    if granularity == "week":  # "a week ago" is a day, seven days back (TIMEX3 guidelines)
        return _point(_relative("day", sign * 7 * number, published), RELATIVE)
    if granularity == "decade":
        return _point((f"{published.year + sign * 10 * number:04d}", "year"), RELATIVE)
    if granularity == "century":
        return _point((f"{published.year + sign * 100 * number:04d}", "year"), RELATIVE)
    return _point(_relative(granularity, sign * number, published), RELATIVE)


def _point(pair: tuple[str, str], resolution: str) -> Normalised:
    return Normalised(pair[0], pair[1], POINT, resolution)


def _full_year(text: str) -> int:
    year = int(text.lstrip("'"))
    if len(text.lstrip("'")) == 2:
        year += 1900 if year > 30 else 2000
    return year


def _explicit(text, published, tense, for_duration) -> Normalised | None:
    """Dates whose year is written: "April 26, 2025", "26 April 2025", "June 2024", "2009",
    "the 1940s", "'82", "7/8/07", "the first quarter of 2009", "spring 2009"."""
    m = re.fullmatch(rf"(?:{_WEEKDAY_RE}),? ?(.*)", text)
    if m and m.group(1):
        text = m.group(1)
    patterns = (
        (rf"({_MONTH_RE})\.? {_DAY_RE},? {_YEAR_RE}", "mdy"),
        (rf"(?:the )?{_DAY_RE} (?:of )?({_MONTH_RE})\.?,? {_YEAR_RE}", "dmy"),
        (r"(\d{4})-(\d{2})-(\d{2})", "iso"),
        (r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", "us"),
        (rf"({_MONTH_RE})\.?,? (?:of )?{_YEAR_RE}", "my"),
        (r"(?:the )?(?:year )?((?:1[0-9]|20)\d{2})", "y"),
        (r"'(\d{2})", "y2"),
        (r"(?:the )?((?:1[0-9]|20)\d)0'?s", "decade"),
        (r"(?:the )?'?(\d)0'?s", "decade2"),
        (rf"(?:the )?({'|'.join(_DECADE_WORDS)})", "decade_word"),
        (r"(?:the )?(\d{1,2})(?:st|nd|rd|th) century", "century"),
        (r"(?:the )?(first|second|third|fourth|final|last)[- ]quarter (?:of )?(\d{4})", "qy"),
        (r"q([1-4]) (\d{4})", "qy_short"),
        (r"(spring|summer|autumn|fall|winter) (?:of )?(\d{4})", "sy"),
        (r"(?:the )?(\d{4})[-–/](\d{2}|\d{4})", "range"),
    )
    for pattern, form in patterns:
        match = re.fullmatch(pattern, text)
        if match is None:
            continue
        g = match.groups()
        if form == "mdy":
            return _day(int(g[2]), _MONTHS[g[0]], int(g[1]))
        if form == "dmy":
            return _day(int(g[2]), _MONTHS[g[1]], int(g[0]))
        if form == "iso":
            return _day(int(g[0]), int(g[1]), int(g[2]))
        if form == "us":
            return _day(_full_year(g[2]), int(g[0]), int(g[1]))
        if form == "my":
            return Normalised(f"{int(g[1]):04d}-{_MONTHS[g[0]]:02d}", "month", POINT, EXPLICIT)
        if form in ("y", "y2"):
            return Normalised(f"{_full_year(g[0]):04d}", "year", POINT, EXPLICIT)
        if form == "decade":
            return Normalised(f"{g[0]}X", "decade", POINT, EXPLICIT)
        if form in ("decade2", "decade_word"):
            digit = int(g[0]) if form == "decade2" else _DECADE_WORDS[g[0]]
            return Normalised(f"19{digit}X", "decade", POINT, EXPLICIT)
        if form == "century":
            return Normalised(f"{int(g[0]) - 1:02d}XX", "century", POINT, EXPLICIT)
        if form in ("qy", "qy_short"):
            quarter = _ORDINALS[g[0]] if form == "qy" else int(g[0])
            return Normalised(f"{g[1]}-Q{quarter}", "quarter", POINT, EXPLICIT)
        if form == "sy":
            return Normalised(f"{g[1]}-{_SEASONS[g[0]]}", "season", POINT, EXPLICIT)
        if form == "range":
            return Normalised(g[0], "year", POINT, EXPLICIT)
    return None


def _day(year: int, month: int, day: int) -> Normalised | None:
    try:
        return Normalised(dt.date(year, month, day).isoformat(), "day", POINT, EXPLICIT)
    except ValueError:
        return None


def _anchored(text, published, tense, for_duration) -> Normalised | None:
    """Dates without a year, or relative to one named in passing: weekdays, "April 26",
    "June", "the fourth quarter", "spring", "the first quarter of last year"."""
    m = re.fullmatch(rf"(?:(last|next|this|past|coming) )?({_WEEKDAY_RE})(?: next)?", text)
    if m:
        return _weekday(_WEEKDAYS[m.group(2)], m.group(1), published, tense)
    month_day = re.fullmatch(rf"({_MONTH_RE})\.? {_DAY_RE}", text) or re.fullmatch(
        rf"(?:the )?{_DAY_RE} (?:of )?({_MONTH_RE})\.?", text
    )
    if month_day:
        a, b = month_day.groups()
        month, day = (_MONTHS[a], int(b)) if a in _MONTHS else (_MONTHS[b], int(a))
        if not 1 <= day <= 31:
            return None
        return _yearless(published, tense, "day", month=month, day=day)
    m = re.fullmatch(rf"({_MONTH_RE}),? (?:of )?(this|last|next) year", text)
    if m:
        if published is None:
            return Normalised(None, "month", POINT, NEEDS_DATE)
        year = published.year + {"this": 0, "last": -1, "next": 1}[m.group(2)]
        return Normalised(f"{year:04d}-{_MONTHS[m.group(1)]:02d}", "month", POINT, RELATIVE)
    m = re.fullmatch(rf"(?:(last|next|this) )?({_MONTH_RE})", text)
    if m and (len(m.group(2)) > 3 or m.group(1)) and m.group(2) != "may":
        return _yearless(published, _tense_word(m.group(1), tense), "month", month=_MONTHS[m[2]])
    if m and m.group(2) == "may" and m.group(1):
        return _yearless(published, _tense_word(m.group(1), tense), "month", month=5)
    m = re.fullmatch(
        r"(?:the )?(first|second|third|fourth|final)[- ]quarter(?: of (this|last|next) year)?",
        text,
    )
    if m:
        quarter = _ORDINALS[m.group(1)]
        if m.group(2):
            if published is None:
                return Normalised(None, "quarter", POINT, NEEDS_DATE)
            shift = {"this": 0, "last": -1, "next": 1}[m.group(2)]
            return Normalised(f"{published.year + shift}-Q{quarter}", "quarter", POINT, RELATIVE)
        return _yearless(published, tense, "quarter", quarter=quarter)
    m = re.fullmatch(r"(?:(last|next|this) )?(spring|summer|autumn|fall|winter)", text)
    if m:
        return _yearless(published, _tense_word(m.group(1), tense), "season", season=m.group(2))
    return None


def _tense_word(word: str | None, tense: str | None) -> str | None:
    return {"last": "past", "next": "future", "this": None}.get(word or "", tense)


def _weekday(weekday: int, word: str | None, published: dt.date | None, tense: str | None):
    """TimeML/HeidelTime: a bare weekday in news is the latest one up to the publication date,
    or the next one from it when the verb is in the future tense or the text says "next"."""
    if published is None:
        return Normalised(None, "day", POINT, NEEDS_DATE)
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if word in ("next", "coming"):
        day = published + dt.timedelta(days=ahead or 7)
    elif word in ("last", "past"):
        day = published - dt.timedelta(days=back or 7)
    elif tense == "future" or (word == "this" and tense != "past"):
        day = published + dt.timedelta(days=ahead)
    else:
        day = published - dt.timedelta(days=back)
    return Normalised(day.isoformat(), "day", POINT, RELATIVE)


def _yearless(
    published: dt.date | None,
    tense: str | None,
    granularity: str,
    *,
    month: int = 1,
    day: int | None = None,
    quarter: int | None = None,
    season: str | None = None,
) -> Normalised | None:
    if published is None:
        return Normalised(None, granularity, POINT, NEEDS_DATE)
    candidates = []
    values = []
    for year in (published.year - 1, published.year, published.year + 1):
        if granularity == "day":
            try:
                first = last = dt.date(year, month, day or 1)
            except ValueError:
                continue
            value = first.isoformat()
        elif granularity == "month":
            first, last = dt.date(year, month, 1), _month_last(year, month)
            value = f"{year:04d}-{month:02d}"
        elif granularity == "quarter" and quarter is not None:
            first = dt.date(year, 3 * quarter - 2, 1)
            last = _month_last(year, 3 * quarter)
            value = f"{year:04d}-Q{quarter}"
        else:
            start = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}[season or ""]
            first = dt.date(year, start, 1)
            y2, m2 = _shift_month(year, start, 2)
            last = _month_last(y2, m2)
            value = f"{year:04d}-{_SEASONS[season or '']}"
        candidates.append((first, last))
        values.append(value)
    if not candidates:
        return None
    return Normalised(values[_choose(candidates, published, tense)], granularity, POINT, RELATIVE)


# --- finding expressions in a Doc --------------------------------------------------------------


def _rule_regex(rules: Sequence[DateRule]) -> re.Pattern[str]:
    weekday = rf"(?:(?:last|next|this|on) )?(?:{'|'.join(w.title() for w in _WEEKDAYS)})"
    month = "|".join(m.title() for m in _MONTHS if len(m) > 3)
    fixed = [
        weekday,
        rf"(?:{month})(?: \d{{1,2}}(?:st|nd|rd|th)?)?(?:,? \d{{4}})?",
        r"\d{1,2} (?:" + month + r")(?: \d{4})?",
        r"(?:the )?(?:1[0-9]|20)\d0s",
        r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})",
        r"(?:\w+|\d+) (?:days?|weeks?|months?|years?) ago",
        r"(?:for|over) (?:the (?:past|last|next) )?(?:\d+|an?|several|a few|[a-z]+-?[a-z]*) "
        r"(?:days?|weeks?|months?|years?|decades?)",
    ]
    alternatives = [r.pattern.pattern for r in rules if r.unit != "ref"] + fixed
    refs = [r.pattern.pattern for r in rules if r.unit == "ref"]
    body = "|".join(f"(?:{a})" for a in alternatives + refs)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


@cache
def _cached_regex(rules: tuple[DateRule, ...]) -> re.Pattern[str]:
    return _rule_regex(rules)


def _candidate_spans(doc: Doc, rules: tuple[DateRule, ...]) -> list[tuple[int, int]]:
    spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
    for match in _cached_regex(rules).finditer(doc_text(doc)):
        spans.append(match.span())
    for ent in doc.ents:  # "this morning", "tonight": TIME entities that are parts of a day
        if ent.label_ == "TIME" and any(r.pattern.fullmatch(_clean(ent.text)[0]) for r in rules):
            spans.append((ent.start_char, ent.end_char))
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRAIL and not re.match(r"'\d\d", text[start:end]):
        start += 1
    while end > start and text[end - 1] in _TRAIL and not re.search(r"\d0'$", text[start:end]):
        end -= 1
    if start > 0 and text[start - 1] == "'" and re.fullmatch(r"\d\d(s)?", text[start:end]):
        start -= 1  # "'82", "'90s"
    lowered = text[start:end].lower()
    for prep in (
        "on ",
        "in ",
        "at ",
        "since ",
        "until ",
        "by ",
        "from ",
        "during ",
        "between ",
        "for ",
        "over ",
    ):
        if lowered.startswith(prep) and end - start > len(prep):
            start += len(prep)
            break
    for tail in (" and", " or", " to"):
        if text[start:end].lower().endswith(tail) and end - start > len(tail):
            end -= len(tail)
    return start, end


#: Where a span that does not normalise as a whole is cut into expressions of its own
#: ("between 2014 and 2016", "November 11, three days later", "April and June").
_SEPARATOR = re.compile(r"\s*(?:,|;|\band\b|\bor\b|\bbetween\b|\bto\b|\bthrough\b|–|—)\s*", re.I)
#: Expressions that take their day from the one mentioned before (TimeML's anaphoric
#: anchoring, Pustejovsky et al. 2005): "the day", "the same day", "that day".
_ANAPHORIC_DAY = re.compile(
    r"(?:the|that|this) (?:same |very )?day"
    r"|(?:a|the) (?:second |third )?(?:straight |consecutive )+day",
    re.I,
)
#: What the entity recogniser sometimes calls a date but is not one: ages, bare numbers.
_NOT_A_DATE = re.compile(r"(?:(?:the )?ages? (?:of )?)?[\d.,]+|aged? \d+")
#: Prepositions that make a weekday look forward when the verb is not in the simple past.
_FORWARD_PREPS = ("until", "till", "by", "before")


def _root(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def _verb_tense(verb: Token) -> str | None:
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowers = {a.lower_ for a in aux}
    if lowers & _FUTURE_AUX or verb.lemma_ in ("schedule", "plan", "due", "expect"):
        return "future"
    if any(a.lower_ in ("going", "gon") for a in aux):
        return "future"
    if verb.dep_ == "xcomp" and verb.head.lemma_ in _FUTURE_HEADS:
        return "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux):
        return "past"
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in aux):
        return "past"
    if verb.tag_ == "VBN" and not aux and verb.dep_ in ("acl", "amod", "relcl"):
        return "past"  # "plans announced in January"
    if aux and any(a.tag_ == "MD" for a in aux):
        return None
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in aux):
        return "present"
    return None


def expression_tense(doc: Doc, start: int, end: int) -> str | None:
    """Tense of the verb that a date expression modifies, or None when it modifies a noun.

    Notes:
        The governor is the head of the expression's root, through a preposition ("said on
        Tuesday"). A date that modifies a noun ("the parade on May 9", "the May 9 events")
        dates that noun's event, whose tense the sentence does not give: the resolver then
        takes the date closest to the publication date.
    """
    root = _root(doc, start, end)
    if root is None:
        return None
    governor = root.head
    if governor.i == root.i:
        return None
    if governor.dep_ == "prep" or governor.pos_ == "ADP":
        governor = governor.head
    if governor.pos_ not in ("VERB", "AUX"):
        return None
    return _verb_tense(governor)


def date_expressions(
    doc: Doc,
    *,
    published: str | dt.date | None,
    rules: Sequence[DateRule] | None = None,
) -> Iterator[DateExpression]:
    """Date expressions in ``doc``, resolved against the publication date, in text order.

    Args:
        doc: A parsed ``Doc`` (claimscope's pipeline or any English pipeline with a parser
            and an entity recogniser).
        published: The article's publication date (ISO string or date), or None.
        rules: Relative expressions (``rules/dates.tsv`` by default).

    Yields:
        One :class:`DateExpression` per expression: points in time, durations and sets
        (TIMEX3 types DATE, DURATION, SET). Leading prepositions are not part of the
        expression ("Tuesday", not "on Tuesday"), as in TIMEX3.

    Notes:
        Candidates are spaCy's ``DATE`` entities, ``TIME`` entities naming a part of the day,
        and matches of the rules (weekdays, month names, decades, "N years ago" and every
        expression in ``rules/dates.tsv``); overlapping candidates are merged. Weekdays and
        dates without a year are resolved with the tense of the verb they modify
        (:func:`expression_tense`), as in HeidelTime's news strategy.
    """
    rules = tuple(load_date_rules() if rules is None else rules)
    day0 = parse_date(published)
    text = doc_text(doc)
    last_day: str | None = None  # the latest day mentioned, for "the day", "the same day"
    for span_start, span_end in _candidate_spans(doc, rules):
        span_start, span_end = _trim_span(text, span_start, span_end)
        for start, end in _pieces(text, span_start, span_end, day0, rules):
            tense = expression_tense(doc, start, end)
            before = text[max(0, start - 8) : start].lower().split()
            if before and before[-1] in _FORWARD_PREPS and not _simple_past(doc, start, end):
                tense = "future"
            found = normalise(text[start:end], published=day0, tense=tense, rules=rules)
            bare, _ = _strip_mod(_clean(text[start:end])[0])
            if found.resolution == UNRESOLVED and _ANAPHORIC_DAY.fullmatch(bare):
                anchor = last_day or (day0.isoformat() if day0 else None)
                found = found._replace(
                    value=anchor,
                    granularity="day",
                    resolution="anaphoric" if anchor else NEEDS_DATE,
                )
            if found.resolution == UNRESOLVED and _NOT_A_DATE.fullmatch(bare):
                continue
            if found.granularity == "day" and found.value and found.kind == POINT:
                last_day = found.value[:10]
            yield DateExpression(
                text[start:end],
                start,
                end,
                found.value,
                found.granularity,
                found.kind,
                found.resolution,
                found.mod,
                tense,
            )


def _pieces(
    text: str, start: int, end: int, published: dt.date | None, rules: Sequence[DateRule]
) -> list[tuple[int, int]]:
    """The span itself, or, when it does not normalise as a whole, its parts that do."""
    if end <= start or not any(ch.isalnum() for ch in text[start:end]):
        return []
    if normalise(text[start:end], published=published, rules=rules).resolution != UNRESOLVED:
        return [(start, end)]
    cuts = [(m.start() + start, m.end() + start) for m in _SEPARATOR.finditer(text[start:end])]
    if not cuts:
        return [(start, end)]
    parts = []
    position = start
    for cut_start, cut_end in [*cuts, (end, end)]:
        piece = _trim_span(text, position, cut_start)
        if piece[1] > piece[0]:
            parts.append(piece)
        position = cut_end
    resolved = [
        p
        for p in parts
        if normalise(text[p[0] : p[1]], published=published, rules=rules).resolution != UNRESOLVED
    ]
    return resolved or [(start, end)]


def _simple_past(doc: Doc, start: int, end: int) -> bool:
    root = _root(doc, start, end)
    if root is None:
        return False
    governor = root.head.head if root.head.dep_ == "prep" else root.head
    return governor.tag_ == "VBD"


# --- statement dates ---------------------------------------------------------------------------

_ATTACH_DEPS = ("npadvmod", "tmod", "advmod", "obl", "nmod")


def statement_date(
    doc: Doc,
    cue_start: int,
    cue_end: int,
    expressions: Iterable[DateExpression],
    *,
    published: str | dt.date | None,
) -> StatementDate:
    """When the statement introduced by a cue was made.

    Args:
        doc: The parsed article.
        cue_start: Character offset of the cue (``quotes.cue_start``).
        cue_end: Character offset one past its end (``quotes.cue_end``).
        expressions: The article's date expressions (:func:`date_expressions`).
        published: The publication date, which stands in when the text does not say.

    Returns:
        ``(value, granularity, assumed, expression_start)``: the value of a point-in-time
        expression attached to the cue verb, ``assumed=False``; else the publication date
        with ``assumed=True`` and ``expression_start=None`` (value None without one).

    Notes:
        An expression dates the cue when the cue verb governs it directly (``npadvmod``,
        ``tmod``: "said Tuesday"), through a preposition (``prep`` -> ``pobj``: "said on
        Tuesday"), or when the cue verb is the first verb above it in the same sentence ("on
        Tuesday, Kartapolov told reporters"). Dates inside the reported content belong to
        the content, not to the act of saying, and are skipped.
    """
    return _dated_by(doc, cue_start, cue_end, _anchored_points(doc, expressions), published)


#: A point-in-time expression with the sentence start and governing verb of its root token.
_Anchored = tuple[DateExpression, int, int]


def _anchored_points(doc: Doc, expressions: Iterable[DateExpression]) -> list[_Anchored]:
    """The expressions that can date a statement, each with where it attaches: found once per
    article, whatever the number of statements."""
    anchored = []
    for expression in expressions:
        if expression.kind != POINT or not expression.value:
            continue
        if expression.granularity == "reference":
            continue
        root = _root(doc, expression.start, expression.end)
        governor = _governing_verb(root) if root is not None else None
        if governor is not None:
            anchored.append((expression, root.sent.start, governor.i))
    return anchored


def _dated_by(
    doc: Doc,
    cue_start: int,
    cue_end: int,
    anchored: Sequence[_Anchored],
    published: str | dt.date | None,
) -> StatementDate:
    span = doc.char_span(cue_start, cue_end, alignment_mode="expand")
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX")] if span is not None else []
    if span is not None and not verbs and len(span):
        verbs = [span.root]
    for verb in verbs:
        if not anchored:
            break
        sent_start = verb.sent.start
        for expression, expression_sent, governor in anchored:
            if governor == verb.i and expression_sent == sent_start:
                return StatementDate(
                    expression.value, expression.granularity, False, expression.start
                )
    day0 = parse_date(published)
    if day0 is None:
        return StatementDate(None, None, True, None)
    return StatementDate(day0.isoformat(), "day", True, None)


def _governing_verb(token: Token) -> Token | None:
    """The first verb above ``token``, climbing through prepositions and nouns' heads only when
    the token attaches as an adverbial of time."""
    head = token.head
    if head.i == token.i:
        return None
    if token.dep_ in _ATTACH_DEPS:
        return head if head.pos_ in ("VERB", "AUX") else None
    if token.dep_ == "pobj" and head.dep_ == "prep":
        verb = head.head
        return verb if verb.pos_ in ("VERB", "AUX") else None
    if token.dep_ == "compound" and head.dep_ in ("pobj", "npadvmod"):
        return _governing_verb(head)
    return None


# --- the timeline table ------------------------------------------------------------------------


def _sentence(doc: Doc, text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence around ``start:end``; ``text`` is ``doc.text`` (which spaCy rebuilds on
    every access, so it is passed in)."""
    span = doc.char_span(start, max(end, start + 1), alignment_mode="expand")
    if span is None or len(span) == 0:
        return text, 0, len(text)
    sent = span[0].sent
    s_start, s_end = sent.start_char, sent.end_char
    while s_end > s_start and text[s_end - 1].isspace():
        s_end -= 1
    return text[s_start:s_end], s_start, s_end


def sentence_entities(doc: Doc, start: int, end: int) -> str | None:
    """Canonical names of the entities mentioned between two offsets, in order, '; '-joined.

    Notes:
        Names come from ``doc.spans["mentions"]``, whose ``kb_id_`` is ``TYPE:Name``.
    """
    names: list[str] = []
    for _, _, start_char, end_char, kb_id in span_bounds(doc, MENTION_KEY):
        if start_char >= start and end_char <= end:
            name = kb_id.split(":", 1)[-1]
            if name not in names:
                names.append(name)
    return "; ".join(names) or None


def statement_dates(
    doc: Doc,
    quotes_rows: Iterable[Mapping[str, Any]],
    expressions: Sequence[DateExpression],
    *,
    published: str | dt.date | None,
) -> dict[str, StatementDate]:
    """The date of every quote that has a cue, by ``quote_id``.

    Args:
        doc: The parsed article.
        quotes_rows: Rows of the ``quotes`` table (``quote_id``, ``cue_start``, ``cue_end``).
        expressions: The article's date expressions.
        published: The publication date.

    Returns:
        A :class:`StatementDate` per quote id; quotes without a cue are left out.
    """
    dates = {}
    anchored = _anchored_points(doc, expressions)
    for row in quotes_rows:
        cue_start, cue_end, quote_id = row.get("cue_start"), row.get("cue_end"), row.get("quote_id")
        if quote_id is None or not _is_offset(cue_start) or not _is_offset(cue_end):
            continue
        dates[str(quote_id)] = _dated_by(doc, int(cue_start), int(cue_end), anchored, published)
    return dates


def _is_offset(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and value != value)


def timeline_rows(
    article: Article,
    doc: Doc,
    quotes_rows: Iterable[Mapping[str, Any]] = (),
    *,
    rules: Sequence[DateRule] | None = None,
) -> list[dict[str, Any]]:
    """Rows of the ``timeline`` table for one article.

    Args:
        article: The article (its ``text`` is ``doc.text``; its ``date`` the publication date).
        doc: The article parsed by claimscope's pipeline.
        quotes_rows: The article's rows of the ``quotes`` table; statements get their
            ``quote_id`` on the row of the expression that dates them, or on a row of their
            own (empty expression at the cue, ``assumed=True``) when the text does not say.
        rules: Relative expressions (``rules/dates.tsv`` by default).

    Returns:
        Dicts with the columns of :data:`TIMELINE`, in text order. Expressions no rule could
        give a value to, and vague references ("recently") that date no statement, are left
        out; ``text[start:end] == expression`` holds for every row.
    """
    text = doc_text(doc)
    expressions = list(date_expressions(doc, published=article.date, rules=rules))
    quotes_rows = list(quotes_rows)
    dated = statement_dates(doc, quotes_rows, expressions, published=article.date)
    by_start: dict[int, list[str]] = {}
    for quote_id, when in dated.items():
        if not when.assumed and when.expression_start is not None:
            by_start.setdefault(when.expression_start, []).append(quote_id)

    rows: list[dict[str, Any]] = []

    def add(start: int, end: int, fields: dict[str, Any], quote_id: str | None) -> None:
        sentence, s_start, s_end = _sentence(doc, text, start, end)
        rows.append(
            {
                "article_id": article.article_id,
                "expression": text[start:end],
                "start": start,
                "end": end,
                **fields,
                "sentence": sentence,
                "sentence_start": s_start,
                "sentence_end": s_end,
                "entities": sentence_entities(doc, s_start, s_end),
                "quote_id": quote_id,
            }
        )

    for expression in expressions:
        if expression.resolution in (UNRESOLVED, VAGUE):
            continue
        fields = {
            "value": expression.value,
            "granularity": expression.granularity,
            "kind": expression.kind,
            "mod": expression.mod,
            "resolution": expression.resolution,
            "assumed": False,
        }
        for quote_id in by_start.get(expression.start) or [None]:
            add(expression.start, expression.end, fields, quote_id)
    cues = {str(r["quote_id"]): r for r in quotes_rows if r.get("quote_id") is not None}
    for quote_id, when in dated.items():
        if not when.assumed:
            continue
        at = int(cues[quote_id]["cue_start"])
        fields = {
            "value": when.value,
            "granularity": when.granularity,
            "kind": POINT,
            "mod": None,
            "resolution": ASSUMED if when.value else NEEDS_DATE,
            "assumed": True,
        }
        add(at, at, fields, quote_id)
    rows.sort(key=lambda r: (r["start"], r["end"], r["quote_id"] or ""))
    return rows


__all__ = [
    "TIMELINE",
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
    "sentence_entities",
    "statement_date",
    "statement_dates",
    "timeline_rows",
]
