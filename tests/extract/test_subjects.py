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


def parsed_with_names(rows, names):
    """A Doc from ``rows`` whose words at the indexes ``names`` are a PERSON (lemmas are the
    lower-cased words)."""
    doc = parsed(rows)
    for token in doc:
        token.lemma_ = token.lower_
    doc.ents = [doc.char_span(doc[i].idx, doc[j].idx + len(doc[j]), "PERSON") for i, j in names]
    return doc


# "At the depot, Mara Lind, the board's chair, said that fares rise." with the name read in
# apposition to "depot" and no subject for "said"
NAME_ON_THE_OPENING_PHRASE = [
    ("At", 11, "prep", "IN", "ADP"),
    ("the", 2, "det", "DT", "DET"),
    ("depot", 0, "pobj", "NN", "NOUN"),
    (",", 2, "punct", ",", "PUNCT"),
    ("Mara", 5, "compound", "NNP", "PROPN"),
    ("Lind", 2, "appos", "NNP", "PROPN"),
    (",", 5, "punct", ",", "PUNCT"),
    ("the", 8, "det", "DT", "DET"),
    ("board", 10, "poss", "NN", "NOUN"),
    ("'s", 8, "case", "POS", "PART"),
    ("chair", 5, "appos", "NN", "NOUN"),
    ("said", 11, "ROOT", "VBD", "VERB"),
    ("that", 14, "mark", "IN", "SCONJ"),
    ("fares", 14, "nsubj", "NNS", "NOUN"),
    ("rise", 11, "ccomp", "VBP", "VERB"),
    (".", 11, "punct", ".", "PUNCT"),
]

# "With hosts Ann Roe and Li Wu, the spokeswoman said that fares rise.": the spokeswoman read
# in apposition to the second host
DESCRIPTION_ON_THE_OPENING_PHRASE = [
    ("With", 10, "prep", "IN", "ADP"),
    ("hosts", 0, "pobj", "NNS", "NOUN"),
    ("Ann", 3, "compound", "NNP", "PROPN"),
    ("Roe", 1, "appos", "NNP", "PROPN"),
    ("and", 3, "cc", "CC", "CCONJ"),
    ("Li", 6, "compound", "NNP", "PROPN"),
    ("Wu", 3, "conj", "NNP", "PROPN"),
    (",", 6, "punct", ",", "PUNCT"),
    ("the", 9, "det", "DT", "DET"),
    ("spokeswoman", 6, "appos", "NN", "NOUN"),
    ("said", 10, "ROOT", "VBD", "VERB"),
    ("that", 13, "mark", "IN", "SCONJ"),
    ("fares", 13, "nsubj", "NNS", "NOUN"),
    ("rise", 10, "ccomp", "VBP", "VERB"),
    (".", 10, "punct", ".", "PUNCT"),
]


@pytest.mark.parametrize(
    ("rows", "names", "speaker"),
    [
        (NAME_ON_THE_OPENING_PHRASE, [(4, 5)], "Lind"),  # the name, not its description
        (DESCRIPTION_ON_THE_OPENING_PHRASE, [(2, 3), (5, 6)], "spokeswoman"),  # not the hosts
        (DESCRIPTION_ON_THE_OPENING_PHRASE, [], "spokeswoman"),  # a noun for people will do
    ],
)
def test_a_subject_the_parser_hung_on_the_opening_phrase(rows, names, speaker):
    doc = parsed_with_names(rows, names)
    verb = next(t for t in doc if t.text == "said")
    assert speaker_of(verb, lexicon=load_lexicon()).text == speaker


def test_an_opening_phrase_names_no_one_who_is_not_set_off_by_commas():
    # "With hosts Ann Roe said ...": "Roe" follows "hosts" without a comma, it only names them
    rows = [*DESCRIPTION_ON_THE_OPENING_PHRASE[:4], DESCRIPTION_ON_THE_OPENING_PHRASE[10]]
    rows[-1] = ("said", 4, "ROOT", "VBD", "VERB")
    rows[0] = ("With", 4, "prep", "IN", "ADP")
    doc = parsed_with_names(rows, [(2, 3)])
    assert speaker_of(doc[4], lexicon=load_lexicon()) is None


# "Roe - in a line aimed at Ng - declared that leaders listen." with "Roe" made the subject of
# "aimed" and "declared" left without one
NAME_ON_AN_ASIDE = [
    ("Roe", 5, "nsubj", "NNP", "PROPN"),
    ("-", 0, "punct", ":", "PUNCT"),
    ("in", 0, "prep", "IN", "ADP"),
    ("a", 4, "det", "DT", "DET"),
    ("line", 2, "pobj", "NN", "NOUN"),
    ("aimed", 9, "advcl", "VBN", "VERB"),
    ("at", 5, "prep", "IN", "ADP"),
    ("Ng", 6, "pobj", "NNP", "PROPN"),
    ("-", 9, "punct", "HYPH", "PUNCT"),
    ("declared", 9, "ROOT", "VBD", "VERB"),
    ("that", 12, "mark", "IN", "SCONJ"),
    ("leaders", 12, "nsubj", "NNS", "NOUN"),
    ("listen", 9, "ccomp", "VBP", "VERB"),
    (".", 9, "punct", ".", "PUNCT"),
]


def test_a_subject_the_parser_gave_to_an_aside_before_the_verb():
    doc = parsed_with_names(NAME_ON_AN_ASIDE, [(0, 0), (7, 7)])
    assert speaker_of(doc[9], lexicon=load_lexicon()).text == "Roe"


def test_a_clause_opened_by_a_conjunction_keeps_its_subject():
    # "When Roe - ... - aimed ..., declared ...": Roe is the subject of the "when" clause only
    rows = [("When", 6, "advmod", "WRB", "SCONJ")] + [
        (w, h + 1, d, t, p) for w, h, d, t, p in NAME_ON_AN_ASIDE
    ]
    doc = parsed_with_names(rows, [(1, 1), (8, 8)])
    assert speaker_of(doc[10], lexicon=load_lexicon()) is None


# "A Harlow poll found that Roe leads." parsed with no verb: "found" a participle of "poll"
POLL_WITH_NO_VERB = [
    ("A", 2, "det", "DT", "DET"),
    ("Harlow", 2, "compound", "NNP", "PROPN"),
    ("poll", 2, "ROOT", "NN", "NOUN"),
    ("found", 2, "acl", "VBN", "VERB"),
    ("that", 6, "mark", "IN", "SCONJ"),
    ("Roe", 6, "nsubj", "NNP", "PROPN"),
    ("leads", 3, "ccomp", "VBZ", "VERB"),
    (".", 2, "punct", ".", "PUNCT"),
]


def test_a_cue_read_as_a_participle_of_a_sentence_with_no_verb():
    doc = parsed(POLL_WITH_NO_VERB)
    assert speaker_of(doc[3], lexicon=load_lexicon()).text == "poll"


# "The board issued a statement saying that fees rise."
STATEMENT_ISSUED = [
    ("The", 1, "det", "DT", "DET"),
    ("board", 2, "nsubj", "NN", "NOUN"),
    ("issued", 2, "ROOT", "VBD", "VERB"),
    ("a", 4, "det", "DT", "DET"),
    ("statement", 2, "dobj", "NN", "NOUN"),
    ("saying", 4, "acl", "VBG", "VERB"),
    ("that", 8, "mark", "IN", "SCONJ"),
    ("fees", 8, "nsubj", "NNS", "NOUN"),
    ("rise", 5, "ccomp", "VBP", "VERB"),
    (".", 2, "punct", ".", "PUNCT"),
]


@pytest.mark.parametrize(
    ("verb", "speaker"),
    [
        ("issue", "board"),  # the board's statement says it: the board speaks
        ("quote", "statement"),  # a statement the board quotes speaks for someone else
    ],
)
def test_a_document_put_out_speaks_for_who_put_it_out(verb, speaker):
    doc = parsed_with_names(STATEMENT_ISSUED, [])
    doc[2].lemma_ = verb
    assert speaker_of(doc[5], lexicon=load_lexicon()).text == speaker
