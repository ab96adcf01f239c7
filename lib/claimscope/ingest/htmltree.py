"""The tree of an HTML page as the main-text extractor is given it, whatever its depth.

The page is parsed as trafilatura parses it (:func:`trafilatura.utils.load_html`); then:

Text shown only without scripts:
    ``<noscript>`` and ``<template>`` elements are removed, so a page that is only "enable
    JavaScript" (or only scripts) has no main text rather than becoming an article.
Pages without text of their own:
    a page with no text outside navigation, page furniture (headers, footers, asides), buttons
    and scripts has no main text (:func:`has_own_text`), whatever the extractor's fallbacks
    would make of a menu.
Deep trees:
    libxml2, the parser under lxml, stops building a tree 256 elements deep (2048 with its
    ``huge_tree`` option) and drops everything below and after that point, so the text of a page
    nested 5,000 ``<div>`` deep would be lost. A page whose tree reaches :data:`DEEP` levels is
    parsed again from a shallower copy (:func:`flatten`): elements deeper than
    :data:`MAX_DEPTH` lose their tags but keep their text, each block of them (a paragraph,
    a heading, a list item ...) becoming a paragraph of its own. Nothing here recurses, so no
    depth can exhaust Python's stack.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import load_html

#: Elements kept as they are; deeper ones are flattened into paragraphs of text.
MAX_DEPTH = 200

#: A parsed tree this deep may have been cut short by the parser: the page is flattened.
DEEP = 250

#: Elements removed with their content: scripts, styles, text shown only without scripts.
_DROPPED = frozenset({"script", "style", "noscript", "template"})

#: Elements without content (no end tag).
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)

#: Elements that end a paragraph of text when they are flattened.
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)

#: Elements that an opening tag of the same name closes (``<p>a<p>b``: two paragraphs).
_SELF_CLOSING = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option"})

#: Elements whose text is never an article's: navigation, page furniture, controls, scripts.
#: (Not ``<form>``: some sites put the whole page in one.)
_FURNITURE = (
    frozenset(["head", "nav", "header", "footer", "aside", "menu", "button", "select"]) | _DROPPED
)

_NAME = re.compile(r"[A-Za-z][-A-Za-z0-9_:.]*\Z")


def page_tree(page: str) -> HtmlElement | None:
    """The tree of ``page`` for main-text extraction, or ``None`` when it is no HTML at all.

    Args:
        page: the decoded HTML.

    Returns:
        The parsed tree without ``<noscript>`` and ``<template>`` elements, parsed from
        :func:`flatten` ``(page)`` when the tree reaches :data:`DEEP` levels.
    """
    tree = load_html(page)
    if tree is not None and depth(tree) >= DEEP:
        tree = load_html(flatten(page))
    if tree is None:
        return None
    for element in [*tree.iter("noscript", "template")]:
        element.drop_tree()  # keeps the text that follows the element
    return tree


def has_own_text(tree: HtmlElement) -> bool:
    """Whether ``tree`` has text outside navigation, page furniture, buttons and scripts."""
    walker = etree.iterwalk(tree, events=("start",))
    for _, element in walker:
        if element.tail and element.tail.strip():  # text of the parent, which was not skipped
            return True
        if not isinstance(element.tag, str) or element.tag in _FURNITURE:  # comments too
            walker.skip_subtree()
        elif element.text and element.text.strip():
            return True
    return False


def depth(tree: HtmlElement) -> int:
    """How many elements deep ``tree`` goes (the root alone: 1), counted without recursion."""
    level = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        level += 1 if event == "start" else -1
        deepest = max(deepest, level)
    return deepest


def flatten(page: str, *, max_depth: int = MAX_DEPTH) -> str:
    """``page`` with no element nested more than ``max_depth`` (plus one paragraph) deep.

    Args:
        page: HTML, as broken or as deep as it may be.
        max_depth: how many levels of elements are kept as they are.

    Returns:
        HTML in which the elements down to ``max_depth`` are kept with their attributes, and
        the text below is kept in ``<p>`` paragraphs, one per block element; scripts, styles,
        ``<noscript>``, ``<template>``, comments and processing instructions are left out.
    """
    flattener = _Flattener(max_depth)
    flattener.feed(page)
    flattener.close()
    return "".join(flattener.out)


class _Flattener(HTMLParser):
    """Rewrites a page while it is tokenised, keeping a stack of the open elements."""

    def __init__(self, max_depth: int) -> None:
        super().__init__(convert_charrefs=True)
        self.max_depth = max_depth
        self.out: list[str] = []
        self.stack: list[tuple[str, str]] = []  # (tag, "kept" | "flat" | "dropped")
        self.kept = 0  # open elements written out
        self.flat = 0  # open elements below max_depth, whose tags are left out
        self.dropped = 0  # open elements left out with their content
        self.paragraph = False  # a <p> written for flattened text is open

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropped:
            if tag not in _VOID:
                self.stack.append((tag, "dropped"))
                self.dropped += 1
            return
        if not _NAME.match(tag):
            return  # no element: its text is kept
        if tag in _DROPPED:
            self.stack.append((tag, "dropped"))
            self.dropped += 1
            return
        if tag in _VOID:
            if not self.flat:
                self.out.append(_start_tag(tag, attrs))
            elif tag in ("br", "hr"):
                self._end_paragraph()
            return
        if tag in _SELF_CLOSING and self.stack and self.stack[-1][0] == tag:
            self._close(len(self.stack) - 1)
        if not self.flat and self.kept < self.max_depth:
            self.out.append(_start_tag(tag, attrs))
            self.stack.append((tag, "kept"))
            self.kept += 1
            return
        self.stack.append((tag, "flat"))
        self.flat += 1
        if tag in _BLOCKS:
            self._end_paragraph()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.handle_starttag(tag, attrs)
        else:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                self._close(index)
                return

    def handle_data(self, data: str) -> None:
        if self.dropped:
            return
        if self.flat and not self.paragraph and data.strip():
            self.out.append("<p>")
            self.paragraph = True
        self.out.append(html.escape(data, quote=False))

    def handle_decl(self, decl: str) -> None:
        if decl.lower().startswith("doctype"):
            self.out.append("<!DOCTYPE html>")

    def parse_html_declaration(self, i: int) -> int:
        """``<!...>``: a comment, the doctype, or anything else read as a comment. (The
        standard library's marked-section and declaration parsers raise on broken input.)"""
        if self.rawdata.startswith("<!--", i):
            return self.parse_comment(i)
        if self.rawdata[i : i + 9].lower() == "<!doctype":
            end = self.rawdata.find(">", i + 9)
            if end < 0:
                return -1
            self.handle_decl("doctype")
            return end + 1
        return self.parse_bogus_comment(i)

    def close(self) -> None:
        super().close()
        self._end_paragraph()

    def _close(self, index: int) -> None:
        """Close the elements open from ``stack[index]`` up."""
        while len(self.stack) > index:
            tag, how = self.stack.pop()
            if how == "dropped":
                self.dropped -= 1
            elif how == "flat":
                self.flat -= 1
                if tag in _BLOCKS:
                    self._end_paragraph()
            else:
                self._end_paragraph()
                self.out.append(f"</{tag}>")
                self.kept -= 1

    def _end_paragraph(self) -> None:
        if self.paragraph:
            self.out.append("</p>")
            self.paragraph = False


def _start_tag(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    written = "".join(
        f' {name}="{html.escape(value or "", quote=True)}"'
        for name, value in attrs
        if _NAME.match(name)
    )
    return f"<{tag}{written}>"
