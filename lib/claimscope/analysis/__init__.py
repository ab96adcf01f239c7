"""What the tables say: aggregations, the report notebooks' queries, contrasting statements.

- :mod:`~claimscope.analysis.aggregates`: the tables counted in pandas, one row per bar of a
  chart (quotes per speaker, per outlet, per period ...).
- :mod:`~claimscope.analysis.queries`: reading the tables and narrowing them to an article,
  a speaker, a period or an outlet, as the notebooks do.
- :mod:`~claimscope.analysis.contrast`: statements about a topic, and pairs that contradict
  each other.
- :mod:`~claimscope.analysis.filters`: which statements the rankings of speakers count
  (resolved speakers at a confidence bar), and how many they set aside.
"""
