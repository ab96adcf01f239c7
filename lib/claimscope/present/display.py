"""Offline HTML output for notebooks and the reports made from them.

Charts (:func:`show`)
    Altair's own HTML renderer loads its scripts from a CDN, so an offline report shows blank
    charts. :func:`chart_html` instead renders each chart as

    * the Vega-Embed bundle from :func:`vl_convert.javascript_bundle` (Vega, Vega-Lite and
      Vega-Embed in one script, about 900 KB), emitted only with the first chart a kernel shows,
      so a page carries it once;
    * a ``<div>`` whose id is derived from a hash of the chart's spec (not random, so executed
      notebooks are reproducible), holding a static SVG of the chart as the fallback for readers
      whose viewer runs no scripts (an untrusted notebook, a mail client);
    * a small script that calls ``vegaEmbed`` into that div and removes the fallback once the
      interactive chart is drawn;
    * a link that downloads the chart's data as CSV, embedded in the page as a ``data:`` URL.

    When a charts folder is configured (:func:`configure`), the chart's data is also written
    there as ``NAME.csv``.

Articles (:func:`highlight_article`)
    The article text with quotes, cues, speaker mentions and entity mentions marked.

Tables (:func:`show_table`, :func:`table_html`, :func:`interactive_table_html`)
    A DataFrame as a searchable, sortable table (itables, offline: its DataTables bundle,
    about 1 MB, is emitted once per page with the first table, like the Vega bundle), with a
    plain escaped HTML table as the fallback for readers whose viewer runs no scripts. Cell
    values are HTML-escaped by itables; columns listed as ``links`` hold links built here from
    escaped text and addresses.

Everything taken from the data is HTML-escaped; JSON placed inside scripts has ``<``, ``>``
and ``&`` escaped as ``\\u003c`` etc., so no text from an article can close a script element.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import vl_convert

from claimscope.present.charts import ENTITY_LABEL_COLOURS, KIND_COLOURS, SPEAKER_TYPE_COLOURS
from claimscope.run.store import atomic_write_text

logger = logging.getLogger(__name__)

#: Marker on the script element that carries the Vega-Embed bundle (tests count it).
BUNDLE_MARKER = "claimscope-vega-bundle"

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
    ids: dict[str, int] = field(default_factory=dict)  # chart ids used, with their count


_state = _State()


def configure(*, charts_dir: str | os.PathLike | None = None) -> None:
    """Set where :func:`show` writes each chart's data as CSV (``None`` or ``""``: nowhere)."""
    _state.charts_dir = Path(charts_dir) if charts_dir else None


def reset() -> None:
    """Forget what was emitted, as if the kernel had just started (the next chart re-emits the
    bundle). Keeps the configured charts folder."""
    _state.bundle_emitted = False
    _state.table_bundle_emitted = False
    _state.ids = {}


# --------------------------------------------------------------------------------------------
# Charts


def _vl_version() -> str:
    """Vega-Lite version of the installed Altair as vl_convert names it (``"6.4"``)."""
    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    wanted = f"{major}.{minor}"
    available = vl_convert.get_vegalite_versions()
    if wanted in available:
        return wanted
    same_major = [v for v in available if v.split(".")[0] == major]
    if not same_major:
        raise RuntimeError(
            f"vl-convert {vl_convert.__version__} supports Vega-Lite {available}, not Altair's "
            f"{alt.SCHEMA_VERSION}; install matching versions of altair and vl-convert-python"
        )
    return max(same_major, key=lambda v: tuple(int(p) for p in v.split(".")))


@lru_cache(maxsize=1)
def vega_bundle_html() -> str:
    """The ``<script>`` element that defines ``window.vegaEmbed``, for one page.

    The bundle declares top-level constants; it runs inside a function so that running it a
    second time in the same page (a notebook re-run after a kernel restart) is harmless, and
    is skipped when ``vegaEmbed`` is already defined.
    """
    bundle = vl_convert.javascript_bundle(vl_version=_vl_version())
    if re.search(r"</script", bundle, flags=re.IGNORECASE):
        raise RuntimeError("the Vega-Embed bundle contains '</script' and cannot be inlined")
    return (
        f'<script type="text/javascript" class="{BUNDLE_MARKER}">\n'
        "if (typeof window.vegaEmbed === 'undefined') { (function () {\n"
        f"{bundle}\n"
        "})(); }\n"
        "</script>"
    )


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


def _csv_link(data: pd.DataFrame, name: str) -> str:
    payload = base64.b64encode(data.to_csv(index=False).encode("utf-8")).decode("ascii")
    filename = html.escape(f"{name}.csv", quote=True)
    return (
        f'<p class="cs-chart-data"><a download="{filename}" '
        f'href="data:text/csv;charset=utf-8;base64,{payload}">Download the data (CSV)</a></p>'
    )


def _safe_name(name: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    if not safe:
        raise ValueError(f"chart name {name!r} has no usable characters; use letters or digits")
    return safe


def chart_html(chart: alt.TopLevelMixin, *, name: str, include_bundle: bool = False) -> str:
    """One chart as offline HTML: fallback SVG in a div, the ``vegaEmbed`` call, a CSV link.

    Args:
        chart: Any Altair chart with inline data.
        name: Short name of the chart (``quotes-per-speaker``); names the CSV file.
        include_bundle: Put the Vega-Embed bundle before the chart (do it once per page).

    Returns:
        An HTML fragment with no reference to anything outside itself.
    """
    name = _safe_name(name)
    spec = chart.to_dict()
    div_id = _chart_id(spec)
    svg = vl_convert.vegalite_to_svg(spec, vl_version=_vl_version())
    svg = re.sub(r"^<\?xml[^>]*\?>\s*", "", svg)
    data = chart_data(chart)
    parts = [vega_bundle_html()] if include_bundle else []
    parts += [
        f'<div class="cs-chart" id="{div_id}">',
        f'<div class="cs-chart-fallback">{svg}</div>',
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
        parts.append(_csv_link(data, name))
    return "\n".join(parts)


def show(chart: alt.TopLevelMixin, *, name: str) -> None:
    """Display a chart in the notebook, offline (see the module docstring).

    The first chart shown in a kernel carries the Vega-Embed bundle. A chart whose data is an
    empty frame is shown as a short note instead. When :func:`configure` set a charts folder,
    the chart's data is written there as ``NAME.csv``.
    """
    from IPython.display import HTML, display

    data = chart_data(chart)
    if data is not None and data.empty:
        display(HTML(f'<p class="cs-note">No data for the chart {html.escape(name)}.</p>'))
        return
    if data is not None and _state.charts_dir is not None:
        write_chart_data(data, _state.charts_dir / f"{_safe_name(name)}.csv")
    fragment = chart_html(chart, name=name, include_bundle=not _state.bundle_emitted)
    _state.bundle_emitted = True
    display(HTML(fragment))


def write_chart_data(data: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write a chart's data as CSV (UTF-8, no index), atomically."""
    atomic_write_text(path, data.to_csv(index=False))


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


#: Marker on the element that carries the itables (DataTables) bundle (tests count it).
TABLE_BUNDLE_MARKER = "claimscope-table-bundle"


@lru_cache(maxsize=1)
def table_bundle_html() -> str:
    """The itables offline bundle (DataTables and its CSS), for one page."""
    from itables import options
    from itables.javascript import generate_init_offline_itables_html

    bundle = generate_init_offline_itables_html(options.dt_bundle)
    return f'<div class="{TABLE_BUNDLE_MARKER}">\n{bundle}\n</div>'


def link_html(text: object, href: str | None) -> str:
    """``text`` escaped, as a link to the relative address ``href`` when there is one.

    Only relative addresses of report pages (letters, digits, ``.``, ``_``, ``-``, ``/`` and
    ``#``) are linked; anything else is shown as text.
    """
    label = html.escape("" if text is None or text is pd.NA else str(text))
    if href and re.fullmatch(r"[A-Za-z0-9._/#-]+", href) and not href.startswith("//"):
        return f'<a href="{html.escape(href, quote=True)}">{label}</a>'
    return label


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
        HTML without the bundle (see :func:`table_bundle_html`).
    """
    from itables.javascript import to_html_datatable

    shown = frame.head(max_rows).reset_index(drop=True)
    shown = shown.astype(object).where(shown.notna(), None)
    escaped = shown.map(lambda v: "" if v is None else html.escape(str(v)))
    for column, hrefs in (links or {}).items():
        hrefs = list(hrefs)[: len(shown)]
        escaped[column] = [link_html(v, h) for v, h in zip(shown[column], hrefs, strict=True)]
    escaped.columns = [html.escape(str(c)) for c in escaped.columns]
    digest = hashlib.sha1(escaped.to_json().encode("utf-8")).hexdigest()[:12]
    _state.ids[digest] = _state.ids.get(digest, 0) + 1
    table_id = f"cs-table-{digest}" + (f"-{_state.ids[digest]}" if _state.ids[digest] > 1 else "")
    body = to_html_datatable(
        escaped,
        connected=False,
        table_id=table_id,
        allow_html=True,
        showIndex=False,
        pageLength=page_length,
        lengthMenu=[10, 25, 100],
        classes="display compact",
        maxBytes=0,
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

    The first interactive table shown in a kernel carries the itables bundle.
    """
    from IPython.display import HTML, display

    if frame.empty:
        display(HTML('<p class="cs-note">No rows.</p>'))
        return
    if not interactive:
        display(HTML(table_html(frame, max_rows=max_rows)))
        return
    fragment = interactive_table_html(frame, links=links, max_rows=max_rows or 5000)
    if not _state.table_bundle_emitted:
        fragment = table_bundle_html() + "\n" + fragment
        _state.table_bundle_emitted = True
    display(HTML(fragment))


def show_html(fragment: str) -> None:
    """Display an HTML fragment built by this module."""
    from IPython.display import HTML, display

    display(HTML(fragment))


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


# --------------------------------------------------------------------------------------------
# Article highlighting


def _tint(colour: str, alpha: str = "33") -> str:
    return f"{colour}{alpha}"


HIGHLIGHT_CSS = "\n".join(
    [
        ".cs-article { line-height: 1.7; }",
        ".cs-article p { margin: 0 0 1em 0; }",
        ".cs-quote { border-bottom: 2px solid #888; padding: 0.1em 0; }",
        *[
            f".cs-quote.cs-{kind} {{ background: {_tint(colour)}; border-color: {colour}; }}"
            for kind, colour in KIND_COLOURS.items()
        ],
        ".cs-cue { font-weight: bold; text-decoration: underline; "
        "text-decoration-thickness: 2px; }",
        ".cs-speaker { outline: 2px solid #333; outline-offset: 1px; border-radius: 2px; }",
        *[
            f".cs-speaker.cs-speaker-{kind.lower()} {{ outline-color: {colour}; }}"
            for kind, colour in SPEAKER_TYPE_COLOURS.items()
        ],
        f".cs-mention {{ border-bottom: 2px dotted {ENTITY_LABEL_COLOURS['OTHER']}; }}",
        *[
            f".cs-mention.cs-{label.lower()} {{ border-bottom-color: {colour}; }}"
            for label, colour in ENTITY_LABEL_COLOURS.items()
            if label != "OTHER"
        ],
        ".cs-legend span { margin-right: 1em; padding: 0.1em 0.3em; }",
        ".cs-legend { margin: 0.5em 0 1em 0; font-size: 0.9em; }",
    ]
)


def highlight_css() -> str:
    """The ``<style>`` element the highlighted article needs (its classes start with ``cs-``)."""
    return f"<style>\n{HIGHLIGHT_CSS}\n</style>"


def highlight_legend() -> str:
    """A one-line legend for :func:`highlight_article`'s marks."""
    kinds = "".join(
        f'<span class="cs-quote cs-{kind}">{kind} quote</span>' for kind in KIND_COLOURS
    )
    return (
        f'<div class="cs-legend">{kinds}<span class="cs-cue">cue</span>'
        '<span class="cs-speaker">speaker</span><span class="cs-mention">entity mention</span>'
        " Hover over a mark for details.</div>"
    )


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    layer: str  # "quote" or one of the inline roles
    css: str
    title: str
    order: int  # tie-breaker: position in its table


_INLINE_ROLES = ("cue", "speaker", "mention")  # priority when inline marks overlap


def _int(value: Any) -> int | None:
    return None if value is None or value is pd.NA or pd.isna(value) else int(value)


def _text(value: Any) -> str | None:
    return None if value is None or value is pd.NA or pd.isna(value) else str(value)


def _valid(start: int | None, end: int | None, n: int, what: str) -> bool:
    if start is None or end is None:
        return False
    if not 0 <= start < end <= n:
        logger.warning(
            "skipping %s with offsets %s:%s outside the text (length %s)", what, start, end, n
        )
        return False
    return True


def _quote_marks(text: str, quotes: pd.DataFrame) -> Iterable[_Mark]:
    n = len(text)
    for rank, row in enumerate(quotes.to_dict("records"), start=1):
        kind = _text(row.get("kind")) or "quote"
        speaker = _text(row.get("speaker")) or _text(row.get("speaker_mention"))
        speaker_type = _text(row.get("speaker_type"))
        cue = _text(row.get("cue"))
        stance = _text(row.get("stance"))
        who = f"{speaker} ({speaker_type})" if speaker and speaker_type else speaker
        label = f"quote {rank}"
        start, end = _int(row.get("start")), _int(row.get("end"))
        if _valid(start, end, n, f"{label} ({row.get('quote_id')})"):
            expected = _text(row.get("text"))
            if expected is not None and text[start:end] != expected:
                logger.warning(
                    "quote %s: text at %s:%s differs from the quote's text",
                    row.get("quote_id"),
                    start,
                    end,
                )
            details = [
                f"{kind} {label}",
                f"speaker: {who or 'not found'}",
                f"cue: {cue or 'none'}" + (f" ({stance})" if stance else ""),
            ]
            css = f"cs-quote cs-{kind}" if kind in KIND_COLOURS else "cs-quote"
            yield _Mark(start, end, "quote", css, " | ".join(details), rank)
        cs, ce = _int(row.get("cue_start")), _int(row.get("cue_end"))
        if _valid(cs, ce, n, f"cue of {label}"):
            title = f"cue of {label}: {cue or text[cs:ce]}" + (f" ({stance})" if stance else "")
            yield _Mark(cs, ce, "cue", "cs-cue", title, rank)
        ss, se = _int(row.get("speaker_start")), _int(row.get("speaker_end"))
        if _valid(ss, se, n, f"speaker of {label}"):
            css = "cs-speaker"
            if speaker_type in SPEAKER_TYPE_COLOURS:
                css += f" cs-speaker-{speaker_type.lower()}"
            yield _Mark(ss, se, "speaker", css, f"speaker of {label}: {who or text[ss:se]}", rank)


def _mention_marks(text: str, mentions: pd.DataFrame) -> Iterable[_Mark]:
    n = len(text)
    for rank, row in enumerate(mentions.to_dict("records"), start=1):
        start, end = _int(row.get("start")), _int(row.get("end"))
        if _valid(start, end, n, f"mention {rank}"):
            label = _text(row.get("label")) or "entity"
            entity = _text(row.get("entity")) or text[start:end]
            css_label = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "entity"
            yield _Mark(
                start, end, "mention", f"cs-mention cs-{css_label}", f"{label}: {entity}", rank
            )


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def highlight_article(
    text: str, quotes: pd.DataFrame, mentions: pd.DataFrame | None = None, *, css: bool = True
) -> str:
    """The article text as HTML with quotes, cues, speakers and entity mentions marked.

    Every character of ``text`` is HTML-escaped; marks come only from the offsets in the
    tables (``text[start:end]``), never from searching the text. Blank lines separate
    paragraphs (``<p>``); single line breaks become ``<br>``.

    Marks live on two layers, so the HTML always nests properly:

    * Quotes are the outer layer: ``<span class="cs-quote cs-KIND" title=...>`` whose title
      gives the kind, speaker and cue.
    * Cues, speaker mentions and entity mentions are the inner layer:
      ``<span class="cs-cue">``, ``cs-speaker``, ``cs-mention``. Where inner marks overlap
      each other, the covered text gets one span carrying all their classes and titles
      (a speaker that is also an entity mention is shown as both).

    Overlaps are handled by clipping: the text is cut at every mark boundary and at every
    paragraph break, and each piece is wrapped in the marks covering it. A mark that
    crosses a paragraph break, or an inner mark that crosses a quote boundary, is split
    into several elements with the same title. Where quotes overlap each other, the
    shorter quote wins over the stretch they share (ties: the earlier one).

    Marks whose offsets are missing or outside the text are skipped (with a logged warning).

    Args:
        text: The article text exactly as in ``articles.text``.
        quotes: The article's rows of the ``quotes`` table.
        mentions: The article's rows of the ``mentions`` table, if any.
        css: Prepend the ``<style>`` element with the marks' styles.

    Returns:
        ``<div class="cs-article">`` holding the paragraphs.
    """
    marks = list(_quote_marks(text, quotes))
    if mentions is not None:
        marks += list(_mention_marks(text, mentions))
    cuts = {0, len(text)}
    for mark in marks:
        cuts.update((mark.start, mark.end))
    breaks = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(text)]
    for start, end in breaks:
        cuts.update((start, end))
    bounds = sorted(cuts)
    break_starts = {start: end for start, end in breaks}

    out: list[str] = ['<div class="cs-article">', "<p>"]
    open_quote: _Mark | None = None
    open_inner: tuple[_Mark, ...] = ()

    def close_inner() -> None:
        nonlocal open_inner
        if open_inner:
            out.append("</span>")
        open_inner = ()

    def close_all() -> None:
        nonlocal open_quote
        close_inner()
        if open_quote is not None:
            out.append("</span>")
        open_quote = None

    skip_until = 0
    for left, right in itertools.pairwise(bounds):
        if left < skip_until:
            continue
        if left in break_starts:
            close_all()
            out.append("</p>\n<p>")
            skip_until = break_starts[left]
            continue
        covering = [m for m in marks if m.start <= left and right <= m.end]
        quotes_here = [m for m in covering if m.layer == "quote"]
        quote = min(quotes_here, key=lambda m: (m.end - m.start, m.start, m.order), default=None)
        inner = tuple(
            sorted(
                (m for m in covering if m.layer != "quote"),
                key=lambda m: (_INLINE_ROLES.index(m.layer), m.start, m.order),
            )
        )
        if quote != open_quote:
            close_all()
            if quote is not None:
                out.append(f'<span class="{quote.css}" title="{html.escape(quote.title)}">')
            open_quote = quote
        if inner != open_inner:
            close_inner()
            if inner:
                classes = " ".join(dict.fromkeys(m.css for m in inner))
                title = " | ".join(dict.fromkeys(m.title for m in inner))
                out.append(f'<span class="{classes}" title="{html.escape(title)}">')
            open_inner = inner
        out.append(html.escape(text[left:right]).replace("\n", "<br>\n"))
    close_all()
    out.append("</p>\n</div>")
    body = "".join(out).replace("<p></p>", "")
    return (highlight_css() + "\n" + body) if css else body


# --------------------------------------------------------------------------------------------
# Facts and contrasting statements


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
