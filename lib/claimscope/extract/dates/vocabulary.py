"""The English words of dates: month, weekday and season names, number words, units, and the
regular-expression fragments built from them, shared by the recogniser and the normaliser."""

from __future__ import annotations

#: Month names and abbreviations, with the month's number.
MONTHS = {
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
#: Weekday names, with ``date.weekday()``'s number (Monday is 0).
WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
#: Seasons, with their TIMEX3 code.
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
#: Ordinals of quarters ("the first quarter", "the final quarter").
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4}
#: Number words ("two years ago", "twenty-five days").
NUMBERS = {
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
NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80})
NUMBERS.update({"ninety": 90, "hundred": 100, "a": 1, "an": 1})
#: Units of time, with their TIMEX3 duration code and granularity.
UNITS = {
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
#: Decades written as words ("the nineties"), with their digit.
DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}
#: Modifiers that become TIMEX3's ``mod`` ("early 2009" is 2009 with mod START).
MODS = (
    (r"(?:the )?(?:very )?(?:beginning|start) of (?:the )?", "START"),
    (r"early[- ]", "START"),
    (r"(?:the )?(?:middle|mid) of (?:the )?", "MID"),
    (r"mid[- ]", "MID"),
    (r"(?:the )?end of (?:the )?", "END"),
    (r"late[- ]", "END"),
)
#: Prepositions that are not part of an expression ("on Tuesday" is "Tuesday").
PREPOSITIONS = (
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
#: Prepositions that make the expression after them a duration ("for two weeks").
DURATION_PREPS = ("for", "over", "within")

#: Regular-expression fragments: a month name, a day of the month, a year, a weekday.
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
DAY_RE = r"(\d{1,2})(?:st|nd|rd|th)?"
YEAR_RE = r"(\d{4})"
WEEKDAY_RE = "|".join(WEEKDAYS)
