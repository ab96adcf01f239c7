"""Where articles are parsed: in this process, in a pool of local processes, or on Dask.

An engine takes batches of ``(key, article)`` pairs and returns, for each batch, one
:class:`~claimscope.run.cache.ArticleResult` per article, in order. Every engine runs the same
function, :func:`extract_batch`, so every engine produces the same rows.

- ``local`` with one worker (the default): in this process, no start-up cost.
- ``local`` with ``workers=N``: N processes (``spawn``), each loading the model once.
- ``dask``: batches are submitted to a Dask cluster, either an existing one (``scheduler``, an
  address such as ``tcp://10.0.0.5:8786``) or a local one started on 127.0.0.1 with ``workers``
  single-threaded processes. Each worker process loads the model once (:func:`worker_model`
  keeps it) and needs claimscope and the model installed; the texts are shipped by the client.

Engines start lazily: a run whose articles are all cached never starts a process or a cluster.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol

from spacy.language import Language
from spacy.tokens import Doc

from claimscope.nlp.model import load_model
from claimscope.records import Article
from claimscope.rules.lexicon import load_lexicon
from claimscope.run.cache import ArticleResult
from claimscope.run.pieces import PIECE_CHARS, joined_rows, split_pieces
from claimscope.tables.build import article_tables

logger = logging.getLogger(__name__)

ENGINES = ("local", "dask")

#: One task: the articles to parse, each with its cache key.
Batch = list[tuple[str, Article]]

#: New strings (words, names, labels) a pipeline may add to its vocabulary before it is
#: loaded afresh, which frees them: a worker's memory stays bounded however many articles it
#: parses. spaCy's memory zones would free them too, but inside a zone the tokenizer caches
#: nothing, which costs about 1.5% of the parse; reloading costs half a second every few
#: thousand articles.
MAX_NEW_STRINGS = 100_000


class _Worker:
    """A loaded pipeline, renewed when its vocabulary has grown by :data:`MAX_NEW_STRINGS`,
    and a lock that lets one batch at a time use it (a Dask worker may run tasks in several
    threads)."""

    def __init__(self, model_name: str, rules_dir: str | None = None) -> None:
        self.model_name = model_name
        self.rules_dir = rules_dir
        self.lexicon = load_lexicon(rules_dir)
        self.lock = threading.Lock()
        self._base_strings = 0  # the vocabulary's size when the pipeline was loaded
        self.nlp = self._load()

    def _load(self) -> Language:
        nlp = load_model(self.model_name, rules_dir=self.rules_dir)
        self._base_strings = len(nlp.vocab.strings)
        return nlp

    def renew_if_grown(self) -> None:
        if len(self.nlp.vocab.strings) - self._base_strings > MAX_NEW_STRINGS:
            logger.debug("reloading %s to free its vocabulary", self.model_name)
            self.nlp = None  # type: ignore[assignment]  # let the old one go first
            self.nlp = self._load()


_WORKERS: dict[tuple[str, str | None], _Worker] = {}


class EngineError(RuntimeError):
    """An engine could not be started (bad name, unreachable scheduler, missing package)."""


def _worker(model_name: str, rules_dir: str | None = None) -> _Worker:
    key = (model_name, rules_dir)
    if key not in _WORKERS:
        _WORKERS[key] = _Worker(model_name, rules_dir)
    return _WORKERS[key]


def worker_model(model_name: str, rules_dir: str | None = None) -> Language:
    """The pipeline ``model_name`` with the rules of ``rules_dir``, loaded once per process and
    kept."""
    return _worker(model_name, rules_dir).nlp


#: Texts longer than this (in characters) are parsed one at a time rather than in a batch.
ALONE_CHARS = 10_000


def extract_batch(
    model_name: str, rules_dir: str | None, batch: Batch, batch_size: int = 32
) -> list[ArticleResult]:
    """Parse a batch of articles with ``nlp.pipe`` and extract every per-article table.

    An article longer than :data:`~claimscope.run.pieces.PIECE_CHARS` is parsed and extracted
    in paragraph-aligned pieces whose rows are joined (:mod:`claimscope.run.pieces`), so no
    length stops a run. An article that spaCy cannot parse gets a result with code
    ``parse_failed``, one whose extraction raises a result with code ``extraction_failed``;
    the others go on. Documents are used only inside this call: the pipeline may be renewed
    after it.
    """
    worker = _worker(model_name, rules_dir)
    lexicon = worker.lexicon
    # an article longer than a piece is parsed and extracted piece by piece, and the rows of
    # its pieces are joined
    parts: list[tuple[int, int, Article]] = []  # (article's place in the batch, offset, piece)
    for place, (_, article) in enumerate(batch):
        if len(article.text) <= PIECE_CHARS:
            parts.append((place, 0, article))
            continue
        for offset, text in split_pieces(article.text, PIECE_CHARS):
            parts.append((place, offset, dataclasses.replace(article, text=text)))
    done: dict[int, list[tuple[int, dict[str, list[dict]]]]] = {}
    failed: dict[int, ArticleResult] = {}
    # short texts go through ``nlp.pipe`` together; long ones (and the pieces of the longest)
    # one at a time, so that memory is bounded by one piece, not by a batch of long articles
    runs = [
        ([p for p in parts if len(p[2].text) <= ALONE_CHARS], batch_size),
        ([p for p in parts if len(p[2].text) > ALONE_CHARS], 1),
    ]
    with worker.lock:
        parsed = (
            (part, found)
            for run, size in runs
            for part, found in zip(
                run,
                _parsed(worker.nlp, [(str(n), p[2]) for n, p in enumerate(run)], size),
                strict=True,
            )
        )
        for (place, offset, _), (_, piece, doc, error) in parsed:
            key, article = batch[place]
            if place in failed:
                continue
            if doc is None:
                failed[place] = ArticleResult(key, None, error, "parse_failed")
                continue
            try:
                rows = article_tables(piece, doc, lexicon=lexicon)
            except Exception as failure:  # one article's failure must not end the run
                logger.error("article %s: extraction failed: %s", article.article_id, failure)
                failed[place] = ArticleResult(key, None, _describe(failure), "extraction_failed")
            else:
                done.setdefault(place, []).append((offset, rows))
            del doc
        worker.renew_if_grown()
    results = []
    for place, (key, _) in enumerate(batch):
        if place in failed:
            results.append(failed[place])
        elif len(done[place]) == 1 and done[place][0][0] == 0:
            results.append(ArticleResult(key, done[place][0][1]))
        else:
            results.append(ArticleResult(key, joined_rows(done[place])))
    return results


def _parsed(
    nlp: Language, batch: Batch, batch_size: int
) -> Iterator[tuple[str, Article, Doc | None, str | None]]:
    """``(key, article, doc, None)`` for every article of ``batch``, in order, or
    ``(key, article, None, error)`` for one spaCy cannot parse.

    The batch goes through ``nlp.pipe``; if that raises, the articles it had not yet yielded
    are parsed one at a time, so only the article at fault is lost.
    """
    done = 0
    try:
        for doc in nlp.pipe((article.text for _, article in batch), batch_size=batch_size):
            key, article = batch[done]
            done += 1
            yield key, article, doc, None
    except Exception as failure:  # a batch that cannot be parsed whole: one article at a time
        logger.info(
            "a batch could not be parsed whole (%s); parsing its articles one by one", failure
        )
    for key, article in batch[done:]:
        try:
            doc = nlp(article.text)
        except Exception as failure:  # this article cannot be parsed; the others can
            logger.error("article %s: spaCy could not parse it: %s", article.article_id, failure)
            yield key, article, None, _describe(failure)
        else:
            yield key, article, doc, None


def _describe(error: Exception, limit: int = 300) -> str:
    """``"ExceptionType: message"``, on one line and at most ``limit`` characters."""
    text = " ".join(f"{type(error).__name__}: {error}".split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _warm(model_name: str, rules_dir: str | None) -> None:
    worker_model(model_name, rules_dir)


class Pending(Protocol):
    """A submitted batch; ``result()`` blocks until its results are there."""

    def result(self) -> list[ArticleResult]: ...


class Engine(Protocol):
    """Runs :func:`extract_batch` on batches, somewhere."""

    #: How many batches may usefully be in flight at once.
    slots: int

    def submit(self, batch: Batch) -> Pending: ...

    def close(self) -> None: ...


class _Deferred:
    """A batch computed in this process when its result is asked for."""

    def __init__(self, function: Callable[[], list[ArticleResult]]) -> None:
        self._function = function

    def result(self) -> list[ArticleResult]:
        return self._function()


class SerialEngine:
    """Parses in this process, one batch at a time."""

    slots = 1

    def __init__(
        self, model_name: str, *, batch_size: int = 32, rules_dir: str | None = None
    ) -> None:
        self.model_name = model_name
        self.rules_dir = rules_dir
        self.batch_size = batch_size

    def submit(self, batch: Batch) -> Pending:
        return _Deferred(
            lambda: extract_batch(self.model_name, self.rules_dir, batch, self.batch_size)
        )

    def close(self) -> None:
        """Nothing to release."""


class PoolEngine:
    """Parses in ``workers`` local processes, each loading the model once."""

    def __init__(
        self, model_name: str, *, workers: int, batch_size: int = 32, rules_dir: str | None = None
    ) -> None:
        self.model_name = model_name
        self.rules_dir = rules_dir
        self.batch_size = batch_size
        self.slots = workers
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, batch: Batch) -> Pending:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.slots,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_warm,
                initargs=(self.model_name, self.rules_dir),
            )
        future: Future = self._pool.submit(
            extract_batch, self.model_name, self.rules_dir, batch, self.batch_size
        )
        return future

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskEngine:
    """Submits batches to a Dask cluster: an existing one, or a local one on 127.0.0.1.

    Args:
        model_name: The pipeline every worker loads (installed on every worker).
        scheduler: Address of a running scheduler; ``None`` starts a ``LocalCluster``.
        workers: Worker processes of the local cluster (ignored with ``scheduler``).
        batch_size: Articles per task and per ``nlp.pipe`` batch.
        rules_dir: An analyst's rules folder, read by every worker (a path they can reach).
    """

    def __init__(
        self,
        model_name: str,
        *,
        scheduler: str | None = None,
        workers: int = 1,
        batch_size: int = 32,
        rules_dir: str | None = None,
    ) -> None:
        self.model_name = model_name
        self.rules_dir = rules_dir
        self.scheduler = scheduler
        self.workers = workers
        self.batch_size = batch_size
        self.slots = workers
        self._client: Any = None
        self._cluster: Any = None

    def _start(self) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as error:  # pragma: no cover - distributed is a dependency
            raise EngineError(
                "the dask engine needs the `distributed` package: pip install distributed"
            ) from error
        if self.scheduler:
            try:
                self._client = Client(self.scheduler, timeout="30s")
            except OSError as error:
                raise EngineError(
                    f"cannot reach the Dask scheduler at {self.scheduler!r} ({error}); start one "
                    "with `dask scheduler` and workers with `dask worker ADDRESS`"
                ) from error
            threads = self._client.nthreads()
            self.slots = max(1, sum(threads.values()))
        else:
            self._cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            )
            self._client = Client(self._cluster)
        logger.info("dask engine: %s, %d slots", self._client, self.slots)

    def submit(self, batch: Batch) -> Pending:
        if self._client is None:
            self._start()
        return self._client.submit(
            extract_batch, self.model_name, self.rules_dir, batch, self.batch_size, pure=False
        )

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def make_engine(
    name: str,
    model_name: str,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    batch_size: int = 32,
    rules_dir: str | None = None,
) -> Engine:
    """The engine called ``name`` (see :data:`ENGINES`).

    Raises:
        EngineError: an unknown engine, ``workers`` below 1, or ``scheduler`` without dask.
    """
    if workers < 1:
        raise EngineError(f"workers must be at least 1, not {workers}")
    if name == "local":
        if scheduler:
            raise EngineError("--scheduler needs --engine dask")
        if workers == 1:
            return SerialEngine(model_name, batch_size=batch_size, rules_dir=rules_dir)
        return PoolEngine(model_name, workers=workers, batch_size=batch_size, rules_dir=rules_dir)
    if name == "dask":
        return DaskEngine(
            model_name,
            scheduler=scheduler,
            workers=workers,
            batch_size=batch_size,
            rules_dir=rules_dir,
        )
    raise EngineError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
