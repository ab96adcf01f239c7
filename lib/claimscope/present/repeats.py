"""The "Repeated quotes" page in HTML: each group's words, where they appeared, and their
variants side by side with the words that differ marked.

Every text taken from the data is HTML-escaped; links go only to report pages (see
:func:`claimscope.present.display.link_html`). Each group's section has the anchor
:func:`anchor`, so the speaker and topic pages link to it (:func:`group_links`).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

import pandas as pd

from claimscope.analysis.aggregates import shortened
from claimscope.analysis.repeats import listing, seen_at, variants, word_changes
from claimscope.present.display import link_html, show_clipped_table

#: The page of the report site that shows the groups.
PAGE = "repeated-quotes.html"

#: Articles listed by name in a variant's row at most (the rest are counted).
MAX_ARTICLE_LINKS = 8

#: Styles of the group sections: inserted words underlined in green, words left out struck
#: through in red, so the marks read without colour too.
CSS = """<style>
.cs-group { margin: 0 0 2.5rem 0; }
.cs-group blockquote { margin: 0 0 0.5rem 0; padding: 0.5rem 0.75rem;
  border-left: 4px solid #0072B2; background: #0072B20d; }
.cs-group .cs-note strong { color: #1d1d1f; }
.cs-warning { color: #8a3b00; font-weight: bold; }
.cs-variants td:first-child { min-width: 18em; }
ins.cs-diff { text-decoration: underline; text-decoration-thickness: 2px;
  text-decoration-color: #009E73; background: #009E7326; }
del.cs-diff { color: #A6241B; background: #D55E0014; }
</style>"""


def anchor(group_id: str) -> str:
    """The id of a group's section on :data:`PAGE`."""
    return f"group-{group_id}"


def group_links(
    group_ids: Iterable[object], shown: Iterable[str], page: str | None = PAGE
) -> list[str | None]:
    """The address of each group's section on ``page`` (``""``: on this very page); None for
    a group the page does not show (not among ``shown``), and for every group when ``page`` is
    None."""
    listed = set(shown)
    if page is None:
        return [None for _ in group_ids]
    return [
        f"{page}#{anchor(g)}" if isinstance(g, str) and g in listed else None for g in group_ids
    ]


def show_groups(groups: pd.DataFrame, shown: Iterable[str], page: str | None = PAGE) -> None:
    """Display ``groups`` (rows of ``quote_groups``) as a searchable table to read
    (:func:`claimscope.analysis.repeats.listing`), their words linked to their sections on
    ``page`` when it shows them (see :func:`group_links`)."""
    show_clipped_table(
        listing(groups),
        clipped=["Words"],
        links={"Words": group_links(groups["group_id"], shown, page)},
    )


def marked_html(canonical: str, variant: str) -> str:
    """``variant`` escaped, with the words that are not in ``canonical`` marked as inserted
    and the words of ``canonical`` it leaves out (inside it, not at its ends) struck through
    (see :func:`claimscope.analysis.repeats.word_changes`)."""
    out: list[str] = []
    at = 0  # how much of the variant is written out
    for change in word_changes(canonical, variant):
        out.append(html.escape(variant[at : change.start]))
        if change.canonical:
            out.append(
                f'<del class="cs-diff" title="left out">{html.escape(change.canonical)}</del>'
            )
        if change.end > change.start:
            out.append(" " if change.canonical else "")
            out.append(
                '<ins class="cs-diff" title="not in the longest variant">'
                f"{html.escape(change.variant_words(variant))}</ins>"
            )
        elif change.start < len(variant):
            out.append(" ")
        at = change.end
    out.append(html.escape(variant[at:]))
    return "".join(out)


def _article_list(article_ids: list[str], seen: pd.DataFrame, pages: Mapping[str, str]) -> str:
    by_id = seen.drop_duplicates("article_id").set_index("article_id")
    items = []
    for article_id in article_ids[:MAX_ARTICLE_LINKS]:
        row = by_id.loc[article_id]
        title = row["title"] if isinstance(row["title"], str) and row["title"] else article_id
        where = seen_at(row["date"], row["outlet"])
        item = link_html(shortened(title, 80), pages.get(article_id))
        items.append(item + (f" <small>({html.escape(where)})</small>" if where else ""))
    more = len(article_ids) - MAX_ARTICLE_LINKS
    if more > 0:
        items.append(f"and {more} more")
    return "<br>".join(items)


def group_html(
    number: int, group: Mapping[str, object], seen: pd.DataFrame, pages: Mapping[str, str]
) -> str:
    """One group's section: its canonical words, where and when they appeared, who was
    credited, and its variants side by side with their differences marked.

    Args:
        number: The group's rank on the page (from 1).
        group: The group's row of ``quote_groups``.
        seen: The group's rows of :func:`claimscope.analysis.repeats.appearances`.
        pages: Article id -> relative address of the article's report.
    """
    text = str(group["text"])
    n_articles, n_outlets = int(group["n_articles"]), int(group["n_outlets"])
    first = seen_at(group.get("first_date"), group.get("first_outlet"))
    last = seen_at(group.get("last_date"), group.get("last_outlet"))
    span = f"first seen {first}" if first else "first seen in an undated article"
    if last and last != first:
        span += f", last seen {last}"
    where = f"{n_articles} articles" + (
        f" of {n_outlets} outlet{'s' if n_outlets != 1 else ''}" if n_outlets else ""
    )
    speakers = seen["speaker"].dropna().value_counts()
    credited = "; ".join(f"{html.escape(str(s))} ({n})" for s, n in speakers.items())
    lines = [
        f'<section class="cs-group" id="{anchor(str(group["group_id"]))}">',
        f"<h3>{number}. {html.escape(shortened(text, 90))}</h3>",
        f"<blockquote>{html.escape(text)}</blockquote>",
        f'<p class="cs-note">In {html.escape(where)}; {html.escape(span)}. '
        f"<strong>Credited to:</strong> {credited or 'no speaker found'}.</p>",
    ]
    if bool(group.get("speakers_disagree")):
        lines.append(
            '<p class="cs-note cs-warning">These words are credited to different speakers: '
            "check which one said them.</p>"
        )
    rows = []
    for v in variants(seen, text).itertuples(index=False):
        words = html.escape(v.words) if v.canonical else marked_html(text, v.words)
        label = "longest variant" if v.canonical else v.difference
        rows.append(
            "<tr>"
            f"<td>{words}</td>"
            f"<td>{html.escape(label)}</td>"
            f'<td class="num">{v.n_quotes}</td>'
            f"<td>{html.escape(v.outlets)}</td>"
            f"<td>{html.escape(v.speakers)}</td>"
            f"<td>{_article_list(v.article_ids, seen, pages)}</td>"
            "</tr>"
        )
    lines += [
        '<table class="cs-table cs-variants">',
        "<thead><tr><th>As written</th><th>Difference</th><th>Quotes</th><th>Outlets</th>"
        "<th>Credited to</th><th>Articles</th></tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
        "</section>",
    ]
    return "\n".join(lines)


def groups_html(groups: pd.DataFrame, seen: pd.DataFrame, pages: Mapping[str, str]) -> str:
    """Every group of ``groups`` (ranked) as :func:`group_html` sections, with the page's
    styles."""
    if groups.empty:
        return '<p class="cs-note">No quotation appears in two articles or more.</p>'
    by_group = dict(tuple(seen.groupby("group_id", sort=False)))
    sections = [
        group_html(i, row, by_group.get(row["group_id"], seen.head(0)), pages)
        for i, row in enumerate(groups.to_dict("records"), start=1)
    ]
    return "\n".join([CSS, *sections])
