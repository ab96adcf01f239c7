"""Running extraction over a corpus: ingest, parse, extract, write the tables, streaming.

:func:`extract_corpus` is what ``claimscope extract`` runs. Articles stream from the inputs in
chunks of ``chunk_size``; each chunk's new articles are parsed in batches by an engine (this
process, a pool of worker processes, or a Dask cluster: :mod:`claimscope.run.engines`), their
results are cached (:mod:`claimscope.run.cache`) and the chunk's rows are appended to the staged
tables (:class:`claimscope.run.store.TableRun`). Memory is bounded by a few chunks whatever the size
of the corpus, and the output order is the input order whichever engine runs.

Articles already in the cache (same id, metadata and text, same pipeline fingerprint) are not
parsed again, so a re-run costs little and a killed run resumes after its last complete chunk.
Cached rows are used only when their chunk checks out (:mod:`claimscope.run.cache`) and every span
in them is the article's text at its offsets; otherwise the article is parsed again and counted
(``RunSummary.n_recomputed``). One article that spaCy cannot parse (``parse_failed``) or whose
extraction fails (``extraction_failed``) is reported in the ``rejected`` table with its source,
line, id and the error, on every engine, and the run goes on.

A run holds the lock of its output folder from start to end
(:class:`~claimscope.run.lock.OutputLock`): a second run on the same folder stops with
:class:`~claimscope.run.lock.OutputBusyError`, or waits with ``wait=True``. Every input path
must exist (:class:`InputNotFoundError` before anything runs). The tables are published all at
once at the end (:class:`~claimscope.run.store.TableRun`).
"""

from __future__ import annotations

import errno
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
from numbers import Integral
from pathlib import Path

import pandas as pd
import spacy
from tqdm import tqdm

import claimscope
from claimscope.ingest import MAX_BYTES, load_articles
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
from claimscope.run.lock import OutputLock
from claimscope.run.store import TableRun
from claimscope.tables.build import ARTICLE_TABLES
from claimscope.tables.corpus import GROUPED, CorpusTables, Corrections, apply_corrections
from claimscope.tables.groups import Groups
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
    n_recomputed: int = 0  # cached articles parsed again: their cached rows did not check out
    n_cache_damaged: int = 0  # cache chunks found damaged and removed
    rejections: list[Rejection] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    fingerprint: str = ""

    @property
    def n_rejected(self) -> int:
        return len(self.rejections)


class InputNotFoundError(FileNotFoundError):
    """An input path that does not exist (raised before anything runs)."""

    def __init__(self, path: str) -> None:
        super().__init__(errno.ENOENT, "input not found", path)


class OutputNotAFolderError(NotADirectoryError):
    """The output path is a file, or lies inside one."""

    def __init__(self, path: str) -> None:
        super().__init__(errno.ENOTDIR, "the output folder is a file, not a folder", path)


#: Where each per-article table holds spans: (text, start, end) columns, checked against the
#: article text for rows read back from the cache.
SPANS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "quotes": (
        ("text", "start", "end"),
        ("cue", "cue_start", "cue_end"),
        ("speaker_mention", "speaker_start", "speaker_end"),
    ),
    "mentions": (("text", "start", "end"),),
    "claims": (("text", "start", "end"),),
    "timeline": (("expression", "start", "end"), ("sentence", "sentence_start", "sentence_end")),
}


@dataclass
class _Chunk:
    articles: list[Article]
    keys: list[str]
    pending: list[Pending]
    cached: dict[str, ArticleResult]


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
    wait: bool = False,
    max_bytes: int | None = MAX_BYTES,
    grouping: bool = True,
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
        max_bytes: The size limit of a one-article input file (see
            :func:`claimscope.ingest.load_articles`); ``None`` for no limit.
        wait: Wait for another run that holds ``out_dir``'s lock, instead of stopping.
        grouping: Group the quotes and claims across the corpus (``quotes.group_id``,
            ``claim_group_id`` and the ``quote_groups`` table: :mod:`claimscope.tables.groups`);
            without it those are left empty.

    Returns:
        A :class:`RunSummary`; rejected inputs are in ``summary.rejections``.

    Raises:
        InputNotFoundError: an input path does not exist (nothing has been run or written).
        OutputNotAFolderError: ``out_dir`` is a file.
        OutputBusyError: another run holds ``out_dir`` and ``wait`` is false.
        OSError: the tables cannot be written (a full disk, a read-only folder); the previous
            tables stay as they were.
    """
    started = time.perf_counter()
    summary = RunSummary()
    inputs = [str(p) for p in inputs]
    for path in inputs:
        if not os.path.exists(path):
            raise InputNotFoundError(path)
    out = Path(out_dir)
    if any(p.exists() and not p.is_dir() for p in (out, *out.parents)):
        raise OutputNotAFolderError(str(out))
    model_name = resolve_model_name(model)
    version = model_version(model_name)
    rules = str(Path(rules_dir).resolve()) if rules_dir is not None else None
    lexicon = load_lexicon(rules)  # a malformed rules file stops the run before any parsing
    summary.fingerprint = pipeline_fingerprint(model_name, version, rules_dir=rules)
    with OutputLock(out).acquire(wait=wait) as lock:  # released however the run ends
        results = ResultCache(out / CACHE_DIR, summary.fingerprint) if cache else None
        runner = make_engine(
            engine,
            model_name,
            workers=workers,
            scheduler=scheduler,
            batch_size=batch_size,
            rules_dir=rules,
        )
        try:
            run = TableRun(out, formats=formats, lock=lock)
        except BaseException:
            runner.close()
            raise
        bar = tqdm(
            desc="extracting",
            unit="article",
            disable=not progress,
            file=sys.stderr,
            dynamic_ncols=True,
        )
        if progress:
            threading.Thread(
                target=_count_articles, args=(inputs, bar, max_bytes), daemon=True
            ).start()
        try:
            corpus = CorpusTables()
            with bar:
                _stream(inputs, runner, results, run, summary, bar, batch_size, chunk_size, corpus,
                        max_bytes=max_bytes)  # fmt: skip
            # one name and type per speaker: full names for surnames alone, one spelling, and
            # the analyst's corrections
            corrections = corpus.corrections(lexicon.people)
            # the same words and the same claims across articles, cached articles included
            groups = corpus.groups(corrections) if grouping else None
            for name in ARTICLE_TABLES:
                if corrections or (groups is not None and name in GROUPED):
                    run.rewrite(name, functools.partial(_corpus_wide, name, corrections, groups))
            for name, table in corpus.frames(corrections).items():
                run.write(name, table)
            if groups is not None:
                run.write("quote_groups", groups.quote_groups)
            run.write(
                "rejected",
                frame("rejected", [rejection_row(r) for r in summary.rejections]),
            )
            summary.seconds = time.perf_counter() - started
            if results is not None:
                summary.n_cache_damaged = results.damaged
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
                "cache": {
                    "damaged_entries": results.damaged if results is not None else 0,
                    "recomputed_articles": summary.n_recomputed,
                },
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
            summary.n_cache_damaged = results.damaged
        summary.n_quotes = run.counts.get("quotes", 0)
        summary.n_mentions = run.counts.get("mentions", 0)
        return summary


def _corpus_wide(
    name: str, corrections: Corrections, groups: Groups | None, frame: pd.DataFrame
) -> pd.DataFrame:
    """A part of a per-article table with the corpus-wide names and groups."""
    if corrections:
        frame = apply_corrections(name, frame, corrections)
    return groups.apply(name, frame) if groups is not None else frame


def _count_articles(inputs: list[str], bar: tqdm, max_bytes: int | None) -> None:
    """Count the articles in ``inputs`` (a second, cheap pass) and give the bar its total."""
    records = load_articles(inputs, max_bytes=max_bytes)
    n = sum(1 for record in records if isinstance(record, Article))
    bar.total = n
    bar.refresh()


def _chunks(
    inputs: list[str], summary: RunSummary, chunk_size: int, max_bytes: int | None
) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for record in load_articles(inputs, max_bytes=max_bytes):
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
    *,
    max_bytes: int | None,
) -> None:
    """Parse and write the corpus chunk by chunk, keeping a few chunks in flight."""
    in_flight: deque[_Chunk] = deque()
    for articles in _chunks(inputs, summary, chunk_size, max_bytes):
        keys = [article_key(article) for article in articles]
        cached: dict[str, ArticleResult] = {}
        todo = []
        for key, article in zip(keys, articles, strict=True):
            result = _cached(results, key, article, summary)
            if result is None:
                todo.append((key, article))
            else:
                cached[key] = result
        pending = [runner.submit(todo[i : i + batch_size]) for i in range(0, len(todo), batch_size)]
        in_flight.append(_Chunk(articles, keys, pending, cached))
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
    n_cached = len(chunk.cached)
    summary.n_parsed += len(fresh)
    summary.n_cached += n_cached
    article_rows: list[dict] = []
    rows: dict[str, list[dict]] = {name: [] for name in ARTICLE_TABLES}
    for key, article in zip(chunk.keys, chunk.articles, strict=True):
        article_rows.append(article_row(article))
        result = fresh[key] if key in fresh else chunk.cached[key]
        if result.error is not None:
            summary.rejections.append(_failed(article, result))
            continue
        for name, table_rows in (result.rows or {}).items():
            rows.setdefault(name, []).extend(table_rows)
    corpus.add(article_rows, rows)
    run.write("articles", frame("articles", article_rows))
    for name, table_rows in rows.items():
        run.write(name, frame(name, table_rows))
    summary.n_articles += len(chunk.articles)
    bar.update(n_cached)


def _cached(
    results: ResultCache | None, key: str, article: Article, summary: RunSummary
) -> ArticleResult | None:
    """The cached result of ``article`` if there is one that checks out, else None (and an
    article whose cached rows did not check out is counted and forgotten)."""
    if results is None or key not in results:
        return None
    result = results.get(key)
    problem = "its cache chunk is damaged" if result is None else _misplaced_span(article, result)
    if problem is None:
        return result
    logger.warning("article %s: %s; parsing it again", article.article_id, problem)
    results.forget(key)
    summary.n_recomputed += 1
    return None


def _misplaced_span(article: Article, result: ArticleResult) -> str | None:
    """What is wrong with ``result``'s rows for ``article`` (None when every row belongs to the
    article and every span is the article's text at its offsets)."""
    text = article.text
    for table, rows in (result.rows or {}).items():
        for row in rows:
            if row.get("article_id") != article.article_id:
                return f"a cached {table} row belongs to article {row.get('article_id')!r}"
            for column, start, end in SPANS.get(table, ()):
                value, i, j = row.get(column), row.get(start), row.get(end)
                if value is None and i is None and j is None:
                    continue
                if not (isinstance(i, Integral) and isinstance(j, Integral)) or text[i:j] != value:
                    return f"a cached {table} {column!r} at {i}:{j} is not the text there"
    return None


#: What each failure code means, for the reason of the rejection.
_FAILURES = {
    "parse_failed": "spaCy could not parse it",
    "extraction_failed": "extraction failed",
}


def _failed(article: Article, result: ArticleResult) -> Rejection:
    code = result.code if result.code in _FAILURES else "extraction_failed"
    return Rejection(
        source=article.source or "",
        line=article.source_line,
        article_id=article.article_id,
        code=code,
        reason=f"{_FAILURES[code]} ({result.error}); "
        "the article is in `articles` but has no extracted records",
    )
