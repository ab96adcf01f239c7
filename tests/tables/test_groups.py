"""Quote groups and claim groups: planted repeats found across outlets, with pair precision and
recall measured, and each rule of grouping on small tables built by hand."""

from __future__ import annotations

import itertools
import json

import pandas as pd
import pytest

from claimscope.tables.groups import (
    claim_groups,
    cluster_variants,
    corpus_groups,
    normalise,
    quotation,
    quote_groups,
    speaker_key,
)

OUTLETS = ["Harbour Gazette", "Valley Times", "example.org", "The Morning Post", "Radio North"]

# Invented sentences, each planted in several articles of different outlets with one variation.
PLANTED = {
    "bridge": "The new bridge will carry twelve thousand cars a day by the end of next spring.",
    "water": "Nobody in this town should have to boil their water before giving it to a child.",
    "budget": "We balanced the budget without closing a single library, and we will do it again.",
    "port": "The port has lost three of its five shipping lines since the storm in October.",
    "school": "Our teachers were promised new classrooms four years ago and are still waiting.",
    "wind": "If the wind farm is built here, the fishing grounds will be gone within a decade.",
}

# Ways a repeat is written: each takes the sentence and returns the quote's text.
VARIATIONS = [
    lambda s: f"“{s}”",  # typographic marks
    lambda s: f'"{s}"',  # straight marks
    lambda s: f"«{s.lower()}»",  # guillemets, lower case
    lambda s: '"' + s.replace(",", "").replace(".", "").upper() + '"',  # no punctuation, capitals
    lambda s: "“" + " ".join(s.split()[: len(s.split()) // 2 + 1]) + "”",  # the first half
    lambda s: "“" + " ".join(s.split()[:4]) + " … " + " ".join(s.split()[-4:]) + "”",  # ellipsis
    lambda s: "“" + " ".join(_changed(s.split())) + "”",  # one word changed
]


def _changed(words: list[str]) -> list[str]:
    i = len(words) // 2
    return [*words[:i], "really" if words[i] != "really" else "truly", *words[i + 1 :]]


# Invented quotes that repeat nothing, some sharing words with the planted ones.
UNRELATED = [
    "The old bridge was closed for repairs on Monday after a lorry struck its railing.",
    "Boil the potatoes for twenty minutes and serve them with the fish.",
    "We will not balance the budget by selling the town hall.",
    "The storm in October flooded the lower streets of the harbour district.",
    "Classrooms are warmer this winter thanks to the new boilers.",
    "The fishing fleet will meet the minister on Thursday to discuss the quotas.",
    "A decade ago nobody here had heard of offshore wind.",
    "Shipping lines choose ports by their fees and their depth, not by their history.",
    "I have taught in this school for thirty years and I have never seen such a winter.",
    "The library will open on Sundays from the first of March.",
    "Twelve thousand people signed the petition in a single week.",
    "The council has no plan for the empty warehouses along the quay.",
]


def planted_corpus() -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """Articles and quotes with the planted repeats spread over outlets and dates, beside the
    unrelated quotes; and the planted group of every planted quote."""
    articles, quotes, truth = [], [], {}
    n = itertools.count()

    def article(outlet: str, day: int) -> str:
        article_id = f"a{next(n):03d}"
        articles.append({"article_id": article_id, "date": f"2026-03-{day:02d}", "outlet": outlet})
        return article_id

    def quote(article_id: str, text: str, speaker: str | None) -> str:
        quote_id = f"{article_id}:q{len(quotes)}"
        quotes.append({"quote_id": quote_id, "article_id": article_id, "kind": "direct",
                       "text": text, "speaker": speaker, "speaker_type": "PERSON"})  # fmt: skip
        return quote_id

    unrelated = iter(UNRELATED)
    for g, (name, sentence) in enumerate(PLANTED.items()):
        speaker = f"Speaker {name.title()}"
        for v, vary in enumerate(VARIATIONS):
            article_id = article(OUTLETS[(g + v) % len(OUTLETS)], 1 + (g + v) % 28)
            truth[quote(article_id, vary(sentence), speaker)] = name
            if v % 2 == 0:  # every other article quotes someone else as well
                quote(article_id, f"“{next(unrelated, 'Thank you.')}”", f"Person {g}{v}")
    for i, text in enumerate(unrelated):
        quote(article(OUTLETS[i % len(OUTLETS)], 1 + i), f'"{text}"', f"Person {i}")
    return pd.DataFrame(articles), pd.DataFrame(quotes), truth


def pairs(labels: dict[str, str | None]) -> set[frozenset[str]]:
    by_label: dict[str, list[str]] = {}
    for item, label in labels.items():
        if label is not None:
            by_label.setdefault(label, []).append(item)
    return {frozenset(p) for m in by_label.values() for p in itertools.combinations(m, 2)}


def test_planted_repeats_are_found_with_pair_precision_and_recall_of_95_percent():
    articles, quotes, truth = planted_corpus()
    found = quote_groups(quotes, articles)
    predicted = pairs({q: found.group_ids.get(q) for q in quotes["quote_id"]})
    expected = pairs({q: truth.get(q) for q in quotes["quote_id"]})
    true_pairs = len(predicted & expected)
    precision = true_pairs / len(predicted) if predicted else 0.0
    recall = true_pairs / len(expected)
    print(f"pair precision {precision:.3f}, recall {recall:.3f} ({len(expected)} planted pairs)")
    assert precision >= 0.95
    assert recall >= 0.95
    assert len(found.table) == len(PLANTED)
    assert (found.table["n_outlets"] >= 2).all()


def test_the_group_table_says_where_the_words_were_first_and_last_seen():
    articles, quotes, truth = planted_corpus()
    table = quote_groups(quotes, articles).table.set_index("text")
    row = table.loc[PLANTED["bridge"]]  # the longest variant, as most often written
    bridge = quotes[quotes["quote_id"].map(truth).eq("bridge")]
    seen = articles[articles["article_id"].isin(bridge["article_id"])].sort_values("date")
    assert row["n_quotes"] == len(VARIATIONS) and row["n_articles"] == len(VARIATIONS)
    assert row["n_outlets"] == seen["outlet"].nunique()
    assert row["n_variants"] == len(VARIATIONS) - 3  # marks, case, punctuation: one variant
    assert (row["first_date"], row["first_article_id"], row["first_outlet"]) == tuple(
        seen.iloc[0][["date", "article_id", "outlet"]]
    )
    assert (row["last_date"], row["last_outlet"]) == tuple(seen.iloc[-1][["date", "outlet"]])
    assert row["speakers"] == "Speaker Bridge" and not row["speakers_disagree"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Don’t stop,” she said", (("dont", "stop", "she", "said"),)),
        ('"DON\'T STOP!"', (("dont", "stop"),)),
        ("«we came … we saw [...] we left»", (("we", "came"), ("we", "saw"), ("we", "left"))),
        ("it was. . . over", (("it", "was"), ("over",))),
        ("“”", ()),
    ],
)
def test_normalised_quotations_keep_only_their_words(text, expected):
    assert normalise(text) == expected


def test_a_mixed_quote_is_grouped_on_its_quoted_words_and_an_indirect_one_not_at_all():
    assert quotation('he called it "a very bad deal" and “a disgrace”', "mixed") == (
        "a very bad deal … a disgrace"
    )
    assert quotation("the deal was bad", "indirect") is None


def _frames(rows: list[tuple[str, str, str | None]], kind: str = "direct"):
    quotes = pd.DataFrame(
        [{"quote_id": f"q{i}", "article_id": f"a{i}", "kind": kind, "text": text,
          "speaker": speaker, "speaker_type": "PERSON"}
         for i, (text, speaker, _) in enumerate(rows)]
    )  # fmt: skip
    articles = pd.DataFrame(
        [{"article_id": f"a{i}", "date": "2026-01-01", "outlet": outlet}
         for i, (_, _, outlet) in enumerate(rows)]
    )  # fmt: skip
    return quotes, articles


def test_a_short_phrase_is_grouped_only_with_the_same_speaker():
    quotes, articles = _frames([
        ("“a very hard winter”", "Ana Ruiz", "A"),
        ("“a very hard winter”", "Ben Ode", "B"),
        ("“a very hard winter”", "Sen. Ana Ruiz", "C"),
        ("“a very hard winter”", None, "D"),
    ])  # fmt: skip
    found = quote_groups(quotes, articles)
    assert found.group_ids.get("q0") == found.group_ids.get("q2") is not None
    assert "q1" not in found.group_ids and "q3" not in found.group_ids


def test_a_phrase_found_in_two_different_sentences_joins_neither():
    variants = [
        normalise("the harbour will be dredged before the summer season begins"),
        normalise("the summer season begins with the regatta on the first of june"),
        normalise("the summer season begins"),
    ]
    labels = cluster_variants(variants)
    assert len(set(labels)) == 3


def test_a_long_fragment_joins_its_sentence_whatever_the_speaker_and_flags_the_disagreement():
    quotes, articles = _frames([
        ("“The harbour will be dredged before the summer season begins, whatever it costs.”",
         "Ana Ruiz", "A"),
        ("“The harbour will be dredged before the summer season begins”", "Ben Ode", "B"),
    ])  # fmt: skip
    found = quote_groups(quotes, articles)
    assert found.group_ids["q0"] == found.group_ids["q1"]
    assert bool(found.table.loc[0, "speakers_disagree"])


def test_two_changed_words_in_a_short_sentence_are_another_quotation():
    variants = [
        normalise("we will open the school in may"),
        normalise("we will close the school in june"),
        normalise("we will open the school in june"),
    ]
    labels = cluster_variants(variants)
    assert labels[0] == labels[2] and labels[1] == labels[2]  # one word apart, each from the third
    assert cluster_variants(variants[:2]) == [0, 1]


def test_a_quotation_repeated_within_one_article_only_has_no_group():
    quotes, articles = _frames([("“The harbour will be dredged this year.”", "Ana Ruiz", "A")] * 2)
    quotes["article_id"] = "a0"
    found = quote_groups(quotes, articles.iloc[:1])
    assert not found.group_ids and found.table.empty


def test_speaker_keys_set_aside_titles_initials_and_accents():
    assert speaker_key("Sen. Ted Cruz") == speaker_key("Ted Cruz")
    assert speaker_key("Donald J. Trump") == speaker_key("Donald Trump")
    assert speaker_key("Felipe Calderón") == speaker_key("Felipe Calderon")
    assert speaker_key("Bill Clinton") != speaker_key("Hillary Clinton")


def test_statements_saying_the_same_thing_share_a_claim_group():
    statements = [
        ("s0", "a0", "the council would close the harbour to cruise ships next summer"),
        ("s1", "a1", "The council will close the harbour to cruise ships next summer."),
        ("s2", "a2", "cruise ships would be kept out of the harbour by the council next summer"),
        ("s3", "a3", "the ferry timetable changes on Monday"),
        ("s4", "a3", "the ferry timetable changes on Monday"),  # same article: no group
    ]
    found = claim_groups(statements)
    assert found["s0"] == found["s1"]
    assert "s3" not in found and "s4" not in found


def test_quoted_claims_take_their_quotes_claim_group():
    articles, quotes, _ = planted_corpus()
    quotes = pd.concat([quotes, quotes.assign(kind="indirect", quote_id=quotes["quote_id"] + "i")])
    claims = pd.DataFrame(
        {"claim_id": ["c0", "c1"], "article_id": ["a000", "a001"],
         "quote_id": [quotes["quote_id"].iloc[0], None],
         "text": [quotes["text"].iloc[0], PLANTED["bridge"]]}
    )  # fmt: skip
    groups = corpus_groups(articles, quotes, claims)
    table = groups.apply("claims", claims)
    quoted = groups.claim_group_ids[quotes["quote_id"].iloc[0]]
    assert table["claim_group_id"].tolist() == [quoted, quoted]  # the own claim says it too
    with_ids = groups.apply("quotes", quotes)
    assert with_ids["group_id"].notna().sum() == len(groups.group_ids)
    assert with_ids.loc[with_ids["kind"].eq("indirect"), "group_id"].isna().all()


def write_port_corpus(folder) -> object:
    """Four articles of two sites, each quoting one planted sentence, written differently."""
    lines = []
    for i, vary in enumerate(VARIATIONS[:4]):
        text = (f"The mayor spoke on Tuesday. {vary(PLANTED['port'])} said Ana Ruiz, the mayor. "
                f"The meeting ended at noon.")  # fmt: skip
        lines.append({"id": f"port-{i}", "text": text, "date": f"2026-02-0{i + 1}",
                      "url": f"https://news{i % 2}.example.com/{i}"})  # fmt: skip
    corpus = folder / "articles.jsonl"
    corpus.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    return corpus


@pytest.mark.model
@pytest.mark.parametrize("engine", ["local", pytest.param("dask", marks=pytest.mark.slow)])
def test_the_extraction_writes_the_groups(tmp_path, engine):
    from claimscope.run.pipeline import extract_corpus
    from claimscope.run.store import read_table

    corpus = write_port_corpus(tmp_path)
    extract_corpus([corpus], tmp_path / "out", progress=False, engine=engine, workers=1)
    quotes = read_table(tmp_path / "out", "quotes")
    groups = read_table(tmp_path / "out", "quote_groups")
    direct = quotes[quotes["kind"].eq("direct")]
    assert len(direct) == 4 and direct["group_id"].nunique() == 1
    assert direct["group_id"].notna().all()
    assert len(groups) == 1 and groups.loc[0, "n_articles"] == 4 and groups.loc[0, "n_outlets"] == 2


@pytest.mark.model
def test_extract_without_groups_leaves_the_group_columns_empty(tmp_path):
    from claimscope.cli import main
    from claimscope.run.store import read_table

    corpus = write_port_corpus(tmp_path)
    assert main(["extract", str(corpus), "--out", str(tmp_path / "out"), "-q", "--no-groups"]) == 0
    assert read_table(tmp_path / "out", "quotes")["group_id"].isna().all()
    assert read_table(tmp_path / "out", "quote_groups").empty


@pytest.mark.model
def test_a_rerun_with_new_articles_joins_them_to_the_groups_of_the_cached_ones(tmp_path):
    from claimscope.run.pipeline import extract_corpus
    from claimscope.run.store import read_table

    corpus = write_port_corpus(tmp_path)
    lines = corpus.read_text(encoding="utf-8").splitlines()
    corpus.write_text("\n".join(lines[:2]), encoding="utf-8")
    extract_corpus([corpus], tmp_path / "out", progress=False)
    before = read_table(tmp_path / "out", "quote_groups")
    corpus.write_text("\n".join(lines), encoding="utf-8")
    summary = extract_corpus([corpus], tmp_path / "out", progress=False)
    after = read_table(tmp_path / "out", "quote_groups")
    assert summary.n_cached == 2 and summary.n_parsed == 2
    assert before.loc[0, "n_articles"] == 2 and after.loc[0, "n_articles"] == 4
    assert after.loc[0, "group_id"] == before.loc[0, "group_id"]  # the same canonical text
