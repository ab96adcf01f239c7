"""Properties of the decoders and readers on generated input: they never raise, and what
they return is text that encodes as UTF-8.

Each reader is given what it can be given in a run (bytes for the decoders and JSONL, decoded
text for front matter, CSV and HTML), generated either freely or from the pieces hostile
files are made of (YAML tags and brackets, quotes and commas, tags nested deep).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import lxml.html
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claimscope.ingest import parse_date
from claimscope.ingest.decode import (
    Undecodable,
    decode_utf8,
    has_lone_surrogates,
    normalise_newlines,
    replace_lone_surrogates,
    scan,
)
from claimscope.ingest.htmltree import MAX_DEPTH, depth, flatten
from claimscope.ingest.tabular import read_csv, read_jsonl
from claimscope.ingest.text import read_markdown
from claimscope.records import Article, Rejection

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Any character, lone surrogates included.
ANY_CHARACTER = st.characters(blacklist_categories=())


def encodes(record: Article | Rejection) -> bool:
    for name in record.__slots__:
        value = getattr(record, name)
        if isinstance(value, str):
            value.encode("utf-8")
    return True


@SETTINGS
@given(st.binary(max_size=300))
@example(b"\xef\xbb\xbf\r\n\xed\xa0\x80")  # a BOM, a CRLF and an encoded surrogate
def test_decode_never_raises_and_gives_utf8_text(data):
    text = decode_utf8(data)
    if isinstance(text, Undecodable):
        assert text.reason
    else:
        assert "\r" not in text
        text.encode("utf-8")


@SETTINGS
@given(st.text(max_size=200))
def test_decode_of_utf8_text_is_the_text_with_unix_newlines(text):
    assert decode_utf8(text.encode("utf-8")) == normalise_newlines(text.removeprefix("\ufeff"))


@SETTINGS
@given(st.binary(max_size=300), st.booleans())
def test_scan_never_raises(data, decode):
    problem = scan(Path("x.csv"), io.BytesIO(data), decode=decode, max_bytes=200)
    assert problem is None or problem.reason


@SETTINGS
@given(st.text(ANY_CHARACTER, max_size=50))
def test_replacing_lone_surrogates_keeps_length_and_encodes(text):
    repaired = replace_lone_surrogates(text)
    assert len(repaired) == len(text)
    assert not has_lone_surrogates(repaired)
    repaired.encode("utf-8")


@SETTINGS
@given(st.one_of(st.text(ANY_CHARACTER, max_size=60), st.integers(), st.floats(), st.none()))
@example("2019-02-30")
@example("2019-02-03T25:00")
@example("0000-01-01")
def test_parse_date_never_raises(value):
    result = parse_date(value)
    assert result is None or len(result) == 10


YAML_PIECES = st.sampled_from(
    [
        "title: ",
        "date: ",
        "id: ",
        "outlet: ",
        "url: ",
        "\n",
        "  ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ",",
        ": ",
        '"',
        "'",
        "\\ud800",
        "!!binary ",
        "!!timestamp ",
        "!!int ",
        "!!float ",
        "!!bool ",
        "!!set ",
        "!!python/object ",
        "&a ",
        "*a ",
        "<<: ",
        "? ",
        "|\n",
        "2019-02-30",
        "2019-01-04 25:00:00",
        "0x" + "f" * 4000,
        "9" * 4400,
        "aGVsbG8=",
        "#",
        "%YAML 1.1\n",
        "\t",
        "ü",
        "😀",
    ]
)

FRONT_MATTER = st.builds(
    lambda pieces, body: "---\n" + "".join(pieces) + "\n---\n" + body,
    st.lists(YAML_PIECES, max_size=25),
    st.sampled_from(["Body.\n", "", " \n", "Body with --- inside.\n"]),
)


@SETTINGS
@given(st.one_of(FRONT_MATTER, st.text(max_size=200), st.just("---\n").map(lambda s: s * 3)))
@example("---\ntitle: " + "[" * 3000 + "\n---\nBody.\n")
@example('---\ntitle: "\\ud800"\nid: !!binary aGVsbG8=\n---\nBody.\n')
@example("---\n!!int \n---\nBody.\n")
@example("---\ndate: !!timestamp soon\n---\nBody.\n")
def test_front_matter_reading_never_raises(text):
    records = list(read_markdown(Path("x.md"), text))
    assert len(records) == 1
    assert encodes(records[0])


JSON_PIECES = st.sampled_from(
    [
        '{"text": "',
        '{"id": ',
        '"title": "',
        '"date": "',
        '", ',
        '"}',
        "}",
        "[",
        "]",
        "{",
        "1" * 4301,
        "-" + "9" * 5000,
        "1e400",
        "NaN",
        "true",
        "null",
        "\\ud800",
        "\\udfff\\ud800",
        '\\"',
        ",",
        ":",
        "\n",
        "\r\n",
        " ",
        "é",
        "\x00",
    ]
)

JSONL = st.one_of(
    st.lists(JSON_PIECES, max_size=30).map(lambda pieces: "".join(pieces).encode("utf-8")),
    st.binary(max_size=200),
    st.lists(
        st.dictionaries(
            st.sampled_from(["id", "text", "title", "date", "Text", " ID "]),
            st.one_of(
                st.text(ANY_CHARACTER, max_size=20),
                st.integers(),
                st.booleans(),
                st.none(),
                st.lists(st.integers(), max_size=2),
            ),
        ),
        max_size=5,
    ).map(
        lambda rows: "\n".join(json.dumps(row, ensure_ascii=True) for row in rows).encode("utf-8")
    ),
)


@SETTINGS
@given(JSONL)
def test_jsonl_reading_never_raises_and_each_line_is_one_record(data):
    records = list(read_jsonl(Path("x.jsonl"), io.BytesIO(data)))
    lines = [line for line in data.split(b"\n") if line.strip()]
    assert len(records) == len(lines)
    for record in records:
        if isinstance(record, Article):
            assert encodes(record)


CSV_PIECES = st.sampled_from(
    ["id", "text", "title", ",", '"', '""', "\n", " ", "word", "é", "'", "\t", ";", "text,"]
)


@SETTINGS
@given(
    st.one_of(
        st.lists(CSV_PIECES, max_size=40).map("".join),
        st.text(max_size=120),
    )
)
@example('id,text\na,"stray\nb,two\nc,"three, x"\n')
@example("text,text\nx,y\n")
def test_csv_reading_never_raises(content):
    content = normalise_newlines(content.replace("\x00", ""))
    lines = io.StringIO(content, newline="").readlines()
    records = list(read_csv(Path("x.csv"), lines))
    data_lines = [line for line in lines[1:] if line.strip("\n")]
    articles = [r for r in records if isinstance(r, Article)]
    assert len(articles) <= len(data_lines)


HTML_PIECES = st.sampled_from(
    [
        "<div>",
        "</div>",
        "<p>",
        "</p>",
        "<span>",
        "<b>",
        "</i>",
        "<br/>",
        "<script>",
        "</script>",
        "<noscript>",
        "</noscript>",
        "<!--",
        "-->",
        "<![if !x]>",
        "<![CDATA[",
        "<!DOCTYPE html>",
        "<!doctype [",
        "<?xml ?>",
        '<a href="x">',
        "<x y=\"'>",
        "< p>",
        "</>",
        "&amp;",
        "&#xD800;",
        "&#0;",
        "Words of text. ",
        "<",
        ">",
        '"',
    ]
)


@SETTINGS
@given(
    st.one_of(
        st.lists(HTML_PIECES, max_size=60).map("".join),
        st.text(max_size=200),
        st.integers(min_value=1, max_value=3000).map(lambda n: "<div>" * n + "Deep words."),
    )
)
@example("<![if !supportLists]>text<![endif]>")
def test_flatten_never_raises_and_bounds_the_depth(page):
    flat = flatten(page, max_depth=20)
    if flat.strip():
        tree = lxml.html.document_fromstring(f"<html><body>{flat}</body></html>")
        assert depth(tree) <= 20 + 4  # html, body and one paragraph above the kept levels


def test_flatten_keeps_deep_text_in_paragraphs():
    page = "<body>" + "<div>" * (MAX_DEPTH + 50) + "<p>One.</p><p>Two &amp; three.</p>"
    tree = lxml.html.document_fromstring(flatten(page))
    assert [p.text for p in tree.iter("p")] == ["One.", "Two & three."]
