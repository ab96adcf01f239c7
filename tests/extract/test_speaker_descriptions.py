"""What a speaker is called: titles from its own apposition, and no name for a question."""


def test_a_list_of_people_gives_nobody_the_next_ones_title(nlp):
    from claimscope.extract.quotes import quotes

    doc = nlp(
        "The nominees were Ann Hill of the Green Party, Tom Reed, and Solidarity Party "
        "presidential nominee Rosa Vale. Reed said that the debate was unfair."
    )
    assert [(q.speaker, q.speaker_title) for q in quotes(doc)] == [("Tom Reed", None)]


def test_an_apposition_gives_its_title(nlp):
    from claimscope.extract.quotes import quotes

    doc = nlp("Andrey Kartapolov, chairman of the defence committee, said the troops had left.")
    assert [(q.speaker, q.speaker_title) for q in quotes(doc)] == [
        ("Andrey Kartapolov", "chairman of the defence committee")
    ]


def test_a_question_about_who_spoke_names_nobody(nlp):
    from claimscope.extract.quotes import quotes

    doc = nlp("Which specific individuals said that the vote had been rigged? Nobody knows.")
    assert [(q.speaker, q.speaker_rule) for q in quotes(doc)] == [(None, "question")]
