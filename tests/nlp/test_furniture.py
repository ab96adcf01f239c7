"""Page furniture is found by its lines, and is never a statement nor a speaker."""

import pytest

from claimscope.extract.quotes import quotes
from claimscope.nlp.furniture import BYLINE, CREDIT, LABEL, LINK, STAMP, furniture_lines


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("Read more: Mayor says the bridge will reopen", LINK),
        ("Watch: the minister visits the dam", LINK),
        ("RELATED: Floods close two schools", LINK),
        ("By Jane Roe, City Ledger", BYLINE),
        ("By JANE ROE and TOM HILL", BYLINE),
        ("Jane Roe / City Ledger", BYLINE),
        ("Jane Roe | City Ledger", BYLINE),
        ("Photo: Jane Roe/Wire", CREDIT),
        ("Updated 3:15 p.m. ET", STAMP),
        ("Keeping Score:", LABEL),
    ],
)
def test_furniture_lines(line, found):
    assert [(line[s:e], kind) for s, e, kind in furniture_lines(line)] == [(line, found)]


@pytest.mark.parametrize(
    "line",
    [
        "By Tuesday, the water had receded.",
        "More than 200 people left their homes.",
        "Caddell continued:",
        "Watch out for falling rocks, the ranger said.",
        "She said the mayor had updated the plan on Monday after the vote in the council.",
    ],
)
def test_text_that_is_not_furniture(line):
    assert list(furniture_lines(line)) == []


def test_the_credit_after_a_caption_is_furniture_and_the_caption_is_not():
    line = "Crowds at the harbour on Sunday. Image: Tom Hill (Wire)."
    assert [(line[s:e], k) for s, e, k in furniture_lines(line)] == [
        ("Image: Tom Hill (Wire).", CREDIT)
    ]


ARTICLE = (
    "By Lena Kim / Harbour Times\n\n"
    "Read more: Ferry strike ends after talks\n\n"
    "The port's director, Omar Kim, said that the ferries would run again on Friday.\n\n"
    'Watch: "We are back at work," the crews said.\n\n'
    "Kim added that the timetable would be the same.\n"
)


def test_furniture_is_no_statement_and_a_bylines_name_no_speaker(nlp):
    found = [(q.content.text, q.speaker) for q in quotes(nlp(ARTICLE))]
    assert found == [
        ("the ferries would run again on Friday", "Omar Kim"),
        # "Kim" is the director of the story, not the reporter of the byline
        ("the timetable would be the same", "Omar Kim"),
    ]
