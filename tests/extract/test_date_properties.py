"""Properties of date normalisation, for any calendar date and publication date (no model)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimscope.extract.dates import (
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
    normalise,
)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov",
                 "Dec")  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen", "twenty")  # fmt: skip

TENSES = st.sampled_from([None, "past", "present", "future"])
#: Publication dates far enough from the calendar's ends for a thousand days either way.
PUBLISHED = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
#: Calendar dates whose year is written with four digits.
DAYS = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))


def _ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def _styles(day: dt.date) -> list[str]:
    """``day`` written in the styles of English news and of data."""
    month, abbreviation = MONTHS[day.month - 1], ABBREVIATIONS[day.month - 1]
    weekday = WEEKDAYS[day.weekday()]
    return [
        f"{month} {day.day}, {day.year}",
        f"{month} {day.day} {day.year}",
        f"{month} {_ordinal(day.day)}, {day.year}",
        f"{abbreviation}. {day.day}, {day.year}",
        f"{day.day} {month} {day.year}",
        f"the {_ordinal(day.day)} of {month} {day.year}",
        f"{day.day} {abbreviation} {day.year}",
        f"{day.year:04d}-{day.month:02d}-{day.day:02d}",
        f"{day.month}/{day.day}/{day.year}",
        f"{weekday}, {month} {day.day}, {day.year}",
        f"on {month} {day.day}, {day.year}",
        f"{month.upper()} {day.day}, {day.year}",
    ]


@settings(max_examples=150, deadline=None)
@given(day=DAYS, published=st.none() | PUBLISHED, tense=TENSES)
def test_explicit_dates_normalise_to_their_iso_value(day, published, tense):
    for text in _styles(day):
        found = normalise(text, published=published, tense=tense)
        assert (found.value, found.granularity, found.kind, found.resolution) == (
            day.isoformat(),
            "day",
            POINT,
            EXPLICIT,
        ), text


@settings(max_examples=100, deadline=None)
@given(
    year=st.integers(min_value=1000, max_value=9999),
    month=st.sampled_from([2, 4, 6, 9, 11]),
    day=st.integers(min_value=29, max_value=31),
    published=st.none() | PUBLISHED,
)
def test_days_that_do_not_exist_get_no_value(year, month, day, published):
    try:
        dt.date(year, month, day)
    except ValueError:
        pass
    else:
        return  # February 29 of a leap year, April 29 ...
    for text in (f"{MONTHS[month - 1]} {day}, {year}", f"{day} {MONTHS[month - 1]} {year}"):
        assert normalise(text, published=published).value is None, text


@settings(max_examples=100, deadline=None)
@given(
    year=st.integers(min_value=1000, max_value=9999),
    month=st.integers(min_value=1, max_value=12),
    published=st.none() | PUBLISHED,
)
def test_months_with_a_year_normalise_to_the_month(year, month, published):
    for text in (f"{MONTHS[month - 1]} {year}", f"in {MONTHS[month - 1]} of {year}"):
        found = normalise(text, published=published)
        assert (found.value, found.granularity, found.resolution) == (
            f"{year:04d}-{month:02d}",
            "month",
            EXPLICIT,
        ), text


def _count(n: int, unit: str, words: bool) -> str:
    number = WORDS[n] if words and n < len(WORDS) else str(n)
    return f"{number} {unit}{'' if n == 1 else 's'}"


def _months_from(day: dt.date, months: int) -> str:
    index = day.year * 12 + day.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@settings(max_examples=200, deadline=None)
@given(
    published=PUBLISHED,
    n=st.integers(min_value=1, max_value=1000),
    words=st.booleans(),
    tense=TENSES,
)
def test_n_units_ago_or_later_is_date_arithmetic(published, n, words, tense):
    def value(text: str) -> tuple[str | None, str | None]:
        found = normalise(text, published=published, tense=tense)
        assert found.resolution == RELATIVE, text
        return found.value, found.granularity

    for direction, sign in (("ago", -1), ("earlier", -1), ("later", 1), ("from now", 1)):
        days = published + dt.timedelta(days=sign * n)
        assert value(f"{_count(n, 'day', words)} {direction}") == (days.isoformat(), "day")
        weeks = published + dt.timedelta(days=sign * 7 * n)
        assert value(f"{_count(n, 'week', words)} {direction}") == (weeks.isoformat(), "day")
        months = _months_from(published, sign * n)
        assert value(f"{_count(n, 'month', words)} {direction}") == (months, "month")
        years = f"{published.year + sign * n:04d}"
        assert value(f"{_count(n, 'year', words)} {direction}") == (years, "year")


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@settings(max_examples=200, deadline=None)
@given(published=PUBLISHED, tense=TENSES)
def test_relative_words_are_date_arithmetic(published, tense):
    one_day = dt.timedelta(days=1)
    expected = {
        "today": (published.isoformat(), "day"),
        "yesterday": ((published - one_day).isoformat(), "day"),
        "tomorrow": ((published + one_day).isoformat(), "day"),
        "the day before yesterday": ((published - 2 * one_day).isoformat(), "day"),
        "this morning": (published.isoformat() + "TMO", "day"),
        "last night": ((published - one_day).isoformat() + "TNI", "day"),
        "this week": (_iso_week(published), "week"),
        "last week": (_iso_week(published - 7 * one_day), "week"),
        "next week": (_iso_week(published + 7 * one_day), "week"),
        "this weekend": (_iso_week(published) + "-WE", "weekend"),
        "this month": (_months_from(published, 0), "month"),
        "last month": (_months_from(published, -1), "month"),
        "next month": (_months_from(published, 1), "month"),
        "this year": (f"{published.year:04d}", "year"),
        "last year": (f"{published.year - 1:04d}", "year"),
        "next year": (f"{published.year + 1:04d}", "year"),
    }
    for text, value in expected.items():
        found = normalise(text, published=published, tense=tense)
        assert (found.value, found.granularity) == value, text
        assert found.resolution == RELATIVE, text
        assert normalise(text, published=None).resolution == NEEDS_DATE, text


@settings(max_examples=200, deadline=None)
@given(published=PUBLISHED, weekday=st.integers(min_value=0, max_value=6))
def test_weekdays_are_the_latest_or_the_next_one(published, weekday):
    name = WEEKDAYS[weekday]
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7

    def day(text: str, tense: str | None = None) -> dt.date:
        found = normalise(text, published=published, tense=tense)
        assert (found.granularity, found.resolution) == ("day", RELATIVE), text
        return dt.date.fromisoformat(found.value)

    latest = published - dt.timedelta(days=back)
    following = published + dt.timedelta(days=ahead)
    assert day(name) == day(f"on {name}") == day(name, "past") == latest
    assert day(name, "future") == following
    assert day(f"next {name}") == published + dt.timedelta(days=ahead or 7)
    assert day(f"last {name}") == published - dt.timedelta(days=back or 7)
    assert latest.weekday() == following.weekday() == weekday
    assert 0 <= (published - latest).days <= 6 and 0 <= (following - published).days <= 6


RESOLUTIONS = {EXPLICIT, RELATIVE, ANAPHORIC, NEEDS_DATE, VAGUE, UNRESOLVED, ASSUMED}


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40), published=st.none() | PUBLISHED, tense=TENSES)
def test_normalise_never_raises_on_arbitrary_text(text, published, tense):
    found = normalise(text, published=published, tense=tense)
    assert found.kind in (POINT, DURATION, SET)
    assert found.resolution in RESOLUTIONS
    assert found.value is None or isinstance(found.value, str)


#: Words that date expressions are made of, to reach the rules' corners more often than
#: arbitrary text does.
DATE_WORDS = st.sampled_from(
    [*MONTHS, *WEEKDAYS, *WORDS, "last", "next", "this", "the", "of", "early", "mid-", "late",
     "ago", "later", "days", "weeks", "months", "years", "decade", "century", "quarter", "first",
     "spring", "'90s", "1990s", "2024", "12", "31", "/", ",", "-", "for", "every", "since"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(DATE_WORDS | st.integers(0, 3000).map(str), max_size=6),
    published=st.none() | PUBLISHED,
    tense=TENSES,
)
def test_normalise_never_raises_on_date_words(words, published, tense):
    found = normalise(" ".join(words), published=published, tense=tense)
    assert found.kind in (POINT, DURATION, SET)
    assert found.resolution in RESOLUTIONS


@pytest.mark.xfail(
    raises=OverflowError,
    strict=True,
    reason="a count of days or weeks that leaves the calendar (datetime's years 1 to 9999) "
    "raises OverflowError instead of giving no value",
)
def test_counts_beyond_the_calendar_give_no_value():
    found = normalise("99999999 days ago", published="2025-04-30")
    assert found.value is None
