"""Running extraction over a corpus: ingest, parse, extract, write the tables, streaming.

:func:`extract_corpus` is what ``claimscope extract`` runs. Articles stream from the inputs in
chunks of ``chunk_size``; each chunk's new articles are parsed in batches by an engine (this
process, a pool of worker processes, or a Dask cluster: :mod:`claimscope.run.engines`), their
results are cached (:mod:`claimscope.run.cache`) and the chunk's rows are appended to the staged
tables (:class:`claimscope.run.store.TableRun`). Memory is bounded by a few chunks whatever the size
of the corpus, and the output order is the input order whichever engine runs.

Articles already in the cache (same id, metadata and text, same pipeline fingerprint) are not
parsed again, so a re-run costs little and a killed run resumes after its last complete chunk.
One article that fails during extraction is reported in the ``rejected`` table with its id and
the error, and the run goes on. The tables are published all at once at the end.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import spacy
from tqdm import tqdm

import claimscope
from claimscope.ingest import load_articles
from claimscope.nlp.model import resolve_model_name
from claimscope.records import Article, Rejection
from claimscope.rules import load_lexicon
from claimscope.run.cache import (
    CACHE_DIR,
    ArticleResult,
    ResultCache,
    article_key,
    model_version,
    pipeline_fingerprint,
)
from claimscope.run.engines import Engine, Pending, make_engine
from claimscope.run.store import TableRun
from claimscope.tables.build import ARTICLE_TABLES
from claimscope.tables.corpus import CorpusTables, apply_corrections
from claimscope.tables.rows import article_row, frame, rejection_row

logger = logging.getLogger(__name__)

#: Articles per chunk: the unit of caching and of writing (one part file per table).
CHUNK_SIZE = 256


@dataclass
class RunSummary:
    """What one extraction run read, found and wrote."""

    n_articles: int = 0
    n_quotes: int = 0
    n_mentions: int = 0
    n_parsed: int = 0  # articles parsed in this run
    n_cached: int = 0  # articles whose results came from the cache
    rejections: list[Rejection] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    fingerprint: str = ""

    @property
    def n_rejected(self) -> int:
        return len(self.rejections)


@dataclass
class _Chunk:
    articles: list[Article]
    keys: list[str]
    pending: list[Pending]


def extract_corpus(
    inputs: Iterable[str | os.PathLike],
    out_dir: str | os.PathLike,
    *,
    model: str | None = None,
    formats: Iterable[str] = ("parquet",),
    batch_size: int = 32,
    progress: bool = True,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    cache: bool = True,
    chunk_size: int = CHUNK_SIZE,
    rules_dir: str | os.PathLike | None = None,
) -> RunSummary:
    """Extract every table from the articles under ``inputs`` into ``out_dir``.

    Args:
        inputs: Files or folders of articles (see :mod:`claimscope.ingest`).
        out_dir: Folder for the tables; created if missing.
        model: spaCy pipeline to use (see :func:`claimscope.nlp.model.resolve_model_name`).
        formats: Table formats to write: ``parquet`` and/or ``csv``.
        batch_size: Articles per ``nlp.pipe`` batch and per task sent to a worker.
        progress: Show a progress bar on standard error.
        workers: Worker processes (``local``) or local Dask workers (``dask``).
        engine: ``local`` (this machine) or ``dask`` (see :mod:`claimscope.run.engines`).
        scheduler: Address of a running Dask scheduler (``dask`` only); none starts a local
            cluster on 127.0.0.1.
        cache: Reuse and store per-article results in ``out_dir/.cache``.
        chunk_size: Articles per chunk (cached and written together).
        rules_dir: A folder of rule files overlaid on the packaged ones (see
            :mod:`claimscope.rules.tsv`); its files are part of the cache's fingerprint.

    Returns:
        A :class:`RunSummary`; rejected inputs are in ``summary.rejections``.
    """
    started = time.perf_counter()
    summary = RunSummary()
    model_name = resolve_model_name(model)
    version = model_version(model_name)
    rules = str(Path(rules_dir).resolve()) if rules_dir is not None else None
    lexicon = load_lexicon(rules)  # a malformed rules file stops the run before any parsing
    summary.fingerprint = pipeline_fingerprint(model_name, version, rules_dir=rules)
    inputs = [str(p) for p in inputs]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    results = ResultCache(out / CACHE_DIR, summary.fingerprint) if cache else None
    runner = make_engine(
        engine,
        model_name,
        workers=workers,
        scheduler=scheduler,
        batch_size=batch_size,
        rules_dir=rules,
    )
    run = TableRun(out, formats=formats)
    bar = tqdm(
        desc="extracting",
        unit="article",
        disable=not progress,
        file=sys.stderr,
        dynamic_ncols=True,
    )
    if progress:
        threading.Thread(target=_count_articles, args=(inputs, bar), daemon=True).start()
    try:
        corpus = CorpusTables()
        with bar:
            _stream(inputs, runner, results, run, summary, bar, batch_size, chunk_size, corpus)
        # one name and type per speaker: full names for surnames alone, one spelling, and
        # the analyst's corrections
        corrections = corpus.corrections(lexicon.people)
        for name in ARTICLE_TABLES if corrections else ():
            run.rewrite(name, functools.partial(apply_corrections, name, corrections=corrections))
        for name, table in corpus.frames(corrections).items():
            run.write(name, table)
        run.write(
            "rejected",
            frame("rejected", [rejection_row(r) for r in summary.rejections]),
        )
        summary.seconds = time.perf_counter() - started
        manifest = {
            "claimscope": claimscope.__version__,
            "spacy": spacy.__version__,
            "model": model_name,
            "model_version": version,
            "rules": rules,
            "fingerprint": summary.fingerprint,
            "inputs": inputs,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "seconds": round(summary.seconds, 2),
            "layout": "partitioned",
            "parsed": summary.n_parsed,
            "cached": summary.n_cached,
            "counts": dict(run.counts),
        }
        summary.written = run.commit(manifest)
    except BaseException:
        run.abort()
        raise
    finally:
        runner.close()
    if results is not None:
        results.prune()
    summary.n_quotes = run.counts.get("quotes", 0)
    summary.n_mentions = run.counts.get("mentions", 0)
    return summary


def _count_articles(inputs: list[str], bar: tqdm) -> None:
    """Count the articles in ``inputs`` (a second, cheap pass) and give the bar its total."""
    n = sum(1 for record in load_articles(inputs) if isinstance(record, Article))
    bar.total = n
    bar.refresh()


def _chunks(inputs: list[str], summary: RunSummary, chunk_size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for record in load_articles(inputs):
        if isinstance(record, Rejection):
            summary.rejections.append(record)
            continue
        chunk.append(record)
        if len(chunk) >= chunk_size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _stream(
    inputs: list[str],
    runner: Engine,
    results: ResultCache | None,
    run: TableRun,
    summary: RunSummary,
    bar: tqdm,
    batch_size: int,
    chunk_size: int,
    corpus: CorpusTables,
) -> None:
    """Parse and write the corpus chunk by chunk, keeping a few chunks in flight."""
    in_flight: deque[_Chunk] = deque()
    for articles in _chunks(inputs, summary, chunk_size):
        keys = [article_key(article) for article in articles]
        todo = [
            (key, article)
            for key, article in zip(keys, articles, strict=True)
            if results is None or key not in results
        ]
        pending = [runner.submit(todo[i : i + batch_size]) for i in range(0, len(todo), batch_size)]
        in_flight.append(_Chunk(articles, keys, pending))
        # keep every worker busy across chunk boundaries, and no more chunks than that
        depth = (
            max(1, math.ceil(2 * runner.slots * batch_size / chunk_size)) if runner.slots > 1 else 0
        )
        while len(in_flight) > depth:
            _finish(in_flight.popleft(), results, run, summary, bar, corpus)
    while in_flight:
        _finish(in_flight.popleft(), results, run, summary, bar, corpus)


def _finish(
    chunk: _Chunk,
    results: ResultCache | None,
    run: TableRun,
    summary: RunSummary,
    bar: tqdm,
    corpus: CorpusTables,
) -> None:
    """Collect a chunk's results, cache the new ones, append its rows to the tables and count
    them for the corpus-level tables."""
    fresh: dict[str, ArticleResult] = {}
    for pending in chunk.pending:
        batch = pending.result()
        fresh.update((result.key, result) for result in batch)
        bar.update(len(batch))
    if results is not None and fresh:
        results.put(fresh.values())
    n_cached = len(chunk.articles) - len(fresh)
    summary.n_parsed += len(fresh)
    summary.n_cached += n_cached
    article_rows: list[dict] = []
    rows: dict[str, list[dict]] = {name: [] for name in ARTICLE_TABLES}
    for key, article in zip(chunk.keys, chunk.articles, strict=True):
        article_rows.append(article_row(article))
        result = fresh[key] if key in fresh else results.get(key)  # type: ignore[union-attr]
        if result.error is not None:
            summary.rejections.append(_extraction_failed(article, result.error))
            continue
        for name, table_rows in (result.rows or {}).items():
            rows.setdefault(name, []).extend(table_rows)
    corpus.add(article_rows, rows)
    run.write("articles", frame("articles", article_rows))
    for name, table_rows in rows.items():
        run.write(name, frame(name, table_rows))
    summary.n_articles += len(chunk.articles)
    bar.update(n_cached)


def _extraction_failed(article: Article, error: str) -> Rejection:
    return Rejection(
        source=article.source or "",
        line=article.source_line,
        article_id=article.article_id,
        code="extraction_failed",
        reason=f"extraction failed ({error}); "
        "the article is in `articles` but has no extracted records",
    )
