"""claimscope's spaCy components: where they run, paragraphs and datelines, entity linking, and a
pipeline carrying an analyst's rules."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from claimscope.nlp.docs import MENTION_KEY, QUOTE_KEY
from claimscope.nlp.entities import EntityLinker
from claimscope.nlp.paragraphs import paragraph_boundaries


def mentions(doc):
    return [(span.text, span.kb_id_) for span in doc.spans[MENTION_KEY]]


def test_every_component_is_added_in_its_place(nlp):
    names = nlp.pipe_names
    assert names.index("claimscope_paragraphs") < names.index("parser")
    assert names.index("ner") < names.index("claimscope_entities")
    assert names[-2:] == ["claimscope_entities", "claimscope_quote_marks"]


def test_quoted_passages_are_stored_on_the_doc(nlp):
    doc = nlp("“We will stay,” the mayor said.")
    assert [(span.text, span.label_) for span in doc.spans[QUOTE_KEY]] == [
        ("“We will stay,”", "closed")
    ]


def test_sentences_start_at_paragraph_breaks_and_after_datelines():
    words = ["WASHINGTON", "—", "The", "senator", "spoke", ".", "\n", "She", "left", "."]
    spaces = [True, True, True, True, False, False, False, True, False, False]
    doc = paragraph_boundaries(Doc(spacy.blank("en").vocab, words=words, spaces=spaces))
    assert [t.text for t in doc if t.is_sent_start] == ["WASHINGTON", "The", "She"]


def test_a_lower_case_word_is_no_dateline():
    words = ["OFFICIALS", "said", "—", "The", "bridge", "is", "shut", "."]
    doc = paragraph_boundaries(Doc(spacy.blank("en").vocab, words=words))
    assert [t.text for t in doc if t.is_sent_start] == ["OFFICIALS"]


def test_a_surname_stands_for_the_full_name_mentioned_most(nlp):
    doc = nlp(
        "Donald Trump spoke on Monday. Ivanka Trump listened. Donald Trump spoke again. "
        "Later, Trump left the room."
    )
    assert mentions(doc)[-1] == ("Trump", "PERSON:Donald Trump")


def test_between_equals_a_surname_is_the_one_named_last_before_it(nlp):
    doc = nlp("Donald Trump spoke on Monday. Ivanka Trump listened. Later, Trump left the room.")
    assert mentions(doc)[-1] == ("Trump", "PERSON:Ivanka Trump")


def test_a_surname_without_accents_finds_the_full_name(nlp):
    doc = nlp("Recep Tayyip Erdoğan arrived on Monday. Erdogan said nothing.")
    assert mentions(doc)[-1] == ("Erdogan", "PERSON:Recep Tayyip Erdoğan")


def test_a_first_name_alone_is_the_one_person_with_that_first_name(nlp):
    doc = nlp("Ines Kowalczyk measured the flow. Later, Ines wrote the report.")
    assert mentions(doc)[-1] == ("Ines", "PERSON:Ines Kowalczyk")


def test_a_first_name_shared_by_two_people_or_a_place_stays_itself(nlp):
    doc = nlp("Ines Kowalczyk and Ines Moreau measured the flow. Later, Ines wrote the report.")
    assert mentions(doc)[-1][1] != "PERSON:Ines Kowalczyk"
    assert mentions(doc)[-1][1] != "PERSON:Ines Moreau"
    doc = nlp("Mrs. Dallas Hart said she moved to Rome. The city of Dallas raised taxes on Monday.")
    assert mentions(doc)[-1] == ("Dallas", "GPE:Dallas")


def test_acronyms_link_to_the_names_they_abbreviate(nlp):
    doc = nlp("The Federal Security Service (FSB) and the African Union met. The AU agreed.")
    assert ("FSB", "ORG:Federal Security Service") in mentions(doc)
    assert ("AU", "ORG:African Union") in mentions(doc)


def test_the_short_name_of_an_organisation_is_the_one_named_in_full(nlp):
    doc = nlp("The Bank of Wexcombe raised its rates on Monday. The Bank said that it would wait.")
    assert mentions(doc)[-1] == ("Bank", "ORG:Bank of Wexcombe")


def test_a_short_name_shared_by_two_organisations_joins_neither(nlp):
    doc = nlp("The Bank of Wexcombe and the Bank of Ostland met. The Bank said that it would wait.")
    assert mentions(doc)[-1] == ("Bank", "ORG:Bank")


def test_a_saved_pipeline_carries_the_analysts_rules(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "organisations.tsv").write_text(
        "name\ttype\taliases\tcountry\nHarbour Board of Wexcombe\tORG\tthe Wexcombe board\t\n",
        encoding="utf-8",
    )
    text = "Members of the Harbour Board of Wexcombe met."

    with_rules = spacy.blank("en")
    with_rules.add_pipe("claimscope_entities", config={"rules_dir": str(rules)})
    assert ("Harbour Board of Wexcombe", "ORG:Harbour Board of Wexcombe") in mentions(
        with_rules(text)
    )
    linker = with_rules.get_pipe("claimscope_entities")
    assert isinstance(linker, EntityLinker)
    linker.to_disk(tmp_path / "saved")
    assert (tmp_path / "saved" / "rules" / "organisations.tsv").is_file()

    loaded = spacy.blank("en")
    loaded.add_pipe("claimscope_entities")
    assert mentions(loaded(text)) == []
    loaded.get_pipe("claimscope_entities").from_disk(tmp_path / "saved")
    assert ("Harbour Board of Wexcombe", "ORG:Harbour Board of Wexcombe") in mentions(loaded(text))
