"""HTML pages: one article each, its main text and metadata extracted by trafilatura.

The main text, title, date, url and site name (as outlet) are extracted offline (nothing is
fetched). The text is trafilatura's plain-text output, with Unix newlines. It is extracted from
the tree :func:`~claimscope.ingest.htmltree.page_tree` gives: without ``<noscript>`` text (a page
that is only "enable JavaScript" has no main text), and flattened when it is nested deeper than
the HTML parser goes, so that the text of a deep page is found. A page with no text outside
navigation, page furniture, buttons and scripts has no main text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import trafilatura

from claimscope.ingest.decode import normalise_newlines
from claimscope.ingest.htmltree import has_own_text, page_tree
from claimscope.ingest.metadata import metadata
from claimscope.ingest.rejections import display_path, reject
from claimscope.records import Article, Rejection


def read_html(path: Path, html: str) -> Iterator[Article | Rejection]:
    tree = page_tree(html)
    document = (
        None
        if tree is None or not has_own_text(tree)
        else trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False)
    )
    text = normalise_newlines(document.text or "") if document is not None else ""
    if not text.strip():
        yield reject(
            path,
            "no_main_text",
            "no main text was found in this HTML page (it may be an index page, a "
            "script-rendered page or an error page); save the article text as .txt instead",
            article_id=display_path(path.stem),
        )
        return
    meta = metadata(
        {
            "title": document.title,
            "date": document.date,
            "outlet": document.sitename,
            "url": document.url,
        },
        path,
    )
    yield Article(
        article_id=display_path(path.stem),
        text=text,
        title=meta["title"],
        date=meta["date"],
        outlet=meta["outlet"],
        url=meta["url"],
        source=display_path(path),
    )
