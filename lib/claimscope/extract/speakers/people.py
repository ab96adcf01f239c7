"""What an article says about the people it names: titles, affiliation and gender.

Also :class:`Referent`, what a mention refers to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from claimscope.extract.speakers.phrases import has_phrase, phrase_index, word_ngrams
from claimscope.rules.lexicon import Lexicon

SUBJECTS = ("nsubj", "nsubjpass", "csubj")


@dataclass(frozen=True, slots=True)
class Referent:
    """What a mention refers to."""

    name: str | None  # canonical name; None when unresolved
    type: str  # PERSON | ORG | GPE | GROUP | UNKNOWN
    confidence: float = 1.0
    how: str = ""  # how it was resolved: name, pronoun/antecedent-subject-1, description ...
    rivals: int = 0  # other referents that fit as well, near an antecedent (0 for a name)


@dataclass
class Person:
    """What the article says about one person."""

    name: str
    titles: list[str] = field(default_factory=list)
    classes: set[str] = field(default_factory=set)
    affiliation: str | None = None
    gender: str | None = None
    last_seen: int = -1  # token index of the latest reference


def read_people(doc: Doc, mentions: list[Span], lexicon: Lexicon) -> dict[str, Person]:
    """The people ``mentions`` name, with the titles, affiliation and gender the article gives
    them (see :class:`~claimscope.extract.speakers.ReferenceResolver`)."""
    people: dict[str, Person] = {}
    for mention in mentions:
        if mention.label_ != "PERSON":
            continue
        name = mention.kb_id_.split(":", 1)[1]
        person = people.setdefault(name, Person(name))
        title, affiliation = _title_before(mention, mentions, lexicon)
        if title is None:
            title, affiliation = _title_after(mention, mentions, lexicon)
        if title is not None:
            _add_title(person, title, affiliation, lexicon)
        person.gender = person.gender or _kin_gender(mention, lexicon)
        first = mention[0]
        if first.lower_ in lexicon.honorific_gender:  # "Ms Ardern" as one name
            person.gender = person.gender or lexicon.honorific_gender[first.lower_]
        elif mention.start > 0:
            gender = lexicon.honorific_gender.get(doc[mention.start - 1].lower_)
            person.gender = person.gender or gender
    _given_name_genders(people, lexicon)
    return people


def _given_name_genders(people: dict[str, Person], lexicon: Lexicon) -> None:
    """Where the article says nothing of a person's gender, the given name may."""
    for person in people.values():
        words = person.name.split()
        if person.gender is None and len(words) >= 2:
            person.gender = lexicon.first_names.get(words[0])


def _add_title(person: Person, title: str, affiliation: str | None, lexicon: Lexicon) -> None:
    if title not in person.titles:
        person.titles.append(title)
    lower = title.lower()
    found = set(word_ngrams(lower.split()))
    matches = [t for t in lexicon.titles if t.title in found]
    for known in matches:
        if any(o is not known and has_phrase(o.title, known.title) for o in matches):
            continue  # "deputy governor" is not a "governor"
        person.classes.update(known.classes)
        person.classes.add(known.title)
        person.gender = person.gender or known.gender
    person.affiliation = person.affiliation or affiliation


def _title_before(
    mention: Span, mentions: list[Span], lexicon: Lexicon
) -> tuple[str | None, str | None]:
    """A title written before a name, and the country or demonym before that title."""
    doc = mention.doc
    start = mention.start
    i = start - 1
    while i >= 0 and i >= start - 8:
        token = doc[i]
        if token.is_punct and token.text not in ("-", "’s", "'s"):
            break
        if token.lower_ in lexicon.determiners or token.is_space or token.like_num:
            break
        if not (
            token.is_title
            or token.is_upper
            or token.lower_ in ("of", "-")
            or is_title_word(token, lexicon)
        ):
            break
        i -= 1
    words = doc[i + 1 : start]
    if not len(words):
        return None, None
    text = words.text
    lower = text.lower()
    found = [g for g in word_ngrams(lower.split()) if g in lexicon.title_by_text]
    best = max(found, key=len, default=None)  # the longest title, the first of equals
    if best is None:
        return None, None
    at = phrase_index(lower, best)
    title = text[at:]
    affiliation = _affiliation(
        doc[i + 1 : start], mentions, lexicon, before_char=words.start_char + at
    )
    return title, affiliation


def _title_after(
    mention: Span, mentions: list[Span], lexicon: Lexicon
) -> tuple[str | None, str | None]:
    """A title in an apposition: "Name, chairman of the committee, said"."""
    doc = mention.doc
    i = mention.end
    if i >= len(doc) or doc[i].text != ",":
        return None, None
    j = i + 1
    if j < len(doc) and doc[j].lower_ in ("the", "a", "an"):
        j += 1
    end = j
    while end < len(doc) and end < j + 14 and doc[end].text not in (",", ".", ";", "(", ")"):
        if doc[end].is_space or doc[end].text in ("“", "”", '"'):
            break
        end += 1
    phrase = doc[j:end]
    if not len(phrase) or (
        not is_title_word(phrase[0], lexicon)
        and not any(is_title_word(t, lexicon) for t in phrase[:4])
    ):
        return None, None
    if phrase[0].lower_ in ("and", "or", "but", "nor"):
        return None, None  # "A, B and C": the next item of a list, not A's title
    if any(m.label_ == "PERSON" and phrase.start <= m.start < phrase.end for m in mentions):
        return None, None  # "..., and party nominee Jane Roe": the title of someone named after
    affiliation = _affiliation(phrase, mentions, lexicon, before_char=None)
    return phrase.text, affiliation


def is_title_word(token: Token, lexicon: Lexicon) -> bool:
    """Whether ``token`` is a word of a title of office ("chairman", "prime")."""
    return token.lower_ in lexicon.title_words


def _affiliation(
    span: Span, mentions: list[Span], lexicon: Lexicon, *, before_char: int | None
) -> str | None:
    """The country a title belongs to: a demonym or country in ``span``, or an organisation's
    country."""
    for mention in mentions:
        if mention.start < span.start or mention.end > span.end:
            continue
        if before_char is not None and mention.start_char >= before_char:
            continue
        kind, name = mention.kb_id_.split(":", 1)
        if kind == "GPE":
            return name
        org = lexicon.organisation_of_alias.get(name)
        if org is not None and org.country:
            return org.country
    if before_char is None:
        return None
    for token in span:
        if token.idx >= before_char:
            break
        country = lexicon.country(token.text)
        if country:
            return country
    return None


def _kin_gender(mention: Span, lexicon: Lexicon) -> str | None:
    """The gender a noun in apposition states: "her first husband, the drummer Olaf Brenn",
    "Terry Melcher, her son"."""
    root = mention.root
    nouns = [c for c in root.children if c.dep_ == "appos"]
    token = root
    for _ in range(2):  # "her husband, the painter Robin Marsh"
        if token.dep_ != "appos":
            break
        token = token.head
        nouns.append(token)
    for noun in nouns:
        gender = lexicon.kin_gender.get(noun.lower_)
        if gender is not None:
            return gender
    return None
