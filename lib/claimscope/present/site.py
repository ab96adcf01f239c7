"""Offline HTML reports: run the report notebooks and link the results.

:func:`build_reports` executes the suite with papermill, in this process (one kernel per
report, no CLI per notebook): ``10-article`` once per article, ``30-speaker`` once per top
speaker, ``40-topic`` once per topic and ``20-corpus`` once. It keeps each executed notebook
under ``OUT/notebooks/``, exports each to an HTML page in ``OUT/`` with the code hidden through
claimscope's offline nbconvert template (``claimscope/templates/claimscope``, which puts a
small navigation bar linking back to the index on every page), saves each chart's data under
``OUT/charts/PAGE/`` and writes ``OUT/index.html`` with one section per kind of report.
A notebook that fails keeps its executed copy, with the error in it, is exported all the same
and is marked as failed in the index; the run goes on with the next report.

Pages
    ``corpus.html``; one ``SLUG.html`` per article (:func:`article_pages` maps article ids to
    these names, so other reports can link to an article's page); ``speaker-SLUG.html`` per
    speaker and ``topic-SLUG.html`` per topic.

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
    in article order, and names used by the report folder itself (``index``, ``corpus``) are
    avoided. An article slug that would start like a speaker's or topic's page (``speaker-``,
    ``topic-``) is prefixed with ``article-``, so the kinds of page never collide.
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

from claimscope.run.store import atomic_write_text, read_tables
from claimscope.tables.schema import TIMELINE, empty

logger = logging.getLogger(__name__)

#: The notebooks of the suite, by stem.
ARTICLE_NOTEBOOK = "10-article"
CORPUS_NOTEBOOK = "20-corpus"
SPEAKER_NOTEBOOK = "30-speaker"
TOPIC_NOTEBOOK = "40-topic"

#: Kinds of report, in the order the index shows them, with their section titles.
SECTIONS: dict[str, str] = {
    "corpus": "Corpus",
    "article": "Articles",
    "speaker": "Speakers",
    "topic": "Topics",
}

#: Folder of claimscope's nbconvert templates, and the template used for reports.
TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "claimscope"

#: Kernelspec installed into ``sys.prefix`` when ``python3`` does not run this interpreter.
FALLBACK_KERNEL = "claimscope-python"

#: Notebook cells tagged with these are dropped from the HTML (they hold only parameters).
HIDDEN_CELL_TAGS = ("parameters", "injected-parameters")

_RESERVED_SLUGS = frozenset({"index", "notebooks", "charts", "corpus"})
_RESERVED_PREFIXES = ("speaker-", "topic-")
_MAX_SLUG = 80


class ReportError(RuntimeError):
    """Reports cannot be built at all (no notebook, unknown article ids, no articles)."""


@dataclass(frozen=True)
class ArticleView:
    """One article and its rows of the other tables, as a notebook shows them."""

    article: dict[str, Any]
    quotes: pd.DataFrame
    mentions: pd.DataFrame
    timeline: pd.DataFrame

    @property
    def text(self) -> str:
        return str(self.article["text"])


@dataclass(frozen=True)
class ReportEntry:
    """The outcome of one report."""

    kind: str  # a key of SECTIONS
    key: str  # the article id, speaker or topic; "" for the corpus
    slug: str  # the page is SLUG.html
    title: str | None
    date: str | None
    n_quotes: int
    notebook: Path  # the executed notebook
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

    def of_kind(self, kind: str) -> tuple[ReportEntry, ...]:
        """The entries of one kind of report (see :data:`SECTIONS`)."""
        return tuple(e for e in self.entries if e.kind == kind)

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
    timeline = tables.get("timeline", empty(TIMELINE))
    timeline = timeline[timeline["article_id"] == aid].sort_values("start", kind="stable")
    return ArticleView(
        article,
        quotes.reset_index(drop=True),
        mentions.reset_index(drop=True),
        timeline.reset_index(drop=True),
    )


def load_article(data_dir: str | os.PathLike, article_id: str = "") -> ArticleView:
    """Read the tables in ``data_dir`` and select one article (see :func:`select_article`)."""
    data = Path(data_dir)
    if not (data / "articles.parquet").exists() and not (data / "articles.csv").exists():
        raise ReportError(
            f"no articles table in {data.resolve()}: run the extraction into that folder first"
        )
    return select_article(load_tables(data), article_id)


def load_tables(data_dir: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """Read the tables in ``data_dir``, with a clear error when there are none.

    Raises:
        ReportError: ``data_dir`` holds no articles table.
    """
    data = Path(data_dir)
    if not (data / "articles.parquet").exists() and not (data / "articles.csv").exists():
        raise ReportError(
            f"no articles table in {data.resolve()}: run the extraction into that folder first"
        )
    return read_tables(data)


def filter_corpus(
    tables: Mapping[str, pd.DataFrame],
    *,
    date_from: str = "",
    date_to: str = "",
    outlet: str = "",
) -> dict[str, pd.DataFrame]:
    """The tables restricted to the articles published in a date range and by an outlet.

    Args:
        tables: The tables, by name.
        date_from: First day kept (``YYYY-MM-DD``, or a prefix such as ``2019`` or
            ``2019-03``); empty for no lower bound. Undated articles are dropped when a bound
            is given.
        date_to: Last day kept, same forms (``2019`` keeps all of 2019); empty for no bound.
        outlet: Keep only this outlet (case-insensitive); empty for all.

    Returns:
        Every table, with the rows of the other articles removed (tables without an
        ``article_id`` column are kept whole).
    """
    articles = tables["articles"]
    keep = pd.Series(True, index=articles.index)
    date = articles["date"].astype("string")
    if date_from:
        keep &= (date >= date_from).fillna(False)
    if date_to:
        keep &= (date.str[: len(date_to)] <= date_to).fillna(False)
    if outlet:
        keep &= (articles["outlet"].astype("string").str.casefold() == outlet.casefold()).fillna(
            False
        )
    ids = set(articles.loc[keep.to_numpy(dtype=bool), "article_id"])
    out = {}
    for name, frame in tables.items():
        if "article_id" in frame.columns and name != "rejected":
            frame = frame[frame["article_id"].isin(ids)].reset_index(drop=True)
        out[name] = frame
    return out


def corpus_summary(tables: Mapping[str, pd.DataFrame]) -> str:
    """One line counting articles, outlets, dates, quotes, speakers and mentions."""
    articles, quotes = tables["articles"], tables["quotes"]
    dates = articles["date"].dropna()
    span = f"from {dates.min()} to {dates.max()}" if len(dates) else "undated"
    speakers = quotes["speaker"].dropna().nunique()
    return (
        f"{len(articles):,} articles ({articles['outlet'].nunique():,} outlets, {span}), "
        f"{len(quotes):,} quotes by {speakers:,} named speakers, "
        f"{len(tables['mentions']):,} entity mentions"
    )


def top_speakers(quotes: pd.DataFrame, n: int = 10) -> list[str]:
    """The ``n`` most quoted named speakers, most quoted first (ties by name)."""
    from claimscope.analysis.aggregates import speaker_counts

    counts = speaker_counts(quotes[quotes["speaker"].notna()])
    return [str(s) for s in counts["speaker"].head(n)]


def select_speaker(tables: Mapping[str, pd.DataFrame], speaker: str = "") -> str:
    """The canonical speaker named ``speaker`` (case-insensitive), or the most quoted one.

    Raises:
        ReportError: no quote has a named speaker, or none is called ``speaker``.
    """
    quotes = tables["quotes"]
    names = quotes["speaker"].dropna().astype(str)
    if names.empty:
        raise ReportError("no quote has a named speaker: there is no speaker to report on")
    if not speaker:
        return top_speakers(quotes, 1)[0]
    matches = sorted({n for n in names if n.casefold() == speaker.casefold()})
    if not matches:
        known = ", ".join(map(repr, top_speakers(quotes, 5)))
        raise ReportError(f"no speaker called {speaker!r}; the most quoted are {known}")
    return matches[0]


def speaker_quotes(tables: Mapping[str, pd.DataFrame], speaker: str) -> pd.DataFrame:
    """The quotes of ``speaker`` with their article's date and title, in date order."""
    quotes = tables["quotes"]
    articles = tables["articles"].drop_duplicates("article_id")
    theirs = quotes[(quotes["speaker"] == speaker).fillna(False).to_numpy(dtype=bool)]
    out = theirs.merge(
        articles[["article_id", "date", "title", "outlet"]], on="article_id", how="left"
    )
    return out.sort_values(["date", "article_id", "start"], kind="stable").reset_index(drop=True)


def speaker_profile(tables: Mapping[str, pd.DataFrame], speaker: str) -> dict[str, Any]:
    """What the tables say about a speaker: type, titles, affiliation, counts.

    Uses the ``speakers`` table when it has the speaker, else what the quotes say.
    """
    quotes = tables["quotes"]
    theirs = quotes[(quotes["speaker"] == speaker).fillna(False).to_numpy(dtype=bool)]
    profile: dict[str, Any] = {
        "speaker": speaker,
        "speaker_type": _mode(theirs["speaker_type"]),
        "titles": "; ".join(dict.fromkeys(theirs.get("speaker_title", pd.Series()).dropna())),
        "affiliation": _mode(theirs.get("speaker_affiliation", pd.Series(dtype="string"))),
        "quotes": len(theirs),
        "articles": theirs["article_id"].nunique(),
    }
    speakers = tables.get("speakers")
    if speakers is not None and not speakers.empty and "speaker" in speakers.columns:
        rows = speakers[speakers["speaker"] == speaker]
        if not rows.empty:
            row = rows.iloc[0]
            for key in ("titles", "affiliation", "gender", "mentions"):
                if key in rows.columns and not pd.isna(row[key]):
                    profile[key] = str(row[key])
    return {k: v for k, v in profile.items() if v not in (None, "")}


def _mode(values: pd.Series) -> str | None:
    values = values.dropna()
    return None if values.empty else str(values.value_counts().index[0])


def speakers_table(tables: Mapping[str, pd.DataFrame], quotes: pd.DataFrame) -> pd.DataFrame:
    """The speakers of ``quotes`` with their type, titles and affiliation, most quoted first.

    Titles and affiliations come from the ``speakers`` table when it has them, else from the
    quotes' ``speaker_title`` and ``speaker_affiliation`` columns.
    """
    from claimscope.analysis.aggregates import speaker_counts

    counts = speaker_counts(quotes)
    extra = {}
    for column, source in (("titles", "speaker_title"), ("affiliation", "speaker_affiliation")):
        if source in quotes.columns:
            extra[column] = (
                quotes.dropna(subset=["speaker", source])
                .groupby("speaker")[source]
                .agg(lambda s: "; ".join(dict.fromkeys(s.astype(str))))
            )
    speakers = tables.get("speakers")
    if speakers is not None and not speakers.empty:
        for column in ("titles", "affiliation"):
            if column in speakers.columns:
                known = speakers.dropna(subset=[column]).drop_duplicates("speaker")
                given = known.set_index("speaker")[column].astype(str)
                extra[column] = given.combine_first(extra.get(column, pd.Series(dtype=str)))
    for column, values in extra.items():
        counts[column] = counts["speaker"].map(values)
    return counts


def entities_in_quotes(quotes: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``mentions`` that fall inside ``quotes`` (once each, even in nested quotes)."""
    from claimscope.analysis.contrast import quote_mentions

    inside = quote_mentions(quotes, mentions)[["article_id", "mention_start"]].drop_duplicates()
    keys = inside.rename(columns={"mention_start": "start"})
    keys["start"] = keys["start"].astype(mentions["start"].dtype)
    keys["article_id"] = keys["article_id"].astype(mentions["article_id"].dtype)
    return mentions.merge(keys, on=["article_id", "start"], how="inner")


def cue_counts(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes per cue (as found in the cue list) and stance, most used first."""
    frame = pd.DataFrame(
        {
            "cue": quotes["cue_lemma"].fillna(quotes["cue"]).fillna("(none)").astype(str),
            "stance": quotes["stance"].fillna("neutral").astype(str),
        }
    )
    out = frame.groupby(["cue", "stance"]).size().rename("quotes").reset_index()
    return out.sort_values(["quotes", "cue"], ascending=[False, True]).reset_index(drop=True)


def claims_by_speaker(about: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Statements grouped by speaker (most statements first), each with its article's date and
    title, in date order within a speaker. ``about`` comes from
    :func:`claimscope.analysis.contrast.quotes_about`."""
    meta = articles.drop_duplicates("article_id")[["article_id", "date", "title"]]
    out = about.merge(meta, on="article_id", how="left")
    out["speaker"] = out["speaker_label"]
    n = out.groupby("speaker")["quote_id"].transform("size")
    out = out.assign(_n=n).sort_values(
        ["_n", "speaker", "date", "quote_id"], ascending=[False, True, True, True], kind="stable"
    )
    return out.drop(columns="_n").reset_index(drop=True)


def quote_links(quotes: pd.DataFrame, pages: Mapping[str, str]) -> dict[str, str]:
    """Quote id -> the report page of its article, for the articles in ``pages``."""
    return {
        str(q): pages[str(a)]
        for q, a in zip(quotes["quote_id"], quotes["article_id"], strict=True)
        if str(a) in pages
    }


# --------------------------------------------------------------------------------------------
# Names


def article_pages(article_ids: Iterable[str]) -> dict[str, str]:
    """The report file name (``SLUG.html``) of each article, given every article id in table
    order (the order :func:`build_reports` names them in)."""
    ids = [str(a) for a in article_ids]
    return {a: f"{slug}.html" for a, slug in zip(ids, unique_slugs(ids), strict=True)}


def article_links(articles: pd.DataFrame, reports_dir: str | os.PathLike | None) -> dict[str, str]:
    """Article id -> report file name, for the articles whose report exists in ``reports_dir``
    (none when ``reports_dir`` is empty). Pages in the same folder link with these names."""
    if not reports_dir:
        return {}
    folder = Path(reports_dir)
    pages = article_pages(articles["article_id"].astype(str))
    return {a: page for a, page in pages.items() if (folder / page).exists()}


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
        if base.lower().startswith(_RESERVED_PREFIXES):
            base = f"article-{base}"[:_MAX_SLUG]
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
    candidate = Path(__file__).resolve().parents[3] / "notebooks"
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


def export_html(
    nb: Any, *, title: str, exporter: Any | None = None, kind: str | None = None
) -> str:
    """An executed notebook as one offline HTML page with the code hidden.

    Args:
        nb: The executed notebook.
        title: The page title (escaped by the template).
        exporter: An exporter from :func:`html_exporter` (made when not given).
        kind: The kind of report (see :data:`SECTIONS`); the page gets a navigation bar
            linking back to ``index.html`` when given.
    """
    exporter = exporter or html_exporter()
    nb = copy.deepcopy(nb)
    nb.metadata["title"] = title
    resources = {"metadata": {"name": title}, "cs_nav": nav_html(kind) if kind else ""}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


def nav_html(current: str | None = None) -> str:
    """The navigation bar of a report page: the index and its sections."""
    links = ['<a href="index.html">All reports</a>']
    for kind, label in SECTIONS.items():
        cls = ' class="cs-current"' if kind == current else ""
        links.append(f'<a href="index.html#{kind}"{cls}>{html.escape(label)}</a>')
    return f'<nav class="cs-nav">{" ".join(links)}</nav>'


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
h2 { margin-top: 2rem; }
.cs-nav a { margin-right: 1rem; }
"""


def _cell(value: object) -> str:
    return "" if value is None else html.escape(str(value))


def index_html(
    entries: Iterable[ReportEntry], *, n_skipped: int = 0, data_dir: str | None = None
) -> str:
    """The index page: one section per kind of report; failed ones are marked with their error."""
    entries = list(entries)
    n_failed = sum(not e.ok for e in entries)
    summary = f"{len(entries)} report{'s' if len(entries) != 1 else ''}"
    if n_failed:
        summary += f", {n_failed} failed"
    if n_skipped:
        summary += f"; {n_skipped} more article{'s' if n_skipped != 1 else ''} not reported"
    if data_dir:
        summary += f". Data: {data_dir}"
    present = [k for k in SECTIONS if any(e.kind == k for e in entries)]
    toc = " ".join(f'<a href="#{k}">{html.escape(SECTIONS[k])}</a>' for k in present)
    sections = []
    for kind in present:
        rows = [_index_row(e) for e in entries if e.kind == kind]
        first = {"article": "Article", "speaker": "Speaker", "topic": "Topic"}.get(kind, "Report")
        sections += [
            f'<section id="{kind}">',
            f"<h2>{html.escape(SECTIONS[kind])}</h2>",
            "<table>",
            f"<thead><tr><th>{first}</th><th>Date</th><th>Quotes</th><th>Status</th></tr></thead>",
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
            "</section>",
        ]
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
            "<h1>claimscope reports</h1>",
            f"<p>{_cell(summary)}.</p>",
            f'<nav class="cs-nav">{toc}</nav>',
            *sections,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _index_row(e: ReportEntry) -> str:
    title = e.title or e.key or SECTIONS.get(e.kind, e.kind)
    href = html.escape(e.html.name, quote=True) if e.html is not None else None
    link = f'<a href="{href}">{_cell(title)}</a>' if href else _cell(title)
    if e.kind == "article":
        link += f"<br><small>{_cell(e.key)}</small>"
    if e.ok:
        status = "ok"
    else:
        status = f'<span class="failed">failed</span><span class="error">{_cell(e.error)}</span>'
    return (
        "<tr>"
        f"<td>{link}</td>"
        f"<td>{_cell(e.date)}</td>"
        f'<td class="num">{e.n_quotes}</td>'
        f"<td>{status}</td>"
        "</tr>"
    )


# --------------------------------------------------------------------------------------------
# The run


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
    max_articles: int = 50,
    max_speakers: int = 10,
    topics: list[str] | None = None,
    corpus: bool = True,
    progress: bool = True,
    notebooks_dir: str | os.PathLike | None = None,
) -> ReportSummary:
    """Run the report notebooks and write offline HTML reports with an index.

    Runs, in this order (so the later reports can link to the article pages): the article
    notebook per article, the speaker notebook per top speaker, the topic notebook per topic
    and the corpus notebook. A kind of report whose notebook is missing from ``notebooks_dir``
    is skipped with a warning, except the article notebook, which is required.

    Args:
        data_dir: Folder with the extracted tables (``articles.parquet``, ...).
        out_dir: Folder to write to: ``index.html``, the pages (see the module docstring),
            ``notebooks/PAGE.ipynb`` (the executed notebooks) and ``charts/PAGE/*.csv`` (each
            chart's data).
        article_ids: The articles to report, in this order; ``None`` reports the articles in
            table order.
        max_articles: Report at most this many articles (the rest are counted as skipped).
        max_speakers: Report on this many of the most quoted speakers.
        topics: Topics to report on (entity names or keywords); ``None`` reports on the most
            mentioned entity, ``[]`` on none.
        corpus: Write the corpus report.
        progress: Show a progress bar on standard error.
        notebooks_dir: Folder holding the notebooks (``.py`` or ``.ipynb``); by default the
            ``notebooks/`` folder of the source checkout (see the module docstring).

    Returns:
        What was written, with one entry per report.

    Raises:
        ReportError: no article notebook, no articles, requested ids not in the articles
            table, or a negative limit.
    """
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
    if max_articles < 0 or max_speakers < 0:
        raise ReportError(
            f"max_articles and max_speakers must be 0 or more, not {max_articles}, {max_speakers}"
        )
    notebooks = {ARTICLE_NOTEBOOK: read_notebook(folder, ARTICLE_NOTEBOOK)}
    for stem in (SPEAKER_NOTEBOOK, TOPIC_NOTEBOOK, CORPUS_NOTEBOOK):
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
    n_skipped = max(0, len(ids) - max_articles)
    if n_skipped:
        logger.info("reporting the first %d of %d articles", max_articles, len(ids))
    ids = ids[:max_articles]

    jobs = _plan(tables, ids, notebooks, max_speakers=max_speakers, topics=topics, corpus=corpus)
    kernel = kernel_name()
    exporter = html_exporter()
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    entries: list[ReportEntry] = []
    bar = tqdm(jobs, desc="reports", unit="report", disable=not progress, file=sys.stderr)
    for job in bar:
        bar.set_postfix_str(f"{job.kind} {job.key}"[:40], refresh=False)
        notebook = notebooks[_NOTEBOOK_OF[job.kind]]
        parameters = {
            "data_dir": str(data),
            "charts_dir": str(out / "charts" / job.slug),
            **job.parameters,
        }
        if job.kind in {"speaker", "topic", "corpus"}:
            parameters["reports_dir"] = str(out)
        entries.append(
            _run_one(
                job, notebook, parameters, out=out, folder=folder, kernel=kernel, exporter=exporter
            )
        )
    bar.close()

    index = out / "index.html"
    atomic_write_text(index, index_html(entries, n_skipped=n_skipped, data_dir=str(data)))
    summary = ReportSummary(out_dir=out, index=index, entries=tuple(entries), n_skipped=n_skipped)
    logger.info("wrote %d reports (%d failed) to %s", len(entries), summary.n_failed, out)
    return summary


_NOTEBOOK_OF = {
    "article": ARTICLE_NOTEBOOK,
    "speaker": SPEAKER_NOTEBOOK,
    "topic": TOPIC_NOTEBOOK,
    "corpus": CORPUS_NOTEBOOK,
}


def _plan(
    tables: Mapping[str, pd.DataFrame],
    ids: list[str],
    notebooks: Mapping[str, Any],
    *,
    max_speakers: int,
    topics: list[str] | None,
    corpus: bool,
) -> list[_Job]:
    """The notebook runs of a report build, in the order they run."""
    from claimscope.analysis.contrast import resolve_topic

    articles, quotes, mentions = tables["articles"], tables["quotes"], tables["mentions"]
    by_id = articles.drop_duplicates("article_id").set_index("article_id")
    pages = article_pages(articles["article_id"].astype(str))
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
        names = top_speakers(quotes, max_speakers)
        counts = quotes["speaker"].value_counts()
        for name, slug in zip(names, unique_slugs(names), strict=True):
            jobs.append(
                _Job(
                    "speaker",
                    name,
                    f"speaker-{slug}",
                    name,
                    None,
                    int(counts.get(name, 0)),
                    {"speaker": name},
                )
            )
    if TOPIC_NOTEBOOK in notebooks:
        if topics is None:
            topics = [resolve_topic(mentions).name] if not mentions.empty else []
        topics = list(dict.fromkeys(t for t in topics if t.strip()))
        for topic, slug in zip(topics, unique_slugs(topics), strict=True):
            jobs.append(_Job("topic", topic, f"topic-{slug}", topic, None, 0, {"topic": topic}))
    if corpus and CORPUS_NOTEBOOK in notebooks:
        dates = articles["date"].dropna()
        span = f"{dates.min()} to {dates.max()}" if len(dates) else None
        jobs.append(
            _Job(
                "corpus", "", "corpus", f"Corpus: {len(articles):,} articles", span, len(quotes), {}
            )
        )
    return jobs


def _run_one(
    job: _Job,
    notebook: Any,
    parameters: dict[str, Any],
    *,
    out: Path,
    folder: Path,
    kernel: str,
    exporter: Any,
) -> ReportEntry:
    """Execute one notebook and export it; a failure is recorded, never raised."""
    import papermill
    from jinja2 import TemplateError
    from papermill.exceptions import PapermillExecutionError

    executed = out / "notebooks" / f"{job.slug}.ipynb"
    page = out / f"{job.slug}.html"
    error = None
    result = None
    for attempt in (1, 2):
        try:
            result = papermill.execute_notebook(
                copy.deepcopy(notebook),
                str(executed),
                parameters=parameters,
                kernel_name=kernel,
                progress_bar=False,
                cwd=str(folder),
                # the kernel's own start-up warnings would interleave with the progress bar
                extra_arguments=["--IPKernelApp.log_level=ERROR"],
            )
            error = None
            break
        except PapermillExecutionError as exc:  # a cell raised: the notebook holds the error
            error = _error_text(exc)
            logger.warning(
                "%s %r: the notebook failed (%s); see %s", job.kind, job.key, error, executed
            )
            break
        except RuntimeError as exc:  # the kernel died or did not start (e.g. a port race)
            error = f"kernel failure: {_error_text(exc)}"
            logger.warning("%s %r: %s (attempt %d)", job.kind, job.key, error, attempt)
    if result is None:
        if executed.exists():
            result = nbformat.read(executed, as_version=4)
        else:
            result = copy.deepcopy(notebook)
            note = f"**Not run**: {html.escape(str(error))}"
            result.cells.insert(0, nbformat.v4.new_markdown_cell(note))
            atomic_write_text(executed, nbformat.writes(result))
    html_path: Path | None = page
    title = job.title or job.key or SECTIONS[job.kind]
    try:
        atomic_write_text(page, export_html(result, title=title, exporter=exporter, kind=job.kind))
    except (TemplateError, ValueError, KeyError, OSError) as exc:  # nbconvert failures
        logger.warning("%s %r: HTML export failed: %s", job.kind, job.key, exc)
        error = error or f"HTML export failed: {_error_text(exc)}"
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
