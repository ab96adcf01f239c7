"""The corpus-wide table of quotes: every statement searchable, long ones clipped, escaped."""

from __future__ import annotations

import html
import json
import re

import pandas as pd

from claimscope.present import display


def _rows(n: int, text: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "speaker": [f"Speaker {i}" for i in range(n)],
            "text": [text] * n,
            "cue": "said",
            "stance": "neutral",
            "date": "2020-01-02",
            "outlet": "Daily",
        }
    )


def _unescaped(text: str) -> str:
    """A cell's text as written in the table's data (JSON in a string of JSON)."""
    return json.loads(f'"{json.loads(f"{chr(34)}{text}{chr(34)}")}"')


def test_long_quotes_are_clipped_with_an_ellipsis_and_shown_whole_on_hover():
    words = " ".join(f"word{i}" for i in range(200))  # about 1,400 characters
    fragment = display.clipped_table_html(_rows(3, words))
    assert "cs-clip:hover" in fragment and "line-clamp: 2" in fragment
    assert "<span class=cs-clip>" in fragment
    (clipped,) = {_unescaped(t) for t in re.findall(r"<span class=cs-clip>(.*?)</span>", fragment)}
    assert clipped.endswith("…") and len(clipped) <= display.CLIP_LIMIT
    assert words.startswith(clipped[:-1])  # cut between words, from the start
    assert len(fragment) < 3 * display.CLIP_LIMIT + 20_000  # the whole text is not embedded


def test_quote_text_and_names_are_escaped_and_dates_link_to_the_article():
    rows = _rows(2, '<script>alert("x")</script> & "quoted"')
    rows["speaker"] = ["<b>Ann</b>", "Bo"]
    fragment = display.clipped_table_html(
        rows, links={"date": ["articles/a1.html", "javascript:alert(1)"]}
    )
    assert "<script>alert" not in fragment and "<b>Ann" not in fragment
    assert html.escape("<script>", quote=False) in fragment
    assert "<a href=articles/a1.html>2020-01-02</a>" in fragment
    assert "javascript:" not in fragment  # only relative report addresses become links


def test_the_table_is_capped_with_a_note():
    fragment = display.clipped_table_html(_rows(30, "short"), max_rows=25)
    assert "First 25 of 30 rows." in fragment
    data = fragment[fragment.index('"data_json"') :]
    assert data.count("<span class=cs-clip>short</span>") == 25


def test_the_first_table_of_a_page_carries_the_bundle_once(monkeypatch):
    import IPython.display

    shown: list[str] = []
    monkeypatch.setattr(IPython.display, "display", lambda h: shown.append(h.data))
    display.reset()
    display.show_clipped_table(_rows(2, "short"))
    display.show_clipped_table(_rows(3, "other"))
    bundle = display.table_bundle_html()
    assert shown[0].startswith(bundle) and bundle not in shown[1]
    assert "<span class=cs-clip>other</span>" in shown[1]
