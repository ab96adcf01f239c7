"""Phrases the speaker rules read from the parse: ages, word runs, transcript labels, the
authors of a document, a noun's phrase."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Span, Token


def age_phrase(token: Token) -> str | None:
    """The age in "45-year-old" headed by ``token`` ("old"), if it is one."""
    if token.lower_ != "old":
        return None
    for year in token.children:
        if year.lower_ in ("year", "years") and year.dep_ == "npadvmod":
            numbers = [c for c in year.children if c.dep_ == "nummod" and c.like_num]
            if numbers:
                return numbers[0].text
    return None


def stated_age(name: Token) -> str | None:
    """The age an article gives a person named by ``name`` (the name's last token): "John
    Smith, 45,", "a 45-year-old man, John Smith", "45-year-old John Smith"."""
    for child in name.children:
        if child.dep_ == "appos" and child.like_num and child.i == name.i + 2:
            return child.text
    modifiers = [*name.children, *(name.head.children if name.dep_ == "appos" else ())]
    ages = (age_phrase(c) for c in modifiers if c.dep_ == "amod")
    return next((age for age in ages if age is not None), None)


def word_ngrams(words: list[str], longest: int = 4) -> list[str]:
    """Every run of one to ``longest`` consecutive words, shortest first (titles are looked up
    by these)."""
    return [
        " ".join(words[i : i + n]) for n in range(1, longest + 1) for i in range(len(words) - n + 1)
    ]


def transcript_label(mention: Span) -> bool:
    """Whether a name opens a line and is followed by a colon, as in an interview transcript."""
    doc = mention.doc
    opens = mention.start == 0 or "\n" in doc[mention.start - 1].text_with_ws
    return opens and mention.end < len(doc) and doc[mention.end].text == ":"


def authors(head: Token) -> Iterator[Token]:
    """Who may have written a document: its possessor ("the mayor's statement"), the object of
    "by", "from" or "of" ("a report by The Economist") and the agent of a participle ("a
    statement released by the mayor's office")."""
    for child in head.children:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.ent_type_):
            yield child  # "the mayor's statement", "the Internal Revenue Service website"
        elif child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
            yield from (c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ == "acl":
            for agent in (c for c in child.children if c.dep_ == "agent"):
                yield from (c for c in agent.children if c.dep_ == "pobj")
    if head.dep_ == "nsubjpass":  # "the study was carried out by the Halden Institute"
        for agent in (c for c in head.head.children if c.dep_ == "agent"):
            yield from (c for c in agent.children if c.dep_ == "pobj")


def has_phrase(text: str, phrase: str) -> bool:
    return phrase_index(text, phrase) >= 0


def phrase_index(text: str, phrase: str) -> int:
    """Index of ``phrase`` in ``text`` on word boundaries, or -1."""
    padded = f" {text} "
    at = padded.find(f" {phrase} ")
    return at if at >= 0 else -1


def noun_phrase(head: Token) -> Span:
    """The noun phrase of ``head``: its left dependents, prepositional complements and
    adjectives after it ("sources close to the minister"), up to a relative clause or a
    comma, semicolon or dash inside them ("results of the studies, published in ...")."""
    doc = head.doc
    start = head.left_edge.i
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("prep", "compound", "flat", "nummod", "amod") and not child.is_punct:
            stop = next(
                (t.i for t in child.subtree
                 if t.i > child.i and (t.dep_ == "relcl" or t.text in (",", ";", "—", "–"))),
                None,
            )  # fmt: skip
            if stop is not None:
                return doc[start : max(end, stop)]
            end = max(end, child.right_edge.i + 1)
        else:
            break
    return doc[start:end]


def reduced_relative_subject(head: Token) -> Token | None:
    """The subject of a participle the parser made the head of a speaker's phrase ("minister
    Pieter Jansen speaking to a forum called ..."), or None."""
    if head.pos_ != "VERB" or head.tag_ not in ("VBG", "VBN"):
        return None
    return next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def without_apposition(phrase: Span, head: Token) -> Span:
    """A name's phrase without the description set off after it by a comma ("Harlow, a senior
    adviser" is "Harlow"); other phrases as they are."""
    if head.pos_ != "PROPN":
        return phrase
    for child in head.rights:
        if child.dep_ == "appos" and child.i > head.i:
            comma = child.left_edge.i - 1
            if phrase.start <= comma < phrase.end and phrase.doc[comma].text == ",":
                return phrase.doc[phrase.start : comma]
    return phrase


def description_name(phrase: Span) -> str:
    """A description as a speaker's name: without a leading article, in lower case but for
    names and acronyms ("The researchers" and "the researchers" are "researchers", "Philippine
    officials" stays), so that one description is one speaker across a corpus."""
    tokens = [t for t in phrase if not t.is_space]
    while len(tokens) > 1 and tokens[0].lower_ in ("the", "a", "an"):
        tokens = tokens[1:]
    if not tokens:
        return phrase.text.strip()
    if len(tokens) == 1 and tokens[0].tag_ == "NN" and tokens[0].text[:1].isupper():
        # a capitalised singular noun with no article that the article never writes in lower
        # case is a name the recogniser missed ("Morrow continued"); "Staff said" is staff
        word = tokens[0].text
        if not re.search(rf"\b{re.escape(word.lower())}\b", phrase.doc.text):
            return word
    words = []
    for token in tokens:
        keep = token.pos_ == "PROPN" or token.ent_type_ or (token.is_upper and len(token) > 1)
        words.append((token.text if keep else token.lower_) + token.whitespace_)
    return "".join(words).strip()
