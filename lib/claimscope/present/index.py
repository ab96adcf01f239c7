"""The index page of a report folder: one section per kind of report, failures marked.

:func:`index_html` lists the entries of a report build (see
:func:`claimscope.present.site.build_reports`) by kind, in the order of :data:`SECTIONS`, each
linked to its page, with the date and number of quotes; a report whose notebook failed is
marked with its error. Everything taken from the data is HTML-escaped, and the page loads
nothing from outside itself.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimscope.present.site import ReportEntry

#: Kinds of report, in the order the index shows them, with their section titles.
SECTIONS: dict[str, str] = {
    "corpus": "Corpus",
    "article": "Articles",
    "speaker": "Speakers",
    "topic": "Topics",
    "groups": "Repeated quotes",
}

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
    entries: Iterable[ReportEntry],
    *,
    n_skipped: int = 0,
    chosen: str = "quoted",
    data_dir: str | None = None,
) -> str:
    """The index page: one section per kind of report; failed ones are marked with their error.

    Args:
        entries: The reports.
        n_skipped: Articles left out (no page), and ``chosen``: which ones have a page then
            (``"quoted"``: the most quoted; ``"recent"``: the most recent).
        data_dir: The folder of tables the reports were made from.
    """
    entries = list(entries)
    n_failed = sum(not e.ok for e in entries)
    summary = f"{len(entries)} report{'s' if len(entries) != 1 else ''}"
    if n_failed:
        summary += f", {n_failed} failed"
    if n_skipped:
        summary += (
            f"; {n_skipped} more article{'s' if n_skipped != 1 else ''} not reported"
            f" (the most {chosen} have a page)"
        )
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
