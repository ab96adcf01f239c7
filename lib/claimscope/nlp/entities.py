"""The ``claimscope_entities`` component: entity labels corrected with the alias data in
``rules/``, and every mention linked to one canonical entity per article.

The result is ``doc.spans["mentions"]`` (``span.label_`` the mention type, ``span.kb_id_`` the
canonical entity id ``TYPE:Name``) and corrected ``doc.ents``. The component is made by the
factory ``claimscope_entities`` with the packaged rules and, when its ``rules_dir`` setting names
a folder, an analyst's rules overlaid on them; a saved pipeline carries those rules
(:meth:`EntityLinker.to_disk`).
"""

from __future__ import annotations

import bisect
import itertools
import os
import shutil
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from claimscope.nlp.docs import FURNITURE_KEY, MENTION_KEY, doc_text
from claimscope.nlp.furniture import BYLINE, CREDIT
from claimscope.nlp.names import (
    ACRONYM,
    Surnames,
    expand_acronym,
    fold,
    initials,
    name_text,
    name_words,
)
from claimscope.rules.lexicon import Lexicon, load_lexicon
from claimscope.rules.tsv import overlay_files

#: Entity types that name things an analyst follows; numbers and dates go elsewhere.
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)


class EntityLinker:
    """Correct entity labels with alias data and link mentions to canonical entities.

    Notes:
        Rules, in order: exact aliases from ``rules/`` (countries, seats of government,
        demonyms, organisations) win over the statistical recogniser; a name preceded by a
        title of office is a person ("Chairman Kartapolov"); a name equal to the surname of a
        person named in full earlier or later in the article is that person; an unknown
        demonym that ends a known one in the article ("Korean" after "North Korean") is the
        same country; an acronym is the name it abbreviates; "the Church" is the article's one
        "Church of ..." organisation.
    """

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self.nlp = nlp
        self._use(lexicon)

    def _use(self, lexicon: Lexicon) -> None:
        nlp = self.nlp
        self.lexicon = lexicon
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for place in lexicon.places:
            self._add(nlp, f"GPE|{place.name}", (place.name, *place.aliases, *place.seats))
            self._add(nlp, f"NORP|{place.name}", place.demonyms)
        for org in lexicon.organisations:
            self._add(nlp, f"{org.type}|{org.name}", (org.name, *org.aliases))

    def to_disk(self, path: str | os.PathLike, *, exclude: Iterable[str] = ()) -> None:
        """Save the analyst's rule files this linker was made with (``rules/`` in ``path``),
        so a saved pipeline carries its rules wherever it is loaded."""
        folder = Path(path) / "rules"
        folder.mkdir(parents=True, exist_ok=True)
        for source in overlay_files(self.lexicon.rules_dir):
            shutil.copyfile(source, folder / source.name)

    def from_disk(self, path: str | os.PathLike, *, exclude: Iterable[str] = ()) -> EntityLinker:
        """Load the rule files saved by :meth:`to_disk`, overlaid on the packaged ones."""
        folder = Path(path) / "rules"
        if overlay_files(folder if folder.is_dir() else None):
            self._use(load_lexicon(folder))
        return self

    def _add(self, nlp: Language, key: str, names: tuple[str, ...]) -> None:
        names = tuple(dict.fromkeys(n for n in names if n and not n.lower().startswith("the ")))
        if names:
            self.matcher.add(key, [nlp.make_doc(n) for n in names])

    def __call__(self, doc: Doc) -> Doc:
        vocab = doc.vocab
        known: list[Span] = []
        for match_id, start, end in self.matcher(doc):
            label, name = vocab.strings[match_id].split("|", 1)
            known.append(Span(doc, start, end, label=label, kb_id=f"{_entity_type(label)}:{name}"))
        known = filter_spans(known)
        ents = doc.ents  # built anew at every access: read once
        surname_starts: dict[str, list[int]] = {}  # last word of a full name -> where
        for ent in ents:
            if ent.label_ == "PERSON" and len(ent) >= 2:
                surname_starts.setdefault(ent[-1].text, []).append(ent.start)
        known = [span for span in known if not _surname_of_someone(span, doc, surname_starts)]
        # a known name inside a longer name is part of that name: a place or demonym in an
        # organisation ("the Syrian Democratic Forces", "Bank of England"), a country in a
        # place or a person's name ("New Mexico", "Latin America", "Chad Bown"); entities do
        # not overlap, so the only one that can hold a span is the one at its start
        named_at = {
            i: e
            for e in ents
            if e.label_ in _NAME_LABELS or e.label_ in _HOLDER_LABELS
            for i in range(e.start, e.end)
        }
        known = [
            span
            for span in known
            if span.start not in named_at or not _inside_name(span, named_at[span.start])
        ]
        taken = {i for span in known for i in range(span.start, span.end)}
        model = [
            ent
            for ent in ents
            if ent.label_ in ENTITY_LABELS
            and not any(i in taken for i in range(ent.start, ent.end))
        ]
        model = [self._person_bounds(doc, self._relabel(doc, ent), taken) for ent in model]
        spans = known + model
        spans += _missed_names(doc, spans, self.lexicon.first_names)
        # names in a byline or a picture's credit are nobody the story speaks of: left out,
        # so a reporter's surname never stands for a person of the story
        credited = [
            (s.start, s.end)
            for s in doc.spans.get(FURNITURE_KEY, ())
            if s.label_ in (BYLINE, CREDIT)
        ]
        if credited:
            spans = [s for s in spans if not any(a <= s.start < b for a, b in credited)]
        missed = _missed_surnames(doc, spans)
        if credited:
            missed = [s for s in missed if not any(a <= s.start < b for a, b in credited)]
        spans = sorted(spans + missed, key=lambda s: s.start)
        spans = self._link(doc, spans)
        doc.spans[MENTION_KEY] = spans
        others = [e for e in ents if e.label_ not in ENTITY_LABELS]
        doc.ents = filter_spans(spans + others)
        return doc

    def _relabel(self, doc: Doc, ent: Span) -> Span:
        """A name right after a title of office ("officers Antoine Quirin") or one that starts
        with a known given name is a person, whatever the model said."""
        if ent.label_ == "PERSON" or not ent[0].is_title:
            return ent
        before = doc[ent.start - 1] if ent.start > 0 else None
        titled = before is not None and (
            self.lexicon.title(before.lower_) is not None
            or (before.tag_ == "NNS" and self.lexicon.title(before.lemma_.lower()) is not None)
        )
        given = (
            ent.label_ in _MISTAKABLE
            and 2 <= len(ent) <= 4
            and all(t.is_title for t in ent)
            and ent[0].text in self.lexicon.first_names
            and self._acts_as_person(ent)
        )
        if titled or given:
            return Span(doc, ent.start, ent.end, label="PERSON")
        return ent

    def _acts_as_person(self, ent: Span) -> bool:
        """Whether the sentence treats a name as a person's: its subject, joined to a
        person ("Antoine Quirin and Nicolas Redouane"), or given a title in apposition
        ("Maren Sol Ibarra, the Secretary of Justice"). "Rose Bowl" is none of these."""
        root = ent.root
        if root.dep_ in ("nsubj", "nsubjpass"):
            return True
        related = [*root.children, root.head]
        if any(t.dep_ == "conj" or root.dep_ == "conj" for t in related if t.ent_type_ == "PERSON"):
            return True
        appositions = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            appositions.append(root.head)
        return any(self.lexicon.title(t.lemma_.lower()) is not None for t in appositions)

    def _in_capitalised_run(self, doc: Doc, i: int) -> bool:
        """Whether the word before ``i`` is a capitalised name word too ("Senate Minority
        Whip"), so that ``i`` may end a title rather than start a name."""
        before = doc[i - 1] if i > 0 else None
        return (
            before is not None
            and before.is_title
            and before.pos_ == "PROPN"
            and self.lexicon.title(before.lower_) is None
        )

    def _person_bounds(self, doc: Doc, ent: Span, taken: set[int]) -> Span:
        """A person's name without the titles the recogniser took in ("Superintendent
        Graciano") and with the surname it left out ("Graciano Mijares")."""
        if ent.label_ != "PERSON":
            return ent
        start, end = ent.start, ent.end
        while end - start > 1 and self.lexicon.title(doc[start].lower_) is not None:
            start += 1
        while (  # a given name left out ("Recep" of "Recep Tayyip Erdoğan")
            start == ent.start
            and start > 0
            and start - 1 not in taken
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].is_title
            and doc[start - 1].dep_ in ("compound", "flat")
            and ent.start <= doc[start - 1].head.i < end
            and self.lexicon.title(doc[start - 1].lower_) is None
            and not self._in_capitalised_run(doc, start - 1)
        ):
            start -= 1
        while (
            end < len(doc)
            and end not in taken
            and doc[end].pos_ == "PROPN"
            and doc[end].is_title
            and doc[end].ent_type_ in ("", "PERSON")
            and doc[end - 1].head.i == end
        ):
            end += 1
        if (start, end) == (ent.start, ent.end):
            return ent
        return Span(doc, start, end, label="PERSON")

    def _weight(self, doc: Doc, span: Span) -> float:
        """How much a full name counts for the surname alone: a name given a title of office
        counts twice ("former Vice President Joe Biden"), a possessive half ("Hunter Biden's
        laptop" speaks of him, it does not introduce him)."""
        weight = 1.0
        before = doc[span.start - 1] if span.start > 0 else None
        if before is not None and self.lexicon.title(before.lower_) is not None:
            weight += 1.0
        after = doc[span.end] if span.end < len(doc) else None
        if span[-1].tag_ == "POS" or (after is not None and after.tag_ == "POS"):
            weight -= 0.5
        return weight

    def _link(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Give each mention its canonical entity id (``span.kb_id_``)."""
        persons = [s for s in spans if s.label_ == "PERSON"]
        # a surname stands for the full name mentioned most with it (the longest form of
        # that name: "Donald J. Trump" for "Donald Trump"); "Ivanka Trump" stays herself
        counts: Counter[tuple[str, str]] = Counter()  # weighted mentions of full names
        longest: dict[tuple[str, str], str] = {}
        places: dict[tuple[str, str], list[int]] = {}
        for span in persons:
            words = name_words(span)
            if len(words) >= 2:
                key = (words[0], words[-1])
                counts[key] += self._weight(doc, span)
                places.setdefault(key, []).append(span.start)
                name = name_text(span)
                if len(name) > len(longest.get(key, "")):
                    longest[key] = name
        surnames = Surnames(counts, surname=lambda key: key[1])  # "Erdogan" for "Erdoğan"

        def full_name(surname: str, at: int) -> str | None:
            """The most mentioned full name with this surname; between equals, the one
            mentioned last before ``at``."""

            def last_before(k: tuple[str, str]) -> int:
                before = bisect.bisect_left(places[k], at)  # places are in text order
                return -(places[k][before - 1] if before else -1)

            key = surnames.dominant(surname, tie_break=last_before)
            return None if key is None else longest[key]

        # a first surname used alone ("Rosselló" for Ricardo Rosselló Nevares), when only
        # one full name has it
        inner: dict[str, set[str]] = {}
        for span in persons:
            words = name_words(span)
            for word in words[1:-1]:
                if word[:1].isupper() and len(word) > 2:
                    inner.setdefault(fold(word), set()).add(name_text(span))
        inner_names = {  # by first surname without accents
            word: next(iter(names))
            for word, names in inner.items()
            if len(names) == 1 and word not in surnames
        }
        # a first name used alone ("Daniel" for Daniel Bernoulli), when only one full name
        # starts with it and no full name ends with it
        firsts: dict[str, set[str]] = {}
        for key, name in longest.items():
            firsts.setdefault(fold(key[0]), set()).add(name)
        named_by_first = {
            word: next(iter(names))
            for word, names in firsts.items()
            if len(names) == 1 and word not in surnames and word not in inner_names
        }
        countries_here = {s.kb_id_.split(":", 1)[1] for s in spans if s.kb_id_.startswith("GPE:")}
        demonyms_here = {
            demonym: place.name
            for place in self.lexicon.places
            if place.name in countries_here
            for demonym in place.demonyms
        }
        endings = full_name_endings(longest.values())
        linked = []
        for span in spans:
            if span.kb_id_:
                linked.append(span)
                continue
            label = span.label_
            words = name_words(span)
            if not words:
                continue
            if span[0].lower_ == "the" and len(span) > 1:
                span = Span(doc, span.start + 1, span.end, label=label)
            if label in ("ORG", "PRODUCT", "WORK_OF_ART") and span[-1].lower_ in _LAW_WORDS:
                label = "LAW"
            if not any(w[:1].isupper() or w[:1].isdigit() for w in words):
                continue  # a lower-case "entity" ("solidarity") is a recogniser error
            is_single_name = len(words) == 1 and span[0].is_title
            if (
                label in _MISTAKABLE
                and is_single_name
                and (
                    words[0] in surnames
                    or fold(words[0]) in inner_names
                    or (fold(words[0]) in named_by_first and label not in _PLACES)
                )
            ):
                label = "PERSON"
            ending = _ending_of_full_name(words, endings) if len(words) >= 2 else None
            if label in _MISTAKABLE and label != "PERSON" and ending is not None:
                # "La Riva" after "Gloria La Riva": the end of a full name is that person
                label = "PERSON"
                linked.append(
                    Span(doc, span.start, span.end, label=label, kb_id=f"PERSON:{ending}")
                )
                continue
            region = span.end < len(doc) and doc[span.end].lower_ in _REGION_WORDS
            if label in _MISTAKABLE and label != "PERSON" and region:
                span = Span(doc, span.start, span.end + 1)  # "Kursk region"
                label, words = "LOC", [*words, doc[span.end - 1].text]
            if label == "PERSON" and len(words) >= 2:
                name = longest.get((words[0], words[-1]), name_text(span))
            elif label == "PERSON":
                name = (
                    full_name(words[-1], span.start)
                    or inner_names.get(fold(words[-1]))
                    or named_by_first.get(fold(words[-1]))
                    or name_text(span)
                )
            elif label == "NORP":
                text = span.text
                name = next((c for d, c in demonyms_here.items() if d.endswith(" " + text)), text)
                if name != text:
                    linked.append(
                        Span(doc, span.start, span.end, label="NORP", kb_id=f"GPE:{name}")
                    )
                    continue
            else:
                name = name_text(span)
            linked.append(
                Span(doc, span.start, span.end, label=label, kb_id=f"{_entity_type(label)}:{name}")
            )
        return _link_short_names(doc, _link_acronyms(doc, linked))


def _link_acronyms(doc: Doc, spans: list[Span]) -> list[Span]:
    """Link an acronym to the full name it abbreviates in the same article: one written
    just before it in parentheses ("Federal Security Service (FSB)"), else one whose
    initials it spells ("AU" for "African Union")."""
    expansions: dict[str, str] = {}
    text = doc_text(doc)
    for span, following in itertools.pairwise(spans):
        between = text[span.end_char : following.start_char]
        if between.strip() == "(" and ACRONYM.match(following.text) and len(span) > 1:
            expansions.setdefault(following.text, span.kb_id_)
    for span in spans:
        if len(span) > 1 and span.label_ in ("ORG", "GPE", "FAC", "LAW", "EVENT"):
            letters = initials(span.kb_id_.split(":", 1)[1])
            if len(letters) >= 2:
                expansions.setdefault(letters, span.kb_id_)
    out = []
    for span in spans:
        kind, name = span.kb_id_.split(":", 1)
        target = expand_acronym(name, expansions)
        if target and target != span.kb_id_ and kind in ("ORG", "GPE", "PRODUCT", "PERSON"):
            label = target.split(":", 1)[0]
            span = Span(doc, span.start, span.end, label=label, kb_id=target)
        out.append(span)
    return out


def _link_short_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """Link "the Church" to the "Church of Scientology" of the same article: a one-word
    organisation after "the" is the organisation whose name is that word followed by "of ...",
    when the article names exactly one."""
    longer: dict[str, set[str]] = {}
    for span in spans:
        kind, name = span.kb_id_.split(":", 1)
        words = name.split()
        if kind == "ORG" and len(words) >= 3 and words[1] == "of" and words[0][:1].isupper():
            longer.setdefault(words[0], set()).add(span.kb_id_)
    if not longer:
        return spans
    out = []
    for span in spans:
        kind, name = span.kb_id_.split(":", 1)
        after_the = span.start > 0 and doc[span.start - 1].lower_ == "the"
        found = longer.get(name, ()) if kind == "ORG" and after_the and " " not in name else ()
        if len(found) == 1:
            span = Span(doc, span.start, span.end, label="ORG", kb_id=next(iter(found)))
        out.append(span)
    return out


#: Labels of names that may contain a known country or organisation name.
_HOLDER_LABELS = frozenset({"PERSON", "GPE", "LOC"})


def _inside_name(span: Span, ent: Span) -> bool:
    """Whether a known name ``span`` is only part of the longer name ``ent``: organisation
    names hold places and demonyms; people and places hold any known name when the rest is
    capitalised ("New Mexico", "Santiago Peña")."""
    if not (ent.start <= span.start and span.end <= ent.end and len(ent) > len(span)):
        return False
    if ent.label_ in _NAME_LABELS:
        return span.label_ in ("GPE", "NORP")
    rest = [t for t in ent if not span.start <= t.i < span.end]
    return any(t.is_title or t.is_upper for t in rest if t.is_alpha)


def _missed_names(doc: Doc, spans: list[Span], first_names: dict[str, str]) -> list[Span]:
    """Full names the recogniser missed: a known given name followed by one to three
    capitalised proper nouns ("Ricardo Rosselló Nevares" after a dateline)."""
    taken = {i for span in spans for i in range(span.start, span.end)}
    found = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if i in taken or token.text not in first_names or token.pos_ != "PROPN":
            i += 1
            continue
        end = i + 1
        while (
            end < len(doc)
            and end - i < 4
            and end not in taken
            and doc[end].is_title
            and doc[end].pos_ == "PROPN"
        ):
            end += 1
        if end - i >= 2:
            found.append(Span(doc, i, end, label="PERSON"))
        i = end
    return found


def _missed_surnames(doc: Doc, spans: list[Span]) -> list[Span]:
    """Surnames of people named in full that the recogniser missed elsewhere: a capitalised
    "Day" standing alone in an article about Doris Day is her (common words make the model
    miss surnames such as Day, May or Rice)."""
    surnames = set()
    for span in spans:
        words = name_words(span) if span.label_ == "PERSON" else []
        if len(words) >= 2 and words[-1][:1].isupper():
            surnames.add(words[-1])
    if not surnames:
        return []
    taken = {i for span in spans for i in range(span.start, span.end)}
    found = []
    for token in doc:
        if token.i in taken or token.text not in surnames or token.pos_ not in ("PROPN", "NOUN"):
            continue
        before = doc[token.i - 1] if token.i > 0 else None
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if before is not None and before.is_title and not token.is_sent_start:
            continue  # part of a longer name ("Independence Day")
        if after is not None and (after.is_title or after.like_num):
            continue
        found.append(Span(doc, token.i, token.i + 1, label="PERSON"))
    return found


def full_name_endings(full_names: Iterable[str]) -> dict[tuple[str, ...], set[str]]:
    """The full names by each run of their last words that leaves at least one word before
    it, accent-folded and in lower case ("la riva" for "Gloria La Riva")."""
    endings: dict[tuple[str, ...], set[str]] = {}
    for name in full_names:
        folded = [fold(w).lower() for w in name.split()]
        for size in range(1, len(folded)):
            endings.setdefault(tuple(folded[-size:]), set()).add(name)
    return endings


def _ending_of_full_name(
    words: list[str], endings: Mapping[tuple[str, ...], set[str]]
) -> str | None:
    """The one full name of the article whose last words are ``words`` (two or more), with at
    least one word before them: "La Riva" ends "Gloria La Riva" (``endings`` from
    :func:`full_name_endings`)."""
    found = endings.get(tuple(fold(w).lower() for w in words), ())
    return next(iter(found)) if len(found) == 1 else None


def _surname_of_someone(span: Span, doc: Doc, surname_starts: Mapping[str, list[int]]) -> bool:
    """Whether a known place's name is the surname of a person the article names in full and
    not after a preposition: "Paris said ..." in an article about Valeska Paris is her, not
    France ("flew to Paris" stays the city). ``surname_starts`` gives where the full names
    that end in each word start."""
    if span.label_ not in ("GPE", "NORP") or len(span) != 1:
        return False
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.pos_ == "ADP":
        return False
    return any(start != span.start for start in surname_starts.get(span.text, ()))


def _entity_type(label: str) -> str:
    return "GPE" if label == "NORP" else label


#: Labels of multi-word names that may contain a place ("Syrian Democratic Forces").
_NAME_LABELS = frozenset({"ORG", "FAC", "EVENT", "LAW", "WORK_OF_ART"})

#: Labels the small model gives to names it does not know; context may correct them.
_MISTAKABLE = frozenset({"ORG", "PRODUCT", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART"})
_PLACES = frozenset({"GPE", "LOC", "FAC", "NORP"})  # a first name may be one (Georgia, Paris)
_REGION_WORDS = frozenset(
    {"region", "province", "oblast", "county", "district", "krai", "governorate", "prefecture"}
)

_LAW_WORDS = frozenset(
    {"treaty", "agreement", "act", "convention", "accord", "accords", "protocol", "charter"}
)


@Language.factory(
    "claimscope_entities",
    requires=["doc.ents"],
    assigns=["doc.ents", "doc.spans"],
    default_config={"rules_dir": None},
)
def make_entity_linker(nlp: Language, name: str, rules_dir: str | None) -> EntityLinker:
    """The entity linker with the packaged rules and, when ``rules_dir`` is set, an analyst's
    folder overlaid on them (see :mod:`claimscope.rules.tsv`)."""
    return EntityLinker(nlp, load_lexicon(rules_dir))
