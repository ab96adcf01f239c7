"""The article text as HTML, with its quotes, cues, speakers and entity mentions marked.

:func:`highlight_article` marks exactly the characters the tables' offsets point at, with
every character of the text HTML-escaped; :data:`HIGHLIGHT_CSS` colours the marks with the
palette of :mod:`claimscope.present.charts`, so a direct quote has the same colour in the
article as in every chart, and :func:`highlight_legend` explains them.
"""

from __future__ import annotations

import html
import itertools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from claimscope.present.charts import ENTITY_LABEL_COLOURS, KIND_COLOURS, SPEAKER_TYPE_COLOURS

logger = logging.getLogger(__name__)


def _tint(colour: str, alpha: str = "33") -> str:
    return f"{colour}{alpha}"


HIGHLIGHT_CSS = "\n".join(
    [
        ".cs-article { line-height: 1.7; }",
        ".cs-article p { margin: 0 0 1em 0; }",
        ".cs-quote { border-bottom: 2px solid #888; padding: 0.1em 0; }",
        # the speaker's name, shown before each quote (generated text: the article's own
        # characters stay exactly the text, for copying and for offsets)
        ".cs-quote[data-speaker]::before { content: attr(data-speaker); font-size: 0.72em; "
        "font-weight: 600; color: #fff; background: #444; border-radius: 3px; "
        "padding: 0 0.35em; margin-right: 0.3em; vertical-align: 0.15em; }",
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
        " Each quote opens with its speaker's name; hover over a mark for details.</div>"
    )


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    layer: str  # "quote" or one of the inline roles
    css: str
    title: str
    order: int  # tie-breaker: position in its table
    who: str = ""  # a quote's speaker, shown before it


_INLINE_ROLES = ("cue", "speaker", "mention")  # priority when inline marks share a span


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
            yield _Mark(
                start, end, "quote", css, " | ".join(details), rank, speaker or "no speaker"
            )
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

    Marks live on three layers, so the HTML always nests properly:

    * Quotes are the outer layer: ``<span class="cs-quote cs-KIND" title=...>`` whose title
      gives the kind, speaker and cue. The first element of each quote carries its speaker's
      name as ``data-speaker``, which :data:`HIGHLIGHT_CSS` shows before the quote as a small
      label: the name is visible, and not part of the text (copying a passage copies the
      article's characters only).
    * Speaker mentions are the middle layer (``<span class="cs-speaker">``): one element for
      the whole mention, with the entity mentions and cues inside it nested in it, so "the
      Russian leader" with the entity "Russian" inside reads as one speaker. A mark covering
      the whole speaker mention (the entity "Vladimir Putin" that is the speaker "Vladimir
      Putin") is merged into its element, which then carries both classes and titles.
    * Cues and entity mentions are the inner layer: ``<span class="cs-cue">``,
      ``cs-mention``. Where inner marks overlap each other, the covered text gets one span
      carrying all their classes and titles.

    Overlaps are handled by clipping: the text is cut at every mark boundary and at every
    paragraph break, and each piece is wrapped in the marks covering it. A mark that
    crosses a paragraph break, or a speaker or inner mark that crosses the boundary of a
    mark of an outer layer, is split into several elements with the same title. Where quotes
    overlap each other, the shorter quote wins over the stretch they share (ties: the
    earlier one).

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

    def inline_order(m: _Mark) -> tuple[int, int, int]:
        return (_INLINE_ROLES.index(m.layer), m.start, m.order)

    def span(group: tuple[_Mark, ...]) -> str:
        classes = " ".join(dict.fromkeys(m.css for m in group))
        title = " | ".join(dict.fromkeys(m.title for m in group))
        return f'<span class="{classes}" title="{html.escape(title)}">'

    out: list[str] = ['<div class="cs-article">', "<p>"]
    open_quote: _Mark | None = None
    open_speaker: tuple[_Mark, ...] = ()  # the speaker marks and the marks merged into them
    open_inner: tuple[_Mark, ...] = ()
    labelled: set[int] = set()  # quotes whose speaker's name is shown

    def close_inner() -> None:
        nonlocal open_inner
        if open_inner:
            out.append("</span>")
        open_inner = ()

    def close_speaker() -> None:
        nonlocal open_speaker
        close_inner()
        if open_speaker:
            out.append("</span>")
        open_speaker = ()

    def close_all() -> None:
        nonlocal open_quote
        close_speaker()
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
        speakers = [m for m in covering if m.layer == "speaker"]
        others = [m for m in covering if m.layer not in {"quote", "speaker"}]
        merged: list[_Mark] = []
        if speakers:
            first, last = min(m.start for m in speakers), max(m.end for m in speakers)
            merged = [m for m in others if m.start <= first and last <= m.end]
        speaker = tuple(sorted([*speakers, *merged], key=inline_order))
        inner = tuple(sorted((m for m in others if m not in merged), key=inline_order))
        if quote != open_quote:
            close_all()
            if quote is not None:
                label = ""
                if quote.order not in labelled:
                    labelled.add(quote.order)
                    label = f' data-speaker="{html.escape(quote.who)}"'
                out.append(f'<span class="{quote.css}" title="{html.escape(quote.title)}"{label}>')
            open_quote = quote
        if speaker != open_speaker:
            close_speaker()
            if speaker:
                out.append(span(speaker))
            open_speaker = speaker
        if inner != open_inner:
            close_inner()
            if inner:
                out.append(span(inner))
            open_inner = inner
        out.append(html.escape(text[left:right]).replace("\n", "<br>\n"))
    close_all()
    out.append("</p>\n</div>")
    body = "".join(out).replace("<p></p>", "")
    return (highlight_css() + "\n" + body) if css else body
