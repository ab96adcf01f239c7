"""Fuzz: thousands of seeded hostile documents in every input format, read in one run.

A generator with a fixed seed writes documents as a careless or hostile source would: unicode
soup (controls, bidirectional marks, line separators, emoji sequences, byte-order marks in the
middle), unbalanced quotation marks of every style, NUL bytes, other encodings, front matter
with impossible dates, binary values, deep nesting and huge numbers, HTML nested thousands
deep, broken or made only of scripts, CSV with stray and unclosed quotes, short and long rows
and duplicate columns, JSONL with broken lines, huge integers, lone surrogate escapes and deep
nesting. Every document carries a unique token in its text.

The accounting (printed; run pytest with ``-s`` to see it):

- every document is an article or a rejection: a one-article file gives exactly one record;
  a JSONL document gives one record for its line; the documents of a CSV file whose token is
  in no article are no more than the file's rejections (or the file is rejected whole);
- every article's text (and every field of every record) is a str that encodes as UTF-8;
- a ``.txt`` article's text, a JSONL article's text and the body of Markdown with readable
  front matter are exactly the document as written (newlines normalised, lone surrogates
  replaced, a leading byte-order mark dropped);
- no error escapes ``read_articles`` and no reader fails unexpectedly (``reader_error``).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from claimscope.ingest import normalise_newlines, read_articles
from claimscope.ingest.decode import replace_lone_surrogates
from claimscope.records import Article, Rejection

SEED = 20190104

#: Documents per format (HTML is the slowest to read: the main-text extractor runs).
COUNTS = {"txt": 1300, "md": 900, "html": 260, "csv": 1300, "jsonl": 1500}

WORDS = [
    "the",
    "minister",
    "said",
    "council",
    "vote",
    "bridge",
    "harbour",
    "river",
    "reporters",
    "told",
    "spokesperson",
    "denied",
    "claimed",
    "warned",
    "added",
    "according",
    "statement",
    "officials",
    "Tuesday",
    "budget",
]

MARKS = [
    '"',
    "'",
    "“",
    "”",
    "„",
    "‟",
    "«",
    "»",
    "‹",
    "›",
    "‘",
    "’",
    "‚",
    "‛",
    "「",
    "」",
    "『",
    "』",
    "〝",
    "〞",
    "''",
    "``",
    "＂",
]

SOUP = [
    "é",
    "ß",
    "İ",
    "ı",
    "ﬁ",
    "e\u0301",
    "\u200b",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202e",
    "\u2066",
    "\u2028",
    "\u2029",
    "\u00a0",
    "\u3000",
    "\ufeff",
    "\ufffd",
    "\ufffe",
    "\U0010ffff",
    "😀",
    "👩\u200d👩\u200d👧",
    "🇺🇦",
    "東京",
    "שלום",
    "مرحبا",
    "Ἀθῆναι",
    "\x01",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\t",
    "\r",
    "\r\n",
    "\n",
    "\n\n",
    "<",
    "&",
    "&amp;",
    "</p>",
    "---",
    "\\",
    "{",
    "}",
    ",",
    ";",
    "|",
    "#",
]


def token(n: int) -> str:
    return f"QX{n:05d}QX"


def sentence(rng: random.Random, tok: str, *, soup: bool = True) -> str:
    """Words, marks and soup around the document's token."""
    parts = [rng.choice(WORDS) for _ in range(rng.randint(3, 12))]
    parts.insert(rng.randrange(len(parts) + 1), tok)
    for _ in range(rng.randint(0, 4)):
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(MARKS))
    if soup:
        for _ in range(rng.randint(0, 5)):
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(SOUP))
    return " ".join(parts) + rng.choice([".", "", "!", "?", '."', "…"])


@dataclass
class File:
    """A generated file: its name, bytes, and what is known of its documents."""

    name: str
    data: bytes
    fmt: str
    tokens: list[str]
    lines: list[int] = field(default_factory=list)  # JSONL: the line of each document
    exact: dict[object, str] = field(default_factory=dict)  # line (or None) -> exact text


# --- generators, one per format -----------------------------------------------------------


def txt_file(rng: random.Random, n: int) -> File:
    tok = token(n)
    text = "\n".join(sentence(rng, tok) for _ in range(rng.randint(1, 4)))
    kind = rng.choices(
        ["plain", "bom", "crlf", "nul", "cp1252", "utf16", "png", "empty", "blank", "long"],
        weights=[50, 6, 6, 3, 4, 3, 2, 2, 2, 2],
    )[0]
    exact: dict[object, str] = {}
    if kind in ("plain", "bom", "crlf", "long"):
        if kind == "crlf":
            text = text.replace("\n", "\r\n")
        if kind == "long":
            text = (text + " ") * 2000
        data = text.encode("utf-8")
        if kind == "bom":
            data = codecs.BOM_UTF8 + data
        expected = normalise_newlines(data.decode("utf-8").removeprefix("\ufeff"))
        if expected.strip():
            exact[None] = expected
    elif kind == "nul":
        data = text.encode("utf-8") + b"\x00" + b"tail"
    elif kind == "cp1252":
        data = text.encode("cp1252", "replace") + b" caf\xe9"
    elif kind == "utf16":
        data = text.encode("utf-16")
    elif kind == "png":
        data = b"\x89PNG\r\n\x1a\n" + text.encode("utf-8")
    elif kind == "empty":
        data = b""
    else:
        data = b" \n\t\r\n"
    return File(f"{n:05d}-{kind}.txt", data, "txt", [tok], exact=exact)


FRONT_MATTER_LINES = [
    "title: {s}",
    'title: "{s}"',
    "title: '{q}'",
    "date: 2019-01-04",
    "date: 2019-02-30",
    "date: 2019-02-03 25:00:00",
    "date: 2019-13-45T10:00:00Z",
    "date: January 4, 2019",
    "date: sometime",
    "date: !!timestamp soon",
    "published: 20190104",
    "title: !!binary aGVsbG8gd29ybGQ=",
    "title: !!binary not base64!",
    "title: [one, two]",
    "outlet: {{name: Wire}}",
    "url: true",
    'title: "\\ud800 lone"',
    "id: {big}",
    "id: 0x{hexbig}",
    "views: {big}",
    "title: " + "[" * 1200 + "]" * 1200,
    "title: " + "[" * 40 + "]" * 40,
    "title: &a x\nsubtitle: *a",
    "title: !!python/object:os.system x",
    "title: !!int",
    "tags: !!set {{a, b}}",
    "title: |\n  block {s}\n  second line",
    "title: {s}: with colon",
    "\ttitle: tab indented",
    "? complex key\n: value",
]


def md_file(rng: random.Random, n: int) -> File:
    tok = token(n)
    body = "\n".join(sentence(rng, tok) for _ in range(rng.randint(1, 3))) + "\n"
    kind = rng.choices(["front", "none", "unclosed", "dots", "empty-body"], [70, 12, 6, 6, 6])[0]
    lines = [
        rng.choice(FRONT_MATTER_LINES).format(
            s=rng.choice(WORDS) + rng.choice(SOUP).replace("\n", " "),
            q=rng.choice(MARKS).replace("'", "''"),
            big="9" * rng.choice([10, 4301, 6000]),
            hexbig="f" * rng.choice([8, 4000]),
        )
        for _ in range(rng.randint(0, 5))
    ]
    if kind == "none":
        text = body
    elif kind == "unclosed":
        text = "---\n" + "\n".join(lines) + "\n" + body
    elif kind == "empty-body":
        text = "---\n" + "\n".join(lines) + "\n---\n \n"
    else:
        closing = "..." if kind == "dots" else "---"
        text = "---\n" + "\n".join(lines) + f"\n{closing}\n" + body
    exact = normalise_newlines(body.removeprefix("\ufeff") if kind == "none" else body)
    return File(f"{n:05d}-{kind}.md", text.encode("utf-8"), "md", [tok], exact={None: exact})


def html_file(rng: random.Random, n: int) -> File:
    tok = token(n)
    paragraphs = "".join(
        f"<p>{sentence(rng, tok, soup=False)} {' '.join(rng.choice(WORDS) for _ in range(30))}"
        f" {rng.choice(SOUP).replace('<', '&lt;').replace('&', '&amp;')}</p>"
        for _ in range(rng.randint(2, 5))
    )
    article = f"<article><h1>Story {n}</h1>{paragraphs}</article>"
    kind = rng.choices(
        ["plain", "deep", "very-deep", "broken", "noscript", "scripts", "entities", "empty-body"],
        [40, 12, 6, 14, 7, 7, 8, 6],
    )[0]
    if kind == "deep":
        depth = rng.randint(240, 1200)
        tag = rng.choice(["div", "span", "section", "b"])
        article = f"<{tag}>" * depth + article + f"</{tag}>" * depth
    elif kind == "very-deep":
        article = "<div>" * 5000 + article + "</div>" * rng.choice([0, 5000])
    elif kind == "broken":
        pieces = ["<div", "</span>", "<p", "<<", "<!--", "<![CDATA[", "</", '<a href="', "&#"]
        cut = rng.randrange(len(article))
        article = article[:cut] + rng.choice(pieces) + article[cut:]
    elif kind == "noscript":
        article = f"<noscript>Please enable JavaScript {tok}</noscript>"
    elif kind == "scripts":
        article = f"<script>var story = '{tok} words words';</script><style>p {{}}</style>"
    elif kind == "entities":
        article = article.replace("</h1>", "&#xD800;&#0;&#x110000;&bogus;&amp</h1>")
    elif kind == "empty-body":
        article = ""
    page = (
        "<!DOCTYPE html><html><head><title>Story</title>"
        '<meta property="og:site_name" content="Fuzz Courier"></head>'
        f"<body><nav><a href='/'>Home</a></nav>{article}</body></html>"
    )
    return File(f"{n:05d}-{kind}.html", page.encode("utf-8"), "html", [tok])


CSV_BREAKS = [
    lambda tok: f'x{tok},"stray opening quote {tok}',
    lambda tok: f'x{tok},"quoted "inside" the field {tok}"',
    lambda tok: f"x{tok},{tok} too,many,fields",
    lambda tok: f"only one field {tok}",
    lambda tok: f'x{tok},"closed" then more {tok}',
    lambda tok: f"x{tok},  ",
]


def csv_files(rng: random.Random, first: int, total: int) -> list[File]:
    files, n = [], first
    while n < first + total:
        size = min(rng.randint(1, 40), first + total - n)
        tokens = [token(n + i) for i in range(size)]
        n += size
        kind = rng.choices(
            ["good", "broken", "dup-text", "no-text", "cp1252", "utf16", "bom", "nul"],
            [45, 35, 4, 3, 4, 3, 4, 2],
        )[0]
        # Python 3.11's writer quotes a field holding \r or \n only if the line terminator
        # holds it: with "\n" lines, every field is quoted.
        terminator = rng.choice(["\n", "\r\n"])
        buffer = io.StringIO(newline="")
        writer = csv.writer(
            buffer,
            lineterminator=terminator,
            quoting=csv.QUOTE_ALL if terminator == "\n" else csv.QUOTE_MINIMAL,
        )
        header = ["id", "text"] if rng.random() < 0.5 else ["id", "title", "text"]
        if kind == "dup-text":
            header = [*header, " Text "]
        if kind == "no-text":
            header = ["id", "body"]
        writer.writerow(header)
        exact: dict[object, str] = {}
        for tok in tokens:
            if kind == "broken" and rng.random() < 0.3:
                buffer.write(rng.choice(CSV_BREAKS)(tok) + terminator)
                continue
            text = sentence(rng, tok).replace("\x00", "")
            row = {"id": f"c{tok}", "title": rng.choice(WORDS), "text": text}
            writer.writerow([row.get(name.strip().lower(), "") for name in header])
            if kind in ("good", "bom") and text.strip():
                exact[f"c{tok}"] = normalise_newlines(text)
            if rng.random() < 0.05:
                buffer.write(terminator)  # a blank line: no record
        lines = buffer.getvalue()
        if kind == "cp1252":
            data = lines.encode("cp1252", "replace") + b"x,caf\xe9\n"
        elif kind == "utf16":
            data = lines.encode("utf-16")
        elif kind == "bom":
            data = codecs.BOM_UTF8 + lines.encode("utf-8")
        elif kind == "nul":
            data = lines.encode("utf-8") + b"x,\x00\n"
        else:
            data = lines.encode("utf-8")
        files.append(File(f"{n:05d}-{kind}.csv", data, "csv", tokens, exact=exact))
    return files


def jsonl_line(rng: random.Random, tok: str) -> tuple[bytes, str | None]:
    """One JSONL line for a document, and its exact text when the line is a good article."""
    text = sentence(rng, tok)
    kind = rng.choices(
        [
            "good",
            "ascii",
            "surrogate",
            "big-int",
            "deep",
            "very-deep",
            "broken",
            "array",
            "no-text",
            "bad-id",
            "latin1",
            "nul",
            "blank-text",
        ],
        [40, 12, 8, 5, 3, 1, 8, 3, 4, 3, 4, 3, 3],
    )[0]
    row: dict[str, object] = {"id": f"j{tok}", "text": text}
    if rng.random() < 0.3:
        row["title"] = rng.choice(WORDS) + rng.choice(SOUP)
    if kind == "good":
        return json.dumps(row, ensure_ascii=False).encode("utf-8"), text
    if kind == "ascii":
        return json.dumps(row).encode("utf-8"), text
    if kind == "surrogate":  # written as escapes: json.dumps writes "\\ud800"
        field_, value = rng.choice([("text", "\ud800"), ("id", "\udc9f"), ("title", "\udfff")])
        row[field_] = f"{row.get(field_, '')}{value}"
        return json.dumps(row).encode("utf-8"), replace_lone_surrogates(str(row["text"]))
    if kind == "big-int":
        line = json.dumps(row)[:-1] + f', "views": {"7" * rng.choice([4301, 9000])}}}'
        return line.encode("utf-8"), text
    if kind in ("deep", "very-deep"):
        depth = 1000 if kind == "deep" else 100_000
        return (json.dumps(row)[:-1] + ', "x": ' + "[" * depth + "]" * depth + "}").encode(), None
    if kind == "broken":
        line = json.dumps(row)
        return line[: rng.randrange(1, len(line))].encode("utf-8"), None
    if kind == "array":
        return json.dumps([tok, text]).encode("utf-8"), None
    if kind == "no-text":
        return json.dumps({"id": f"j{tok}", "body": text}).encode("utf-8"), None
    if kind == "bad-id":
        return json.dumps({**row, "id": rng.choice([True, [1], {"a": tok}])}).encode(), None
    if kind == "latin1":
        return json.dumps(row).encode("utf-8")[:-2] + b'\xe9"}', None
    if kind == "nul":
        return json.dumps(row).encode("utf-8").replace(b'", "text', b'\x00", "text'), None
    return json.dumps({**row, "text": " \n\t "}).encode("utf-8"), None


def jsonl_files(rng: random.Random, first: int, total: int) -> list[File]:
    files, n = [], first
    while n < first + total:
        size = min(rng.randint(1, 50), first + total - n)
        tokens, lines, numbers, exact = [], [], [], {}
        for i in range(size):
            tok = token(n + i)
            while rng.random() < 0.1:
                lines.append(rng.choice([b"", b"  ", b"\t"]))  # blank lines: no record
            line, text = jsonl_line(rng, tok)
            lines.append(line)
            tokens.append(tok)
            numbers.append(len(lines))
            if text is not None:
                exact[len(lines)] = normalise_newlines(text)
        n += size
        data = b"\n".join(lines) + rng.choice([b"\n", b""])
        if rng.random() < 0.05:
            data = codecs.BOM_UTF8 + data
        files.append(File(f"{n:05d}.jsonl", data, "jsonl", tokens, numbers, exact))
    return files


def generate(rng: random.Random) -> list[File]:
    files: list[File] = []
    n = 0
    for fmt, make in (("txt", txt_file), ("md", md_file), ("html", html_file)):
        for _ in range(COUNTS[fmt]):
            files.append(make(rng, n))
            n += 1
    files += csv_files(rng, n, COUNTS["csv"])
    n += COUNTS["csv"]
    files += jsonl_files(rng, n, COUNTS["jsonl"])
    return files


# --- the accounting -----------------------------------------------------------------------


def encodes(record: Article | Rejection) -> bool:
    try:
        for name in record.__slots__:
            value = getattr(record, name)
            if isinstance(value, str):
                value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_TOKEN = re.compile(r"QX\d{5}QX")


def account(files: list[File], articles: list[Article], rejections: list[Rejection]):
    """Lost documents, texts not as written, and the problems found, per the module rules."""
    by_file: dict[str, list[Article | Rejection]] = {}
    for record in [*articles, *rejections]:
        by_file.setdefault(Path(record.source).name, []).append(record)
    lost, altered, problems = 0, 0, []
    for file in files:
        records = by_file.get(file.name, [])
        found = [r for r in records if isinstance(r, Article)]
        rejected = [r for r in records if isinstance(r, Rejection)]
        if file.fmt in ("txt", "md", "html"):
            if len(records) != 1:
                lost += 1
                problems.append(f"{file.name}: {len(records)} records")
            continue
        if file.fmt == "jsonl":
            seen = Counter(r.source_line if isinstance(r, Article) else r.line for r in records)
            whole = [r for r in rejected if r.line is None]
            for line in file.lines:
                if seen[line] != 1 and not whole:
                    lost += 1
                    problems.append(f"{file.name}, line {line}: {seen[line]} records")
            continue
        if any(r.line is None for r in rejected):
            continue  # rejected whole
        in_articles = {tok for a in found for tok in _TOKEN.findall(a.text)}
        missing = [tok for tok in file.tokens if tok not in in_articles]
        if len(missing) > len(rejected):
            lost += len(missing) - len(rejected)
            problems.append(f"{file.name}: {len(missing)} documents, {len(rejected)} rejections")
    by_name = {file.name: file for file in files}
    for article in articles:
        file = by_name[Path(article.source).name]
        key = article.article_id if file.fmt == "csv" else article.source_line
        if key in file.exact and article.text != file.exact[key]:
            altered += 1
            problems.append(f"{file.name}: text of {key} is not as written")
    return lost, altered, problems


@pytest.mark.fuzz
def test_fuzz_every_document_is_an_article_or_a_rejection(tmp_path, record_property):
    started = time.perf_counter()
    rng = random.Random(SEED)
    files = generate(rng)
    for file in files:
        (tmp_path / file.name).write_bytes(file.data)
    n_documents = sum(len(file.tokens) for file in files)

    crashes, crash = 0, None
    try:
        articles, rejections = read_articles([tmp_path])
    except Exception as error:  # counted and reported: the test fails below
        crashes, articles, rejections = 1, [], []
        crash = f"{type(error).__name__}: {error}"
    caught = [r for r in rejections if r.code == "reader_error"]
    crashes += len(caught)

    lost, altered, problems = account(files, articles, rejections)
    not_utf8 = sum(not encodes(record) for record in [*articles, *rejections])
    codes = Counter(r.code for r in rejections)
    summary = {
        "seed": SEED,
        "files": len(files),
        "documents tried": n_documents,
        "articles": len(articles),
        "rejections": len(rejections),
        "rejections by code": dict(sorted(codes.items())),
        "crashes": crashes,
        "lost": lost,
        "texts not as written": altered,
        "records not UTF-8": not_utf8,
        "seconds": round(time.perf_counter() - started, 1),
    }
    print("\nfuzz accounting:", json.dumps(summary, indent=1, ensure_ascii=False))
    for name, value in summary.items():
        record_property(name, value)

    assert crashes == 0, crash or caught[:3]
    assert lost == 0, problems[:10]
    assert altered == 0, problems[:10]
    assert not_utf8 == 0
    assert n_documents >= 5000
    assert {"binary", "encoding", "malformed_csv", "malformed_json", "no_main_text"} <= set(codes)


@pytest.mark.fuzz
@pytest.mark.model
def test_fuzz_articles_extract_with_every_span_exact(tmp_path, record_property):
    """A seeded sample of the hostile articles through the parse and every extractor: no
    article fails, and every span of every row is the article's text at its offsets."""
    from claimscope.nlp.model import resolve_model_name
    from claimscope.run.engines import extract_batch

    files = generate(random.Random(SEED))
    for file in files:
        (tmp_path / file.name).write_bytes(file.data)
    articles, _ = read_articles([tmp_path])
    short = [a for a in articles if len(a.text) <= 4000]  # the parse is the cost: kept small
    sample = random.Random(SEED).sample(short, min(150, len(short)))
    batch = [(str(n), article) for n, article in enumerate(sample)]
    results = extract_batch(resolve_model_name(), None, batch)
    spans = violations = 0
    failed = [r.error for r in results if r.rows is None]
    columns = [("start", "end", "text"), ("cue_start", "cue_end", "cue"),
               ("speaker_start", "speaker_end", "speaker_mention"),
               ("sentence_start", "sentence_end", "sentence")]  # fmt: skip
    for (_, article), result in zip(batch, results, strict=True):
        for table, rows in (result.rows or {}).items():
            for row in rows:
                for start, end, shown in columns:
                    if row.get(start) is None or shown not in row:
                        continue
                    if table == "timeline" and shown == "text":
                        continue
                    spans += 1
                    violations += article.text[row[start] : row[end]] != row[shown]
    record_property("articles extracted", len(sample))
    record_property("spans checked", spans)
    record_property("offset violations", violations)
    record_property("extraction failures", len(failed))
    assert failed == [] and violations == 0 and spans > 500
