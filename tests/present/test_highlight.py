"""The highlighted article: speaker marks kept whole, the speaker's name shown by each quote."""

from __future__ import annotations

import pandas as pd
from test_report import _Marks
from test_report import parse as _parse

from claimscope.present import highlight
from claimscope.tables.schema import MENTIONS, QUOTES, conform

TEXT = (
    "The Russian leader said the troops from North Korea would stay.\n\n"
    '"We will not leave," Kim said, and "it is <legal> & right" too.'
)


def _at(part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(part, start + 1)
    return start, start + len(part)


def _quote(n: int, words: str, speaker: str | None, mention: str, **extra) -> dict:
    start, end = _at(words)
    ss, se = _at(mention)
    row = {c: None for c in QUOTES.column_names}
    row.update(
        article_id="a",
        quote_id=f"a:q{n}",
        kind="indirect",
        text=words,
        start=start,
        end=end,
        speaker=speaker,
        speaker_mention=mention,
        speaker_start=ss,
        speaker_end=se,
        speaker_type="PERSON",
        confidence=0.9,
        **extra,
    )
    return row


def _mention(words: str, label: str, entity: str, nth: int = 0) -> dict:
    start, end = _at(words, nth)
    return {
        "article_id": "a",
        "text": words,
        "start": start,
        "end": end,
        "label": label,
        "entity_id": f"{label}:{entity}",
        "entity": entity,
    }


def _with(parsed: _Marks, css: str) -> list[tuple[dict, str]]:
    return [(attrs, text) for cls, attrs, text in parsed.spans if css in cls.split()]


def _article() -> tuple[pd.DataFrame, pd.DataFrame]:
    quotes = conform(
        pd.DataFrame(
            [
                _quote(
                    1,
                    "the troops from North Korea would stay",
                    "Vladimir Putin",
                    "The Russian leader",
                    cue="said",
                    cue_start=_at("said")[0],
                    cue_end=_at("said")[1],
                ),
                _quote(2, '"We will not leave,"', "Kim Jong Un", "Kim"),
                _quote(3, '"it is <legal> & right"', 'Kim "<b>" & Co', "Kim"),
            ]
        ),
        QUOTES,
    )
    mentions = conform(
        pd.DataFrame(
            [
                _mention("Russian", "NORP", "Russia"),
                _mention("North Korea", "GPE", "North Korea"),
                _mention("Kim", "PERSON", "Kim Jong Un"),
            ]
        ),
        MENTIONS,
    )
    return quotes, mentions


def test_a_speaker_mark_stays_whole_around_the_entities_inside_it():
    quotes, mentions = _article()
    parsed = _parse(highlight.highlight_article(TEXT, quotes, mentions, css=False))
    speakers = _with(parsed, "cs-speaker")
    assert [text for _, text in speakers] == ["The Russian leader", "Kim"]
    # the entity inside is nested in the one speaker element, not cutting it in three
    (russian,) = _with(parsed, "cs-mention")[:1]
    assert russian[1] == "Russian" and "NORP: Russia" in russian[0]["title"]
    assert "cs-speaker" not in _with(parsed, "cs-norp")[0][0].get("class", "")
    # a mention covering the whole speaker is the speaker's own element
    kim = speakers[1][0]
    assert kim["class"].split() == ["cs-speaker", "cs-speaker-person", "cs-mention", "cs-person"]
    assert "PERSON: Kim Jong Un" in kim["title"] and "speaker of quote 2" in kim["title"]


def test_every_character_is_kept_once_and_escaped():
    quotes, mentions = _article()
    out = highlight.highlight_article(TEXT, quotes, mentions, css=False)
    assert "<legal>" not in out and "&lt;legal&gt; &amp; right" in out
    assert "".join(_parse(out).text).strip("\n") == TEXT.replace("\n\n", "\n")
    for _, attrs, text in _parse(out).spans:
        if "cs-quote" in attrs.get("class", ""):
            assert text in set(quotes["text"])


def test_each_quote_shows_its_speakers_name():
    quotes, mentions = _article()
    out = highlight.highlight_article(TEXT, quotes, mentions)
    parsed = _parse(out)
    named = [(a["data-speaker"], t) for a, t in _with(parsed, "cs-quote") if "data-speaker" in a]
    assert named == [
        ("Vladimir Putin", "the troops from North Korea would stay"),
        ("Kim Jong Un", '"We will not leave,"'),
        ('Kim "<b>" & Co', '"it is <legal> & right"'),
    ]
    assert 'data-speaker="Kim &quot;&lt;b&gt;&quot; &amp; Co"' in out  # escaped in the markup
    # shown as text before the quote by the page's styles, not only in a tooltip
    assert ".cs-quote[data-speaker]::before { content: attr(data-speaker);" in out


def test_a_quote_split_by_a_paragraph_break_names_its_speaker_once():
    text = "Alpha said: it spans\n\ntwo paragraphs."
    row = {c: None for c in QUOTES.column_names}
    start = text.index("it spans")
    row.update(
        article_id="a",
        quote_id="a:q1",
        kind="indirect",
        text=text[start:-1],
        start=start,
        end=len(text) - 1,
        speaker_mention="Alpha",
        confidence=0.4,
    )
    out = highlight.highlight_article(text, conform(pd.DataFrame([row]), QUOTES), None)
    parts = _with(_parse(out), "cs-quote")
    assert [t for _, t in parts] == ["it spans", "two paragraphs"]
    assert [a.get("data-speaker") for a, _ in parts] == ["Alpha", None]
