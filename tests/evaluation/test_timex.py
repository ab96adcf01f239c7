"""Scoring date expressions against MEANTIME's TIMEX3 annotation."""

from __future__ import annotations

import pytest

from claimscope.evaluation.dates import (
    GoldDocument,
    GoldTimex,
    evaluate_meantime,
    format_timex_report,
    granularity_of,
    read_meantime_document,
    same_value,
    score_documents,
)
from claimscope.extract.dates import DateExpression

# Floors reached on MEANTIME English (120 documents, 286 DATE expressions).
RECALL_OVERLAP_FLOOR = 0.88
RECALL_EXACT_FLOOR = 0.83
VALUE_ACCURACY_FLOOR = 0.86


@pytest.mark.parametrize(
    ("value", "granularity"),
    [
        ("2025-04-29", "day"),
        ("2025-W17", "week"),
        ("2010-W04-WE", "weekend"),
        ("2024-06", "month"),
        ("2009-Q1", "quarter"),
        ("2009-SP", "season"),
        ("2009", "year"),
        ("194X", "decade"),
        ("197", "decade"),
        ("PAST_REF", "reference"),
        ("P3Y", "duration"),
        ("FY2007", "other"),
    ],
)
def test_granularity_of(value, granularity):
    assert granularity_of(value) == granularity


def test_decades_in_both_spellings():
    assert same_value("197X", "197")
    assert same_value("19XX", "19")
    assert not same_value("1970", "197")
    assert not same_value(None, "2009")


def test_scoring_counts_overlap_exact_and_value():
    text = "Shares fell on Tuesday and in June 2024 ."
    tuesday = text.index("Tuesday")
    june = text.index("June 2024")
    gold = GoldDocument(
        "d1",
        text,
        None,
        (
            GoldTimex("d1", "DATE", "2025-04-29", "Tuesday", tuesday, tuesday + 7),
            GoldTimex("d1", "DATE", "2024-06", "June 2024", june, june + 9),
            GoldTimex("d1", "DURATION", "P1D", "x", 0, 1),
        ),
        len(text),
    )
    predicted = [
        DateExpression("on Tuesday", tuesday - 3, tuesday + 7, "2025-04-22", "day", "point", ""),
        DateExpression("June 2024", june, june + 9, "2024-06", "month", "point", "explicit"),
    ]
    report = score_documents([gold], [predicted])
    assert (report.n_gold, report.found_overlap, report.found_exact) == (2, 2, 1)
    assert report.value_correct == 1
    assert report.error_classes() == {"day: wrong day": 1}
    assert "span recall" in format_timex_report(report)


def test_reads_tokens_and_anchors(tmp_path):
    path = tmp_path / "1_doc.xml"
    path.write_text(
        '<Document doc_id="1"><token t_id="1" sentence="0">Sales</token>'
        '<token t_id="2" sentence="0">fell</token><token t_id="3" sentence="1">last</token>'
        '<token t_id="4" sentence="1">week</token><Markables>'
        '<TIMEX3 m_id="9" type="DATE" value="2025-04-30" functionInDocument="CREATION_TIME"/>'
        '<TIMEX3 m_id="10" type="DATE" value="2025-W17" functionInDocument="NONE">'
        '<token_anchor t_id="3"/><token_anchor t_id="4"/></TIMEX3></Markables></Document>',
        encoding="utf-8",
    )
    document = read_meantime_document(path)
    assert document.text == "Sales fell\nlast week"
    assert str(document.created) == "2025-04-30"
    (timex,) = document.timexes
    assert document.text[timex.start : timex.end] == "last week" == timex.text


@pytest.mark.model
@pytest.mark.slow
def test_meantime_floors(nlp, shared):
    folder = shared / "gold" / "meantime"
    if not folder.is_dir():
        pytest.skip(f"MEANTIME not found at {folder}")
    report = evaluate_meantime(folder, nlp=nlp)
    assert report.n_documents == 120
    assert report.recall_overlap >= RECALL_OVERLAP_FLOOR
    assert report.recall_exact >= RECALL_EXACT_FLOOR
    assert report.value_accuracy >= VALUE_ACCURACY_FLOOR
    assert report.recall_overlap >= 0.85 and report.value_accuracy >= 0.85  # the targets
