"""Running extraction over a corpus: ingest, parse, extract, write the tables.

:func:`extract_corpus` is what ``claimscope extract`` runs. One article that fails during
extraction is reported in the ``rejected`` table with its id and the error, and the run goes
on; the tables are written all at once at the end (see :mod:`claimscope.store`).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import spacy
from tqdm import tqdm

import claimscope
from claimscope import tables
from claimscope.ingest import load_articles
from claimscope.lexicon import load_lexicon
from claimscope.model import load_model, resolve_model_name
from claimscope.records import Article, Rejection
from claimscope.store import write_tables

logger = logging.getLogger(__name__)


@dataclass
class RunSummary:
    """What one extraction run read, found and wrote."""

    n_articles: int = 0
    n_quotes: int = 0
    n_mentions: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def n_rejected(self) -> int:
        return len(self.rejections)


def extract_corpus(
    inputs: Iterable[str | os.PathLike],
    out_dir: str | os.PathLike,
    *,
    model: str | None = None,
    formats: Iterable[str] = ("parquet",),
    batch_size: int = 32,
    progress: bool = True,
) -> RunSummary:
    """Extract every table from the articles under ``inputs`` into ``out_dir``.

    Args:
        inputs: Files or folders of articles (see :mod:`claimscope.ingest`).
        out_dir: Folder for the tables; created if missing.
        model: spaCy pipeline to use (see :func:`claimscope.model.resolve_model_name`).
        formats: Table formats to write: ``parquet`` and/or ``csv``.
        batch_size: Articles per ``nlp.pipe`` batch.
        progress: Show a progress bar on standard error.

    Returns:
        A :class:`RunSummary`; rejected inputs are in ``summary.rejections``.
    """
    started = time.perf_counter()
    summary = RunSummary()
    model_name = resolve_model_name(model)
    inputs = [str(p) for p in inputs]
    articles: list[Article] = []
    for record in load_articles(inputs):
        if isinstance(record, Rejection):
            summary.rejections.append(record)
        else:
            articles.append(record)

    nlp = load_model(model_name)
    lexicon = load_lexicon()
    article_rows: list[dict] = []
    rows: dict[str, list[dict]] = {name: [] for name in tables.ARTICLE_TABLES}
    bar = tqdm(
        total=len(articles),
        desc="extracting",
        unit="article",
        disable=not progress,
        file=sys.stderr,
        dynamic_ncols=True,
    )
    with bar:
        docs = nlp.pipe(((a.text, a) for a in articles), as_tuples=True, batch_size=batch_size)
        for doc, article in docs:
            article_rows.append(tables.article_row(article))
            try:
                found = tables.article_tables(article, doc, lexicon=lexicon)
            except Exception as error:  # one article's failure must not end the run
                logger.error("article %s: extraction failed: %s", article.article_id, error)
                summary.rejections.append(
                    Rejection(
                        source=article.source or "",
                        line=article.source_line,
                        article_id=article.article_id,
                        code="extraction_failed",
                        reason=f"extraction failed ({type(error).__name__}: {error}); "
                        "the article is in `articles` but has no extracted records",
                    )
                )
            else:
                for name, table_rows in found.items():
                    rows[name].extend(table_rows)
            bar.update(1)

    frames = {"articles": tables.frame("articles", article_rows)}
    frames.update({name: tables.frame(name, table_rows) for name, table_rows in rows.items()})
    frames.update(tables.corpus_tables(frames))
    frames["rejected"] = tables.frame(
        "rejected", [tables.rejection_row(r) for r in summary.rejections]
    )
    summary.n_articles = len(article_rows)
    summary.n_quotes = len(frames["quotes"])
    summary.n_mentions = len(frames["mentions"])
    summary.seconds = time.perf_counter() - started
    manifest = {
        "claimscope": claimscope.__version__,
        "spacy": spacy.__version__,
        "model": model_name,
        "model_version": nlp.meta.get("version"),
        "inputs": inputs,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(summary.seconds, 2),
        "counts": {name: len(frame) for name, frame in frames.items()},
    }
    summary.written = write_tables(frames, out_dir, formats=formats, manifest=manifest)
    return summary
