"""Text that cannot break a page or a spreadsheet.

Chart specifications (:func:`clean_spec`)
    Every string of a chart's specification is cleaned as labels are
    (:func:`claimscope.analysis.labels.clean_label`) before a renderer sees it: the chart
    builders already clean their data and titles, and this is the last line for any chart a
    notebook builds itself, because the SVG renderer aborts the whole process on some
    characters instead of raising.

CSV cells (:func:`formula_safe`, :func:`csv_text`)
    A spreadsheet opening a CSV file runs a cell that starts with ``=``, ``+``, ``-`` or ``@``
    as a formula (``=HYPERLINK(...)``, ``+cmd|' /C calc'!A0``), and a leading tab or carriage
    return can hide such a start. Following OWASP's rule for CSV injection, every text cell
    (and header) that starts with one of ``=``, ``+``, ``-``, ``@``, tab or carriage return is
    prefixed with a single quote, which spreadsheets show as text; a cell that is a negative
    number (``-3``, ``-0.5``) stays a number. Numeric columns are written as numbers.
    :func:`csv_text` is the one way :mod:`claimscope.present` writes CSV (a chart's data file
    and its download link).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from claimscope.analysis.labels import clean_label

#: What a cell must not start with in a CSV file opened by a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: A negative number, which stays as it is though it starts with ``-``.
_NEGATIVE_NUMBER = re.compile(r"-(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def clean_spec(spec: Any) -> Any:
    """A chart specification (nested dicts and lists, as ``chart.to_dict()`` gives) with every
    string as :func:`clean_label` makes it, so no renderer is given a character it cannot
    take. Keys are cleaned too; numbers, booleans and ``None`` are kept."""
    if isinstance(spec, str):
        return clean_label(spec)
    if isinstance(spec, dict):
        return {clean_spec(k): clean_spec(v) for k, v in spec.items()}
    if isinstance(spec, list | tuple):
        return [clean_spec(v) for v in spec]
    return spec


def formula_safe(cell: str) -> str:
    """``cell`` prefixed with ``'`` when a spreadsheet would read it as a formula (see the
    module docstring); negative numbers and every other text are returned unchanged.

    >>> formula_safe("=HYPERLINK(\\"x\\")"), formula_safe("-3.5"), formula_safe("-2+3")
    ('\\'=HYPERLINK("x")', '-3.5', "'-2+3")
    """
    if cell.startswith(FORMULA_STARTS) and not _NEGATIVE_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def formula_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names are :func:`formula_safe`."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_object_dtype(out[column]) or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: formula_safe(v) if isinstance(v, str) else v)
    out.columns = [formula_safe(c) if isinstance(c, str) else c for c in out.columns]
    return out


def csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text (no index) with every text cell formula-safe: the one way a CSV
    file or download is written in :mod:`claimscope.present`."""
    return formula_safe_frame(frame).to_csv(index=False)
