"""A surname that is also the name of a capital is the person, except after a preposition."""


def test_a_capital_that_is_a_named_persons_surname_is_that_person(nlp):
    doc = nlp(
        "Former minister John Amman spoke in Cairo. Amman said the talks would resume. "
        "He later flew to Amman."
    )
    linked = [(m.text, m.kb_id_) for m in doc.spans["mentions"]]
    assert ("Amman", "PERSON:John Amman") in linked
    assert linked[-1] == ("Amman", "GPE:Jordan")  # "flew to Amman": the city
