"""Rule sets kept as data: reporting cues, places, organisations and titles.

The files live in ``claimscope/rules/`` as tab-separated tables an analyst can extend without
touching Python. Each loader takes an optional path so a project can point at its own copy, and
:func:`load_lexicon` bundles them for the pipeline.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path


class LexiconError(ValueError):
    """A rules file is malformed; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Cue:
    """A reporting cue: one lemma ("say") or a phrase of lemmas ("express concern")."""

    lemmas: tuple[str, ...]
    stance: str
    np_object: bool  # a noun phrase object counts as the content ("highlighted the aid")


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


def _rules_path(name: str) -> Path:
    return Path(str(resources.files("claimscope") / "rules" / name))


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a tab-separated rules file with a header line, skipping comments."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [(n, line) for n, line in enumerate(handle, 1) if not line.startswith("#")]
    lines = [(n, line) for n, line in lines if line.strip()]
    if not lines:
        raise LexiconError(f"{path}: no header line")
    header_no, header = lines[0]
    found = tuple(header.rstrip("\n").split("\t"))
    if found != columns:
        raise LexiconError(f"{path}:{header_no}: expected columns {columns}, found {found}")
    reader = csv.reader((line for _, line in lines[1:]), delimiter="\t", quoting=csv.QUOTE_NONE)
    for (number, _), row in zip(lines[1:], reader, strict=True):
        if len(row) > len(columns) or not row[0].strip():
            raise LexiconError(f"{path}:{number}: expected {len(columns)} tab-separated fields")
        row = row + [""] * (len(columns) - len(row))
        yield number, {c: v.strip() for c, v in zip(columns, row, strict=True)}


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


STANCES = (
    "neutral", "assert", "belief", "hedge", "deny", "concern", "support", "oppose", "warn",
    "admit", "promise", "request", "question", "intent",
)  # fmt: skip


def load_cues(path: str | Path | None = None) -> tuple[Cue, ...]:
    """Reporting cues from ``cues.tsv`` (or ``path``)."""
    path = Path(path) if path else _rules_path("cues.tsv")
    cues = []
    for number, row in _rows(path, ("cue", "stance", "object")):
        if row["stance"] not in STANCES:
            raise LexiconError(f"{path}:{number}: unknown stance {row['stance']!r}; use {STANCES}")
        if row["object"] not in ("clause", "clause+np"):
            raise LexiconError(f"{path}:{number}: object must be 'clause' or 'clause+np'")
        cues.append(
            Cue(tuple(row["cue"].lower().split()), row["stance"], row["object"] != "clause")
        )
    return tuple(cues)


def load_places(path: str | Path | None = None) -> tuple[Place, ...]:
    """Countries with their aliases, demonyms and seats of government from ``places.tsv``."""
    path = Path(path) if path else _rules_path("places.tsv")
    return tuple(
        Place(row["name"], _split(row["aliases"]), _split(row["demonyms"]), _split(row["seats"]))
        for _, row in _rows(path, ("name", "aliases", "demonyms", "seats"))
    )


def load_organisations(path: str | Path | None = None) -> tuple[Organisation, ...]:
    """Organisations with their aliases from ``organisations.tsv``."""
    path = Path(path) if path else _rules_path("organisations.tsv")
    return tuple(
        Organisation(row["name"], row["type"] or "ORG", _split(row["aliases"]),
                     row["country"] or None)
        for _, row in _rows(path, ("name", "type", "aliases", "country"))
    )  # fmt: skip


def load_titles(path: str | Path | None = None) -> tuple[Title, ...]:
    """Titles of office from ``titles.tsv``."""
    path = Path(path) if path else _rules_path("titles.tsv")
    return tuple(
        Title(row["title"].lower(), _split(row["classes"]) or (row["title"].lower(),),
              row["gender"] or None)
        for _, row in _rows(path, ("title", "classes", "gender"))
    )  # fmt: skip


def load_first_names(path: str | Path | None = None) -> dict[str, str]:
    """Given names and the gender they usually indicate, from ``first_names.tsv``."""
    path = Path(path) if path else _rules_path("first_names.tsv")
    names = {}
    for number, row in _rows(path, ("name", "gender")):
        if row["gender"] not in ("m", "f"):
            raise LexiconError(f"{path}:{number}: gender must be m or f")
        names[row["name"]] = row["gender"]
    return names


@cache
def load_lexicon() -> Lexicon:
    """The packaged rule sets, loaded once per process."""
    return Lexicon(
        load_cues(), load_places(), load_organisations(), load_titles(), load_first_names()
    )
