"""Rule sets kept as data: reporting cues, places, organisations, titles and the words the rules
look for.

The files live in ``claimscope/rules/`` as tab-separated tables an analyst can extend without
touching Python; an analyst's folder of files with the same names is overlaid on them
(:mod:`claimscope.rules.tsv`). Each loader reads the packaged file with an optional folder
overlaid (``rules_dir``), or one file alone (``path``), and :func:`load_lexicon` bundles them
for the pipeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
from spacy.strings import get_string_id

from claimscope.rules.dates import DateRule, load_date_rules
from claimscope.rules.speakers import SpeakerModel, load_speaker_model
from claimscope.rules.tsv import LexiconError, rule_rows


@dataclass(frozen=True, slots=True)
class Cue:
    """A reporting cue: one lemma ("say") or a phrase of lemmas ("express concern")."""

    lemmas: tuple[str, ...]
    stance: str
    np_object: bool  # a noun phrase object counts as the content ("highlighted the aid")
    guards: frozenset[str] = frozenset()  # what it needs to report (see GUARDS)


@dataclass(frozen=True, slots=True)
class Word:
    """A word of ``words.tsv``: the classes the rules look it up in, with the values some need."""

    word: str
    classes: tuple[str, ...]
    gender: str | None = None  # m | f, for a gendered pronoun, honorific or kin noun
    stance: str | None = None  # for a report noun or an assessment marker
    pronoun: str | None = None  # for a possessive: the pronoun it is resolved as


@dataclass(frozen=True, slots=True)
class PersonRule:
    """An analyst's correction of a speaker, from ``people.tsv``."""

    name: str
    canonical: str | None  # the name to use; "" drops the canonical speaker; None keeps it
    type: str | None = None
    title: str | None = None
    affiliation: str | None = None


#: Speaker types a correction may give.
SPEAKER_TYPES = ("PERSON", "ORG", "GPE", "GROUP", "DOCUMENT")


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    seats: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str
    type: str
    aliases: tuple[str, ...]
    country: str | None


@dataclass(frozen=True, slots=True)
class Title:
    title: str
    classes: tuple[str, ...]
    gender: str | None


@dataclass(frozen=True)
class Lexicon:
    """Every rule set the extractors use, with lookup tables built once."""

    cues: tuple[Cue, ...]
    places: tuple[Place, ...]
    organisations: tuple[Organisation, ...]
    titles: tuple[Title, ...]
    first_names: dict[str, str] = field(default_factory=dict)  # given name -> "m" | "f"
    date_rules: tuple[DateRule, ...] | None = None  # relative date expressions; None: packaged
    rules_dir: str | None = None  # the analyst's folder overlaid on the packaged files, if any
    words: tuple[Word, ...] | None = None  # the words of words.tsv; None: the packaged ones
    people: tuple[PersonRule, ...] = ()  # an analyst's corrections of speakers (people.tsv)
    speaker_model: SpeakerModel | None = None  # how sure a speaker is (speaker_model.tsv)
    cue_by_lemma: dict[str, Cue] = field(init=False, repr=False)
    cue_by_form: dict[str, Cue] = field(init=False, repr=False)
    phrase_cues_by_lemma: dict[str, tuple[Cue, ...]] = field(init=False, repr=False)
    title_by_text: dict[str, Title] = field(init=False, repr=False)
    role_phrases: frozenset[str] = field(init=False, repr=False)
    title_words: frozenset[str] = field(init=False, repr=False)
    country_of_demonym: dict[str, str] = field(init=False, repr=False)
    country_of_name: dict[str, str] = field(init=False, repr=False)
    seat_of: dict[str, str] = field(init=False, repr=False)
    organisation_of_alias: dict[str, Organisation] = field(init=False, repr=False)
    # the words of each class of words.tsv, with their values
    pronoun_gender: dict[str, str] = field(init=False, repr=False)
    plural_pronouns: frozenset[str] = field(init=False, repr=False)
    possessive_pronouns: dict[str, str] = field(init=False, repr=False)  # "its" -> "it"
    determiners: frozenset[str] = field(init=False, repr=False)
    partitives: frozenset[str] = field(init=False, repr=False)
    honorific_gender: dict[str, str] = field(init=False, repr=False)
    kin_gender: dict[str, str] = field(init=False, repr=False)
    person_nouns: frozenset[str] = field(init=False, repr=False)
    organisation_nouns: frozenset[str] = field(init=False, repr=False)
    document_nouns: frozenset[str] = field(init=False, repr=False)
    finding_documents: frozenset[str] = field(init=False, repr=False)
    report_nouns: dict[str, str] = field(init=False, repr=False)  # noun -> stance
    evidence_nouns: frozenset[str] = field(init=False, repr=False)
    place_nouns: frozenset[str] = field(init=False, repr=False)
    hearsay_verbs: frozenset[str] = field(init=False, repr=False)
    issuing_verbs: frozenset[str] = field(init=False, repr=False)
    title_small_words: frozenset[str] = field(init=False, repr=False)
    assessment_markers: dict[str, str] = field(init=False, repr=False)  # marker -> stance
    # the report nouns' string hashes, to find them among a Doc's lemmas in one pass
    report_noun_ids: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "cue_by_lemma", {c.lemmas[0]: c for c in self.cues if len(c.lemmas) == 1})
        forms: dict[str, Cue] = {}
        for lemma, cue in self.cue_by_lemma.items():
            for form in inflections(lemma):
                forms.setdefault(form, cue)
        set_(self, "cue_by_form", forms)
        by_lemma: dict[str, tuple[Cue, ...]] = {}
        for cue in (c for c in self.cues if len(c.lemmas) > 1):
            by_lemma[cue.lemmas[0]] = (*by_lemma.get(cue.lemmas[0], ()), cue)
        set_(self, "phrase_cues_by_lemma", by_lemma)
        set_(self, "title_by_text", {t.title: t for t in self.titles})
        set_(self, "role_phrases", frozenset(r for t in self.titles for r in (t.title, *t.classes)))
        set_(self, "title_words", frozenset(w for t in self.titles for w in t.title.split()))
        demonyms: dict[str, str] = {}
        names: dict[str, str] = {}
        seats: dict[str, str] = {}
        for place in self.places:
            for demonym in place.demonyms:
                demonyms.setdefault(demonym, place.name)
            for name in (place.name, *place.aliases):
                names.setdefault(_strip_the(name), place.name)
            for seat in place.seats:
                seats.setdefault(_strip_the(seat), place.name)
        set_(self, "country_of_demonym", demonyms)
        set_(self, "country_of_name", names)
        set_(self, "seat_of", seats)
        orgs: dict[str, Organisation] = {}
        for org in self.organisations:
            for alias in (org.name, *org.aliases):
                orgs.setdefault(_strip_the(alias), org)
        set_(self, "organisation_of_alias", orgs)
        words = self.words if self.words is not None else load_words()
        set_(self, "words", words)

        def having(name: str) -> frozenset[str]:
            return frozenset(w.word for w in words if name in w.classes)

        def valued(name: str, value: str) -> dict[str, str]:
            return {w.word: getattr(w, value) for w in words if name in w.classes}

        set_(self, "pronoun_gender", valued("gendered pronoun", "gender"))
        set_(self, "plural_pronouns", having("plural pronoun"))
        set_(self, "possessive_pronouns", valued("possessive", "pronoun"))
        set_(self, "determiners", having("determiner"))
        set_(self, "partitives", having("partitive"))
        set_(self, "honorific_gender", valued("honorific", "gender"))
        set_(self, "kin_gender", valued("kin", "gender"))
        set_(self, "person_nouns", having("person"))
        set_(self, "organisation_nouns", having("organisation"))
        set_(self, "document_nouns", having("document"))
        set_(self, "finding_documents", having("finding document"))
        set_(self, "report_nouns", valued("report", "stance"))
        set_(self, "evidence_nouns", having("evidence"))
        set_(self, "place_nouns", having("place"))
        set_(self, "hearsay_verbs", having("hearsay"))
        set_(self, "issuing_verbs", having("issuing"))
        set_(self, "title_small_words", having("small word"))
        set_(self, "assessment_markers", valued("assessment", "stance"))
        ids = [get_string_id(noun) for noun in self.report_nouns]
        set_(self, "report_noun_ids", np.array(ids, dtype=np.uint64))

    def country(self, text: str) -> str | None:
        """The country a name, demonym or seat of government stands for, if known."""
        key = _strip_the(text)
        return (
            self.country_of_name.get(key)
            or self.seat_of.get(key)
            or self.country_of_demonym.get(text.strip())
        )

    def title(self, text: str) -> Title | None:
        return self.title_by_text.get(text.lower().strip())

    def cue_guards(self, lemma: str) -> frozenset[str]:
        """The guards of the one-word cue ``lemma``; none when it is no cue."""
        cue = self.cue_by_lemma.get(lemma)
        return cue.guards if cue is not None else frozenset()


_THE = re.compile(r"^(?:the|The)\s+")


def inflections(verb: str) -> tuple[str, ...]:
    """The regular forms of an English verb ("hope": hopes, hoped, hoping), to find a cue
    the lemmatiser got wrong ("hopes" read as a form of "hop")."""
    if " " in verb or not verb.isalpha():
        return ()
    if verb.endswith("e"):
        return (verb + "s", verb + "d", verb[:-1] + "ing")
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return (verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing")
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return (verb + "es", verb + "ed", verb + "ing")
    return (verb + "s", verb + "ed", verb + "ing")


def _strip_the(text: str) -> str:
    return _THE.sub("", text.strip())


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


STANCES = (
    "neutral", "assert", "belief", "hedge", "deny", "concern", "support", "oppose", "warn",
    "admit", "promise", "request", "question", "intent",
)  # fmt: skip

#: What a cue may need to report, in the ``guards`` column of ``cues.tsv`` (see its header).
GUARDS = ("criticism", "naming", "document-subject", "evidence-subject")

#: The classes of ``words.tsv`` (see its header), each with the column it needs, if any.
WORD_CLASSES: dict[str, str | None] = {
    "gendered pronoun": "gender",
    "plural pronoun": None,
    "possessive": "pronoun",
    "determiner": None,
    "partitive": None,
    "honorific": "gender",
    "kin": "gender",
    "person": None,
    "organisation": None,
    "document": None,
    "finding document": None,
    "report": "stance",
    "evidence": None,
    "place": None,
    "hearsay": None,
    "issuing": None,
    "small word": None,
    "assessment": "stance",
}


def load_cues(
    path: str | Path | None = None, *, rules_dir: str | Path | None = None
) -> tuple[Cue, ...]:
    """Reporting cues from ``cues.tsv`` (or the one file ``path``), with ``rules_dir``'s
    overlaid (see :mod:`claimscope.rules.tsv`)."""
    cues = []
    columns = ("cue", "stance", "object", "guards")
    for where, row in rule_rows("cues.tsv", columns, rules_dir=rules_dir, path=path):
        if row["stance"] not in STANCES:
            raise LexiconError(f"{where}: unknown stance {row['stance']!r}; use {STANCES}")
        if row["object"] not in ("clause", "clause+np"):
            raise LexiconError(f"{where}: object must be 'clause' or 'clause+np'")
        guards = _split(row["guards"])
        for guard in guards:
            if guard not in GUARDS:
                raise LexiconError(f"{where}: unknown guard {guard!r}; use {GUARDS}")
        lemmas = tuple(row["cue"].lower().split())
        cues.append(Cue(lemmas, row["stance"], row["object"] != "clause", frozenset(guards)))
    return tuple(cues)


def load_words(
    path: str | Path | None = None, *, rules_dir: str | Path | None = None
) -> tuple[Word, ...]:
    """The words the quote and speaker rules look for, from ``words.tsv`` (or the one file
    ``path``), with ``rules_dir``'s overlaid.

    Raises:
        LexiconError: a row without classes or with an unknown one, a gender, stance or pronoun
            missing where a class needs it or given where none does, or a value not allowed.
    """
    words = []
    columns = ("word", "classes", "gender", "stance", "pronoun")
    for where, row in rule_rows("words.tsv", columns, rules_dir=rules_dir, path=path):
        classes = _split(row["classes"])
        if not classes:
            raise LexiconError(f"{where}: no classes; use some of {tuple(WORD_CLASSES)}")
        for name in classes:
            if name not in WORD_CLASSES:
                raise LexiconError(
                    f"{where}: unknown class {name!r}; use some of {tuple(WORD_CLASSES)}"
                )
            needs = WORD_CLASSES[name]
            if needs is not None and not row[needs]:
                raise LexiconError(f"{where}: a {name!r} word needs a {needs}")
        needed = {WORD_CLASSES[name] for name in classes}
        for column in ("gender", "stance", "pronoun"):
            if row[column] and column not in needed:
                users = tuple(c for c, needs in WORD_CLASSES.items() if needs == column)
                raise LexiconError(f"{where}: a {column} is only for the classes {users}")
        if row["gender"] not in ("", "m", "f"):
            raise LexiconError(f"{where}: gender must be m or f")
        if row["stance"] and row["stance"] not in STANCES:
            raise LexiconError(f"{where}: unknown stance {row['stance']!r}; use {STANCES}")
        words.append(
            Word(
                " ".join(row["word"].lower().split()),
                classes,
                row["gender"] or None,
                row["stance"] or None,
                row["pronoun"].lower() or None,
            )
        )
    return tuple(words)


def load_places(
    path: str | Path | None = None, *, rules_dir: str | Path | None = None
) -> tuple[Place, ...]:
    """Countries with their aliases, demonyms and seats of government from ``places.tsv``."""
    columns = ("name", "aliases", "demonyms", "seats")
    return tuple(
        Place(row["name"], _split(row["aliases"]), _split(row["demonyms"]), _split(row["seats"]))
        for _, row in rule_rows("places.tsv", columns, rules_dir=rules_dir, path=path)
    )


def load_organisations(
    path: str | Path | None = None, *, rules_dir: str | Path | None = None
) -> tuple[Organisation, ...]:
    """Organisations with their aliases from ``organisations.tsv``."""
    columns = ("name", "type", "aliases", "country")
    return tuple(
        Organisation(row["name"], row["type"] or "ORG", _split(row["aliases"]),
                     row["country"] or None)
        for _, row in rule_rows("organisations.tsv", columns, rules_dir=rules_dir, path=path)
    )  # fmt: skip


def load_titles(
    path: str | Path | None = None, *, rules_dir: str | Path | None = None
) -> tuple[Title, ...]:
    """Titles of office from ``titles.tsv``."""
    columns = ("title", "classes", "gender")
    return tuple(
        Title(row["title"].lower(), _split(row["classes"]) or (row["title"].lower(),),
              row["gender"] or None)
        for _, row in rule_rows("titles.tsv", columns, rules_dir=rules_dir, path=path)
    )  # fmt: skip


def load_first_names(
    path: str | Path | None = None, *, rules_dir: str | Path | None = None
) -> dict[str, str]:
    """Given names and the gender they usually indicate, from ``first_names.tsv``."""
    names = {}
    for where, row in rule_rows("first_names.tsv", ("name", "gender"), rules_dir=rules_dir,
                                path=path):  # fmt: skip
        if row["gender"] not in ("m", "f"):
            raise LexiconError(f"{where}: gender must be m or f")
        names[row["name"]] = row["gender"]
    return names


def load_people(
    path: str | Path | None = None, *, rules_dir: str | Path | None = None
) -> tuple[PersonRule, ...]:
    """An analyst's corrections of speakers from ``people.tsv`` (see the file's header).

    Raises:
        LexiconError: an unknown type, or a row that changes nothing.
    """
    columns = ("name", "canonical", "type", "title", "affiliation")
    rules = []
    for where, row in rule_rows("people.tsv", columns, rules_dir=rules_dir, path=path):
        if row["type"] and row["type"] not in SPEAKER_TYPES:
            raise LexiconError(f"{where}: unknown type {row['type']!r}; use {SPEAKER_TYPES}")
        if not any(row[c] for c in columns[1:]):
            raise LexiconError(f"{where}: the row for {row['name']!r} changes nothing")
        canonical = "" if row["canonical"] == "-" else (row["canonical"] or None)
        title = "; ".join(_split(row["title"])) or None
        rules.append(
            PersonRule(row["name"], canonical, row["type"] or None, title,
                       row["affiliation"] or None)
        )  # fmt: skip
    return tuple(rules)


def load_lexicon(rules_dir: str | Path | None = None) -> Lexicon:
    """Every rule set, from the packaged files with ``rules_dir``'s overlaid; loaded once per
    process and folder.

    Args:
        rules_dir: An analyst's rules folder (``claimscope extract --rules DIR``), or None.
    """
    return _load_lexicon(str(Path(rules_dir).resolve()) if rules_dir is not None else None)


@cache
def _load_lexicon(rules_dir: str | None) -> Lexicon:
    return Lexicon(
        load_cues(rules_dir=rules_dir),
        load_places(rules_dir=rules_dir),
        load_organisations(rules_dir=rules_dir),
        load_titles(rules_dir=rules_dir),
        load_first_names(rules_dir=rules_dir),
        date_rules=load_date_rules(rules_dir=rules_dir),
        rules_dir=rules_dir,
        words=load_words(rules_dir=rules_dir),
        people=load_people(rules_dir=rules_dir),
        speaker_model=load_speaker_model(rules_dir=rules_dir),
    )
