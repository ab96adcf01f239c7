"""Offline HTML reports: run the article notebook once per article and link the results.

:func:`build_reports` executes ``10-article`` with papermill, in this process (one kernel per
article, no CLI per notebook), keeps each executed notebook under ``OUT/notebooks/``, exports
each to ``OUT/SLUG.html`` with the code hidden through claimscope's offline nbconvert template
(``claimscope/templates/claimscope``), and writes ``OUT/index.html`` linking every report.
A notebook that fails keeps its executed copy, with the error in it, is exported all the same
and is marked as failed in the index; the run goes on with the next article.

Where the notebooks come from
    The notebooks' source of truth is the repository's ``notebooks/`` folder (``10-article.py``
    in jupytext's py:percent format, paired with ``10-article.ipynb``). :func:`build_reports`
    takes a ``notebooks_dir`` and, by default, uses ``notebooks/`` next to the ``lib/`` folder
    this package is imported from, i.e. a source checkout (installed editable or not
    installed at all). A wheel does not carry the notebooks: pass ``notebooks_dir`` then.
    The ``.py`` file is read when present (through jupytext), else the ``.ipynb``.

Kernel
    Notebooks run on the ``python3`` kernel when it starts this very interpreter (ipykernel
    installs that kernelspec into every virtualenv it is installed in, with ``python`` as its
    command, which jupyter_client resolves to the running interpreter). Otherwise a kernelspec
    named ``claimscope-python`` pointing at this interpreter is installed into ``sys.prefix``
    and used, so reports never run in some other Python.

Slugs
    Report files are named after article ids made filesystem-safe (:func:`slugify`): ASCII
    letters, digits, ``.``, ``_`` and ``-``, at most 80 characters; ids that collide after
    that (``a/b`` and ``a b``, or ``A`` and ``a`` on a case-insensitive disk) get ``-2``, ``-3``
    in article order, and names used by the report folder itself (``index``) are avoided.
"""

from __future__ import annotations

import copy
import html
import logging
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd

from claimscope.store import atomic_write_text, read_tables

logger = logging.getLogger(__name__)

#: The per-article notebook, by stem.
ARTICLE_NOTEBOOK = "10-article"

#: Folder of claimscope's nbconvert templates, and the template used for reports.
TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "claimscope"

#: Kernelspec installed into ``sys.prefix`` when ``python3`` does not run this interpreter.
FALLBACK_KERNEL = "claimscope-python"

#: Notebook cells tagged with these are dropped from the HTML (they hold only parameters).
HIDDEN_CELL_TAGS = ("parameters", "injected-parameters")

_RESERVED_SLUGS = frozenset({"index", "notebooks", "charts"})
_MAX_SLUG = 80


class ReportError(RuntimeError):
    """Reports cannot be built at all (no notebook, unknown article ids, no articles)."""


@dataclass(frozen=True)
class ArticleView:
    """One article and its rows of the other tables, as a notebook shows them."""

    article: dict[str, Any]
    quotes: pd.DataFrame
    mentions: pd.DataFrame

    @property
    def text(self) -> str:
        return str(self.article["text"])


@dataclass(frozen=True)
class ReportEntry:
    """The outcome of one article's report."""

    article_id: str
    slug: str
    title: str | None
    date: str | None
    n_quotes: int
    notebook: Path  # the executed notebook
    html: Path | None  # the exported page; None when even the export failed
    error: str | None = None  # why the notebook failed; None when it ran

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class ReportSummary:
    """What :func:`build_reports` wrote."""

    out_dir: Path
    index: Path
    entries: tuple[ReportEntry, ...]
    n_skipped: int = 0  # articles left out by ``max_articles``

    @property
    def n_ok(self) -> int:
        return sum(e.ok for e in self.entries)

    @property
    def n_failed(self) -> int:
        return sum(not e.ok for e in self.entries)


# --------------------------------------------------------------------------------------------
# Helpers the notebooks call


def select_article(tables: Mapping[str, pd.DataFrame], article_id: str = "") -> ArticleView:
    """One article and its quotes and mentions, from tables read by :func:`store.read_tables`.

    Args:
        tables: The tables, by name.
        article_id: The article to select; empty selects the first article.

    Raises:
        ReportError: there are no articles, or none with that id.
    """
    articles = tables["articles"]
    if articles.empty:
        raise ReportError("the articles table is empty: extract some articles first")
    if article_id:
        rows = articles[articles["article_id"] == article_id]
        if rows.empty:
            known = ", ".join(map(repr, articles["article_id"].head(5)))
            raise ReportError(f"no article with id {article_id!r}; the first ids are {known}")
        row = rows.iloc[0]
    else:
        row = articles.iloc[0]
    article = {k: (None if pd.isna(v) else v) for k, v in row.to_dict().items()}
    aid = article["article_id"]
    quotes = tables["quotes"]
    mentions = tables["mentions"]
    quotes = quotes[quotes["article_id"] == aid].sort_values("start", kind="stable")
    mentions = mentions[mentions["article_id"] == aid].sort_values("start", kind="stable")
    return ArticleView(article, quotes.reset_index(drop=True), mentions.reset_index(drop=True))


def load_article(data_dir: str | os.PathLike, article_id: str = "") -> ArticleView:
    """Read the tables in ``data_dir`` and select one article (see :func:`select_article`)."""
    data = Path(data_dir)
    if not (data / "articles.parquet").exists() and not (data / "articles.csv").exists():
        raise ReportError(
            f"no articles table in {data.resolve()}: run the extraction into that folder first"
        )
    return select_article(read_tables(data), article_id)


# --------------------------------------------------------------------------------------------
# Names


def slugify(article_id: str) -> str:
    """A filesystem-safe name for an article id (not yet unique; see :func:`unique_slugs`)."""
    ascii_id = unicodedata.normalize("NFKD", article_id).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_id).strip("-._")[:_MAX_SLUG].strip("-._")
    return slug or "article"


def unique_slugs(article_ids: Iterable[str]) -> list[str]:
    """Distinct slugs for ``article_ids``, in order, distinct even on case-insensitive disks."""
    used = set(_RESERVED_SLUGS)
    out = []
    for article_id in article_ids:
        base = slugify(article_id)
        slug, n = base, 1
        while slug.lower() in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug.lower())
        out.append(slug)
    return out


# --------------------------------------------------------------------------------------------
# Notebook, kernel, export


def default_notebooks_dir() -> Path | None:
    """``notebooks/`` of the source checkout this package is imported from, if there is one."""
    candidate = Path(__file__).resolve().parents[2] / "notebooks"
    return candidate if candidate.is_dir() else None


def read_notebook(notebooks_dir: str | os.PathLike, stem: str = ARTICLE_NOTEBOOK) -> Any:
    """The notebook ``stem`` from ``notebooks_dir``: the py:percent source, else the ``.ipynb``.

    Jupytext's pairing metadata is dropped, so executed copies are plain notebooks.
    """
    folder = Path(notebooks_dir)
    py, ipynb = folder / f"{stem}.py", folder / f"{stem}.ipynb"
    if py.exists():
        import jupytext

        nb = jupytext.read(py)
    elif ipynb.exists():
        nb = nbformat.read(ipynb, as_version=4)
    else:
        raise ReportError(f"notebook {stem}.py or {stem}.ipynb not found in {folder.resolve()}")
    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    return nb


def _runs_this_interpreter(argv: list[str]) -> bool:
    if not argv:
        return False
    major, minor = sys.version_info[:2]
    if argv[0] in {"python", f"python{major}", f"python{major}.{minor}"}:
        return True  # jupyter_client replaces these with sys.executable
    return os.path.realpath(argv[0]) == os.path.realpath(sys.executable)


def kernel_name() -> str:
    """A kernel that runs this interpreter: ``python3`` if it does, else a fallback installed
    into ``sys.prefix`` (see the module docstring)."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    manager = KernelSpecManager()
    for name in ("python3", FALLBACK_KERNEL):
        try:
            spec = manager.get_kernel_spec(name)
        except NoSuchKernel:
            continue
        if _runs_this_interpreter(spec.argv):
            return name
    from ipykernel.kernelspec import install

    logger.info(
        "installing kernelspec %r for %s into %s", FALLBACK_KERNEL, sys.executable, sys.prefix
    )
    install(kernel_name=FALLBACK_KERNEL, display_name="Python (claimscope)", prefix=sys.prefix)
    return FALLBACK_KERNEL


def html_exporter() -> Any:
    """nbconvert's HTML exporter with claimscope's offline template and the code hidden."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_CELL_TAGS)), enabled=True
    )
    return exporter


def export_html(nb: Any, *, title: str, exporter: Any | None = None) -> str:
    """An executed notebook as one offline HTML page with the code hidden."""
    exporter = exporter or html_exporter()
    nb = copy.deepcopy(nb)
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def _error_text(exc: BaseException) -> str:
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc))
    return f"{ename}: {evalue}"


# --------------------------------------------------------------------------------------------
# Index page

_INDEX_CSS = """
body { margin: 0; color: #1d1d1f; background: #fff;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.5; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.25rem 4rem 1.25rem; }
h1 { font-size: 1.8rem; margin: 0 0 0.5rem 0; }
p { color: #5f6368; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
th { text-align: left; border-bottom: 2px solid #1d1d1f; padding: 0.4rem 0.5rem; }
td { vertical-align: top; border-bottom: 1px solid #d9d9de; padding: 0.4rem 0.5rem; }
td.num { text-align: right; }
a { color: #0b5cad; }
.failed { color: #b3261e; }
.error { display: block; font-size: 0.8rem; color: #b3261e; overflow-wrap: anywhere; }
"""


def _cell(value: object) -> str:
    return "" if value is None else html.escape(str(value))


def index_html(
    entries: Iterable[ReportEntry], *, n_skipped: int = 0, data_dir: str | None = None
) -> str:
    """The index page linking every report; failed ones are marked with their error."""
    entries = list(entries)
    rows = []
    for e in entries:
        title = e.title or e.article_id
        href = html.escape(e.html.name, quote=True) if e.html is not None else None
        link = f'<a href="{href}">{_cell(title)}</a>' if href else _cell(title)
        if e.ok:
            status = "ok"
        else:
            status = (
                f'<span class="failed">failed</span><span class="error">{_cell(e.error)}</span>'
            )
        rows.append(
            "<tr>"
            f"<td>{link}<br><small>{_cell(e.article_id)}</small></td>"
            f"<td>{_cell(e.date)}</td>"
            f'<td class="num">{e.n_quotes}</td>'
            f"<td>{status}</td>"
            "</tr>"
        )
    n_failed = sum(not e.ok for e in entries)
    summary = f"{len(entries)} report{'s' if len(entries) != 1 else ''}"
    if n_failed:
        summary += f", {n_failed} failed"
    if n_skipped:
        summary += f"; {n_skipped} more article{'s' if n_skipped != 1 else ''} not reported"
    if data_dir:
        summary += f". Data: {data_dir}"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
            '<meta name="generator" content="claimscope">',
            "<title>claimscope reports</title>",
            f"<style>{_INDEX_CSS}</style>",
            "</head>",
            "<body>",
            "<main>",
            "<h1>Article reports</h1>",
            f"<p>{_cell(summary)}.</p>",
            "<table>",
            "<thead><tr><th>Article</th><th>Date</th><th>Quotes</th><th>Status</th></tr></thead>",
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


# --------------------------------------------------------------------------------------------
# The run


def build_reports(
    data_dir: str | os.PathLike,
    out_dir: str | os.PathLike,
    *,
    article_ids: list[str] | None = None,
    max_articles: int = 50,
    progress: bool = True,
    notebooks_dir: str | os.PathLike | None = None,
) -> ReportSummary:
    """Run the article notebook for each article and write offline HTML reports.

    Args:
        data_dir: Folder with the extracted tables (``articles.parquet``, ...).
        out_dir: Folder to write to: ``index.html``, one ``SLUG.html`` per article,
            ``notebooks/SLUG.ipynb`` (the executed notebooks) and ``charts/SLUG/*.csv``
            (each chart's data).
        article_ids: The articles to report, in this order; ``None`` reports the articles in
            table order.
        max_articles: Report at most this many articles (the rest are counted as skipped).
        progress: Show a progress bar on standard error.
        notebooks_dir: Folder holding ``10-article.py`` or ``.ipynb``; by default the
            ``notebooks/`` folder of the source checkout (see the module docstring).

    Returns:
        What was written, with one entry per article reported.

    Raises:
        ReportError: no notebook, no articles, or requested ids not in the articles table.
    """
    import papermill
    from jinja2 import TemplateError
    from papermill.exceptions import PapermillExecutionError
    from tqdm import tqdm

    data = Path(data_dir).resolve()
    out = Path(out_dir).resolve()
    folder = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    if folder is None:
        raise ReportError(
            "no notebooks folder next to this installation of claimscope; pass notebooks_dir "
            "(the notebooks/ folder of a claimscope checkout)"
        )
    folder = folder.resolve()
    notebook = read_notebook(folder)
    if max_articles < 0:
        raise ReportError(f"max_articles must be 0 or more, not {max_articles}")

    tables = read_tables(data)
    articles = tables["articles"]
    if articles.empty:
        raise ReportError(f"no articles in {data}: run the extraction into that folder first")
    ids = articles["article_id"].astype(str).tolist()
    if article_ids is not None:
        unknown = [a for a in article_ids if a not in set(ids)]
        if unknown:
            raise ReportError(f"article ids not in {data / 'articles'}: {unknown}")
        ids = list(dict.fromkeys(article_ids))
    n_skipped = max(0, len(ids) - max_articles)
    if n_skipped:
        logger.info("reporting the first %d of %d articles", max_articles, len(ids))
    ids = ids[:max_articles]

    by_id = articles.drop_duplicates("article_id").set_index("article_id")
    quote_counts = tables["quotes"]["article_id"].value_counts()
    kernel = kernel_name()
    exporter = html_exporter()
    (out / "notebooks").mkdir(parents=True, exist_ok=True)

    entries: list[ReportEntry] = []
    bar = tqdm(
        list(zip(ids, unique_slugs(ids), strict=True)),
        desc="reports",
        unit="article",
        disable=not progress,
        file=sys.stderr,
    )
    for article_id, slug in bar:
        row = by_id.loc[article_id]
        title = None if pd.isna(row["title"]) else str(row["title"])
        date = None if pd.isna(row["date"]) else str(row["date"])
        executed = out / "notebooks" / f"{slug}.ipynb"
        page = out / f"{slug}.html"
        error = None
        try:
            result = papermill.execute_notebook(
                copy.deepcopy(notebook),
                str(executed),
                parameters={
                    "data_dir": str(data),
                    "article_id": article_id,
                    "charts_dir": str(out / "charts" / slug),
                },
                kernel_name=kernel,
                progress_bar=False,
                cwd=str(folder),
                # the kernel's own start-up warnings would interleave with the progress bar
                extra_arguments=["--IPKernelApp.log_level=ERROR"],
            )
        except PapermillExecutionError as exc:
            error = _error_text(exc)
            logger.warning(
                "article %r: the notebook failed (%s); see %s", article_id, error, executed
            )
            result = nbformat.read(executed, as_version=4)
        html_path: Path | None = page
        try:
            atomic_write_text(
                page, export_html(result, title=title or article_id, exporter=exporter)
            )
        except (TemplateError, ValueError, KeyError, OSError) as exc:  # nbconvert failures
            logger.warning("article %r: HTML export failed: %s", article_id, exc)
            error = error or f"HTML export failed: {_error_text(exc)}"
            html_path = None
        entries.append(
            ReportEntry(
                article_id=article_id,
                slug=slug,
                title=title,
                date=date,
                n_quotes=int(quote_counts.get(article_id, 0)),
                notebook=executed,
                html=html_path,
                error=error,
            )
        )
    bar.close()

    index = out / "index.html"
    atomic_write_text(index, index_html(entries, n_skipped=n_skipped, data_dir=str(data)))
    summary = ReportSummary(out_dir=out, index=index, entries=tuple(entries), n_skipped=n_skipped)
    logger.info("wrote %d reports (%d failed) to %s", len(entries), summary.n_failed, out)
    return summary
