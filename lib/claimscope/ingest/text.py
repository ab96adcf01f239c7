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

Front matter that cannot be read at all (not YAML, not ``key: value`` pairs, lists or
mappings nested more than :data:`MAX_NESTING` levels deep, or an id that is not text or a
number) rejects the file as ``bad_front_matter``. A value YAML cannot build is kept as the
text written: a date that is no calendar date or time (``2019-02-30``, ``25:00``) is then a
date that cannot be read (the article is kept without one, with a warning), a number with
more digits than Python converts is its digits. A title, outlet or url that is not text
(``!!binary``, a list) is left out with a warning (see :mod:`~claimscope.ingest.metadata`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import yaml

from claimscope.ingest.metadata import id_problem, metadata
from claimscope.ingest.rejections import display_path, reject
from claimscope.records import Article, Rejection

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL | re.M)
_FRONT_MATTER_OPENING = re.compile(r"\A---[ \t]*(?:\n|\Z)")

#: Front matter whose brackets nest deeper than this is not given to the YAML reader, which
#: would take seconds over it before failing.
MAX_NESTING = 100

_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


class FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, where a scalar that its type cannot be built from stays the text
    as written: ``2019-02-30`` (no such day), ``2019-01-04 25:00`` (no such hour), ``!!int x``,
    ``!!int`` with no digits, ``!!timestamp soon``, a number of more digits than Python
    converts, ``!!bool maybe``."""


def _as_written(
    construct: Callable[[yaml.SafeLoader, yaml.Node], object],
) -> Callable[[yaml.SafeLoader, yaml.Node], object]:
    def build(loader: yaml.SafeLoader, node: yaml.Node) -> object:
        try:
            return construct(loader, node)
        # PyYAML's builders fail on values their tag does not fit in more ways than one:
        # ValueError (no such day, too many digits), KeyError (!!bool maybe), IndexError
        # (!!int with no digits), AttributeError (!!timestamp that is not one), OverflowError.
        except (ValueError, KeyError, IndexError, AttributeError, OverflowError):
            return loader.construct_scalar(node)

    return build


for _tag, _construct in (
    ("timestamp", yaml.SafeLoader.construct_yaml_timestamp),
    ("int", yaml.SafeLoader.construct_yaml_int),
    ("float", yaml.SafeLoader.construct_yaml_float),
    ("bool", yaml.SafeLoader.construct_yaml_bool),
):
    FrontMatterLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _as_written(_construct))


def read_txt(path: Path, text: str) -> Iterator[Article | Rejection]:
    yield Article(article_id=display_path(path.stem), text=text, source=display_path(path))


def read_markdown(path: Path, text: str) -> Iterator[Article | Rejection]:
    stem = display_path(path.stem)
    match = _FRONT_MATTER.match(text)
    if match is None and _FRONT_MATTER_OPENING.match(text):
        yield reject(
            path,
            "bad_front_matter",
            "the file starts with a '---' line but the front matter has no closing '---' "
            "line; add one after the last key: value line, or remove the first line",
            article_id=stem,
        )
        return
    fields: Mapping[str, object] = {}
    body = text
    if match is not None:
        body = text[match.end() :]
        if _nesting(match.group(1)) > MAX_NESTING:
            yield _too_deep(path, stem)
            return
        try:
            loaded = yaml.load(match.group(1), Loader=FrontMatterLoader)  # a safe loader
        except yaml.YAMLError as error:
            yield reject(
                path,
                "bad_front_matter",
                f"the front matter is not valid YAML ({_yaml_problem(error)}); fix it, quoting "
                "values that contain ': ' or start with a special character",
                article_id=stem,
            )
            return
        except RecursionError:
            yield _too_deep(path, stem)
            return
        if loaded is not None and not isinstance(loaded, dict):
            yield reject(
                path,
                "bad_front_matter",
                f"the front matter must be 'key: value' lines, found a YAML "
                f"{type(loaded).__name__}; write e.g. 'title: ...' and 'date: 2019-01-04'",
                article_id=stem,
            )
            return
        fields = loaded or {}
        problem = id_problem(fields)
        if problem is not None:
            yield reject(path, "bad_front_matter", f"the front matter: {problem}", stem)
            return
    meta = metadata(fields, path)
    article_id = meta["id"] or stem
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
        source=display_path(path),
    )


def _nesting(front_matter: str) -> int:
    """How deep the brackets and braces of YAML text nest, outside quoted strings."""
    level = deepest = 0
    for bracket in _BRACKETS.findall(_QUOTED.sub("", front_matter)):
        level = level + 1 if bracket in "[{" else max(0, level - 1)
        deepest = max(deepest, level)
    return deepest


def _too_deep(path: Path, stem: str) -> Rejection:
    return reject(
        path,
        "bad_front_matter",
        f"the front matter is nested too deeply to be read (lists or mappings inside each "
        f"other more than {MAX_NESTING} levels deep); write it as plain 'key: value' lines",
        article_id=stem,
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
