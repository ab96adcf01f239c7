"""Claims, speakers and entities tables."""

from __future__ import annotations

import pandas as pd
import pytest

from claimscope.cli import main
from claimscope.extract import claims, quotes
from claimscope.run import store
from conftest import SAMPLE

pytestmark = pytest.mark.model


def test_article_assessments_are_claims_of_the_article(nlp):
    doc = nlp(
        "Anna Berg said that the bridge would reopen in May. "
        "The closure may affect trade between the two towns."
    )
    found = list(claims(doc, list(quotes(doc))))
    assert [(c.claimant, c.claimant_type, c.stance) for c in found] == [
        ("Anna Berg", "PERSON", "neutral"),
        (None, "ARTICLE", "hedge"),
    ]
    assert found[1].content.text == "The closure may affect trade between the two towns"


def test_sentences_without_hedges_are_not_claims(nlp):
    doc = nlp("The bridge closed on Monday. Traffic moved to the ring road.")
    assert list(claims(doc, [])) == []


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("claims")
    assert main(["extract", str(SAMPLE), "--out", str(out), "-q"]) == 0
    return store.read_tables(out)


def test_sample_claims_name_their_entities(sample):
    claims_ = sample["claims"]
    by_article = claims_[claims_.claimant_type == "ARTICLE"]
    assert any("may affect the further course" in t for t in by_article.text)
    putin = claims_[claims_.claimant == "Vladimir Putin"]
    assert putin.quote_id.notna().all()
    washington = claims_[claims_.claimant == "United States"].iloc[0]
    assert "violates numerous UN Security Council" in washington.text
    assert "GPE:Russia" in washington.entity_ids.split("; ")


def test_speakers_table_profiles_each_speaker(sample):
    speakers = sample["speakers"].set_index("speaker")
    kartapolov = speakers.loc["Andrey Kartapolov"]
    assert kartapolov.n_quotes == 5
    assert kartapolov.n_direct == 1
    assert "chairman" in kartapolov.titles
    assert kartapolov.affiliation == "Russia"
    assert kartapolov.gender == "m"
    assert speakers.loc["Vladimir Putin"].affiliation == "Russia"
    assert speakers.loc["Donald Trump"].affiliation == "United States"
    assert speakers.loc["United States"].speaker_type == "GPE"
    assert speakers.n_quotes.sum() == len(sample["quotes"].dropna(subset=["speaker"]))


def test_entities_table_merges_aliases(sample):
    entities = sample["entities"].set_index("entity_id")
    north_korea = entities.loc["GPE:North Korea"]
    assert {"DPRK", "Pyongyang", "North Korean", "North Korea"} <= set(
        north_korea.aliases.split("; ")
    )
    assert north_korea.n_mentions == len(
        sample["mentions"][sample["mentions"].entity_id == "GPE:North Korea"]
    )
    assert entities.loc["GPE:Russia"].type == "GPE"


def test_corpus_tables_built_chunk_by_chunk_equal_the_whole(sample):
    from claimscope.tables.corpus import CorpusTables, corpus_tables

    def renamed(frame, article_id):
        return frame.assign(article_id=article_id)

    chunks = [
        {name: renamed(sample[name], f"copy-{i}") for name in ("articles", "quotes", "mentions")}
        for i in range(2)
    ]
    whole = {
        name: pd.concat([c[name] for c in chunks], ignore_index=True)
        for name in ("articles", "quotes", "mentions")
    }
    streamed = CorpusTables()
    for chunk in chunks:
        streamed.add(
            chunk["articles"].to_dict("records"),
            {name: chunk[name].to_dict("records") for name in ("quotes", "mentions")},
        )
    expected = corpus_tables(whole)
    got = streamed.frames()
    for name in ("speakers", "entities"):
        pd.testing.assert_frame_equal(got[name], expected[name])
    kartapolov = got["speakers"].set_index("speaker").loc["Andrey Kartapolov"]
    assert (kartapolov.n_quotes, kartapolov.n_articles) == (10, 2)


def test_corpus_renames_merge_lone_surnames_only_when_clear():
    from claimscope.tables.corpus import corpus_renames

    people = {"Vladimir Putin": 40, "Putin": 3, "Donald Trump": 90, "Ivanka Trump": 10,
              "Trump": 5, "Anna Berg": 2, "Tom Berg": 2, "Berg": 1, "Recep Tayyip Erdoğan": 4,
              "Erdogan": 2, "Madonna": 6}  # fmt: skip
    assert corpus_renames(people) == {
        "Putin": "Vladimir Putin",
        "Trump": "Donald Trump",  # nine times as often as Ivanka Trump
        "Erdogan": "Recep Tayyip Erdoğan",  # accents do not matter
    }  # "Berg" is either of two people as often; "Madonna" has no full name


def test_a_surname_alone_in_one_article_is_the_full_name_of_another(tmp_path):
    from claimscope.cli import main
    from claimscope.run import store

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        '{"id": "a", "text": "President Vladimir Putin said the talks would go on."}\n'
        '{"id": "b", "text": "Putin said the troops would stay in the region."}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["extract", str(corpus), "--out", str(out), "-q", "--format", "both"]) == 0
    quotes = store.read_table(out, "quotes")
    assert quotes.speaker.tolist() == ["Vladimir Putin", "Vladimir Putin"]
    mentions = store.read_table(out, "mentions")
    assert set(mentions[mentions.article_id == "b"].entity_id) == {"PERSON:Vladimir Putin"}
    speakers = store.read_table(out, "speakers")
    putin = speakers[speakers.speaker == "Vladimir Putin"].iloc[0]
    assert (putin.n_quotes, putin.n_articles) == (2, 2)
    assert "Putin" not in set(speakers.speaker)
    csv_quotes = pd.read_csv(out / "quotes.csv")
    assert csv_quotes.speaker.tolist() == ["Vladimir Putin", "Vladimir Putin"]
