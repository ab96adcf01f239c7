"""The file names of report pages.

Report files are named after article ids made filesystem-safe (:func:`slugify`): ASCII
letters, digits, ``.``, ``_`` and ``-``, at most 80 characters; ids that collide after that
(``a/b`` and ``a b``, or ``A`` and ``a`` on a case-insensitive disk) get ``-2``, ``-3`` in
article order, and names used by the report folder itself (``index``, ``corpus``) are avoided.
An article slug that would start like a speaker's or topic's page (``speaker-``, ``topic-``)
is prefixed with ``article-``, so the kinds of page never collide.

:func:`article_pages` maps every article id to its page in the order
:func:`claimscope.present.site.build_reports` names them, so any report can link to an
article's page (:func:`article_links`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

#: Names the report folder uses itself, never given to a report.
RESERVED_SLUGS = frozenset({"index", "notebooks", "charts", "corpus"})

#: Prefixes of the pages of speakers and topics, which article pages never start with.
RESERVED_PREFIXES = ("speaker-", "topic-")

#: Longest slug.
MAX_SLUG = 80


def slugify(article_id: str) -> str:
    """A filesystem-safe name for an article id (not yet unique; see :func:`unique_slugs`)."""
    ascii_id = unicodedata.normalize("NFKD", article_id).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_id).strip("-._")[:MAX_SLUG].strip("-._")
    return slug or "article"


def unique_slugs(article_ids: Iterable[str]) -> list[str]:
    """Distinct slugs for ``article_ids``, in order, distinct even on case-insensitive disks."""
    used = set(RESERVED_SLUGS)
    out = []
    for article_id in article_ids:
        base = slugify(article_id)
        if base.lower().startswith(RESERVED_PREFIXES):
            base = f"article-{base}"[:MAX_SLUG]
        slug, n = base, 1
        while slug.lower() in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug.lower())
        out.append(slug)
    return out


def article_pages(article_ids: Iterable[str]) -> dict[str, str]:
    """The report file name (``SLUG.html``) of each article, given every article id in table
    order (the order :func:`claimscope.present.site.build_reports` names them in)."""
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
