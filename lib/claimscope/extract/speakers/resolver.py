"""Resolving mentions in one ``Doc``: the walk through the article and the rules for names,
pronouns, descriptions, documents, organisations, places and groups."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from claimscope.extract.speakers.people import (
    SUBJECTS,
    Person,
    Referent,
    is_title_word,
    read_people,
)
from claimscope.extract.speakers.phrases import (
    age_phrase,
    authors,
    description_name,
    noun_phrase,
    reduced_relative_subject,
    stated_age,
    transcript_label,
    without_apposition,
)
from claimscope.extract.transcripts import ANSWER, QUESTION, Turn, turn_at
from claimscope.nlp.docs import MENTION_KEY
from claimscope.rules.lexicon import Lexicon


class ReferenceResolver:
    """Resolve mentions in one ``Doc`` to canonical referents.

    Notes:
        People are read from ``doc.spans["mentions"]``: titles from the words before a name
        ("Russian President Vladimir Putin") and from appositions after it ("Andrey Kartapolov,
        chairman of ..."); the demonym or country before a title gives the affiliation.
        Pronouns take the subject of the nearest earlier sentence that agrees in gender and
        number (a centering-style preference for subjects); definite descriptions take the most
        recently mentioned person whose title fits, following the anaphora rules of classic
        rule-based coreference (Lee et al. 2013, "Deterministic coreference resolution based on
        entity-centric, precision-ranked rules").
    """

    def __init__(self, doc: Doc, lexicon: Lexicon, *, turns: Sequence[Turn] = ()) -> None:
        self.doc = doc
        self.lexicon = lexicon
        # the turns of a transcript: who says "I" in an answer, whom "you" asks in a question
        self.turns = list(turns)
        self.mentions: list[Span] = list(doc.spans.get(MENTION_KEY, []))
        self.mention_at: dict[int, Span] = {
            i: m for m in self.mentions for i in range(m.start, m.end)
        }
        self.resolved: dict[int, Referent] = {}
        # (token index, referent, is_subject) in document order, for pronouns and descriptions
        self.history: list[tuple[int, Referent, bool]] = []
        # (token index, group) for named people spoken of together, for "the two men"
        self.groups: list[tuple[int, Referent]] = []
        # (owner, noun) -> the person named in apposition: "his father, Abdullah Kurdi"
        self.named_relations: dict[tuple[str, str], Referent] = {}
        # token index -> (owner, noun) of the descriptions resolved by their owner
        self._relations_at: dict[int, tuple[str, str]] = {}
        # (token index, age, person) for people whose age the article gives ("John Smith, 45")
        self.ages: list[tuple[int, str, Referent]] = []
        self.sent_start: list[int] = [0] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                self.sent_start[i] = sent.start
        # the people the article names, with the titles, affiliation and gender it gives them
        self.people: dict[str, Person] = read_people(doc, self.mentions, lexicon)
        self._walk()

    # -- walking the document ---------------------------------------------------------------

    def _walk(self) -> None:
        documents = self.lexicon.document_nouns
        pronoun_gender = self.lexicon.pronoun_gender
        for token in self.doc:
            if token.dep_ not in SUBJECTS and token.lemma_.lower() in documents:
                document = self._document(token)  # for "the statement" later
                if document is not None:
                    self.resolved[token.i] = document
                    self.history.append((token.i, document, False))
                continue
            if token.dep_ in SUBJECTS or token.i in self.mention_at:
                mention = self.mention_at.get(token.i)
                if mention is not None and token.i != mention.end - 1:
                    continue  # resolve each named mention once, at its last token
                if mention is not None and mention.label_ == "NORP" and token.dep_ == "amod":
                    continue  # "the Italian minister" speaks of the minister, not Italy
                if mention is not None and transcript_label(mention):
                    continue  # "WN: ..." names who speaks a line, it is no antecedent
                referent = self._resolve_token(token)
                if referent is None or referent.name is None:
                    continue
                if mention is not None:
                    group = self._conjoined(token)
                    if group is not None and all(
                        n in self.people for n in group.name.replace(" and ", ", ").split(", ")
                    ):
                        self.groups.append((token.i, group))
                self.resolved[token.i] = referent
                self.history.append((token.i, referent, token.dep_ in SUBJECTS))
                person = self.people.get(referent.name)
                if person is not None:
                    person.last_seen = token.i
                    if token.lower_ in pronoun_gender:
                        person.gender = person.gender or pronoun_gender[token.lower_]
                if mention is not None and referent.type == "PERSON":
                    self._name_relation(token, referent)
                    age = stated_age(token)
                    if age is not None:
                        self.ages.append((token.i, age, referent))
        self._rename_relations()

    def _name_relation(self, name: Token, person: Referent) -> None:
        """Remember a person named in apposition to a description by its owner ("his father,
        Abdullah Kurdi"; "Abdullah Kurdi, the boy's father")."""
        if name.dep_ == "appos":
            described = [name.head]
        else:
            described = [c for c in name.children if c.dep_ == "appos"]
        for noun in described:
            if noun.pos_ != "NOUN":
                continue
            owner = self._owner(noun)
            if owner is not None:
                self.named_relations.setdefault((owner, noun.lemma_.lower()), person)

    def _rename_relations(self) -> None:
        """Descriptions resolved before the person they describe was named ("his surviving
        father says ... said his father, Abdullah Kurdi") become that person."""
        if not self.named_relations:
            return
        for i, relation in self._relations_at.items():
            person = self.named_relations.get(relation)
            if person is not None and i in self.resolved:
                self.resolved[i] = person
        self.history = [
            (i, self.resolved.get(i, referent) if i in self._relations_at else referent, subject)
            for i, referent, subject in self.history
        ]

    def resolve(self, head: Token, span: Span | None = None) -> Referent:
        """The referent of the noun phrase headed by ``head`` (``span`` is the whole phrase)."""
        if head.i in self.resolved:
            return self.resolved[head.i]
        referent = self._resolve_token(head, span)
        if referent is not None:
            return referent
        subject = reduced_relative_subject(head)
        if subject is not None:
            # "minister Pieter Jansen speaking to a forum called ...": the one speaking
            return self.resolve(subject, noun_phrase(subject))
        if (
            head.pos_ == "PRON"
            or head.lower_ in self.lexicon.pronoun_gender
            or head.lower_ in self.lexicon.plural_pronouns
        ):
            # a pronoun with no antecedent in the text
            return Referent(None, "UNKNOWN", 0.3, "unresolved-pronoun")
        phrase = span if span is not None else self.doc[head.i : head.i + 1]
        text = description_name(without_apposition(phrase, head))
        kind = "GROUP" if head.tag_ in ("NNS", "NNPS") else "UNKNOWN"
        return Referent(text or None, kind, 0.5, "description-text")

    def _resolve_token(self, token: Token, span: Span | None = None) -> Referent | None:
        """The referent of ``token``, with how it was found (``Referent.how``)."""
        if any(c.dep_ == "det" and c.tag_ in ("WDT", "WP") for c in token.children):
            # "Which officials said ...?" asks who spoke: it names nobody
            return Referent(None, "UNKNOWN", 0.3, "question")
        referent, how = self._resolve_how(token, span)
        if referent is None:
            return None
        if referent.how and how == "pronoun":
            how = f"pronoun/{referent.how}"
        return Referent(
            referent.name, referent.type, referent.confidence, how or referent.how, referent.rivals
        )

    def _resolve_how(self, token: Token, span: Span | None) -> tuple[Referent | None, str]:
        if token.lower_ == "reportedly":
            return Referent("unnamed sources", "GROUP", 0.5), "reportedly"
        if span is not None or token.dep_ in SUBJECTS:
            group = self._conjoined(token, span)
            if group is not None:
                return group, "conjoined"
        person = self._attached_person(token)
        if person is not None:
            return self._named(person), "name-attached"
        document = self._document(token)
        if document is not None:
            return document, "document"
        mention = self.mention_at.get(token.i)
        if mention is not None:
            return self._named(mention), "name"
        lower = token.lower_
        age = age_phrase(token)
        if age is not None and token.left_edge.lower_ == "the":
            # "the 45-year-old" is the person the article gave that age, the latest one
            aged = [r for i, a, r in self.ages if a == age and i < token.i]
            return (_weaker(aged[-1], 0.7) if aged else None), "age"
        if lower in self.lexicon.partitives:
            part = self._partitive(token)
            if part is not None:
                return part, "partitive"
        if token.tag_ == "PRP$" and lower in self.lexicon.possessive_pronouns:  # "its plan to ..."
            word = self.lexicon.possessive_pronouns[lower]
            return self._pronoun(token, as_word=word), "pronoun"
        if (
            token.pos_ == "PRON"
            or lower in self.lexicon.pronoun_gender
            or lower in self.lexicon.plural_pronouns
        ):
            return self._pronoun(token), "pronoun"
        if token.pos_ in ("NOUN", "PROPN"):
            phrase = span if span is not None else noun_phrase(token)
            for how, find in (
                ("description", lambda: self._description(token, phrase)),
                ("organisation-noun", lambda: self._organisation(token, phrase)),
                ("pair", lambda: self._pair(token, phrase)),
                ("possessed", lambda: self._possessed(token)),
            ):
                referent = find()
                if referent is not None:
                    return referent, how
            if (
                token.tag_ == "NN"
                and phrase[0].lower_ in ("the", "a", "an")
                and (
                    token.lower_ in self.lexicon.role_phrases
                    or token.lower_ in self.lexicon.person_nouns
                )
            ):
                # "the spokesperson" is "an Interpol spokesperson" spoken of before; "the head
                # of the internal investigators" and "an Interpol spokesperson" are people
                # whom "the spokesperson" or "she" may take up later
                if phrase[0].lower_ == "the":
                    referent = self._introduced(token)
                    if referent is not None:
                        return referent, "introduced"
                return Referent(phrase.text.strip(), "PERSON", 0.5), "unnamed-person"
            indefinite = phrase[0].lower_ in ("a", "an", "one", "another", "some")
            if token.lemma_.lower() in self.lexicon.organisation_nouns and not indefinite:
                # "the animal foundation": an organisation later mentions may take up
                return Referent(description_name(phrase), "ORG", 0.5), "unnamed-organisation"
            if token.tag_ in ("NNS", "NNPS"):
                # a group ("foreign ministers of ...") that "they" may refer to later
                return Referent(description_name(phrase), "GROUP", 0.6), "group-description"
        return None, ""

    def _introduced(self, head: Token) -> Referent | None:
        """The unnamed person an indefinite description introduced ("an Interpol
        spokesperson"), taken up by a definite one with the same noun ("the spokesperson")."""
        noun = head.lower_
        for i, referent, _ in reversed(self.history):
            if i >= head.i or head.i - i > 2000:
                continue
            words = (referent.name or "").lower().split()
            if referent.type == "PERSON" and words[:1] in (["a"], ["an"]) and words[-1] == noun:
                return _weaker(referent, 0.5)
        return None

    def _partitive(self, token: Token) -> Referent | None:
        """Part of a group named by a noun, as written with what qualifies it: "Some of the
        farmers the ministry consulted", "one of the officials" (not "some of them")."""
        groups = [
            grand
            for child in token.children
            if child.dep_ == "prep" and child.lower_ == "of"
            for grand in child.children
            if grand.dep_ == "pobj" and grand.pos_ in ("NOUN", "PROPN")
        ]
        if not groups:
            return None
        end = token.right_edge.i
        while end > token.i and (self.doc[end].is_punct or self.doc[end].is_space):
            end -= 1
        phrase = self.doc[token.left_edge.i : end + 1].text.strip()
        return Referent(phrase, "PERSON" if token.lower_ == "one" else "GROUP", 0.5)

    def _conjoined(self, head: Token, span: Span | None = None) -> Referent | None:
        """Named speakers joined by "and": "Dick Durbin and Adam Schiff" (within ``span``)."""
        if not head.n_rights:
            return None
        conjuncts = [
            c
            for c in head.children
            if c.dep_ == "conj" and (span is None or span.start <= c.i < span.end)
        ]
        if not conjuncts or head.lower_ in self.lexicon.pronoun_gender:
            return None
        names = []
        for token in (head, *conjuncts):
            named = self._attached_person(token) or self.mention_at.get(token.i)
            if named is None or named.label_ not in ("PERSON", "ORG", "GPE"):
                if head.dep_ not in SUBJECTS or token.pos_ not in ("NOUN", "PROPN"):
                    return None
                # "Ines Duarte and her Danish and Polish counterparts": the group
                phrase = self.doc[head.left_edge.i : conjuncts[-1].i + 1]
                return Referent(phrase.text.strip(), "GROUP", 0.6)
            names.append(self._named(named).name)
        names = list(dict.fromkeys(n for n in names if n))
        if len(names) < 2:
            return None
        return Referent(", ".join(names[:-1]) + " and " + names[-1], "GROUP", 0.8)

    def _document(self, head: Token) -> Referent | None:
        """A document that speaks for its author: "a statement released by Duarte's office"
        is the Duarte statement, "a recent report by The Harbour Times" The Harbour Times report."""
        if (
            head.lemma_.lower() not in self.lexicon.document_nouns
            or head.pos_ != "NOUN"
            or head.ent_type_
        ):
            return None  # "Analysis" in "Centre for Freshwater Policy Analysis" is a name
        for token in authors(head):
            author = self._author(token)
            if author:
                return Referent(f"{author} {head.lemma_.lower()}", "DOCUMENT", 0.8)
        if any(c.lower_ in ("the", "this") for c in head.children if c.dep_ == "det"):
            # "the statement" after "a statement released by Duarte's office": that one
            noun = head.lemma_.lower()
            found = self._antecedent(
                head, lambda r: r.type == "DOCUMENT" and (r.name or "").endswith(" " + noun)
            ) or self._antecedent(
                head, lambda r: r.type == "DOCUMENT"
            )  # "the study ... the report"
            if found is not None:
                return _weaker(found, 0.7)
        return None

    def _author(self, token: Token) -> str | None:
        """The name of who wrote a document, from the word that names them."""
        named = self._attached_person(token) or self.mention_at.get(token.i)
        if named is not None and named.label_ in ("PERSON", "ORG", "GPE", "NORP"):
            return self._named(named).name
        if token.lower_ in self.lexicon.possessive_pronouns:  # "its website"
            owner = self._pronoun(token, as_word=self.lexicon.possessive_pronouns[token.lower_])
            return owner.name if owner is not None else None
        if token.pos_ == "NOUN":
            place = self._place(token)  # "the commonwealth's constitution"
            if place is not None:
                return place.name
            if any(c.dep_ == "poss" for c in token.children):
                possessed = self._possessed(token)  # "Erdogan's office"
                return possessed.name if possessed is not None else None
            found = self._organisation(token, noun_phrase(token))  # "the court's summary"
            return found.name if found is not None else None
        if token.pos_ == "PROPN":  # a name the recogniser missed: "The Atlantic"
            author = self.doc[token.left_edge.i : token.i + 1].text
            return author[4:] if author.lower().startswith("the ") else author
        return None

    def _place(self, head: Token) -> Referent | None:
        """A country named by what it is: "the country", "the commonwealth", "the island" is
        the country last spoken of."""
        if head.lemma_.lower() not in self.lexicon.place_nouns:
            return None
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in head.children):
            return None
        return self._antecedent(head, lambda r: r.type == "GPE")

    def _attached_person(self, head: Token) -> Span | None:
        """A person named in apposition to ``head`` or as its compound ("the leader, Chuck
        Schumer", "Bank president Okey Oramah"); for a head that names nobody itself, an
        organisation in apposition too ("One of these groups, the Northern Farmers
        Union")."""
        mention = self.mention_at.get(head.i)
        if mention is not None and mention.label_ == "PERSON":
            return mention
        organisation = None
        frontier = [head]
        for _ in range(3):
            following = []
            for token in frontier:
                for child in token.children:
                    if child.dep_ not in ("appos", "compound", "flat"):
                        continue
                    found = self.mention_at.get(child.i)
                    if found is not None and found.label_ == "PERSON":
                        return found
                    if (
                        found is not None
                        and child.dep_ == "appos"
                        and found.label_ in ("ORG", "GPE")
                        and mention is None
                    ):
                        organisation = organisation or found
                    following.append(child)
            frontier = following
        return organisation or self._closing_name(head)

    def _closing_name(self, head: Token) -> Span | None:
        """The person that closes a title phrase with no comma before the name: "incoming head
        of the city Planning Board Councillor Paul Reyes", which the parser may
        read with the name as part of the committee's phrase."""
        if not is_title_word(head, self.lexicon) or head.pos_ != "NOUN":
            return None
        last = head.right_edge
        mention = self.mention_at.get(last.i)
        if mention is None or mention.label_ != "PERSON" or mention.start <= head.i:
            return None
        between = self.doc[head.i + 1 : mention.start]
        if any(t.is_punct or t.pos_ in ("VERB", "AUX", "PRON") for t in between):
            return None
        if len(between) and between[-1].pos_ in ("ADP", "DET"):
            return None  # "the lawyer of John Smith" speaks for Smith, and is not Smith
        token = mention.root
        while token.i != head.i:  # the name hangs from the title through the phrase's nouns
            if token.dep_ not in ("prep", "pobj", "compound", "appos", "flat", "nmod"):
                return None
            token = token.head
        return mention

    def _named(self, mention: Span) -> Referent:
        kind, name = mention.kb_id_.split(":", 1)
        if kind in ("GPE", "LOC") or mention.label_ == "NORP":
            return Referent(name, "GPE")
        if kind in ("EVENT", "FAC", "LAW"):
            return Referent(name, kind)  # named, but not one that "they" or "it" may be
        return Referent(name, kind if kind in ("PERSON", "ORG") else "ORG")

    def profile(self, referent: Referent) -> tuple[str | None, str | None, str | None]:
        """What the article says about a speaker: titles, affiliation and gender."""
        if referent.name is None:
            return None, None, None
        person = self.people.get(referent.name)
        if person is not None and referent.type == "PERSON":
            return "; ".join(person.titles) or None, person.affiliation, person.gender
        org = self.lexicon.organisation_of_alias.get(referent.name)
        if org is not None:
            return None, org.country, None
        return None, None, None

    def _pronoun(self, token: Token, as_word: str | None = None) -> Referent | None:
        lower = as_word or token.lower_
        if lower in ("i", "me", "we", "us", "you"):
            # the one who speaks a transcript's turn; else not resolvable from the text
            return self._speaking(token, lower) or Referent(None, "UNKNOWN", 0.3, "first-person")
        if lower in self.lexicon.pronoun_gender:
            gender = self.lexicon.pronoun_gender[lower]
            return self._antecedent(token, lambda r: self._is_person_of(r, gender))
        if lower in ("they", "them"):
            # the nearest group, organisation or country, subjects first
            return self._antecedent(token, lambda r: r.type in ("GROUP", "ORG", "GPE"))
        if lower == "it":
            return self._antecedent(token, lambda r: r.type in ("ORG", "GPE"))
        return None

    def _speaking(self, token: Token, pronoun: str) -> Referent | None:
        """Who "I" or "we" is in an answer of a transcript (the one answering), and whom "you"
        asks in a question (the one who answers next)."""
        turn = turn_at(self.turns, token.idx)
        if turn is None:
            return None
        if turn.role == ANSWER and turn.speaker and pronoun in ("i", "me"):
            return Referent(turn.speaker, "PERSON", 0.85, "transcript")
        if turn.role == ANSWER and turn.speaker and pronoun in ("we", "us"):
            return Referent(turn.speaker, "PERSON", 0.6, "transcript-we")
        if turn.role == QUESTION and pronoun == "you":
            later = [t for t in self.turns if t.start > turn.start and t.role == ANSWER]
            if later and later[0].speaker:
                return Referent(later[0].speaker, "PERSON", 0.6, "transcript-you")
        return None

    def _is_person_of(self, referent: Referent, gender: str) -> bool:
        if referent.type != "PERSON":
            return False
        person = self.people.get(referent.name or "")
        return person is None or person.gender in (None, gender)

    def _antecedent(self, token: Token, fits) -> Referent | None:
        """The nearest fitting referent before ``token``: subjects of the same sentence first,
        then each earlier sentence's subjects, then anything it mentions."""
        sent_start = self.sent_start[token.i]
        # walk back through the history, most recent first, a sentence at a time
        current = None
        items: list[tuple[Referent, bool]] = []
        sentences = 0
        found = None
        for i, referent, subject in reversed(self.history):
            if i >= token.i or not fits(referent):
                continue
            start = self.sent_start[i]
            if start == sent_start:
                if subject:
                    found = _weaker(referent, 0.9, "antecedent-same-sentence")
                    break
                continue
            if start != current:
                if items:
                    found = _pick(items, sentences)
                    break
                current = start
                sentences += 1
                if sentences > 4:
                    break
            items.append((referent, subject))
        if found is None and items:
            found = _pick(items, sentences)
        if found is None:
            return None
        return dataclasses.replace(found, rivals=self._rivals(token, fits, found.name))

    def _rivals(self, token: Token, fits, chosen: str | None) -> int:
        """How many other referents that fit were spoken of in the sentence of ``token`` and
        the two before it: the more there are, the less sure the choice."""
        sentences: set[int] = set()
        names: set[str] = set()
        for i, referent, _ in reversed(self.history):
            if i >= token.i:
                continue
            sentences.add(self.sent_start[i])
            if len(sentences) > 3:
                break
            if referent.name and referent.name != chosen and fits(referent):
                names.add(referent.name)
        return len(names)

    def _description(self, head: Token, phrase: Span) -> Referent | None:
        """A definite description ("the committee chairman", "the Russian leader")."""
        words = [t for t in phrase if t.lower_ not in self.lexicon.determiners and not t.is_punct]
        if not words or head.lower_ in self.lexicon.determiners:
            return None
        lowers = [t.lower_ for t in words]
        roles = self.lexicon.role_phrases
        found = (
            " ".join(lowers[i : i + n])
            for n in range(min(4, len(lowers)), 0, -1)
            for i in range(len(lowers) - n + 1)
        )
        role = next((phrase for phrase in found if phrase in roles), None)
        if role is None:
            return None
        modifiers = [t for t in words if t.lower_ not in role.split()]
        country = next((self.lexicon.country(t.text) for t in modifiers
                        if self.lexicon.country(t.text)), None)  # fmt: skip
        others = [t.lower_ for t in modifiers if not self.lexicon.country(t.text)]
        candidates = []
        for person in self.people.values():
            if role not in person.classes:
                continue
            if country and person.affiliation and person.affiliation != country:
                continue
            title_text = " ".join(person.titles).lower()
            fit = sum(1 for w in others if w in title_text)
            seen = person.last_seen if person.last_seen < head.i else -1
            candidates.append((fit, seen, person.name))
        if not candidates:
            return None
        fit, seen, name = max(candidates)
        return Referent(name, "PERSON", 0.85 if seen >= 0 else 0.6)

    def _organisation(self, head: Token, phrase: Span) -> Referent | None:
        """An organisation named by what it is: "the website" is the organisation last
        spoken of, preferring one whose name has the noun ("the ministry" for "Ministry of
        Defence")."""
        if head.lemma_.lower() not in self.lexicon.organisation_nouns or head.tag_ != "NN":
            return None
        first = phrase[0].lower_
        named = any(
            t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "FAC")
            for t in phrase
            if t.i != head.i
        )
        if first in ("the", "this") and len(phrase) <= 6 and not named:
            noun = head.lower_

            def named_so(r: Referent) -> bool:
                return r.type == "ORG" and noun in (r.name or "").lower().split()

            found = self._antecedent(head, named_so) or self._antecedent(
                head, lambda r: r.type == "ORG"
            )
            if found is not None:
                return _weaker(found, 0.7)
        return None

    def _possessed(self, head: Token) -> Referent | None:
        """Someone or something named by its owner: "its anonymous source" is Znak.com's
        anonymous source, "Erdogan's office" Recep Tayyip Erdoğan's office."""
        owners = [c for c in head.children if c.dep_ == "poss"]
        if not owners or head.lower_ in self.lexicon.determiners:
            return None
        owner = self._owner_referent(owners[0])
        if owner is None or owner.name is None:
            return None
        rest = self.doc[owners[0].right_edge.i + 1 : head.i + 1]
        rest_text = rest.text.strip()
        if not rest_text or rest[0].is_punct:
            return None
        relation = (owner.name, head.lemma_.lower())
        if relation in self.named_relations:
            return self.named_relations[relation]
        self._relations_at[head.i] = relation
        kind = "ORG" if head.lemma_.lower() in self.lexicon.organisation_nouns else "UNKNOWN"
        if kind == "ORG":
            named = self._named_after(owner.name, rest)
            if named is not None:
                return named
        return Referent(f"{owner.name}'s {rest_text}", kind, min(owner.confidence, 0.7))

    def _named_after(self, owner: str, words: Span) -> Referent | None:
        """The organisation in the article whose name holds its owner's name and the words
        that describe it: "Day's animal foundation" is the Doris Day Animal Foundation."""
        wanted = {t.lower_ for t in words if t.is_alpha} | {w.lower() for w in owner.split()[-1:]}
        for mention in self.mentions:
            if mention.label_ == "ORG" and wanted <= {t.lower_ for t in mention}:
                return self._named(mention)
        return None

    def _owner_referent(self, owner: Token) -> Referent | None:
        if owner.lower_ in self.lexicon.possessive_pronouns:
            return self._pronoun(owner, as_word=self.lexicon.possessive_pronouns[owner.lower_])
        named = self.mention_at.get(owner.i)
        return self._named(named) if named is not None else None

    def _owner(self, head: Token) -> str | None:
        """The name of who owns ``head`` ("his" -> the man spoken of), if anyone."""
        owners = [c for c in head.children if c.dep_ == "poss"]
        owner = self._owner_referent(owners[0]) if owners else None
        return owner.name if owner is not None else None

    def _pair(self, head: Token, phrase: Span) -> Referent | None:
        """People spoken of together ("officers Lena Hart and Tomas Berg") taken
        up by a plural description: "the defendants", "both officers", "the two men"."""
        if head.tag_ != "NNS" or not any(t.lower_ in ("the", "both", "two") for t in phrase):
            return None
        lemma = head.lemma_.lower()
        if lemma not in self.lexicon.person_nouns and lemma not in self.lexicon.role_phrases:
            return None
        for i, referent in reversed(self.groups):
            if i < head.i and self.sent_start[head.i] - i < 600:
                return _weaker(referent, 0.7)
        return None


def _pick(items: list[tuple[Referent, bool]], sentences: int = 1) -> Referent:
    """From one sentence's fitting referents (latest first): its first subject, else the
    latest mention; ``sentences`` back from the one resolved."""
    back = "1" if sentences <= 1 else "2+"
    subjects = [r for r, subject in items if subject]
    if subjects:
        return _weaker(subjects[-1], 0.85, f"antecedent-subject-{back}")
    return _weaker(items[0][0], 0.7, f"antecedent-mention-{back}")


def _weaker(referent: Referent, confidence: float, how: str | None = None) -> Referent:
    return Referent(
        referent.name,
        referent.type,
        min(referent.confidence, confidence),
        referent.how if how is None else how,
        referent.rivals,
    )
