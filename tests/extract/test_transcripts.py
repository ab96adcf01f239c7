"""Interview transcripts: answers are the interviewee's, questions are nobody's statements."""

import pytest

from claimscope.extract.quotes import quotes
from claimscope.extract.transcripts import ANSWER, QUESTION, turns

LABELLED = (
    "The harbour pilot Maren Okafor has guided ships into the port for twenty years. "
    "The following is the interview with Maren Okafor.\n\n"
    "((WN))  How did you start in this work?\n\n"
    "((Maren Okafor))  I started on the tugs when I was nineteen. My uncle ran one of them.\n\n"
    "Later I moved to the pilot boats, and I have stayed there ever since.\n\n"
    "((WN))  What is the hardest part?\n\n"
    "((Maren Okafor))  We work at night in every weather, and I think the fog is the worst.\n"
)


def test_labelled_turns_are_asked_and_answered(nlp):
    found = turns(nlp(LABELLED))
    assert [(t.role, t.speaker) for t in found] == [
        (QUESTION, None),
        (ANSWER, "Maren Okafor"),
        (QUESTION, None),
        (ANSWER, "Maren Okafor"),
    ]
    assert len(found[1].paragraphs) == 2  # an answer runs on to the next label


def test_each_answer_paragraph_is_the_interviewees_statement(nlp):
    found = [(q.kind, q.speaker, q.rule, q.content.text[:24]) for q in quotes(nlp(LABELLED))]
    assert found == [
        ("direct", "Maren Okafor", "transcript-turn", "I started on the tugs wh"),
        ("direct", "Maren Okafor", "transcript-turn", "Later I moved to the pil"),
        ("direct", "Maren Okafor", "transcript-turn", "We work at night in ever"),
    ]  # the questions are left out, and "I think ..." inside an answer is part of it


UNLABELLED = (
    "The glassblower Maria Varga has run her workshop on the island since 2004. She spoke "
    "about the craft.\n\n"
    "Why did you choose glass?\n\n"
    "My grandfather worked with it, and I said early on that I would carry it on.\n\n"
    "Is the work dangerous?\n\n"
    "I think the heat is the real danger, more than the glass itself.\n"
)


def test_an_unlabelled_interview_gives_i_to_the_interviewee(nlp):
    doc = nlp(UNLABELLED)
    title = "Glassblower Maria Varga tells Wikinews about her island workshop"
    found = turns(doc, title=title)
    assert {t.speaker for t in found if t.role == ANSWER} == {"Maria Varga"}
    statements = {(q.content.text, q.speaker) for q in quotes(doc, title=title)}
    assert ("I would carry it on", "Maria Varga") in statements
    assert ("the heat is the real danger, more than the glass itself", "Maria Varga") in statements
    # without the title nothing says whose interview it is: "I" stays unresolved
    assert all(q.speaker is None for q in quotes(doc) if q.speaker_mention.text == "I")


def test_an_interviewee_the_recogniser_missed_is_the_titles_name(nlp):
    # an unusual name the recogniser does not know, written in full and then by surname
    text = UNLABELLED.replace("The glassblower Maria Varga", "Ixel Quobar").replace(
        "She spoke", "Quobar spoke"
    )
    doc = nlp(text)
    found = turns(doc, title="Wikinews interviews glassblower Ixel Quobar")
    assert {t.speaker for t in found if t.role == ANSWER} == {"Ixel Quobar"}
    # words the text writes in lower case are no name ("Glass Works" is the title's only)
    assert turns(doc, title="Wikinews interviews the Glass Works") == []


@pytest.mark.parametrize(
    "text",
    [
        # picture credits written after a name are no turns
        "Ana Lopez Image: City archive.\n\nBo Kim Image: Staff.\n\nCy Ray Image: Wire.\n",
        # one label is not a conversation
        "((Ana Lopez))  The bridge opened.\n\n((Ana Lopez))  It was late.\n\n"
        "((Ana Lopez))  Nobody minded.\n",
    ],
)
def test_what_is_not_a_transcript(nlp, text):
    assert turns(nlp(text)) == []
