"""Plain text and Markdown files: one article each.

``.txt``
    The whole file is one article. Its id is the file's stem.
``.md``, ``.markdown``
    One article, with optional YAML front matter: a ``---`` line at the very top, ``key: value``
    lines, and a closing ``---`` (or ``...``) line. Keys ``id``, ``title``, ``date`` (or
    ``published``), ``outlet`` (or ``source``) and ``url`` are read; other keys are ignored. The
    text is the body after the closing line: exactly what follows the newline that ends it. YAML
    reads ``id: 007`` as the number 7, so quote ids that must stay as written (``id: "007"``).
    Markdown markup is kept as written, not rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import yaml

from claimscope.ingest.metadata import metadata
from claimscope.ingest.rejections import reject
from claimscope.records import Article, Rejection

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL | re.M)
_FRONT_MATTER_OPENING = re.compile(r"\A---[ \t]*(?:\n|\Z)")


def read_txt(path: Path, text: str) -> Iterator[Article | Rejection]:
    yield Article(article_id=path.stem, text=text, source=str(path))


def read_markdown(path: Path, text: str) -> Iterator[Article | Rejection]:
    match = _FRONT_MATTER.match(text)
    if match is None and _FRONT_MATTER_OPENING.match(text):
        yield reject(
            path,
            "bad_front_matter",
            "the file starts with a '---' line but the front matter has no closing '---' "
            "line; add one after the last key: value line, or remove the first line",
            article_id=path.stem,
        )
        return
    fields: Mapping[str, object] = {}
    body = text
    if match is not None:
        body = text[match.end() :]
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError as error:
            yield reject(
                path,
                "bad_front_matter",
                f"the front matter is not valid YAML ({_yaml_problem(error)}); fix it, quoting "
                "values that contain ': ' or start with a special character",
                article_id=path.stem,
            )
            return
        if loaded is not None and not isinstance(loaded, dict):
            yield reject(
                path,
                "bad_front_matter",
                f"the front matter must be 'key: value' lines, found a YAML "
                f"{type(loaded).__name__}; write e.g. 'title: ...' and 'date: 2019-01-04'",
                article_id=path.stem,
            )
            return
        fields = loaded or {}
    meta = metadata(fields, path)
    article_id = meta["id"] or path.stem
    if not body.strip():
        yield reject(
            path,
            "empty",
            "the file has no text after its front matter",
            article_id=article_id,
        )
        return
    yield Article(
        article_id=article_id,
        text=body,
        title=meta["title"],
        date=meta["date"],
        outlet=meta["outlet"],
        url=meta["url"],
        source=str(path),
    )


def _yaml_problem(error: yaml.YAMLError) -> str:
    """What YAML found wrong in front matter, with line numbers counted in the whole file."""
    if not isinstance(error, yaml.MarkedYAMLError):
        return str(error).splitlines()[0]
    parts = []
    for text, mark in ((error.context, error.context_mark), (error.problem, error.problem_mark)):
        if text:
            # +2: marks count from 0, inside the front matter, after the opening '---' line
            parts.append(text if mark is None else f"{text} at line {mark.line + 2}")
    return ": ".join(parts) or str(error).splitlines()[0]
