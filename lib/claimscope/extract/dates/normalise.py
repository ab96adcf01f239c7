"""TIMEX3 values from an expression's text and the publication date.

:func:`normalise` gives one expression ("on Tuesday", "June 2024", "two years ago") its value:
the relative expressions of ``rules/dates.tsv`` first, then durations and sets, "N units ago",
dates whose year is written, and dates without a year, resolved against the publication date
with the tense of the verb the expression modifies.

References:
    Pustejovsky et al. (2005), *The Specification Language TimeML*; ISO 24617-1 (ISO-TimeML);
    Ferro et al. (2005), *TIDES 2005 Standard for the Annotation of Temporal Expressions*;
    Strötgen & Gertz (2013), *Multilingual and cross-domain temporal tagging* (HeidelTime), whose
    news-style resolution (tense of the governing verb, closest year) the rules follow.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from claimscope.extract.dates.records import (
    DURATION,
    EXPLICIT,
    NEEDS_DATE,
    POINT,
    RELATIVE,
    SET,
    UNRESOLVED,
    VAGUE,
    Normalised,
)
from claimscope.extract.dates.vocabulary import (
    DAY_RE,
    DECADE_WORDS,
    DURATION_PREPS,
    MODS,
    MONTH_RE,
    MONTHS,
    NUMBERS,
    ORDINALS,
    PREPOSITIONS,
    SEASONS,
    UNITS,
    WEEKDAY_RE,
    WEEKDAYS,
    YEAR_RE,
)
from claimscope.rules.dates import DateRule, load_date_rules

#: Characters trimmed from both ends of an expression.
TRAIL = " \t\n,.;:()\"'“”‘’"


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
    if word in NUMBERS:
        return NUMBERS[word]
    parts = word.split("-")
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in NUMBERS:
        return NUMBERS[parts[0]] + NUMBERS[parts[1]]
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


def strip_mod(text: str) -> tuple[str, str | None]:
    """``text`` without a leading modifier ("early", "mid-", "the end of"), and the modifier's
    TIMEX3 ``mod`` (None without one)."""
    for pattern, mod in MODS:
        match = re.match(pattern, text)
        if match and match.end() < len(text):
            return text[match.end() :], mod
    return text, None


def clean_expression(expression: str) -> tuple[str, bool]:
    """Lower-cased expression without a leading preposition; True when the preposition marks
    a duration ("for two weeks")."""
    text = re.sub(r"\s+", " ", expression.lower().replace("’", "'")).strip(TRAIL)
    if re.fullmatch(r"\s*'\d\d(s)?", expression):
        text = "'" + text  # "'82", "'90s"
    text = re.sub(r"\s+([,.])", r"\1", text)
    duration = False
    changed = True
    while changed:
        changed = False
        for prep in PREPOSITIONS + DURATION_PREPS:
            if text.startswith(prep + " ") and len(text) > len(prep) + 1:
                duration = duration or prep in DURATION_PREPS
                text = text[len(prep) + 1 :]
                changed = True
    return text, duration


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
    text, for_duration = clean_expression(expression)
    text, mod = strip_mod(text)
    text = text.strip(TRAIL)
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
    elif word.endswith("s") and word[:-1] in UNITS:
        word = word[:-1]
    return UNITS.get(word)


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
        code, granularity = UNITS[base]
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
    m = re.fullmatch(rf"(?:{WEEKDAY_RE}),? ?(.*)", text)
    if m and m.group(1):
        text = m.group(1)
    patterns = (
        (rf"({MONTH_RE})\.? {DAY_RE},? {YEAR_RE}", "mdy"),
        (rf"(?:the )?{DAY_RE} (?:of )?({MONTH_RE})\.?,? {YEAR_RE}", "dmy"),
        (r"(\d{4})-(\d{2})-(\d{2})", "iso"),
        (r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", "us"),
        (rf"({MONTH_RE})\.?,? (?:of )?{YEAR_RE}", "my"),
        (r"(?:the )?(?:year )?((?:1[0-9]|20)\d{2})", "y"),
        (r"'(\d{2})", "y2"),
        (r"(?:the )?((?:1[0-9]|20)\d)0'?s", "decade"),
        (r"(?:the )?'?(\d)0'?s", "decade2"),
        (rf"(?:the )?({'|'.join(DECADE_WORDS)})", "decade_word"),
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
            return _day(int(g[2]), MONTHS[g[0]], int(g[1]))
        if form == "dmy":
            return _day(int(g[2]), MONTHS[g[1]], int(g[0]))
        if form == "iso":
            return _day(int(g[0]), int(g[1]), int(g[2]))
        if form == "us":
            return _day(_full_year(g[2]), int(g[0]), int(g[1]))
        if form == "my":
            return Normalised(f"{int(g[1]):04d}-{MONTHS[g[0]]:02d}", "month", POINT, EXPLICIT)
        if form in ("y", "y2"):
            return Normalised(f"{_full_year(g[0]):04d}", "year", POINT, EXPLICIT)
        if form == "decade":
            return Normalised(f"{g[0]}X", "decade", POINT, EXPLICIT)
        if form in ("decade2", "decade_word"):
            digit = int(g[0]) if form == "decade2" else DECADE_WORDS[g[0]]
            return Normalised(f"19{digit}X", "decade", POINT, EXPLICIT)
        if form == "century":
            return Normalised(f"{int(g[0]) - 1:02d}XX", "century", POINT, EXPLICIT)
        if form in ("qy", "qy_short"):
            quarter = ORDINALS[g[0]] if form == "qy" else int(g[0])
            return Normalised(f"{g[1]}-Q{quarter}", "quarter", POINT, EXPLICIT)
        if form == "sy":
            return Normalised(f"{g[1]}-{SEASONS[g[0]]}", "season", POINT, EXPLICIT)
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
    m = re.fullmatch(rf"(?:(last|next|this|past|coming) )?({WEEKDAY_RE})(?: next)?", text)
    if m:
        return _weekday(WEEKDAYS[m.group(2)], m.group(1), published, tense)
    month_day = re.fullmatch(rf"({MONTH_RE})\.? {DAY_RE}", text) or re.fullmatch(
        rf"(?:the )?{DAY_RE} (?:of )?({MONTH_RE})\.?", text
    )
    if month_day:
        a, b = month_day.groups()
        month, day = (MONTHS[a], int(b)) if a in MONTHS else (MONTHS[b], int(a))
        if not 1 <= day <= 31:
            return None
        return _yearless(published, tense, "day", month=month, day=day)
    m = re.fullmatch(rf"({MONTH_RE}),? (?:of )?(this|last|next) year", text)
    if m:
        if published is None:
            return Normalised(None, "month", POINT, NEEDS_DATE)
        year = published.year + {"this": 0, "last": -1, "next": 1}[m.group(2)]
        return Normalised(f"{year:04d}-{MONTHS[m.group(1)]:02d}", "month", POINT, RELATIVE)
    m = re.fullmatch(rf"(?:(last|next|this) )?({MONTH_RE})", text)
    if m and (len(m.group(2)) > 3 or m.group(1)) and m.group(2) != "may":
        return _yearless(published, _tense_word(m.group(1), tense), "month", month=MONTHS[m[2]])
    if m and m.group(2) == "may" and m.group(1):
        return _yearless(published, _tense_word(m.group(1), tense), "month", month=5)
    m = re.fullmatch(
        r"(?:the )?(first|second|third|fourth|final)[- ]quarter(?: of (this|last|next) year)?",
        text,
    )
    if m:
        quarter = ORDINALS[m.group(1)]
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
            value = f"{year:04d}-{SEASONS[season or '']}"
        candidates.append((first, last))
        values.append(value)
    if not candidates:
        return None
    return Normalised(values[_choose(candidates, published, tense)], granularity, POINT, RELATIVE)
