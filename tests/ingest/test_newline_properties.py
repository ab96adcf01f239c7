"""Properties of newline normalisation and of the offset rule, on generated text.

The rule (see :mod:`claimscope.ingest`): the stored ``Article.text`` is the file's text with
``\\r\\n`` and ``\\r`` turned into ``\\n`` and nothing else changed, whatever the format it was
read from, and it is what every offset indexes.
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claimscope.ingest import normalise_newlines, read_articles
from claimscope.nlp.marks import quoted_passages
from claimscope.run.store import read_table, write_tables
from claimscope.tables.rows import article_row, frame

MARKS = ["“", "”", "„", "«", "»", "‹", "›", '"', "'", "‘", "’", "''"]
BREAKS = ["\r\n", "\r", "\n", "\n\r", "\r\r\n"]
WORDS = ["said", "Erdoğan", "naïve", "Zürich", "東京", "😀", "e\u0301", "don’t", "—", ",", "."]

#: Characters of text as found in news files: no control characters other than tabs and line
#: breaks, no lone surrogates (not UTF-8) and no byte-order mark (dropped at the start of a
#: file by design).
CHARACTERS = st.characters(
    blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff"
) | st.sampled_from("\t\r\n ")

PIECES = st.one_of(
    st.sampled_from(MARKS),
    st.sampled_from(BREAKS),
    st.sampled_from(WORDS),
    st.sampled_from([" ", "  ", "\t"]),
    st.text(CHARACTERS, max_size=4),
)

TEXTS = st.lists(PIECES, max_size=30).map("".join)
#: Texts that are an article: something other than whitespace ("x") somewhere in them.
ARTICLE_TEXTS = st.tuples(TEXTS, TEXTS).map(lambda parts: parts[0] + "x" + parts[1])

FILE_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@given(TEXTS)
@example("a\r\nb\rc\n\rd\r\r\ne")
def test_normalised_newlines_are_unix_and_nothing_else_changes(text):
    normalised = normalise_newlines(text)
    assert "\r" not in normalised
    assert normalised.split("\n") == re.split(r"\r\n|\r|\n", text)
    assert normalise_newlines(normalised) == normalised
    if "\r" not in text:
        assert normalised == text


def _write(folder: Path, suffix: str, text: str) -> Path:
    path = folder / f"article{suffix}"
    if suffix == ".txt":
        path.write_bytes(text.encode("utf-8"))
    elif suffix == ".jsonl":
        path.write_text(json.dumps({"id": "a1", "text": text}) + "\n", encoding="utf-8")
    else:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "text"])
            writer.writerow(["a1", text])
    return path


@FILE_SETTINGS
@given(ARTICLE_TEXTS, st.sampled_from([".txt", ".jsonl", ".csv"]))
@example("He said “yes\r\nand no”.\r‘Fine,’ she said. ''OK''\r\n", ".csv")
def test_an_article_read_from_any_format_is_the_normalised_text(text, suffix):
    with tempfile.TemporaryDirectory() as folder:
        articles, rejections = read_articles(_write(Path(folder), suffix, text))
    assert rejections == []
    assert [article.text for article in articles] == [normalise_newlines(text)]


@FILE_SETTINGS
@given(ARTICLE_TEXTS, st.sampled_from(["parquet", "csv"]))
@example("“Yes,” he said.\r\n«Non», dit-elle.\r'Fine,' said Zoë. 😀\r\n", "csv")
def test_offsets_on_the_stored_text_select_the_same_characters_when_read_back(text, table_format):
    with tempfile.TemporaryDirectory() as folder:
        articles, _ = read_articles(_write(Path(folder), ".txt", text))
        article = articles[0]
        stored = article.text
        spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", stored)]
        spans += [(start, end) for start, end, _ in quoted_passages(stored)]
        articles_table = frame("articles", [article_row(article)])
        write_tables({"articles": articles_table}, folder, formats=[table_format])
        back = read_table(folder, "articles")
    row = back.iloc[0]
    assert row["text"] == stored
    assert row["n_chars"] == len(stored)
    for start, end in spans:
        assert row["text"][start:end] == stored[start:end]
