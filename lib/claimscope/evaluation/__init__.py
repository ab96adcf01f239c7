"""Measuring claimscope against gold annotations.

Modules:
    gold: the gold quote sets (JSON, JSONL, PolNeAR brat) read into ``GoldQuote`` records.
    matching: predictions read from a ``quotes`` frame, matched one-to-one with the gold, and
        speaker names compared.
    quotes: the scores of the ``quotes`` table and ``evaluate()`` (``claimscope eval``).
    report: the evaluation report as a terminal table or JSON-able data.
    dates: date expressions scored against MEANTIME's TIMEX3 annotation.
"""
