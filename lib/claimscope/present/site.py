"""Offline HTML reports: plan the report notebooks, run them and link the results.

:func:`build_reports` executes the suite in one kernel (:class:`claimscope.present.kernel.
ReportKernel`: no kernel start per page, the tables read once by the kernel and shared by every
notebook): ``10-article`` once per article, ``30-speaker`` once per top speaker, ``40-topic``
once per topic, ``50-groups`` (the repeated quotes) once and ``20-corpus`` once. It exports
each executed notebook to an HTML page in ``OUT/`` with the code hidden
(:mod:`claimscope.present.export`, which also says where the notebooks are read from and which
kernel runs them), saves each chart's data under ``OUT/charts/PAGE/``, writes the scripts every
page shares once into ``OUT/assets/`` (:mod:`claimscope.present.bundles`) and writes
``OUT/index.html`` with one section per kind of report (:mod:`claimscope.present.index`). The
executed notebooks are kept under ``OUT/notebooks/`` when asked (``keep_notebooks``). A
notebook that fails is exported all the same, with its error at the top of the page and in the
index, and its executed copy is kept; the run goes on with the next report.

Pages
    ``corpus.html``; one ``SLUG.html`` per article (:func:`claimscope.present.slugs.article_pages`
    maps article ids to these names, so other reports can link to an article's page);
    ``speaker-SLUG.html`` per speaker and ``topic-SLUG.html`` per topic (slugs made by
    :func:`claimscope.present.slugs.unique_slugs`); ``repeated-quotes.html``, the quote groups
    (:mod:`claimscope.present.repeats`), to whose sections the speaker and topic pages link.
    Speakers and topics are named by their cleaned labels
    (:func:`claimscope.analysis.labels.clean_label`), which is also what their pages look up.

Which articles
    Every article has a page unless ``max_articles`` says otherwise; then the most quoted
    articles have one (:func:`most_quoted`), or the most recent (:func:`most_recent`), and the
    index says how many were left out and which were kept.
"""

from __future__ import annotations

import html
import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd

from claimscope.analysis.filters import ranked_statements
from claimscope.analysis.labels import clean_label, clean_labels
from claimscope.analysis.queries import ReportError, named_speaker_counts
from claimscope.present.bundles import write_assets
from claimscope.present.export import (
    ARTICLE_NOTEBOOK,
    CORPUS_NOTEBOOK,
    GROUPS_NOTEBOOK,
    SPEAKER_NOTEBOOK,
    TOPIC_NOTEBOOK,
    default_notebooks_dir,
    export_html,
    html_exporter,
    kernel_name,
    read_notebook,
)
from claimscope.present.index import SECTIONS, index_html
from claimscope.present.kernel import ReportKernel
from claimscope.present.repeats import PAGE
from claimscope.present.slugs import article_pages, unique_slugs
from claimscope.run.store import atomic_write_text, read_tables

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReportEntry:
    """The outcome of one report."""

    kind: str  # a key of SECTIONS
    key: str  # the article id, speaker or topic; "" for the corpus
    slug: str  # the page is SLUG.html
    title: str | None
    date: str | None
    n_quotes: int
    notebook: Path | None  # the executed notebook, when kept
    html: Path | None  # the exported page; None when even the export failed
    error: str | None = None  # why the notebook failed; None when it ran

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def article_id(self) -> str:
        """The article id of an article report (the key of any other)."""
        return self.key


@dataclass(frozen=True)
class ReportSummary:
    """What :func:`build_reports` wrote."""

    out_dir: Path
    index: Path
    entries: tuple[ReportEntry, ...]
    n_skipped: int = 0  # articles left out by ``max_articles``
    chosen: str = "quoted"  # which articles were kept when some were left out (see SELECTIONS)

    def of_kind(self, kind: str) -> tuple[ReportEntry, ...]:
        """The entries of one kind of report (see
        :data:`claimscope.present.index.SECTIONS`)."""
        return tuple(e for e in self.entries if e.kind == kind)

    @property
    def n_ok(self) -> int:
        return sum(e.ok for e in self.entries)

    @property
    def n_failed(self) -> int:
        return sum(not e.ok for e in self.entries)


@dataclass(frozen=True)
class _Job:
    """One notebook run: which notebook, with which parameters, into which page."""

    kind: str
    key: str
    slug: str
    title: str | None
    date: str | None
    n_quotes: int
    parameters: dict[str, Any]


def build_reports(
    data_dir: str | os.PathLike,
    out_dir: str | os.PathLike,
    *,
    article_ids: list[str] | None = None,
    max_articles: int | None = None,
    chosen: str = "quoted",
    max_speakers: int = 10,
    topics: list[str] | None = None,
    corpus: bool = True,
    groups: bool = True,
    keep_notebooks: bool = False,
    progress: bool = True,
    notebooks_dir: str | os.PathLike | None = None,
) -> ReportSummary:
    """Run the report notebooks and write offline HTML reports with an index.

    Runs, in this order (so the later reports can link to the article pages): the article
    notebook per article, the speaker notebook per top speaker, the topic notebook per topic,
    the groups notebook and the corpus notebook. A kind of report whose notebook is missing
    from ``notebooks_dir`` is skipped with a warning, except the article notebook, which is
    required.

    Args:
        data_dir: Folder with the extracted tables (``articles.parquet``, ...).
        out_dir: Folder to write to: ``index.html``, the pages (see the module docstring),
            ``assets/`` (the scripts the pages share), ``charts/PAGE/*.csv`` (each chart's
            data) and ``notebooks/PAGE.ipynb`` (executed notebooks: failed ones, and every one
            with ``keep_notebooks``).
        article_ids: The articles to report, in this order; ``None`` reports the articles in
            table order.
        max_articles: Report at most this many articles (the rest are counted as skipped);
            ``None`` reports every one.
        chosen: Which articles to keep when there are more than ``max_articles``: a key of
            :data:`SELECTIONS` (``"quoted"``: the most quoted; ``"recent"``: the most recent).
        max_speakers: Report on this many of the most quoted speakers.
        topics: Topics to report on (entity names or keywords); ``None`` reports on the most
            mentioned entity, ``[]`` on none.
        corpus: Write the corpus report.
        groups: Write the "Repeated quotes" page (the quote groups of the corpus), to which
            the speaker and topic pages then link.
        keep_notebooks: Keep every executed notebook, not only the failed ones.
        progress: Show a progress bar on standard error, with pages per second.
        notebooks_dir: Folder holding the notebooks (``.py`` or ``.ipynb``); by default the
            ``notebooks/`` folder of the source checkout (see the module docstring).

    Returns:
        What was written, with one entry per report.

    Raises:
        ReportError: no article notebook, no articles, requested ids not in the articles
            table, a negative limit or an unknown ``chosen``.
    """
    from tqdm import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    data = Path(data_dir).resolve()
    out = Path(out_dir).resolve()
    folder = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    if folder is None:
        raise ReportError(
            "no notebooks folder next to this installation of claimscope; pass notebooks_dir "
            "(the notebooks/ folder of a claimscope checkout)"
        )
    folder = folder.resolve()
    if (max_articles is not None and max_articles < 0) or max_speakers < 0:
        raise ReportError(
            f"max_articles and max_speakers must be 0 or more, not {max_articles}, {max_speakers}"
        )
    if chosen not in SELECTIONS:
        raise ReportError(f"chosen must be one of {sorted(SELECTIONS)}, not {chosen!r}")
    notebooks = {ARTICLE_NOTEBOOK: read_notebook(folder, ARTICLE_NOTEBOOK)}
    for stem in (SPEAKER_NOTEBOOK, TOPIC_NOTEBOOK, GROUPS_NOTEBOOK, CORPUS_NOTEBOOK):
        if (folder / f"{stem}.py").exists() or (folder / f"{stem}.ipynb").exists():
            notebooks[stem] = read_notebook(folder, stem)
        else:
            logger.warning("no %s notebook in %s: those reports are skipped", stem, folder)

    tables = read_tables(data)
    articles = tables["articles"]
    if articles.empty:
        raise ReportError(f"no articles in {data}: run the extraction into that folder first")
    all_ids = articles["article_id"].astype(str).tolist()
    ids = all_ids
    if article_ids is not None:
        unknown = [a for a in article_ids if a not in set(all_ids)]
        if unknown:
            raise ReportError(f"article ids not in {data / 'articles'}: {unknown}")
        ids = list(dict.fromkeys(article_ids))
    n_skipped = 0
    if max_articles is not None and len(ids) > max_articles:
        n_skipped = len(ids) - max_articles
        logger.info("reporting the %d most %s of %d articles", max_articles, chosen, len(ids))
        ids = SELECTIONS[chosen](tables, ids, max_articles)

    jobs = _plan(
        tables,
        ids,
        notebooks,
        max_speakers=max_speakers,
        topics=topics,
        corpus=corpus,
        groups=groups,
    )
    entries: list[ReportEntry] = []
    preload = _preload(data)
    with ReportKernel(folder, kernel_name=kernel_name(), preload=preload) as kernel:
        # the kernel imports and reads the tables while the assets are written
        exporter = html_exporter()
        write_assets(out)
        bar = tqdm(
            jobs,
            desc="pages",
            unit="page",
            disable=not progress,
            file=sys.stderr,
            bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, "
            "{rate_noinv_fmt}{postfix}]",
        )
        with logging_redirect_tqdm():
            for job in bar:
                bar.set_postfix_str(f"{job.kind} {job.key}"[:40], refresh=False)
                parameters = {
                    "data_dir": str(data),
                    "charts_dir": str(out / "charts" / job.slug),
                    **job.parameters,
                }
                if job.kind in {"speaker", "topic", "corpus", "groups"}:
                    parameters["reports_dir"] = str(out)
                notebook = notebooks[_NOTEBOOK_OF[job.kind]]
                entry = _run_one(
                    job,
                    kernel,
                    notebook,
                    parameters,
                    out=out,
                    exporter=exporter,
                    keep_notebook=keep_notebooks,
                )
                entries.append(entry)
        bar.close()

    index = out / "index.html"
    page = index_html(entries, n_skipped=n_skipped, chosen=chosen, data_dir=str(data))
    atomic_write_text(index, page)
    summary = ReportSummary(
        out_dir=out, index=index, entries=tuple(entries), n_skipped=n_skipped, chosen=chosen
    )
    logger.info("wrote %d reports (%d failed) to %s", len(entries), summary.n_failed, out)
    return summary


def _preload(data: Path) -> str:
    """What the kernel runs first: the imports of the notebooks and the tables."""
    return "\n".join(
        [
            "from claimscope.analysis import aggregates, queries",
            "from claimscope.present import charts, display, highlight, slugs",
            f"queries.load_tables({str(data)!r})",
            "del aggregates, queries, charts, display, highlight, slugs",
        ]
    )


def plural(n: int, noun: str) -> str:
    """``"1 article"``, ``"2,000 articles"``."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def date_span(quotes: pd.DataFrame, articles: pd.DataFrame) -> str | None:
    """The publication dates of the articles ``quotes`` come from: ``"FIRST to LAST"``, one
    date when they are the same, None when none is dated."""
    if quotes.empty:
        return None
    dated = articles.set_index("article_id")["date"].dropna()
    return _date_range(quotes["article_id"].map(dated))


def _date_range(dates: pd.Series) -> str | None:
    """``"FIRST to LAST"`` of ISO dates, one date when they are the same, None when there
    are none."""
    dates = dates.dropna().astype(str)
    if dates.empty:
        return None
    first, last = dates.min(), dates.max()
    return first if first == last else f"{first} to {last}"


def most_quoted(tables: Mapping[str, pd.DataFrame], ids: list[str], n: int) -> list[str]:
    """The ``n`` articles of ``ids`` with the most quotes, the most recent first among equals
    (undated last), in the order of ``ids``."""
    return _top(tables, ids, n, by=["quotes", "date"])


def most_recent(tables: Mapping[str, pd.DataFrame], ids: list[str], n: int) -> list[str]:
    """The ``n`` most recent articles of ``ids`` (undated last), the most quoted first among
    equals, in the order of ``ids``."""
    return _top(tables, ids, n, by=["date", "quotes"])


def _top(tables: Mapping[str, pd.DataFrame], ids: list[str], n: int, *, by: list[str]) -> list[str]:
    counts = tables["quotes"]["article_id"].astype(str).value_counts()
    dates = tables["articles"].drop_duplicates("article_id").set_index("article_id")["date"]
    ranked = pd.DataFrame(
        {
            "quotes": [int(counts.get(a, 0)) for a in ids],
            "date": pd.Series([dates.get(a) for a in ids], dtype="string"),
        }
    ).sort_values(by, ascending=False, na_position="last", kind="stable")
    chosen = set(ranked.index[:n])
    return [a for i, a in enumerate(ids) if i in chosen]


#: How articles are chosen when there are more than ``max_articles``, by name.
SELECTIONS = {"quoted": most_quoted, "recent": most_recent}


_NOTEBOOK_OF = {
    "article": ARTICLE_NOTEBOOK,
    "speaker": SPEAKER_NOTEBOOK,
    "topic": TOPIC_NOTEBOOK,
    "corpus": CORPUS_NOTEBOOK,
    "groups": GROUPS_NOTEBOOK,
}


def _plan(
    tables: Mapping[str, pd.DataFrame],
    ids: list[str],
    notebooks: Mapping[str, Any],
    *,
    max_speakers: int,
    topics: list[str] | None,
    corpus: bool,
    groups: bool = True,
) -> list[_Job]:
    """The notebook runs of a report build, in the order they run."""
    from claimscope.analysis.contrast import quotes_about, resolve_topic

    articles, quotes, mentions = tables["articles"], tables["quotes"], tables["mentions"]
    by_id = articles.drop_duplicates("article_id").set_index("article_id")
    pages = article_pages(articles["article_id"].astype(str))
    groups = groups and GROUPS_NOTEBOOK in notebooks
    # the speaker and topic pages link to the groups they quote when the groups page is built
    linked = {"groups_page": PAGE} if groups else {}
    quote_counts = quotes["article_id"].value_counts()
    jobs = []
    for article_id in ids:
        row = by_id.loc[article_id]
        jobs.append(
            _Job(
                "article",
                article_id,
                pages[article_id].removesuffix(".html"),
                None if pd.isna(row["title"]) else str(row["title"]),
                None if pd.isna(row["date"]) else str(row["date"]),
                int(quote_counts.get(article_id, 0)),
                {"article_id": article_id},
            )
        )
    if SPEAKER_NOTEBOOK in notebooks:
        # the speakers the rankings of the corpus page count: no pronouns, unnamed sources or
        # statements below the confidence bar
        top = named_speaker_counts(ranked_statements(quotes).quotes).head(max_speakers)
        names = [str(s) for s in top["speaker"]]
        labels = clean_labels(quotes["speaker"].astype("string"))
        for name, n_quotes, slug in zip(names, top["quotes"], unique_slugs(names), strict=True):
            said = quotes[(labels == name).fillna(False).to_numpy(dtype=bool)]
            jobs.append(
                _Job(
                    "speaker",
                    name,
                    f"speaker-{slug}",
                    name,
                    date_span(said, articles),
                    int(n_quotes),
                    {"speaker": name, **linked},
                )
            )
    if TOPIC_NOTEBOOK in notebooks:
        if topics is None:
            topics = [resolve_topic(mentions).name] if not mentions.empty else []
        topics = list(dict.fromkeys(clean_label(t) for t in topics if clean_label(t)))
        for topic, slug in zip(topics, unique_slugs(topics), strict=True):
            about = quotes_about(quotes, mentions, topic=topic)
            jobs.append(
                _Job(
                    "topic",
                    topic,
                    f"topic-{slug}",
                    topic,
                    date_span(about, articles),
                    len(about),
                    {"topic": topic, **linked},
                )
            )
    if groups:
        found = tables["quote_groups"]
        jobs.append(
            _Job(
                "groups",
                "",
                PAGE.removesuffix(".html"),
                f"Repeated quotes: {plural(len(found), 'group')}",
                _date_range(pd.concat([found["first_date"], found["last_date"]])),
                int(found["n_quotes"].sum()) if len(found) else 0,
                {},
            )
        )
    if corpus and CORPUS_NOTEBOOK in notebooks:
        dates = articles["date"].dropna()
        span = f"{dates.min()} to {dates.max()}" if len(dates) else None
        jobs.append(
            _Job(
                "corpus",
                "",
                "corpus",
                f"Corpus: {plural(len(articles), 'article')}",
                span,
                len(quotes),
                {},
            )
        )
    return jobs


def _run_one(
    job: _Job,
    kernel: ReportKernel,
    notebook: Any,
    parameters: dict[str, Any],
    *,
    out: Path,
    exporter: Any,
    keep_notebook: bool,
) -> ReportEntry:
    """Execute one notebook and export it; a failure is recorded, never raised."""
    from jinja2 import TemplateError

    result = kernel.run(notebook, parameters, site_dir=out)
    nb, error = result.notebook, result.error
    executed: Path | None = out / "notebooks" / f"{job.slug}.ipynb"
    if error is not None:
        logger.warning(
            "%s %r: the notebook failed (%s); see %s", job.kind, job.key, error, executed
        )
    if keep_notebook or error is not None:
        atomic_write_text(executed, nbformat.writes(nb))
    else:
        executed.unlink(missing_ok=True)  # an earlier build's copy would not match the page
        executed = None
    if error is not None:
        note = (
            f'<p class="cs-failed"><strong>This report failed:</strong> {html.escape(error)}. '
            "What follows is the output of the cells that ran.</p>"
        )
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(note))
    html_path: Path | None = out / f"{job.slug}.html"
    title = job.title or job.key or SECTIONS[job.kind]
    try:
        page = export_html(nb, title=title, exporter=exporter, kind=job.kind)
        atomic_write_text(html_path, page)
    except (TemplateError, ValueError, KeyError, OSError) as exc:  # nbconvert failures
        logger.warning("%s %r: HTML export failed: %s", job.kind, job.key, exc)
        error = error or f"HTML export failed: {type(exc).__name__}: {exc}"
        html_path = None
    return ReportEntry(
        kind=job.kind,
        key=job.key,
        slug=job.slug,
        title=job.title,
        date=job.date,
        n_quotes=job.n_quotes,
        notebook=executed,
        html=html_path,
        error=error,
    )
