"""Who a cue verb's subject is, read from hand-built parses (the misparses the rules mend)."""

import pytest
import spacy
from spacy.tokens import Doc

from claimscope.extract.quotes.subjects import speaker_of
from claimscope.rules.lexicon import load_lexicon


def parsed(rows):
    """A Doc from ``(word, head index, dep, tag, pos)`` rows."""
    words, heads, deps, tags, pos = zip(*rows, strict=True)
    return Doc(spacy.blank("en").vocab, words=list(words), heads=list(heads), deps=list(deps),
               tags=list(tags), pos=list(pos))  # fmt: skip


# "Ortiz took a softer approach, suggesting the council delay the plan." with the participle hung
# on the object noun (acl) instead of the clause (advcl)
PARTICIPLE_ON_THE_OBJECT = [
    ("Ortiz", 1, "nsubj", "NNP", "PROPN"),
    ("took", 1, "ROOT", "VBD", "VERB"),
    ("a", 4, "det", "DT", "DET"),
    ("softer", 4, "amod", "JJR", "ADJ"),
    ("approach", 1, "dobj", "NN", "NOUN"),
    (",", 4, "punct", ",", "PUNCT"),
    ("suggesting", 4, "acl", "VBG", "VERB"),
    ("the", 8, "det", "DT", "DET"),
    ("council", 9, "nsubj", "NN", "NOUN"),
    ("delay", 6, "ccomp", "VB", "VERB"),
    ("the", 11, "det", "DT", "DET"),
    ("plan", 9, "dobj", "NN", "NOUN"),
    (".", 1, "punct", ".", "PUNCT"),
]

# "The union printed a leaflet stressing the cost."
PARTICIPLE_ON_ITS_NOUN = [
    ("The", 1, "det", "DT", "DET"),
    ("union", 2, "nsubj", "NN", "NOUN"),
    ("printed", 2, "ROOT", "VBD", "VERB"),
    ("a", 4, "det", "DT", "DET"),
    ("leaflet", 2, "dobj", "NN", "NOUN"),
    ("stressing", 4, "acl", "VBG", "VERB"),
    ("the", 7, "det", "DT", "DET"),
    ("cost", 5, "dobj", "NN", "NOUN"),
    (".", 2, "punct", ".", "PUNCT"),
]

# "The mayor scolded Roy for suggesting cuts." and "Hale erred in saying so."
PARTICIPLE_AFTER_FOR = [
    ("The", 1, "det", "DT", "DET"),
    ("mayor", 2, "nsubj", "NN", "NOUN"),
    ("scolded", 2, "ROOT", "VBD", "VERB"),
    ("Roy", 2, "dobj", "NNP", "PROPN"),
    ("for", 2, "prep", "IN", "ADP"),
    ("suggesting", 4, "pcomp", "VBG", "VERB"),
    ("cuts", 5, "dobj", "NNS", "NOUN"),
    (".", 2, "punct", ".", "PUNCT"),
]
PARTICIPLE_AFTER_IN = [
    ("Hale", 1, "nsubj", "NNP", "PROPN"),
    ("erred", 1, "ROOT", "VBD", "VERB"),
    ("in", 1, "prep", "IN", "ADP"),
    ("saying", 2, "pcomp", "VBG", "VERB"),
    ("so", 3, "advmod", "RB", "ADV"),
    (".", 1, "punct", ".", "PUNCT"),
]


@pytest.mark.parametrize(
    ("rows", "cue", "speaker"),
    [
        (PARTICIPLE_ON_THE_OBJECT, "suggesting", "Ortiz"),  # after a comma: the clause's subject
        (PARTICIPLE_ON_ITS_NOUN, "stressing", "leaflet"),  # right after its noun: the noun
        (PARTICIPLE_AFTER_FOR, "suggesting", "Roy"),  # "for" after an object: the object
        (PARTICIPLE_AFTER_IN, "saying", "Hale"),  # the subject of the clause it modifies
    ],
)
def test_the_subject_of_a_participle_the_parser_left_without_one(rows, cue, speaker):
    doc = parsed(rows)
    verb = next(t for t in doc if t.text == cue)
    assert speaker_of(verb, lexicon=load_lexicon()).text == speaker
