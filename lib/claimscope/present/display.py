"""Offline HTML output for notebooks and the reports made from them.

Charts (:func:`show`)
    Altair's own HTML renderer loads its scripts from a CDN, so an offline report shows blank
    charts. :func:`chart_html` instead renders each chart as

    * the Vega-Embed bundle (:func:`claimscope.present.bundles.vega_bundle_html`), emitted only
      with the first chart of a page;
    * a ``<div>`` whose id is derived from a hash of the chart's spec (not random, so executed
      notebooks are reproducible), holding a static SVG of the chart as the fallback for readers
      whose viewer runs no scripts (an untrusted notebook, a mail client);
    * a small script that calls ``vegaEmbed`` into that div and removes the fallback once the
      interactive chart is drawn;
    * a link that downloads the chart's data as CSV, embedded in the page as a ``data:`` URL.

    When a charts folder is configured (:func:`configure`), the chart's data is also written
    there as ``NAME.csv``. Every CSV is written by :func:`claimscope.present.text.csv_text`, so
    no cell is run as a formula by a spreadsheet.

    Every string of the spec is cleaned first (:func:`claimscope.present.text.clean_spec`),
    since the SVG renderer aborts the process on some control characters. A chart that still
    cannot be converted (any error of Altair's validation or of the renderer) is shown as its
    data table under a one-line note, with the CSV link: a chart never takes its page down.

Pages of a report site (:func:`start_page`)
    A kernel that writes the pages of a report site one after the other (see
    :mod:`claimscope.present.site`) starts each page with :func:`start_page`, which forgets
    what the previous page emitted and, given the site's folder, makes the page light: the
    bundles are loaded from the site's shared ``assets/`` folder instead of written into the
    page, a chart's CSV link points at the file in the charts folder instead of embedding it,
    and a chart carries a one-line note instead of its static SVG (a site is read in a browser,
    where the scripts run; the spec is still compiled here, so a chart Vega-Lite cannot draw is
    shown as its data table as above).

Tables (:func:`show_table`, :func:`table_html`, :func:`interactive_table_html`)
    A DataFrame as a searchable, sortable table (itables, offline: its DataTables bundle,
    :func:`claimscope.present.bundles.table_bundle_html`, is emitted once per page with the
    first table, like the Vega bundle), with a plain escaped HTML table as the fallback for
    readers whose viewer runs no scripts. Cell values are HTML-escaped by itables; columns
    listed as ``links`` hold links built here from escaped text and addresses.

Facts (:func:`article_header_html`, :func:`facts_html`, :func:`contrast_html`)
    An article's metadata, a speaker's profile and contrasting statements side by side. The
    highlighted article text is :mod:`claimscope.present.highlight`.

Everything taken from the data is HTML-escaped; JSON placed inside scripts has ``<``, ``>``
and ``&`` escaped as ``\\u003c`` etc., so no text from an article can close a script element.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
import os
import re
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import vl_convert

from claimscope.analysis.labels import clean_frame
from claimscope.present.bundles import (
    ASSETS_DIR,
    table_bundle_html,
    vega_bundle_html,
    vega_lite_version,
)
from claimscope.present.slugs import windows_safe
from claimscope.present.text import clean_spec, csv_text
from claimscope.run.store import atomic_write_text

logger = logging.getLogger(__name__)

#: Rows of a chart's data shown as a table when the chart cannot be drawn.
FALLBACK_ROWS = 50

#: Options passed to ``vegaEmbed``: export buttons work offline, the online editor does not.
EMBED_OPTIONS: dict[str, Any] = {
    "renderer": "svg",
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}


@dataclass
class _State:
    """What this kernel has already put on the page."""

    bundle_emitted: bool = False
    table_bundle_emitted: bool = False
    charts_dir: Path | None = None
    site_dir: Path | None = None  # the report site the page is written to (see start_page)
    ids: dict[str, int] = field(default_factory=dict)  # chart ids used, with their count


_state = _State()


def configure(*, charts_dir: str | os.PathLike | None = None) -> None:
    """Set where :func:`show` writes each chart's data as CSV (``None`` or ``""``: nowhere)."""
    _state.charts_dir = Path(charts_dir) if charts_dir else None


def reset() -> None:
    """Forget what was emitted, as if the kernel had just started (the next chart re-emits the
    bundle). Keeps the configured charts folder and site."""
    _state.bundle_emitted = False
    _state.table_bundle_emitted = False
    _state.ids = {}


def start_page(*, site_dir: str | os.PathLike | None = None) -> None:
    """Begin a new page: forget what was emitted and the charts folder (see the module
    docstring).

    Args:
        site_dir: The folder of the report site the page is written to (as
            ``SITE/PAGE.html``), whose ``assets/`` folder holds the bundles; ``None`` writes a
            self-contained page, as in a plain notebook.
    """
    reset()
    _state.charts_dir = None
    _state.site_dir = Path(site_dir).resolve() if site_dir else None


# --------------------------------------------------------------------------------------------
# Charts


def script_json(value: Any) -> str:
    """``value`` as JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def chart_data(chart: alt.TopLevelMixin) -> pd.DataFrame | None:
    """The DataFrame a chart was built from, or ``None`` when it has none."""
    data = getattr(chart, "data", None)
    return data if isinstance(data, pd.DataFrame) else None


def _chart_id(spec: Mapping[str, Any]) -> str:
    digest = hashlib.sha1(script_json(spec).encode("utf-8")).hexdigest()[:12]
    base = f"cs-chart-{digest}"
    _state.ids[base] = _state.ids.get(base, 0) + 1
    count = _state.ids[base]
    return base if count == 1 else f"{base}-{count}"


def _csv_link(data: pd.DataFrame, name: str, href: str | None = None) -> str:
    """The link that downloads a chart's data: to ``href`` (a relative address), else to the
    CSV embedded as a ``data:`` URL."""
    if href is None:
        payload = base64.b64encode(csv_text(data).encode("utf-8")).decode("ascii")
        href = f"data:text/csv;charset=utf-8;base64,{payload}"
    filename = html.escape(f"{name}.csv", quote=True)
    return (
        f'<p class="cs-chart-data"><a download="{filename}" '
        f'href="{html.escape(href, quote=True)}">Download the data (CSV)</a></p>'
    )


def _site_href(path: Path) -> str | None:
    """The address of ``path`` relative to the site's pages, when it lies in the site."""
    resolved = path.resolve()
    if _state.site_dir is None or not resolved.is_relative_to(_state.site_dir):
        return None
    return urllib.parse.quote(resolved.relative_to(_state.site_dir).as_posix())


def _safe_name(name: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    if not safe:
        raise ValueError(f"chart name {name!r} has no usable characters; use letters or digits")
    return windows_safe(safe)


def chart_html(chart: alt.TopLevelMixin, *, name: str, include_bundle: bool = False) -> str:
    """One chart as offline HTML: fallback SVG in a div, the ``vegaEmbed`` call, a CSV link.

    Args:
        chart: Any Altair chart with inline data.
        name: Short name of the chart (``quotes-per-speaker``); names the CSV file.
        include_bundle: Put the Vega-Embed bundle before the chart (do it once per page).

    Returns:
        An HTML fragment with no reference to anything outside itself; for a chart that
        cannot be drawn, a one-line note, the chart's data as a table and the CSV link (and
        no bundle).
    """
    fragment, drawn = _chart_fragment(chart, name=name)
    return f"{vega_bundle_html()}\n{fragment}" if include_bundle and drawn else fragment


#: What a chart of a site page shows until its script has drawn it.
SCRIPT_NOTE = "The chart is drawn by a script of this page; its data is linked below."


def _chart_fragment(
    chart: alt.TopLevelMixin, *, name: str, csv_href: str | None = None
) -> tuple[str, bool]:
    """:func:`chart_html` without the bundle, and whether the chart was drawn (False: its
    data is shown as a table instead). On a site page (:func:`start_page`), the fallback is
    a note rather than the chart's SVG."""
    name = _safe_name(name)
    data = chart_data(chart)
    try:
        spec = clean_spec(chart.to_dict())
        if _state.site_dir is None:
            svg = vl_convert.vegalite_to_svg(spec, vl_version=vega_lite_version())
            fallback = re.sub(r"^<\?xml[^>]*\?>\s*", "", svg)
        else:
            vl_convert.vegalite_to_vega(spec, vl_version=vega_lite_version())
            fallback = f'<p class="cs-note">{html.escape(SCRIPT_NOTE)}</p>'
    # Altair's validation and the renderer (a JavaScript engine) raise errors of many types,
    # none documented as the only ones; whatever they raise, the page shows the data instead.
    except Exception as exc:
        return _fallback_html(data, name, exc, csv_href=csv_href), False
    div_id = _chart_id(spec)
    parts = [
        f'<div class="cs-chart" id="{div_id}">',
        f'<div class="cs-chart-fallback">{fallback}</div>',
        "</div>",
        '<script type="text/javascript">',
        "(function () {",
        f"  var el = document.getElementById({script_json(div_id)});",
        "  if (!el || typeof window.vegaEmbed === 'undefined') { return; }",
        "  var target = document.createElement('div');",
        "  el.appendChild(target);",
        f"  window.vegaEmbed(target, {script_json(spec)}, {script_json(EMBED_OPTIONS)})",
        "    .then(function () {",
        "      var fallback = el.querySelector('.cs-chart-fallback');",
        "      if (fallback) { fallback.remove(); }",
        "    })",
        "    .catch(function (err) { target.remove(); console.error(err); });",
        "})();",
        "</script>",
    ]
    if data is not None:
        parts.append(_csv_link(data, name, csv_href))
    return "\n".join(parts), True


def _fallback_html(
    data: pd.DataFrame | None, name: str, exc: Exception, *, csv_href: str | None = None
) -> str:
    """A chart that could not be drawn: a one-line note, its data as a table, the CSV link."""
    reason = (str(exc).strip().splitlines() or [""])[0][:200].rstrip(" :")
    # logged below warning level: in a report kernel a warning would print a second, red copy
    # of the note on the page
    logger.info(
        "chart %s could not be drawn (%s: %s); showing its data", name, type(exc).__name__, reason
    )
    note = f"The chart {name} could not be drawn ({type(exc).__name__}: {reason})"
    parts = ['<div class="cs-chart cs-chart-failed">']
    if data is None:
        parts.append(f'<p class="cs-note">{html.escape(note)}.</p>')
    else:
        parts.append(f'<p class="cs-note">{html.escape(note)}; its data:</p>')
        parts.append(table_html(clean_frame(data), max_rows=FALLBACK_ROWS))
    parts.append("</div>")
    if data is not None:
        parts.append(_csv_link(data, name, csv_href))
    return "\n".join(parts)


def show(chart: alt.TopLevelMixin, *, name: str) -> None:
    """Display a chart in the notebook, offline (see the module docstring).

    The first chart drawn on a page carries the Vega-Embed bundle (a chart that cannot be
    drawn is shown as its data table, without it). A chart whose data is an empty frame is
    shown as a short note instead. When :func:`configure` set a charts folder,
    the chart's data is written there as ``NAME.csv``.
    """
    from IPython.display import HTML, display

    data = chart_data(chart)
    if data is not None and data.empty:
        display(HTML(f'<p class="cs-note">No data for the chart {html.escape(name)}.</p>'))
        return
    csv_href = None
    if data is not None and _state.charts_dir is not None:
        path = _state.charts_dir / f"{_safe_name(name)}.csv"
        write_chart_data(data, path)
        csv_href = _site_href(path)
    fragment, drawn = _chart_fragment(chart, name=name, csv_href=csv_href)
    if drawn and not _state.bundle_emitted:
        fragment = f"{vega_bundle_html(_assets())}\n{fragment}"
        _state.bundle_emitted = True
    display(HTML(fragment))


def _assets() -> str | None:
    """The address of the shared bundles for this page (None: write them into the page)."""
    return ASSETS_DIR if _state.site_dir is not None else None


def write_chart_data(data: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write a chart's data as CSV (UTF-8, no index, formula-safe cells), atomically."""
    atomic_write_text(path, csv_text(data))


# --------------------------------------------------------------------------------------------
# Tables


def table_html(frame: pd.DataFrame, *, max_rows: int | None = 200) -> str:
    """A DataFrame as an HTML table; every cell and header is HTML-escaped.

    Missing values show as empty cells. Longer frames are cut to ``max_rows`` rows with a note.
    """
    shown = frame if max_rows is None else frame.head(max_rows)
    body = shown.to_html(
        index=False, escape=True, na_rep="", border=0, classes="cs-table", justify="left"
    )
    if max_rows is not None and len(frame) > max_rows:
        body += f'\n<p class="cs-note">First {max_rows} of {len(frame)} rows.</p>'
    return body


def link_html(text: object, href: str | None) -> str:
    """``text`` escaped, as a link to the relative address ``href`` when there is one.

    Only relative addresses of report pages (letters, digits, ``.``, ``_``, ``-``, ``/`` and
    ``#``) are linked; anything else is shown as text.
    """
    label = html.escape("" if text is None or text is pd.NA else str(text))
    return _linked(label, href)


def _linked(markup: str, href: str | None, *, quoted: bool = True) -> str:
    """``markup`` (HTML already) as a link to ``href`` when it is a relative address of a
    report page (see :func:`link_html`); unquoted with ``quoted=False``."""
    if href and re.fullmatch(r"[A-Za-z0-9._/#-]+", href) and not href.startswith("//"):
        target = f'"{html.escape(href, quote=True)}"' if quoted else href
        return f"<a href={target}>{markup}</a>"
    return markup


def interactive_table_html(
    frame: pd.DataFrame,
    *,
    links: Mapping[str, Iterable[str | None]] | None = None,
    max_rows: int = 5000,
    page_length: int = 10,
) -> str:
    """A searchable, sortable table (itables, offline) with an escaped static fallback.

    Args:
        frame: The rows to show; longer frames are cut to ``max_rows`` with a note.
        links: Column name -> relative address per row; that column's cells become links.
        max_rows: Rows embedded in the page at most (keeps pages small).
        page_length: Rows per page of the interactive table.

    Returns:
        HTML without the bundle (see
        :func:`claimscope.present.bundles.table_bundle_html`).
    """
    return _datatable_html(frame, links=links, max_rows=max_rows, page_length=page_length)


def _datatable_html(
    frame: pd.DataFrame,
    *,
    links: Mapping[str, Iterable[str | None]] | None,
    max_rows: int,
    page_length: int,
    quoted: bool = True,
    clipped: Iterable[str] = (),
    limit: int = 0,
) -> str:
    """The itables table of :func:`interactive_table_html` and :func:`clipped_table_html`:
    every cell escaped, ``clipped`` columns clipped at ``limit`` characters
    (:func:`_clipped`), the cells of ``links`` columns made links (:func:`_linked`; with
    ``quoted=False`` the addresses are unquoted: they hold only letters, digits and ``._/#-``
    there, which need no quotes, and each quote would cost four bytes in the table's data)."""
    from itables.javascript import to_html_datatable

    shown = frame.head(max_rows).reset_index(drop=True)
    shown = shown.astype(object).where(shown.notna(), None)
    cells = shown.map(lambda v: "" if v is None else html.escape(str(v)))
    for column in clipped:
        cells[column] = [_clipped(v, limit) for v in shown[column]]
    for column, hrefs in (links or {}).items():
        hrefs = list(hrefs)[: len(shown)]
        cells[column] = [
            _linked(c, h, quoted=quoted) for c, h in zip(cells[column], hrefs, strict=True)
        ]
    cells.columns = [html.escape(str(c)) for c in cells.columns]
    digest = hashlib.sha1(cells.to_json().encode("utf-8")).hexdigest()[:12]
    _state.ids[digest] = _state.ids.get(digest, 0) + 1
    table_id = f"cs-table-{digest}" + (f"-{_state.ids[digest]}" if _state.ids[digest] > 1 else "")
    body = to_html_datatable(
        cells,
        connected=False,
        table_id=table_id,
        allow_html=True,
        showIndex=False,
        pageLength=page_length,
        lengthMenu=[10, 25, 100],
        classes="display compact",
        maxBytes=0,
        display_logo_when_loading=False,
    )
    if len(frame) > max_rows:
        body += f'\n<p class="cs-note">First {max_rows:,} of {len(frame):,} rows.</p>'
    return f'<div class="cs-itable">\n{body}\n</div>'


def show_table(
    frame: pd.DataFrame,
    *,
    max_rows: int | None = 200,
    links: Mapping[str, Iterable[str | None]] | None = None,
    interactive: bool = True,
) -> None:
    """Display a DataFrame as a searchable, sortable table (or a plain escaped one).

    The first interactive table of a page carries the itables bundle.
    """
    from IPython.display import HTML, display

    if frame.empty:
        display(HTML('<p class="cs-note">No rows.</p>'))
        return
    if not interactive:
        display(HTML(table_html(frame, max_rows=max_rows)))
        return
    _show_interactive(interactive_table_html(frame, links=links, max_rows=max_rows or 5000))


def _show_interactive(fragment: str) -> None:
    """Display an interactive table; the first of a page carries the itables bundle."""
    from IPython.display import HTML, display

    if not _state.table_bundle_emitted:
        fragment = table_bundle_html(_assets()) + "\n" + fragment
        _state.table_bundle_emitted = True
    display(HTML(fragment))


def show_html(fragment: str) -> None:
    """Display an HTML fragment built by this module."""
    from IPython.display import HTML, display

    display(HTML(fragment))


# --------------------------------------------------------------------------------------------
# Facts: an article's header, a speaker's profile, contrasting statements


def _value(row: Mapping[str, Any], key: str) -> Any:
    value = row.get(key)
    return None if value is None or value is pd.NA or pd.isna(value) else value


def article_header_html(
    article: Mapping[str, Any], *, n_quotes: int | None = None, n_mentions: int | None = None
) -> str:
    """The article's title and metadata (date, outlet, link, size) as escaped HTML."""
    title = _value(article, "title") or _value(article, "article_id") or "Untitled article"
    facts: list[str] = []
    for key, label in (
        ("date", "Date"),
        ("outlet", "Outlet"),
        ("article_id", "Article id"),
        ("source", "Source file"),
    ):
        value = _value(article, key)
        if value is not None:
            facts.append(f"<dt>{label}</dt><dd>{html.escape(str(value))}</dd>")
    url = _value(article, "url")
    if url is not None:
        shown = html.escape(str(url))
        link = (
            f'<a href="{html.escape(str(url), quote=True)}" rel="noopener noreferrer">{shown}</a>'
            if re.match(r"(?i)https?://", str(url))
            else shown
        )
        facts.append(f"<dt>Address</dt><dd>{link}</dd>")
    counts = [f"{_value(article, 'n_chars') or 0:,} characters"]
    if n_quotes is not None:
        counts.append(f"{n_quotes} quote{'s' if n_quotes != 1 else ''}")
    if n_mentions is not None:
        counts.append(f"{n_mentions} entity mention{'s' if n_mentions != 1 else ''}")
    facts.append(f"<dt>Found</dt><dd>{html.escape(', '.join(counts))}</dd>")
    return (
        f'<h2 class="cs-article-title">{html.escape(str(title))}</h2>\n'
        f'<dl class="cs-facts">{"".join(facts)}</dl>'
    )


def facts_html(facts: Mapping[str, Any], *, title: str | None = None) -> str:
    """A heading (optional) and a definition list of ``facts``, all escaped."""
    items = "".join(
        f"<dt>{html.escape(str(k).replace('_', ' ').capitalize())}</dt>"
        f"<dd>{html.escape(str(v))}</dd>"
        for k, v in facts.items()
        if v is not None and v is not pd.NA
    )
    head = f'<h2 class="cs-article-title">{html.escape(title)}</h2>\n' if title else ""
    return f'{head}<dl class="cs-facts">{items}</dl>'


def contrast_html(pairs: pd.DataFrame, *, links: Mapping[str, str] | None = None) -> str:
    """Contrasting statements side by side (see
    :func:`claimscope.analysis.contrast.contrasting_statements`).

    Args:
        pairs: The pairs, most contrasting first.
        links: Quote id -> relative address of the quote's article report (optional).
    """
    if pairs.empty:
        return '<p class="cs-note">No statements of opposite polarity about this topic.</p>'
    links = links or {}
    out = []
    for row in pairs.itertuples(index=False):
        sides = []
        for part, css in (("a", "cs-pro"), ("b", "cs-con")):
            speaker = getattr(row, f"speaker_{part}")
            side = getattr(row, f"side_{part}")
            quote_id = getattr(row, f"quote_id_{part}")
            who = html.escape(str(speaker)) + (
                f" ({html.escape(str(side))})" if side and side != speaker else ""
            )
            where = link_html(quote_id, links.get(str(quote_id)))
            terms = html.escape(str(getattr(row, f"terms_{part}")))
            sides.append(
                f'<blockquote class="{css}">{html.escape(str(getattr(row, f"text_{part}")))}'
                f"<cite>{who}, {where}; polarity {getattr(row, f'polarity_{part}'):+.2f} "
                f"({terms})</cite></blockquote>"
            )
        shared = html.escape(str(row.shared_entities or "the topic"))
        out.append(
            f'<p class="cs-note">Score {row.score:.2f}; both mention {shared}.</p>'
            f'<div class="cs-pair">{"".join(sides)}</div>'
        )
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Long texts in a table: the corpus-wide table of quotes

#: Characters of a clipped cell embedded in the page at most (longer texts end with "…").
CLIP_LIMIT = 300

#: Styles of clipped cells: two lines shown, the whole text while the pointer is on the cell.
CLIPPED_CSS = (
    "<style>\n"
    ".cs-clip { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; "
    "line-clamp: 2; overflow: hidden; max-width: 48em; }\n"
    ".cs-clip:hover { -webkit-line-clamp: unset; line-clamp: unset; "
    "overflow: visible; }\n"
    "</style>"
)


def _clipped(value: object, limit: int) -> str:
    """A long text as an escaped cell shown on two lines, whole on hover (cut at ``limit``
    characters, between words, with an ellipsis)."""
    from claimscope.analysis.aggregates import shortened

    text = "" if value is None or value is pd.NA else str(value)
    shown = shortened(text, limit) if len(text) > limit else " ".join(text.split())
    # no quotes in the markup nor escaped in the text: each would cost bytes three times
    # over in the table's data (HTML inside JSON inside a script)
    return f"<span class=cs-clip>{html.escape(shown, quote=False)}</span>"


def clipped_table_html(
    frame: pd.DataFrame,
    *,
    clipped: Iterable[str] = ("text",),
    links: Mapping[str, Iterable[str | None]] | None = None,
    limit: int = CLIP_LIMIT,
    max_rows: int = 5000,
    page_length: int = 10,
) -> str:
    """A searchable, sortable table (itables, offline) whose long texts are clipped.

    The cells of the ``clipped`` columns show two lines and their whole text on hover; the
    search looks through all of it. Texts longer than ``limit`` characters are cut with an
    ellipsis, so one transcript does not weigh on the page. Like
    :func:`interactive_table_html`, every cell is escaped and ``links`` columns become links;
    the table bundle is not included (:func:`show_clipped_table` emits it once per page).
    """
    table = _datatable_html(
        frame,
        links=links,
        max_rows=max_rows,
        page_length=page_length,
        quoted=False,
        clipped=clipped,
        limit=limit,
    )
    return f"{CLIPPED_CSS}\n{table}"


def show_clipped_table(
    frame: pd.DataFrame,
    *,
    clipped: Iterable[str] = ("text",),
    links: Mapping[str, Iterable[str | None]] | None = None,
    limit: int = CLIP_LIMIT,
    max_rows: int = 5000,
) -> None:
    """Display :func:`clipped_table_html`; the first interactive table of a kernel carries
    the itables bundle, as with :func:`show_table`."""
    from IPython.display import HTML, display

    if frame.empty:
        display(HTML('<p class="cs-note">No rows.</p>'))
        return
    _show_interactive(
        clipped_table_html(frame, clipped=clipped, links=links, limit=limit, max_rows=max_rows)
    )
