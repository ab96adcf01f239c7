"""HTML pages: one article each, its main text and metadata extracted by trafilatura.

The main text, title, date, url and site name (as outlet) are extracted offline (nothing is
fetched). The text is trafilatura's plain-text output, with Unix newlines.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import trafilatura

from claimscope.ingest.decode import normalise_newlines
from claimscope.ingest.metadata import metadata
from claimscope.ingest.rejections import reject
from claimscope.records import Article, Rejection


def read_html(path: Path, html: str) -> Iterator[Article | Rejection]:
    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    text = normalise_newlines(document.text or "") if document is not None else ""
    if not text.strip():
        yield reject(
            path,
            "no_main_text",
            "no main text was found in this HTML page (it may be an index page, a "
            "script-rendered page or an error page); save the article text as .txt instead",
            article_id=path.stem,
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
        article_id=path.stem,
        text=text,
        title=meta["title"],
        date=meta["date"],
        outlet=meta["outlet"],
        url=meta["url"],
        source=str(path),
    )
