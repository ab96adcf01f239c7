"""The file names of report pages.

Report files are named after article ids made filesystem-safe (:func:`slugify`): ASCII
letters, digits, ``.``, ``_`` and ``-``, at most 80 characters; ids that collide after that
(``a/b`` and ``a b``, or ``A`` and ``a`` on a case-insensitive disk) get ``-2``, ``-3`` in
article order, and names used by the report folder itself (``index``, ``corpus``) are avoided.
An article slug that would start like a speaker's or topic's page (``speaker-``, ``topic-``)
is prefixed with ``article-``, so the kinds of page never collide.

Every slug is a name Windows can use too (:func:`windows_safe`): the device names ``CON``,
``PRN``, ``AUX``, ``NUL``, ``COM0`` to ``COM9`` and ``LPT0`` to ``LPT9`` (in any case, also
before a dot: ``con.txt``) get a ``-`` after them (``CON-``, ``con-.txt``), and a slug never
ends with a dot or a space. Slugs of other ids are unchanged, so page names stay stable.

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

#: Device names Windows reserves as file names, whatever the case and extension.
WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(10)}
)


def windows_safe(name: str) -> str:
    """``name`` changed as little as needed to be a file name on Windows too.

    A reserved device name (see :data:`WINDOWS_DEVICES`) before the first dot, or alone, gets
    a ``-`` after it; trailing dots and spaces are removed.

    >>> windows_safe("CON"), windows_safe("nul.txt"), windows_safe("com10"), windows_safe("a.")
    ('CON-', 'nul-.txt', 'com10', 'a')
    """
    name = name.rstrip(". ")
    stem, dot, rest = name.partition(".")
    if stem.rstrip(" ").lower() in WINDOWS_DEVICES:
        return f"{stem}-{dot}{rest}"
    return name


def slugify(article_id: str) -> str:
    """A filesystem-safe name for an article id (not yet unique; see :func:`unique_slugs`)."""
    ascii_id = unicodedata.normalize("NFKD", article_id).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_id).strip("-._")[:MAX_SLUG].strip("-._")
    slug = windows_safe(slug or "article")
    if len(slug) > MAX_SLUG:  # a device name got its "-"
        slug = windows_safe(slug[:MAX_SLUG].rstrip("-._"))
    return slug


def unique_slugs(article_ids: Iterable[str]) -> list[str]:
    """Distinct slugs for ``article_ids``, in order, distinct even on case-insensitive disks."""
    used = set(RESERVED_SLUGS)
    out = []
    for article_id in article_ids:
        base = slugify(article_id)
        if base.lower().startswith(RESERVED_PREFIXES):
            base = f"article-{base}"[:MAX_SLUG].rstrip("-._")
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
