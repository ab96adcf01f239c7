"""Running extraction over a corpus: the pipeline, the engines it runs on, the cache, the store.

:func:`~claimscope.run.pipeline.extract_corpus` (``claimscope extract``) streams articles from
:mod:`claimscope.ingest` in chunks, has an engine (:mod:`~claimscope.run.engines`: this process,
local worker processes or Dask) parse and extract them, caches each article's rows, checked
before reuse (:mod:`~claimscope.run.cache`), and writes the tables chunk by chunk, published all
at once (:mod:`~claimscope.run.store`, which also reads them back: ``read_tables``), holding the
output folder's lock from start to end (:mod:`~claimscope.run.lock`).
"""
