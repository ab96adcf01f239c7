"""Parts of a person's name: a surname that is also a capital, the end of a full name."""


def test_a_capital_that_is_a_named_persons_surname_is_that_person(nlp):
    doc = nlp(
        "Former minister John Amman spoke in Cairo. Amman said the talks would resume. "
        "He later flew to Amman."
    )
    linked = [(m.text, m.kb_id_) for m in doc.spans["mentions"]]
    assert ("Amman", "PERSON:John Amman") in linked
    assert linked[-1] == ("Amman", "GPE:Jordan")  # "flew to Amman": the city


def test_the_end_of_a_full_name_is_that_person_whatever_the_recogniser_said(nlp):
    doc = nlp(
        "The Socialist nominee Gloria La Riva spoke in Denver. La Riva said that the race was open."
    )
    assert [m.kb_id_ for m in doc.spans["mentions"] if m.text == "La Riva"] == [
        "PERSON:Gloria La Riva"
    ]


def test_a_surname_alone_is_the_person_introduced_with_a_title_not_a_possessive(nlp):
    doc = nlp(
        "Former Governor Ana Vale met voters in Reno. Critics questioned Tomas Vale's "
        "business deals. Tomas Vale's lawyer declined to comment. Vale said that the "
        "questions were old news."
    )
    assert [m.kb_id_ for m in doc.spans["mentions"] if m.text == "Vale"] == ["PERSON:Ana Vale"]
