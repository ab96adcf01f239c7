"""Reading articles: formats, metadata, exact text, ids, and every kind of bad input."""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import socket
import tracemalloc
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from claimscope.ingest import (
    REJECTION_CODES,
    IngestError,
    decode,
    hash_id,
    iter_input_files,
    load_articles,
    parse_date,
    read_articles,
)
from claimscope.records import Article, Rejection

SHARED = Path(__file__).resolve().parents[3] / "shared"
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "north-korean-troops.md"

PARAGRAPH = (
    "The minister said on Friday that the bridge over the river would reopen next month, "
    "after repairs that have taken most of the year and cost far more than planned."
)
HTML = f"""<!DOCTYPE html>
<html><head>
<title>Bridge to reopen - The Daily Courier</title>
<meta property="og:title" content="Bridge to reopen">
<meta property="og:site_name" content="The Daily Courier">
<link rel="canonical" href="https://courier.example/news/bridge">
<meta property="article:published_time" content="2019-01-04T10:00:00Z">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Bridge to reopen</h1>
<p>{PARAGRAPH}</p>
<p>"We are confident the work will be finished on time," she told reporters in the capital.</p>
</article>
<footer>Copyright The Daily Courier</footer>
</body></html>
"""


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """Write a fixture file (text as UTF-8, bytes as they are) and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def one(path: Path) -> Article | Rejection:
    records = list(load_articles([path]))
    assert len(records) == 1, records
    return records[0]


# --- formats and metadata ------------------------------------------------------------------

FORMATS = [
    pytest.param(
        "plain.txt",
        "A plain article.\n",
        {"article_id": "plain", "text": "A plain article.\n", "title": None, "source_line": None},
        id="txt",
    ),
    pytest.param(
        "fm.md",
        "---\nid: md-1\ntitle: ' A title '\ndate: 2019-01-04\noutlet: The Paper\n"
        "url: https://paper.example/a\n---\nBody text.\n",
        {
            "article_id": "md-1",
            "text": "Body text.\n",
            "title": "A title",
            "date": "2019-01-04",
            "outlet": "The Paper",
            "url": "https://paper.example/a",
            "source_line": None,
        },
        id="md",
    ),
    pytest.param(
        "synonyms.markdown",
        "---\ntitle: T\npublished: January 4, 2019\nsource: Wire\n---\nBody.",
        {"article_id": "synonyms", "text": "Body.", "date": "2019-01-04", "outlet": "Wire"},
        id="markdown-synonyms",
    ),
    pytest.param(
        "page.html",
        HTML,
        {
            "article_id": "page",
            "title": "Bridge to reopen",
            "date": "2019-01-04",
            "outlet": "The Daily Courier",
            "url": "https://courier.example/news/bridge",
            "source_line": None,
        },
        id="html",
    ),
    pytest.param(
        "page.htm",
        HTML,
        {"article_id": "page", "title": "Bridge to reopen", "outlet": "The Daily Courier"},
        id="htm",
    ),
    pytest.param(
        "rows.csv",
        "id,title,date,outlet,url,text\n"
        "c1, Csv title ,2019-01-04T10:00:00Z,Wire,https://wire.example/1,Row text.\n",
        {
            "article_id": "c1",
            "text": "Row text.",
            "title": "Csv title",
            "date": "2019-01-04",
            "outlet": "Wire",
            "url": "https://wire.example/1",
            "source_line": 2,
        },
        id="csv",
    ),
    pytest.param(
        "synonyms.csv",
        " Text ,Published,Source,Title,URL\nRow text.,2019-01-04,Wire,,\n",
        {
            "text": "Row text.",
            "date": "2019-01-04",
            "outlet": "Wire",
            "title": None,
            "url": None,
            "source_line": 2,
        },
        id="csv-synonyms-and-empty-cells",
    ),
    pytest.param(
        "lines.jsonl",
        json.dumps(
            {
                "id": "j1",
                "title": "Json title",
                "published": "2019-01-04",
                "source": "Wire",
                "url": "https://wire.example/j1",
                "text": "Line text.",
            }
        )
        + "\n",
        {
            "article_id": "j1",
            "text": "Line text.",
            "title": "Json title",
            "date": "2019-01-04",
            "outlet": "Wire",
            "url": "https://wire.example/j1",
            "source_line": 1,
        },
        id="jsonl",
    ),
]


@pytest.mark.parametrize(("name", "content", "expected"), FORMATS)
def test_each_format_reads_text_and_metadata(tmp_path, name, content, expected):
    path = write(tmp_path, name, content)
    article = one(path)
    assert isinstance(article, Article), article
    assert article.source == str(path)
    for field, value in expected.items():
        assert getattr(article, field) == value, field


def test_html_main_text_leaves_out_navigation_and_footer(tmp_path):
    article = one(write(tmp_path, "page.html", HTML))
    assert PARAGRAPH in article.text
    assert "told reporters in the capital" in article.text
    assert "Home" not in article.text
    assert "Copyright" not in article.text


def test_html_is_read_without_network(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access during ingest")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    article = one(write(tmp_path, "page.html", HTML))
    assert isinstance(article, Article)
    assert PARAGRAPH in article.text


# --- exact text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "body"),
    [
        ("---\ntitle: T\n---\nBody.\n", "Body.\n"),
        (
            "---\ntitle: T\n---\n\n  Indented, after a blank line.  \n\n",
            "\n  Indented, after a blank line.  \n\n",
        ),
        ("---\ntitle: T\n...\nEnds with dots.", "Ends with dots."),
        (
            "---  \ntitle: T\n---\t\nDelimiters with trailing space.",
            "Delimiters with trailing space.",
        ),
        ("---\n---\nEmpty front matter.", "Empty front matter."),
        ("\ufeff---\r\ntitle: T\r\n---\r\nOne.\r\nTwo.\r\n", "One.\nTwo.\n"),
        ("No front matter.\n---\ntitle: T\n---\n", "No front matter.\n---\ntitle: T\n---\n"),
        (
            "----\ntitle: T\n----\nA rule, not front matter.",
            "----\ntitle: T\n----\nA rule, not front matter.",
        ),
    ],
)
def test_front_matter_body_is_exact(tmp_path, content, body):
    article = one(write(tmp_path, "a.md", content))
    assert isinstance(article, Article), article
    assert article.text == body
    normalised = content.removeprefix("\ufeff").replace("\r\n", "\n")
    start = len(normalised) - len(body)
    assert normalised[start:] == article.text  # offsets into the body are offsets after start


@pytest.mark.parametrize(
    ("name", "content", "text"),
    [
        ("a.txt", b"one\r\ntwo\rthree\n", "one\ntwo\nthree\n"),
        (
            "a.txt",
            b"\xef\xbb\xbf  lead\n\n inner   spaces\t \n\n",
            "  lead\n\n inner   spaces\t \n\n",
        ),
        ("a.md", b"---\r\nid: x\r\n---\r\none\r\ntwo", "one\ntwo"),
        ("a.csv", b'id,text\r\nx,"one\r\ntwo\rthree "\r\n', "one\ntwo\nthree "),
        ("a.jsonl", b'{"id": "x", "text": " one\\r\\ntwo\\rthree"}\r\n', " one\ntwo\nthree"),
    ],
)
def test_newlines_are_normalised_and_nothing_else_changes(tmp_path, name, content, text):
    article = one(write(tmp_path, name, content))
    assert isinstance(article, Article), article
    assert article.text == text


# --- ids -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "article_id"),
    [
        ("stem-name.txt", "Text.", "stem-name"),
        ("stem.md", "---\ntitle: T\n---\nText.", "stem"),
        ("given.md", "---\nid: ' given-1 '\n---\nText.", "given-1"),
        ("number.md", "---\nid: '007'\n---\nText.", "007"),
        ("stem.html", HTML, "stem"),
        ("rows.csv", "id,text\n  c-9 ,Text.\n", "c-9"),
        ("rows.jsonl", '{"id": 42, "text": "Text."}\n', "42"),
        ("rows.csv", "text\nText.\n", "a" + hashlib.sha1(b"Text.").hexdigest()[:12]),
        ("rows.csv", "id,text\n ,Text.\n", "a" + hashlib.sha1(b"Text.").hexdigest()[:12]),
        (
            "rows.jsonl",
            '{"id": "", "text": "Text."}\n',
            "a" + hashlib.sha1(b"Text.").hexdigest()[:12],
        ),
    ],
)
def test_article_id_rules(tmp_path, name, content, article_id):
    article = one(write(tmp_path, name, content))
    assert isinstance(article, Article), article
    assert article.article_id == article_id


def test_hash_ids_are_stable_and_differ_by_text(tmp_path):
    path = write(tmp_path, "rows.csv", "text\nFirst text.\nSecond text.\n")
    first = [a.article_id for a in load_articles([path])]
    second = [a.article_id for a in load_articles([path])]
    assert first == second
    assert first == [hash_id("First text."), hash_id("Second text.")]
    assert len(set(first)) == 2


def test_same_text_without_ids_is_one_article(tmp_path):
    write(tmp_path, "a.csv", "text\nSame text.\n")
    write(tmp_path, "b.jsonl", '{"text": "Same text."}\n')
    articles, rejections = read_articles([tmp_path])
    assert [a.source_line for a in articles] == [2]
    assert [(r.code, r.line, r.article_id) for r in rejections] == [
        ("duplicate_id", 1, hash_id("Same text."))
    ]
    assert "same text" in rejections[0].reason
    assert "a.csv, line 2" in rejections[0].reason


# --- bad input -----------------------------------------------------------------------------


def build_mixed_folder(root: Path) -> None:
    """Good articles next to every kind of bad input the reader must report."""
    write(root, "good/one.txt", "First good article.\n")
    write(root, "good/two.md", "---\nid: two\ntitle: Two\n---\nSecond good article.\n")
    write(root, "good/page.html", HTML)
    write(root, "rows.csv", 'id,text\nr1,"Row one,\nover two lines."\nr2,  \nr3,Row three.\n')
    write(
        root,
        "lines.jsonl",
        '{"id": "j1", "text": "Line one."}\n'
        "{not json\n"
        "[1, 2]\n"
        '{"id": "j4", "title": "no text"}\n'
        "\n"
        '{"id": "j6", "text": "Line six."}\n',
    )
    write(root, "empty.txt", b"")
    write(root, "blank.md", "  \n\n")
    write(root, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(root, "nul.txt", b"some text\x00more")
    write(root, "no_text.csv", "url,body\nhttps://x.example,Body.\n")
    write(root, "latin1.txt", "Café au lait.".encode("cp1252"))
    write(root, "more/one.txt", "Another article called one.\n")
    write(root, "notes.pdf", b"%PDF-1.4\n")
    write(root, "bad_front.md", "---\ntitle: [unclosed\n---\nBody.\n")
    write(root, "nav.html", "<html><head><title>Menu</title></head><body></body></html>")
    (root / "gone.txt").symlink_to(root / "missing-target.txt")
    # skipped without a word: hidden files and folders, README/LICENSE-like files
    write(root, "README.md", "# About this folder\n")
    write(root, "LICENSE", "CC BY 2.5\n")
    write(root, ".hidden.txt", "Hidden.\n")
    write(root, ".git/config", "[core]\n")
    write(root, "__pycache__/x.pyc", b"\x00\x01")


def test_folder_with_bad_inputs_loads_every_good_article_and_lists_each_bad_one(tmp_path):
    build_mixed_folder(tmp_path)
    articles, rejections = read_articles([tmp_path])

    assert sorted(a.article_id for a in articles) == sorted(
        ["one", "two", "page", "r1", "r3", "j1", "j6"]
    )
    found = {(Path(r.source).relative_to(tmp_path).as_posix(), r.code, r.line) for r in rejections}
    assert found == {
        ("rows.csv", "empty", 3),
        ("lines.jsonl", "malformed_json", 2),
        ("lines.jsonl", "malformed_json", 3),
        ("lines.jsonl", "malformed_json", 4),
        ("empty.txt", "empty", None),
        ("blank.md", "empty", None),
        ("image.txt", "binary", None),
        ("nul.txt", "binary", None),
        ("no_text.csv", "missing_text_column", None),
        ("latin1.txt", "encoding", None),
        ("more/one.txt", "duplicate_id", None),
        ("notes.pdf", "unsupported", None),
        ("bad_front.md", "bad_front_matter", None),
        ("nav.html", "no_main_text", None),
        ("gone.txt", "unreadable", None),
    }
    assert len(rejections) == len(found)
    assert {r.code for r in rejections} <= set(REJECTION_CODES)
    assert all(r.reason for r in rejections)


def test_rejection_reasons_say_what_and_where(tmp_path):
    build_mixed_folder(tmp_path)
    _, rejections = read_articles([tmp_path])
    by_file = {Path(r.source).name: r for r in rejections if r.line is None}
    assert "PNG image" in by_file["image.txt"].reason
    assert "byte 0xE9 at byte offset 3" in by_file["latin1.txt"].reason
    assert "columns found: url, body" in by_file["no_text.csv"].reason
    assert str(tmp_path / "good" / "one.txt") in by_file["one.txt"].reason
    assert "'.pdf'" in by_file["notes.pdf"].reason
    assert "line 2" in by_file["bad_front.md"].reason
    assert by_file["latin1.txt"].article_id == "latin1"


def test_strict_mode_raises_the_first_rejection(tmp_path):
    write(tmp_path, "a.jsonl", '{"text": "Fine."}\n{broken\n')
    with pytest.raises(IngestError) as caught:
        list(load_articles([tmp_path], strict=True))
    error = caught.value
    assert (error.code, error.line, error.source) == (
        "malformed_json",
        2,
        str(tmp_path / "a.jsonl"),
    )
    assert isinstance(error, ValueError)
    assert "line 2" in str(error)


def test_missing_path_is_unreadable(tmp_path):
    missing = tmp_path / "nowhere" / "article.pdf"
    (rejection,) = load_articles([missing])
    assert (rejection.code, rejection.source) == ("unreadable", str(missing))
    assert "does not exist" in rejection.reason


@pytest.mark.parametrize(
    ("name", "content", "code", "line"),
    [
        ("utf16.txt", "Text.".encode("utf-16"), "encoding", None),
        ("utf16.jsonl", '{"text": "a"}\n{"text": "b"}\n'.encode("utf-16"), "encoding", None),
        ("zip.txt", b"PK\x03\x04rest", "binary", None),
        ("bom-only.txt", b"\xef\xbb\xbf", "empty", None),
        ("only-header.csv", "id,text\n", "empty", None),
        ("extra-field.csv", "id,text\nx,one,two\n", "malformed_csv", 2),
        ("null-text.jsonl", '{"text": null}\n', "malformed_json", 1),
        ("blank-text.jsonl", '{"text": " \\n "}\n', "empty", 1),
        ("bad-byte-line.jsonl", b'{"text": "caf\xe9"}\n', "encoding", 1),
        ("list.md", "---\n- a\n- b\n---\nBody.", "bad_front_matter", None),
        ("unclosed.md", "---\ntitle: T\nBody without a closing line.\n", "bad_front_matter", None),
        ("only-front.md", "---\ntitle: T\n---\n", "empty", None),
        ("noext", "Text without a suffix.", "unsupported", None),
    ],
)
def test_bad_file_gives_one_rejection(tmp_path, name, content, code, line):
    rejection = one(write(tmp_path, name, content))
    assert isinstance(rejection, Rejection), rejection
    assert (rejection.code, rejection.line) == (code, line)


def test_jsonl_bad_line_does_not_lose_the_others(tmp_path):
    first = b'{"id": "1", "text": "One."}\n'
    bad = b'{"text": "caf\xe9"}\n'
    path = write(tmp_path, "a.jsonl", first + bad + b'{"id": "3", "text": "Three."}\n')
    records = list(load_articles([path]))
    assert [(type(r).__name__, getattr(r, "article_id", None)) for r in records] == [
        ("Article", "1"),
        ("Rejection", None),
        ("Article", "3"),
    ]
    assert (records[1].code, records[1].line) == ("encoding", 2)
    offset = len(first) + bad.index(b"\xe9")
    assert f"byte offset {offset} (line 2)" in records[1].reason
    assert [r.source_line for r in records if isinstance(r, Article)] == [1, 3]


def test_csv_rows_are_numbered_by_record_with_the_header_as_row_one(tmp_path):
    content = 'id,text\nr1,"First,\nspread over\nthree lines."\n\nr3,\nr4,Fourth.\n'
    path = write(tmp_path, "a.csv", content)
    records = list(load_articles([path]))
    assert [
        (type(r).__name__, r.article_id, getattr(r, "source_line", None) or r.line) for r in records
    ] == [
        ("Article", "r1", 2),
        ("Rejection", "r3", 3),
        ("Article", "r4", 4),
    ]
    frame = pd.read_csv(path)
    assert frame.loc[4 - 2, "id"] == "r4"  # pandas row i is row i + 2


STREAMED = [
    ("bom-crlf.csv", b'\xef\xbb\xbfid,text\r\nx,"one\r\ntwo\rthree"\r\ny,caf\xc3\xa9\r\n'),
    ("latin-1.csv", b"id,text\nx,one\ny,caf\xe9\n"),
    ("truncated.csv", b"id,text\nx,one\n\xc3"),
    ("nul.csv", b"id,text\nx,one\x00\n"),
    ("bom-and-spaces.csv", b"\xef\xbb\xbf \n"),
    ("lines.jsonl", b'{"id": "1", "text": "caf\xc3\xa9"}\n{"text": "caf\xe9"}\n'),
]


@pytest.mark.parametrize(("name", "content"), STREAMED, ids=[name for name, _ in STREAMED])
def test_csv_and_jsonl_read_in_tiny_blocks_give_the_same_records(
    tmp_path, monkeypatch, name, content
):
    path = write(tmp_path, name, content)
    expected = list(load_articles([path]))
    monkeypatch.setattr(decode, "BLOCK_SIZE", 3)
    assert list(load_articles([path])) == expected


def test_undecodable_byte_is_located_across_blocks(tmp_path, monkeypatch):
    monkeypatch.setattr(decode, "BLOCK_SIZE", 3)
    rejection = one(write(tmp_path, "a.csv", b"id,text\nx,one\ny,caf\xe9\n"))
    assert rejection.code == "encoding"
    assert "byte 0xE9 at byte offset 19 (line 3)" in rejection.reason


def test_a_large_csv_is_read_one_row_at_a_time(tmp_path):
    path = tmp_path / "large.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,text\n")
        for i in range(5000):
            handle.write(f"r{i},{'word ' * 400}caf\u00e9\n")  # 10 MB in all
    tracemalloc.start()
    try:
        n = sum(isinstance(record, Article) for record in load_articles([path]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 5000
    assert peak < 5_000_000  # a few rows and the ids seen, not the file


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-01-04", "2019-01-04"),
        (" 2019-01-04 ", "2019-01-04"),
        ("2019-01-04T10:00:00Z", "2019-01-04"),
        ("2019-01-04T23:30:00-05:00", "2019-01-04"),
        ("2019-01-04 10:00", "2019-01-04"),
        ("January 4, 2019", "2019-01-04"),
        ("4 Jan 2019", "2019-01-04"),
        ("Friday, January 4, 2019", "2019-01-04"),
        ("20190104", "2019-01-04"),
        (date(2019, 1, 4), "2019-01-04"),
        (datetime(2019, 1, 4, 23, 59), "2019-01-04"),
        ("2019-02-30", None),
        ("January 2019", None),
        ("Friday", None),
        ("last week", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_unreadable_date_keeps_the_article_and_warns(tmp_path, caplog):
    path = write(tmp_path, "a.csv", "id,date,text\nx,sometime soon,Text.\n")
    with caplog.at_level(logging.WARNING, logger="claimscope.ingest"):
        article = one(path)
    assert isinstance(article, Article)
    assert article.date is None
    assert "sometime soon" in caplog.text
    assert f"{path}, line 2" in caplog.text


# --- files and folders ---------------------------------------------------------------------


def test_folders_are_read_recursively_in_sorted_order(tmp_path):
    for name in ["b.txt", "a/z.txt", "a.txt", "a/b/c.txt", "c.TXT"]:
        write(tmp_path, name, f"Article {name}.")
    expected = ["a/b/c.txt", "a/z.txt", "a.txt", "b.txt", "c.TXT"]
    files = [p.relative_to(tmp_path).as_posix() for p in iter_input_files([tmp_path])]
    assert files == expected
    sources = [Path(a.source).relative_to(tmp_path).as_posix() for a in load_articles(tmp_path)]
    assert sources == expected


def test_explicit_paths_keep_their_order_and_are_read_once(tmp_path):
    b = write(tmp_path, "b.txt", "B.")
    a = write(tmp_path, "a.txt", "A.")
    readme = write(tmp_path, "README.md", "Named explicitly, so read.")
    files = list(iter_input_files([b, readme, tmp_path, a]))
    assert files == [b, readme, a]


def test_skipped_names_are_not_read_from_folders(tmp_path):
    for name in [
        "README.md",
        "readme.txt",
        "LICENSE",
        "LICENSE.md",
        "COPYING.txt",
        ".DS_Store",
        ".git/HEAD",
        "sub/.cache/x.txt",
        "__pycache__/m.pyc",
    ]:
        write(tmp_path, name, "x")
    kept = write(tmp_path, "license-plate-readers.txt", "An article about cameras.")
    assert list(iter_input_files([tmp_path])) == [kept]


# --- real corpora --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared corpora not found at {SHARED} (expected next to the repository)")
    return SHARED


def test_wikinews_corpus_loads_every_row_with_metadata(shared_dir):
    files = sorted((shared_dir / "corpus" / "wikinews").glob("*.csv"))
    assert files
    articles, rejections = read_articles(files)
    n_rows = sum(len(pd.read_csv(f)) for f in files)
    assert rejections == []
    assert len(articles) == n_rows == 295
    assert len({a.article_id for a in articles}) == 295
    assert all(a.title and a.url and a.date for a in articles)
    assert all(len(a.date) == 10 and a.date[:2] == "20" for a in articles)


def test_wikinews_folder_skips_its_licence(shared_dir):
    articles, rejections = read_articles([shared_dir / "corpus" / "wikinews"])
    assert (len(articles), rejections) == (295, [])


def test_wikinews_quotes_articles_keep_their_ids_and_text(shared_dir):
    path = shared_dir / "gold" / "wikinews-quotes" / "articles.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    articles, rejections = read_articles([path])
    assert rejections == []
    assert [a.article_id for a in articles] == [row["id"] for row in rows]
    assert [a.text for a in articles] == [row["text"] for row in rows]
    assert all(a.date and a.title and a.url and a.outlet for a in articles)


def test_seed_article_text_is_the_file(shared_dir):
    path = shared_dir / "gold" / "seed" / "north-korean-troops.txt"
    article = one(path)
    assert article.article_id == "north-korean-troops"
    assert article.text == path.read_text(encoding="utf-8")


def test_sample_markdown_body_is_the_seed_article(shared_dir):
    if not SAMPLE.is_file():
        pytest.skip(f"sample article not found at {SAMPLE}")
    sample = one(SAMPLE)
    seed = one(shared_dir / "gold" / "seed" / "north-korean-troops.txt")
    assert sample.text == seed.text  # gold offsets hold for the sample article
    assert (sample.article_id, sample.date) == ("north-korean-troops", "2025-04-30")


def test_polnear_dev_texts_all_load(shared_dir):
    folder = shared_dir / "gold" / "polnear" / "dev" / "text"
    n_files = len(list(folder.glob("*.txt")))
    articles, rejections = read_articles([folder])
    assert rejections == []
    assert len(articles) == n_files > 0


def test_csv_module_agrees_with_pandas_on_wikinews_text(shared_dir):
    path = shared_dir / "corpus" / "wikinews" / "wikinews_2019.csv"
    frame = pd.read_csv(path, keep_default_na=False)
    articles = [a for a in load_articles([path]) if isinstance(a, Article)]
    assert [a.text for a in articles] == frame["text"].str.replace("\r\n", "\n").tolist()
    assert [a.source_line for a in articles] == [i + 2 for i in range(len(frame))]
    assert csv.field_size_limit() >= 2**31 - 1


@pytest.mark.parametrize(
    ("meta", "outlet"),
    [
        ({"url": "https://www.example.org/news/a?x=1"}, "example.org"),
        ({"url": "http://en.wikinews.org:8080/wiki/Item"}, "en.wikinews.org"),
        ({"url": "https://www.example.org/a", "outlet": "Example Daily"}, "Example Daily"),
        ({"url": "http://[::1/broken"}, None),
        ({"url": "not a url"}, None),
        ({}, None),
    ],
)
def test_an_article_without_an_outlet_takes_its_urls_site(tmp_path, meta, outlet):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a1", "text": "The mayor said so.", **meta}) + "\n")
    (article,) = load_articles([path])
    assert article.outlet == outlet
