"""Date expressions, statement dates and the timeline table, on sentences parsed with the model."""

from __future__ import annotations

import pandas as pd
import pytest

from claimscope.extract.dates import (
    DateRulesError,
    date_expressions,
    load_date_rules,
    normalise,
    statement_date,
    statement_dates,
)
from claimscope.records import Article
from claimscope.tables.schema import TIMELINE, conform
from claimscope.tables.timeline import cue_offsets, timeline_rows
from conftest import SAMPLE

PUBLISHED = "2025-04-30"  # a Wednesday

pytestmark = pytest.mark.model


def _expressions(nlp, text: str, published: str | None = PUBLISHED):
    doc = nlp(text)
    found = list(date_expressions(doc, published=published))
    for expression in found:
        assert text[expression.start : expression.end] == expression.text
    return found


def _one(nlp, text: str, expression: str, published: str | None = PUBLISHED):
    found = _expressions(nlp, text, published)
    matches = [e for e in found if e.text == expression]
    assert matches, f"{expression!r} not found in {[e.text for e in found]}"
    return matches[0]


@pytest.mark.parametrize(
    ("text", "expression", "value", "granularity"),
    [
        ("Kartapolov said on Tuesday that troops were ready.", "Tuesday", "2025-04-29", "day"),
        ("The ministers will meet on Tuesday.", "Tuesday", "2025-05-06", "day"),
        ("The talks resume next Tuesday.", "next Tuesday", "2025-05-06", "day"),
        ("On Wednesday the minister resigned.", "Wednesday", "2025-04-30", "day"),
        ("On April 26, Gerasimov highlighted the aid.", "April 26", "2025-04-26", "day"),
        ("Troops will march in the parade on May 9.", "May 9", "2025-05-09", "day"),
        ("Troops rehearse for the parade on May 9.", "May 9", "2025-05-09", "day"),
        ("The offensive began on May 9.", "May 9", "2024-05-09", "day"),
        ("The treaty was signed in June 2024.", "June 2024", "2024-06", "month"),
        ("They ratified it in November 2024.", "November 2024", "2024-11", "month"),
        ("The peninsula was divided in the 1940s.", "the 1940s", "194X", "decade"),
        ("Prices were lower in the 1990s.", "the 1990s", "199X", "decade"),
        ("Last week the bank raised rates.", "Last week", "2025-W17", "week"),
        ("He left the party two years ago.", "two years ago", "2023", "year"),
        ("The rebels attacked yesterday.", "yesterday", "2025-04-29", "day"),
        ("The minister resigned today.", "today", "2025-04-30", "day"),
        ("Earlier this month, prices fell.", "Earlier this month", "2025-04", "month"),
        ("Exports fell last month.", "last month", "2025-03", "month"),
        ("Sales rose this year.", "this year", "2025", "year"),
        ("Sales rose last year.", "last year", "2024", "year"),
        ("The plant will open next year.", "next year", "2026", "year"),
        ("The deal was signed on 12 March 2021.", "12 March 2021", "2021-03-12", "day"),
        ("The deal was signed on March 12, 2021.", "March 12, 2021", "2021-03-12", "day"),
        (
            "Growth slowed in the first quarter of 2025.",
            "the first quarter of 2025",
            "2025-Q1",
            "quarter",
        ),
        ("The company was founded in 1998.", "1998", "1998", "year"),
    ],
)
def test_point_values(nlp, text, expression, value, granularity):
    found = _one(nlp, text, expression)
    assert (found.value, found.granularity, found.kind) == (value, granularity, "point")


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("He served as governor for three years.", "three years", "P3Y"),
        ("The talks lasted for two weeks.", "two weeks", "P2W"),
        ("The siege lasted 18 months.", "18 months", "P18M"),
        ("Prices have risen for over a decade.", "a decade", "P10Y"),
    ],
)
def test_durations_are_kept_apart(nlp, text, expression, value):
    found = _one(nlp, text, expression)
    assert (found.value, found.kind) == (value, "duration")


def test_sets(nlp):
    assert normalise("annually", published=PUBLISHED).kind == "set"
    assert normalise("every week", published=PUBLISHED).value == "P1W"


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        ("Kartapolov said on Tuesday that troops were ready.", "Tuesday"),
        ("The rebels attacked yesterday.", "yesterday"),
        ("Last week the bank raised rates.", "Last week"),
        ("Troops will march in the parade on May 9.", "May 9"),
    ],
)
def test_without_publication_date_values_stay_unresolved(nlp, text, expression):
    found = _one(nlp, text, expression, published=None)
    assert found.value is None
    assert found.resolution == "needs publication date"
    assert found.granularity is not None


def test_explicit_values_need_no_publication_date(nlp):
    found = _one(nlp, "The treaty was signed in June 2024.", "June 2024", published=None)
    assert (found.value, found.resolution) == ("2024-06", "explicit")


@pytest.mark.parametrize(
    ("expression", "value", "mod"),
    [("early 2009", "2009", "START"), ("mid-2011", "2011", "MID"), ("late 2006", "2006", "END")],
)
def test_modifiers_become_timex_mod(expression, value, mod):
    found = normalise(expression, published=PUBLISHED)
    assert (found.value, found.mod) == (value, mod)


def test_anaphoric_day_takes_the_day_mentioned_before(nlp):
    text = "Shares fell on Monday. The index closed 2% lower on the day."
    found = _one(nlp, text, "the day")
    assert found.value == "2025-04-28"


def test_no_junk_from_ages(nlp):
    found = _expressions(nlp, "The pilot, aged 56, died at the age of 56.")
    assert all(e.value is not None for e in found)


@pytest.mark.parametrize(
    ("text", "cue", "value", "assumed"),
    [
        ("Kartapolov said on Tuesday that troops were ready.", "said", "2025-04-29", False),
        (
            "On Monday, the minister told reporters that talks had stalled.",
            "told",
            "2025-04-28",
            False,
        ),
        ("The minister said that the parade on May 9 would go ahead.", "said", PUBLISHED, True),
        ("The minister said that troops were ready.", "said", PUBLISHED, True),
    ],
)
def test_statement_date(nlp, text, cue, value, assumed):
    doc = nlp(text)
    start = text.index(cue)
    expressions = list(date_expressions(doc, published=PUBLISHED))
    when = statement_date(doc, start, start + len(cue), expressions, published=PUBLISHED)
    assert (when.value, when.assumed) == (value, assumed)
    if assumed:
        assert when.expression_start is None
    else:
        assert text[when.expression_start :].startswith(("Tuesday", "Monday"))


def test_statement_date_without_publication_date(nlp):
    text = "The minister said that troops were ready."
    doc = nlp(text)
    when = statement_date(doc, 13, 17, [], published=None)
    assert (when.value, when.assumed, when.expression_start) == (None, True, None)


def _sample_article() -> Article:
    raw = SAMPLE.read_text(encoding="utf-8")
    body = raw.split("---\n", 2)[2]
    return Article(article_id="north-korean-troops", text=body, date="2025-04-30")


def test_sample_article_expressions(nlp):
    article = _sample_article()
    doc = nlp(article.text)
    found = list(date_expressions(doc, published=article.date))
    for expression in found:
        assert article.text[expression.start : expression.end] == expression.text
    got = {(e.text, e.value, e.granularity) for e in found}
    expected = {
        ("Tuesday", "2025-04-29", "day"),
        ("April 26", "2025-04-26", "day"),
        ("May 9", "2025-05-09", "day"),
        ("June 2024", "2024-06", "month"),
        ("November 2024", "2024-11", "month"),
        ("the 1940s", "194X", "decade"),
    }
    assert expected <= got


def test_sample_timeline(nlp):
    from claimscope.extract.quotes import quotes
    from claimscope.tables.rows import quote_rows

    article = _sample_article()
    doc = nlp(article.text)
    found = list(quotes(doc))
    quotes_rows = quote_rows(article, found)
    expressions = list(date_expressions(doc, published=article.date))
    dates = list(statement_dates(doc, cue_offsets(found), expressions, published=article.date))
    rows = timeline_rows(article, doc, expressions, found, dates)
    for row in rows:
        assert article.text[row["start"] : row["end"]] == row["expression"]
        assert article.text[row["sentence_start"] : row["sentence_end"]] == row["sentence"]
    tuesday = [r for r in rows if r["expression"] == "Tuesday"]
    assert tuesday and tuesday[0]["quote_id"] is not None
    assert not tuesday[0]["assumed"]
    assert "Andrey Kartapolov" in tuesday[0]["entities"]
    dated = {r["quote_id"] for r in rows if r["quote_id"]}
    assert dated == {r["quote_id"] for r in quotes_rows if r["cue_start"] is not None}
    assumed = [r for r in rows if r["assumed"]]
    assert assumed and all(r["value"] == "2025-04-30" and r["expression"] == "" for r in assumed)
    frame = conform(pd.DataFrame(rows), TIMELINE)
    assert list(frame.columns) == TIMELINE.column_names


def test_timeline_without_publication_date(nlp):
    article = Article(article_id="a", text="The rebels attacked yesterday.", date=None)
    doc = nlp(article.text)
    rows = timeline_rows(article, doc, date_expressions(doc, published=article.date))
    assert [(r["expression"], r["value"], r["resolution"]) for r in rows] == [
        ("yesterday", None, "needs publication date")
    ]


def test_rules_file_errors(tmp_path):
    path = tmp_path / "dates.tsv"
    path.write_text("expression\tunit\tshift\tpart\nfortnight\tfortnight\t0\t\n", encoding="utf-8")
    with pytest.raises(DateRulesError, match=r"dates\.tsv:2: unknown unit"):
        load_date_rules(path)


def test_packaged_rules_load():
    rules = load_date_rules()
    assert any(r.pattern.fullmatch("last week") for r in rules)


def test_statement_dates_follow_the_cues(nlp):
    text = "Kartapolov said on Tuesday that troops were ready. The minister said talks stalled."
    doc = nlp(text)
    expressions = list(date_expressions(doc, published=PUBLISHED))
    first, second = text.index("said"), text.rindex("said")
    cues = [(first, first + 4), None, (second, second + 4)]
    dates = list(statement_dates(doc, cues, expressions, published=PUBLISHED))
    assert dates[1] is None
    assert dates[0] == statement_date(doc, first, first + 4, expressions, published=PUBLISHED)
    assert (dates[0].value, dates[0].assumed) == ("2025-04-29", False)
    assert (dates[2].value, dates[2].assumed) == (PUBLISHED, True)


def test_timeline_needs_a_date_per_quote(nlp):
    from claimscope.extract.quotes import quotes

    article = Article(article_id="a", text="The minister said that troops were ready.", date=None)
    doc = nlp(article.text)
    found = list(quotes(doc))
    assert found
    with pytest.raises(ValueError, match="statement dates"):
        timeline_rows(article, doc, [], found, [])


def test_rules_folder_dates_reach_the_timeline(nlp, tmp_path):
    from claimscope.rules import load_lexicon
    from claimscope.tables.build import article_tables

    text = "The bank raised rates the other week, the minister said."
    article = Article(article_id="a", text=text, date=PUBLISHED)
    doc = nlp(text)

    def timeline(lexicon):
        rows = article_tables(article, doc, lexicon=lexicon)["timeline"]
        return {(r["expression"], r["value"]) for r in rows if not r["assumed"]}

    assert ("the other week", "2025-W17") not in timeline(load_lexicon())
    (tmp_path / "dates.tsv").write_text(
        "expression\tunit\tshift\tpart\nthe other week\tweek\t-1\t\n", encoding="utf-8"
    )
    assert ("the other week", "2025-W17") in timeline(load_lexicon(rules_dir=tmp_path))
