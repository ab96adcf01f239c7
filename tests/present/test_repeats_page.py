"""The "Repeated quotes" page: a site built from articles of three outlets that quote the
same (invented) words, written differently, and credit one of them to two people."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest
from test_report import XSS, article_row, at, parse

from claimscope.present.repeats import PAGE, anchor
from claimscope.present.site import ReportSummary, build_reports
from claimscope.run import store
from claimscope.tables.groups import corpus_groups
from claimscope.tables.schema import QUOTES

FERRY = (
    "The ferry will run every hour from the first of May, and the fares will not rise this year."
)
CLINIC = "We will keep the night clinic open until a new doctor is found for the valley."

#: (article id, outlet, date, the quote as written, speaker): the ferry's words four times,
#: once with a word changed and once cut to a fragment; the clinic's twice, by two people.
PLANTED = [
    ("coast-1", "Harbour Gazette", "2026-04-02", f"“{FERRY}”", "Mara Lindqvist"),
    ("coast-2", "Valley Times", "2026-04-03", f'"{FERRY.lower()}"', "Mara Lindqvist"),
    ("coast-3", "Radio North", "2026-04-05", f"“{FERRY.replace('rise', 'increase')}”",
     "Mara Lindqvist"),
    ("coast-4", "Valley Times", "2026-04-09", "“the fares will not rise this year”",
     "Mara Lindqvist"),
    ("clinic-1", "Harbour Gazette", "2026-04-04", f"“{CLINIC}”", "Lena Ortiz"),
    ("clinic-2", "Radio North", "2026-04-06", f"“{CLINIC}”", "Tom Berg"),
]  # fmt: skip

#: What the clerk says in each article: nothing she repeats.
ASIDES = [
    "The minutes are on the notice board",
    "Parking behind the hall is free after six",
    "Bring your own chair to the hearing",
    "Nobody has asked for the budget papers yet",
    "Our phones were down all morning",
    "Letters to the council go to the front desk",
]


def _row(article_id: str, text: str, words: str, speaker: str, rank: int) -> dict:
    start, end = at(text, words)
    cue_start, cue_end = at(text, "said")
    who_start, who_end = at(text, speaker)
    return {
        "article_id": article_id,
        "quote_id": f"{article_id}#{rank}",
        "kind": "direct",
        "text": words,
        "start": start,
        "end": end,
        "cue": "said",
        "cue_start": cue_start,
        "cue_end": cue_end,
        "cue_lemma": "say",
        "stance": "neutral",
        "speaker_mention": speaker,
        "speaker_start": who_start,
        "speaker_end": who_end,
        "speaker": speaker,
        "speaker_type": "PERSON",
        "confidence": 0.9,
    }


def planted_tables() -> dict[str, pd.DataFrame]:
    """Articles and quotes with the planted repeats, their groups found as the extraction
    finds them."""
    articles, quotes = [], []
    for (article_id, outlet, date, words, speaker), aside in zip(PLANTED, ASIDES, strict=True):
        other = f"“{aside},” said Ines Dahl, the clerk."
        text = f"{words} said {speaker} on Tuesday.\n\n{other}"
        title = f"{XSS} News of {article_id}" if article_id == "coast-2" else f"News {article_id}"
        row = article_row(article_id, title, text, date)
        articles.append({**row, "outlet": outlet})
        quotes.append(_row(article_id, text, words, speaker, 1))
        quotes.append(_row(article_id, text, other[: other.index(",”") + 2], "Ines Dahl", 2))
    articles, quotes = pd.DataFrame(articles), pd.DataFrame(quotes)
    groups = corpus_groups(articles, quotes)
    quotes = groups.apply("quotes", quotes.reindex(columns=QUOTES.column_names))
    return {"articles": articles, "quotes": quotes, "quote_groups": groups.quote_groups}


@pytest.fixture(scope="module")
def repeats_site(tmp_path_factory) -> ReportSummary:
    base = tmp_path_factory.mktemp("repeats-site")
    store.write_tables(planted_tables(), base / "data")
    return build_reports(base / "data", base / "out", progress=False, topics=["ferry"])


def _sections(page: str) -> dict[str, str]:
    """Each group's section on the page, by its anchor."""
    return dict(re.findall(r'<section class="cs-group" id="([^"]+)">(.*?)</section>', page, re.S))


def test_the_planted_repeats_make_two_groups():
    groups = planted_tables()["quote_groups"]
    assert sorted(groups["n_articles"]) == [2, 4]
    assert groups.set_index("n_articles").loc[2, "speakers_disagree"]


def test_the_page_shows_each_group_with_its_variants_and_their_differences(repeats_site):
    assert repeats_site.n_failed == 0, [e.error for e in repeats_site.entries if not e.ok]
    (entry,) = repeats_site.of_kind("groups")
    assert entry.html.name == PAGE
    page = entry.html.read_text(encoding="utf-8")
    parse(page)  # well nested
    groups = planted_tables()["quote_groups"].set_index("n_articles")
    sections = _sections(page)
    assert set(sections) == {anchor(g) for g in groups["group_id"]}
    ferry = sections[anchor(groups.loc[4, "group_id"])]
    rows = re.findall(r'<tr><td>(.*?)</td><td>(.*?)</td><td class="num">(\d+)</td>', ferry, re.S)
    # the lower-case repeat is the longest variant once case is set aside: two quotes
    assert sorted((d, int(n)) for _, d, n in rows) == [
        ("1 word changed", 1), ("a fragment", 1), ("longest variant", 2)
    ]  # fmt: skip
    changed = next(words for words, d, _ in rows if d == "1 word changed")
    assert '<del class="cs-diff" title="left out">rise</del>' in changed
    assert '<ins class="cs-diff" title="not in the longest variant">increase</ins>' in changed
    assert "In 4 articles of 3 outlets; first seen 2026-04-02, Harbour Gazette" in ferry
    # each article is linked to its report, its title escaped
    assert re.search(r'<a href="coast-1\.html">News coast-1</a>', ferry)
    assert XSS not in page and html.escape(XSS) in ferry
    clinic = sections[anchor(groups.loc[2, "group_id"])]
    assert "credited to different speakers" in clinic
    assert "Lena Ortiz (1); Tom Berg (1)" in clinic
    assert "credited to different speakers" not in ferry


def test_speaker_and_topic_pages_link_to_the_groups_of_their_quotes(repeats_site):
    out = repeats_site.out_dir
    groups = planted_tables()["quote_groups"].set_index("n_articles")
    target = f"{PAGE}#{anchor(groups.loc[4, 'group_id'])}"
    speaker = next(e for e in repeats_site.of_kind("speaker") if e.key == "Mara Lindqvist")
    assert target in speaker.html.read_text(encoding="utf-8")
    (topic,) = repeats_site.of_kind("topic")
    assert target in topic.html.read_text(encoding="utf-8")
    clerk = next(e for e in repeats_site.of_kind("speaker") if e.key == "Ines Dahl")
    assert f"{PAGE}#" not in clerk.html.read_text(encoding="utf-8")  # her words are not repeated
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{PAGE}">Repeated quotes: 2 groups</a>' in index


def test_a_site_without_groups_says_so(tmp_path):
    tables = planted_tables()
    tables["quotes"]["group_id"] = pd.NA
    tables["quote_groups"] = tables["quote_groups"].head(0)
    store.write_tables(tables, tmp_path / "data")
    summary = build_reports(
        tmp_path / "data", tmp_path / "out", progress=False, max_speakers=1, topics=[]
    )
    assert summary.n_failed == 0, [e.error for e in summary.entries if not e.ok]
    page = Path(summary.out_dir / PAGE).read_text(encoding="utf-8")
    assert "No quotation appears in two articles or more." in page
    assert "cs-group" not in page
