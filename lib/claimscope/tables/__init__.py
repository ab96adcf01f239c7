"""Tables: the declared schemas, records turned into rows, and the corpus-level tables.

:mod:`~claimscope.tables.schema` declares every table (key, grain, columns); rows are built
from extractor records against it by :mod:`~claimscope.tables.rows` (an undeclared key is an
error, every offset is checked); :mod:`~claimscope.tables.build` runs the extractors on one
parsed article and joins their records (:mod:`~claimscope.tables.timeline` dates the
statements); :mod:`~claimscope.tables.corpus` counts the corpus-level ``speakers`` and
``entities`` tables as the corpus streams.
"""
