"""Repeated quotes read back for the report: variants, their differences, the groups of a
speaker's quotes. Sentences are invented."""

from __future__ import annotations

import pandas as pd
import pytest

from claimscope.analysis import repeats
from claimscope.present import repeats as repeated

LONGEST = "The tram line will reach the hospital before the winter, whatever the council says."


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        (LONGEST, "the same words"),
        (LONGEST.lower().replace(",", ""), "case or punctuation"),
        ("reach the hospital before the winter", "a fragment"),
        ("The tram line will reach … whatever the council says.", "cut with an ellipsis"),
        (LONGEST.replace("winter", "summer"), "1 word changed"),
        (LONGEST.replace("before the winter, ", ""), "3 words changed"),
        (LONGEST.replace("will reach", "will soon reach"), "1 word changed"),
    ],
)
def test_each_variant_is_told_how_it_differs(variant, expected):
    assert repeats.difference(LONGEST, variant) == expected


def test_word_changes_say_where_the_variant_differs():
    variant = "The tram line will soon reach the clinic before the winter."
    changes = repeats.word_changes(LONGEST, variant)
    found = [(c.op, c.canonical, c.variant_words(variant)) for c in changes]
    # the words cut at the end ("whatever the council says") make it a fragment, not a change
    assert found == [("added", "", "soon"), ("changed", "hospital", "clinic")]


def test_marked_variants_escape_the_text_and_mark_the_changed_words():
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.tags, self.text = [], []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)

        def handle_data(self, data):
            self.text.append(data)

    variant = "The tram line <script>x</script> will reach the clinic before the winter"
    marked = repeated.marked_html(LONGEST, variant)
    reader = Reader()
    reader.feed(marked)
    assert set(reader.tags) == {"ins", "del"}  # the variant's markup is text
    assert '<del class="cs-diff" title="left out">hospital</del> ' in marked
    assert '<ins class="cs-diff" title="not in the longest variant">clinic</ins>' in marked
    shown = "".join(reader.text).replace("hospital ", "")  # the text, less what is struck out
    assert shown == variant
    assert repeated.marked_html(LONGEST, LONGEST.upper()) == LONGEST.upper()  # nothing marked


def _seen(rows: list[tuple[str, str, str | None, str | None, str]]) -> pd.DataFrame:
    """Appearances of one group: (article, words, date, outlet, speaker)."""
    frame = pd.DataFrame(rows, columns=["article_id", "words", "date", "outlet", "speaker"])
    frame["group_id"] = "g1"
    frame["title"] = "Title of " + frame["article_id"]
    frame["variant"] = frame["words"].map(repeats.variant_key)
    return frame


def test_variants_put_the_longest_first_then_the_most_quoted():
    seen = _seen(
        [
            ("a1", LONGEST, "2026-05-02", "Daily One", "Rosa Imbert"),
            (
                "a2",
                "reach the hospital before the winter",
                "2026-05-01",
                "Daily Two",
                "Rosa Imbert",
            ),
            ("a3", "Reach the hospital, before the winter", "2026-05-04", None, "R. Imbert"),
            ("a4", LONGEST.lower(), "2026-05-03", "Daily Two", "Rosa Imbert"),
        ]
    )
    table = repeats.variants(seen, LONGEST)
    assert table["words"].tolist() == [LONGEST, "reach the hospital before the winter"]
    assert table["canonical"].tolist() == [True, False]
    fragment = table.iloc[1]
    assert (fragment["difference"], fragment["n_quotes"], fragment["n_articles"]) == (
        "a fragment",
        2,
        2,
    )
    assert fragment["outlets"] == "Daily Two"  # the unknown outlet is left out
    assert fragment["speakers"] == "R. Imbert; Rosa Imbert"
    assert fragment["first_date"] == "2026-05-01"
    assert table.iloc[0]["article_ids"] == ["a1", "a4"]


def _groups(rows: list[tuple[str, int, int, int, bool]]) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows, columns=["group_id", "n_outlets", "n_articles", "n_quotes", "speakers_disagree"]
    )
    frame["text"] = "words of " + frame["group_id"]
    frame["n_variants"] = 1
    frame["speakers"] = "Rosa Imbert"
    for side in ("first", "last"):
        frame[f"{side}_date"] = "2026-05-01"
        frame[f"{side}_outlet"] = None
    return frame


def test_groups_are_ranked_by_outlets_then_articles_then_quotes():
    groups = _groups(
        [
            ("gA", 1, 5, 5, False),
            ("gB", 3, 3, 3, False),
            ("gC", 3, 4, 4, True),
            ("gD", 3, 4, 6, False),
        ]
    )
    assert repeats.ranked_groups(groups)["group_id"].tolist() == ["gD", "gC", "gB", "gA"]
    assert repeats.ranked_groups(groups, limit=2)["group_id"].tolist() == ["gD", "gC"]


def test_the_groups_of_some_quotes_count_how_many_of_them_are_in_each():
    groups = _groups([("gA", 1, 2, 2, False), ("gB", 2, 2, 3, True), ("gC", 2, 2, 2, False)])
    quotes = pd.DataFrame({"group_id": pd.array(["gA", "gB", "gB", None], dtype="string")})
    found = repeats.groups_of(quotes, groups)
    assert found[["group_id", "here"]].values.tolist() == [["gB", 2], ["gA", 1]]
    table = repeats.listing(found)
    assert table.columns.tolist()[:3] == ["Words", "Quotes here", "Articles"]
    assert table["Different speakers"].tolist() == ["yes", ""]
    assert table["First seen"].tolist() == ["2026-05-01", "2026-05-01"]  # no outlet known
    none = repeats.groups_of(quotes.iloc[[3]], groups)
    assert none.empty and "here" in none


def test_links_go_to_the_sections_the_page_shows():
    links = repeated.group_links(["gA", "gB", None], shown=["gA"])
    assert links == [f"{repeated.PAGE}#group-gA", None, None]
    assert repeated.group_links(["gA"], shown=["gA"], page="") == ["#group-gA"]
    assert repeated.group_links(["gA"], shown=["gA"], page=None) == [None]


def test_the_spread_has_one_point_per_group_and_article_with_unknowns_said():
    seen = pd.concat(
        [
            _seen([("a1", LONGEST, "2026-05-02", "Daily One", "Rosa Imbert")] * 2),
            _seen([("a2", LONGEST, None, None, "Rosa Imbert")]),
        ]
    )
    groups = _groups([("g1", 1, 2, 3, False)]).assign(text=LONGEST)
    points = repeats.spread(seen, groups)
    assert len(points) == 2  # the article quoting the words twice is one point
    assert points["outlet"].tolist() == ["Daily One", "unknown"]
    assert points["group"].iloc[0].startswith("1. The tram line")
    assert repeats.spread(seen.head(0), groups).empty
