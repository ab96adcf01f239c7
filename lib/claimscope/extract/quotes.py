"""Who said what: direct, indirect and mixed quotes with their cue and speaker.

The extractor reads a ``Doc`` annotated by claimscope's pipeline (quotation marks in
``doc.spans["quote_marks"]``, linked entities in ``doc.spans["mentions"]``) and yields
:class:`~claimscope.records.Quote` records. It is a pure function: no I/O, no state.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from spacy.attrs import LEMMA
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from claimscope.extract.speakers import (
    DOCUMENT_NOUNS,
    ORGANISATION_NOUNS,
    PERSON_NOUNS,
    ReferenceResolver,
    Referent,
)
from claimscope.nlp.docs import MENTION_KEY, QUOTE_KEY, doc_text, quoted_tokens
from claimscope.nlp.marks import MARKS, has_mark, mark_at
from claimscope.records import Quote
from claimscope.records import Span as TextSpan
from claimscope.rules.lexicon import Cue, Lexicon, load_lexicon

_TRAILING = " \t\n.,;:—–-"
_CONTENT_DEPS = ("ccomp",)
_MIN_DIRECT_WORDS = 4


@dataclass(frozen=True, slots=True)
class CueMatch:
    """A reporting cue found in a ``Doc``."""

    head: Token  # the verb (or "according")
    span: Span  # the cue as written, auxiliaries and negation included
    cue: Cue
    negated: bool


@dataclass
class _Attribution:
    cue: CueMatch | None
    speaker: Span | None
    speaker_head: Token | None
    start: int  # content, character offsets
    end: int
    confidence: float
    name: str | None = None  # the speaker's name when no mention in the text gives it
    verbatim: bool = False  # the speaker's own words without quotation marks (a transcript)


def find_cues(doc: Doc, *, lexicon: Lexicon) -> Iterator[CueMatch]:
    """Reporting cues in ``doc``: verbs and verb phrases from the cue list.

    Notes:
        A phrase cue ("express concern", "rule out", "speak in favour of") matches when its
        lemmas follow the verb in order, allowing one pronoun in between ("ruled it out").
    """
    for token in doc:
        if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBG", "VBD", "VBN", "VBZ"):
            continue
        lemma = token.lemma_.lower()
        phrase = _phrase_cue(token, lexicon)
        cue = phrase or lexicon.cue_by_lemma.get(lemma) or lexicon.cue_by_form.get(token.lower_)
        if cue is None:
            continue
        end = token.i + 1
        if phrase is not None:
            end = _phrase_end(token, phrase)
        start = token.i
        negated = False
        for left in reversed(list(token.lefts)):
            if left.i == start - 1 and left.dep_ in ("aux", "auxpass", "neg"):
                start = left.i
                negated = negated or left.dep_ == "neg"
        negated = negated or any(c.dep_ == "neg" for c in token.children)
        yield CueMatch(token, doc[start:end], cue, negated)


def _phrase_cue(token: Token, lexicon: Lexicon) -> Cue | None:
    for cue in lexicon.phrase_cues_by_lemma.get(token.lemma_.lower(), ()):
        if _phrase_end(token, cue) > token.i + 1:
            return cue
    return None


def _phrase_end(token: Token, cue: Cue) -> int:
    """End (token index) of ``cue`` starting at ``token``, or ``token.i + 1`` if absent."""
    doc = token.doc
    i = token.i + 1
    for lemma in cue.lemmas[1:]:
        if i < len(doc) and doc[i].pos_ == "PRON" and doc[i].lemma_.lower() != lemma:
            i += 1
        if i >= len(doc) or (doc[i].lemma_.lower() != lemma and doc[i].lower_ != lemma):
            return token.i + 1
        i += 1
    return i


def quotes(doc: Doc, *, lexicon: Lexicon | None = None) -> Iterator[Quote]:
    """Attributed statements in ``doc``, in text order.

    Args:
        doc: A ``Doc`` processed by claimscope's pipeline (``claimscope.nlp.model.load_model``).
        lexicon: Rule sets (cues, titles, places); the packaged ones by default.

    Yields:
        One :class:`Quote` per statement. ``direct`` quotes are passages in quotation marks,
        marks included; ``indirect`` ones are reported clauses without their "that";
        ``mixed`` ones are reported clauses that contain a quoted fragment.

    Notes:
        Indirect speech is read from the parse: a cue verb's clausal complement ("said that
        ...", "..., X said"), a noun-phrase object for cues that take one ("highlighted the
        aid"), an infinitive for requests and promises ("urged X to ..."), and "according to
        X". A quoted passage is attributed to the cue whose content overlaps it, else to a cue
        next to it in the same sentence ("“...,” said X"), else, when it follows an attributed
        quote in the same or the previous paragraph, to that quote's speaker. Unattributed
        short passages (titles, scare quotes) are not statements and are skipped.
    """
    lexicon = lexicon or load_lexicon()
    resolver = ReferenceResolver(doc, lexicon)
    passages = [(s.start_char, s.end_char, s.label_) for s in doc.spans.get(QUOTE_KEY, [])]
    text = doc_text(doc)

    found: list[_Attribution] = []
    loose: list[CueMatch] = []  # cues with a speaker but no content of their own
    cues = [
        match
        for match in find_cues(doc, lexicon=lexicon)
        # speech reported inside a quotation belongs to the quotation
        if not any(s <= match.head.idx < e for s, e, _ in passages)
    ]
    # "Asked whether he would resign, X said ...": the one asked is not the one asking
    cues = [m for m in cues if not _reduced_passive(m.head) and not _agentless_passive(m.head)]
    cue_heads = {match.head.i for match in cues}
    for match in cues:
        speaker_head = _speaker_of(match.head, cue_heads) or _inverted_document(match)
        if match.cue.stance == "intent" and not _agentive(speaker_head, lexicon):
            continue  # "the agreement seeks to remove tariffs" reports nobody's intention
        if not _fits_subject(match, speaker_head, lexicon):
            continue
        contents = _contents_of(match)
        named = _name_before_cue(match.head, passages) if speaker_head is None else None
        if named is not None:  # "“...,” Flynn, a surrogate, said": the parser lost the name
            speaker_head = named.root
            contents = [(s, min(e, named.start_char)) for s, e in contents if s < named.start_char]
        if not contents:
            if speaker_head is not None:
                loose.append(match)
            continue
        speaker = named or (_mention_span(speaker_head) if speaker_head is not None else None)
        for content in contents:
            first, last = _after_misparse(match, content, passages, text)
            first, last = _expand(first, last, passages, text)
            for start, end in _separate_passages(first, last, passages, text):
                if end - start >= 2:
                    found.append(_Attribution(match, speaker, speaker_head, start, end, 0.9))
    found.extend(_according_to(doc, text, passages))
    found.extend(_labelled_lines(doc, text, passages))
    found.extend(_nominal_reports(doc, passages, text))
    found.extend(_in_documents(doc, passages, text, cue_heads))
    found.extend(_reportedly(doc, text, passages))
    found = _drop_nested(found, passages, text)

    covered = [(a.start, a.end) for a in found]
    previous: _Attribution | None = None
    for p_start, p_end, status in passages:
        if any(_overlap(p_start, p_end, s, e) > 0 for s, e in covered):
            continue
        attribution = (
            _adjacent(text, p_start, p_end, loose)
            or _split(text, p_start, found)
            or _punctuated(doc, text, p_start, p_end)
            or _introduced(doc, text, p_start, p_end)
        )
        if attribution is None and _stands_alone(doc, text, p_start, p_end):
            attribution = _continuation(doc, text, p_start, found, previous)
        if attribution is None:
            continue
        attribution.start, attribution.end = p_start, p_end
        if status != "closed":
            attribution.confidence = min(attribution.confidence, 0.6)
        found.append(attribution)
        previous = attribution
        covered.append((p_start, p_end))

    found.sort(key=lambda a: (a.start, a.end))
    for attribution in found:
        _with_named_object(attribution, doc, text)
        yield _to_record(attribution, passages, resolver, text)


# --- content and speaker from the parse -------------------------------------------------------


def _speaker_of(verb: Token, cue_heads: set[int] | frozenset[int] = frozenset()) -> Token | None:
    """The subject of a cue verb, climbing through participles and conjuncts ("noting").

    A participle inside another report ("X said ..., further saying ...") takes the subject of
    that report's cue when it has none of its own.
    """
    if verb.tag_ == "VBG" and not any(c.dep_ in ("nsubj", "csubj") for c in verb.children):
        for ancestor in verb.ancestors:
            if ancestor.i in cue_heads:
                return _speaker_of(ancestor)
    token, via = verb, None
    for _ in range(4):
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "csubj") and not _quoted(c)]
        if subjects:
            subject = _named_first(subjects)
            if subject.tag_ in ("WP", "WDT") and token.dep_ == "relcl":
                return token.head
            return _person_in_apposition(subject, token) or subject
        agents = [c for c in token.children if c.dep_ == "agent"]
        if (agents and token.dep_ != "ROOT") or (agents and token.tag_ == "VBN"):
            objects = [c for c in agents[0].children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
        if via in ("xcomp", "pcomp") and token.lemma_ in _HEARSAY:
            # "Smith was quoted as saying", "is reported to have said": the one quoted
            passives = [c for c in token.children if c.dep_ == "nsubjpass" and not _quoted(c)]
            if passives:
                return passives[0]
        if token.dep_ in ("advcl", "conj", "xcomp") and token.head.i != token.i:
            via = token.dep_
            token = token.head
            continue
        if token.dep_ == "pcomp" and token.head.lower_ == "as" and token.head.dep_ == "prep":
            via = "pcomp"
            token = token.head.head
            continue
        if token.dep_ == "acl" and token.tag_ in ("VBD", "VBZ") and token.sent.root != token:
            # a finite verb read as a reduced relative ("X speaking to the think tank called
            # the agreement void"): the parser lost its subject, the sentence's
            token = token.sent.root
            continue
        return None
    return None


#: Passive verbs through which a report names who it quotes ("was quoted as saying").
_HEARSAY = frozenset({"quote", "report", "say", "believe", "understand", "claim", "allege", "cite"})


def _name_before_cue(verb: Token, passages) -> Span | None:
    """The named speaker between a closing quotation mark and a cue that has no subject, with
    what describes it: "“...,” Flynn, a top Trump surrogate, said", when the parser hung the
    name on the quotation and took a later word for the subject."""
    doc = verb.doc
    ends = [e for _, e, _ in passages if e <= verb.idx]
    if not ends:
        return None
    between = doc.char_span(max(ends), verb.idx, alignment_mode="contract")
    if between is None or not len(between) or between.sent != verb.sent:
        return None
    words = [t for t in between if not t.is_space]
    if not words or words[-1].text != "," or any(t.pos_ in ("VERB", "AUX") for t in words):
        return None
    first = words[1] if words[0].text == "," and len(words) > 1 else words[0]
    mention = next(
        (m for m in doc.spans.get(MENTION_KEY, []) if m.start == first.i),
        None,
    )
    if mention is None or mention.label_ not in ("PERSON", "ORG"):
        return None
    return mention


def _person_in_apposition(subject: Token, verb: Token) -> Token | None:
    """A person the parser put in apposition to another person right before the cue: "To
    understand the real Dred Scott, Chief Justice Roberts said, ..." is Roberts speaking."""
    if subject.ent_type_ != "PERSON":
        return None
    for child in subject.children:
        if (
            child.dep_ == "appos"
            and child.ent_type_ == "PERSON"
            and child.right_edge.i + 1 == verb.i
            and child.i > subject.i
        ):
            return child
    return None


def _quoted(token: Token) -> bool:
    """Whether ``token`` is inside a quotation: words quoted are content, never a speaker."""
    return token.i in quoted_tokens(token.doc)


def _named_first(subjects: list[Token]) -> Token:
    """Of the subjects the parser gave one verb ("Niger's president Mahamadou Issoufou said"
    parsed as two), the one that names someone, else the first."""
    named = [t for t in subjects if t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")]
    return named[-1] if named and len(subjects) > 1 else subjects[0]


#: Cues that are also verbs of physical force: they report only for a subject who can speak.
_FORCE_CUES = frozenset({"blast", "slam", "hit", "lash"})


def _criticised(verb: Token) -> bool:
    """Whether a verb of force criticises: its object is someone ("slammed Trump") or it says
    what for or as what ("blasted Biden as a career politician", "slammed the plan for ...")."""
    for child in verb.children:
        if child.dep_ == "dobj" and child.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            return True
        if child.dep_ == "prep" and child.lower_ in ("as", "for", "over"):
            return True
        if child.dep_ == "prt" or (child.dep_ == "prep" and child.lower_ in ("out", "at")):
            return True  # "lashed out at", "hit out at"
    return False


def _agentive(head: Token | None, lexicon: Lexicon) -> bool:
    """Whether a subject can want or plan: a named person, organisation or country, a
    personal pronoun, or a noun for people or organisations."""
    if head is None:
        return False
    if head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    if head.pos_ == "PRON":
        return head.lower_ in ("i", "we", "you", "he", "she", "they", "who")
    lemma = head.lemma_.lower()
    return lemma in lexicon.role_phrases or lemma in ORGANISATION_NOUNS or lemma in PERSON_NOUNS


#: Nouns for evidence that can "show" something, besides documents ("figures show").
_EVIDENCE_NOUNS = frozenset(
    {"data", "figure", "number", "result", "record", "statistic", "estimate", "census",
     "evidence", "test", "research", "model", "projection", "forecast", "count", "average",
     "chart", "graph", "table", "slide", "map", "tally", "ranking", "index", "finding"}
)  # fmt: skip


def _inverted_document(match: CueMatch) -> Token | None:
    """ "“...,” reads the report": the parser takes the document for an object."""
    if match.cue.lemmas != ("read",):
        return None
    objects = [c for c in match.head.children if c.dep_ in ("dobj", "nsubj") and c.i > match.head.i]
    return next((o for o in objects if o.lemma_.lower() in DOCUMENT_NOUNS), None)


def _fits_subject(match: CueMatch, head: Token | None, lexicon: Lexicon) -> bool:
    """Cues that only report for some subjects: a document "reads" ("the report reads:
    “...”"), a person or a document "shows" (footage or a photograph that shows something
    is not a source); an infinitive cue needs a speaker ("to ask" alone reports nobody); a
    verb of force criticises only for a subject who can speak ("the explosion blasted the
    windows" is no statement, nor is "mining companies blasted sacred sites")."""
    lemma = match.cue.lemmas[0]
    if lemma in _FORCE_CUES and not _criticised(match.head):
        return False
    if head is None:
        infinitive = any(c.dep_ == "aux" and c.tag_ == "TO" for c in match.head.children)
        return not infinitive and lemma != "read"
    common = head.pos_ == "NOUN" and not head.ent_type_
    noun = head.lemma_.lower()
    if lemma in _FORCE_CUES and not (_agentive(head, lexicon) or noun in DOCUMENT_NOUNS):
        return False
    if lemma == "read":
        return common and noun in DOCUMENT_NOUNS
    if lemma == "show" and common:
        return noun in DOCUMENT_NOUNS or noun in _EVIDENCE_NOUNS
    return True


def _agentless_passive(verb: Token) -> bool:
    """ "They are expected to ...", "it was announced that ...": nobody is said to speak."""
    children = {c.dep_ for c in verb.children}
    return "auxpass" in children and "agent" not in children


def _reduced_passive(verb: Token) -> bool:
    """A participle without subject or auxiliary heading an adverbial: "Asked whether ..."."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ == "advcl"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children)
    )


def _contents_of(match: CueMatch) -> list[tuple[int, int]]:
    """Character ranges of the content a cue introduces; empty when it has none.

    Notes:
        In order: a clausal complement ("said that X"; the one after the verb when there are
        several, joined with a second one right after it; not a clause of time or cause), an
        infinitive for cues that are not neutral ("claimed to be", "urged X to") and for
        orders ("told X to"), a "that"-clause the parser attached as an adverbial, a complement
        the parser hung elsewhere (:func:`_misparsed_complement`), the clause a parenthetical
        cue interrupts ("X, the statement said, Y": X and Y), what a naming cue says of its
        object ("called the charges unsubstantiated"), and a noun-phrase object for cues that
        take one.
    """
    verb = match.head
    clauses = [
        c
        for c in verb.children
        if c.dep_ in _CONTENT_DEPS
        # "said before he died": a clause of time or cause is not what was said ("asked if"
        # introduces a question, which is)
        and not any(m.dep_ == "mark" and m.lower_ in _ADVERBIAL_MARKS for m in c.children)
    ]
    if not clauses:
        # an infinitive for cues that are not neutral ("claimed to be"); a gerund for any
        # ("recalled going", "denied having")
        clauses = [
            c
            for c in verb.children
            if c.dep_ == "xcomp"
            and (match.cue.stance != "neutral" or c.tag_ == "VBG" or _told_to(verb, c))
        ]
    if not clauses:
        clauses = [
            c
            for c in verb.children
            if c.dep_ == "advcl" and any(m.lower_ in ("that", "whether") for m in c.children)
        ]
    if not clauses:
        clause = _misparsed_complement(verb) or _noun_complement(match)
        if clause is not None:
            found = _token_range(clause)
            return [found] if found else []
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        # "As Smith put it, the plan would fail": the clause the cue comments on
        whole = _token_range(list(verb.head.subtree))
        return _interrupted(verb) or ([whole] if whole else [])
    if (
        clauses
        and match.cue.np_object
        and all(c.i < verb.i for c in clauses)
        and any(c.dep_ == "dobj" and c.i > verb.i for c in verb.children)
    ):  # "“...,” said X; he described the attacks as ...": the object is the content
        clauses = []
    if clauses:
        right = [c for c in clauses if c.i > verb.i]
        clause = right[0] if right else clauses[-1]
        tokens = list(clause.subtree)
        for later in right[1:]:
            # "said the name had to be easy and, to prevent stigma, it must not cite a place":
            # a second complement right after the first continues it (a coordination the
            # parser did not join)
            gap = verb.doc[max(t.i for t in tokens) + 1 : later.left_edge.i]
            if not all(t.is_punct or t.dep_ == "cc" for t in gap) or later.dep_ != clause.dep_:
                break
            tokens += list(later.subtree)
        # the cue's own words are not its content ("made clear that X")
        tokens = [t for t in tokens if not match.span.start <= t.i < match.span.end]
        if clause.dep_ != "xcomp" and tokens:
            # drop the complementiser: "said that X" reports X (the parser sometimes takes
            # "that" for a determiner: "warned that famine was imminent")
            while (
                len(tokens) > 1
                and tokens[0].lower_ in ("that", "whether")
                and (
                    (tokens[0].dep_ in ("mark", "det") and tokens[0].i == verb.i + 1)
                    or tokens[0].dep_ == "mark"
                )
            ):
                tokens = tokens[1:]
        if verb.i < clause.i and any(t.i < verb.i for t in tokens):
            tokens = [t for t in tokens if t.i > verb.i]
        tokens = _through_broken_coordination(tokens)
        found = _token_range(tokens)
        return [found] if found else []
    if (
        verb.dep_ == "parataxis"
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
        and not any(c.dep_ in ("dobj", "attr", "oprd") for c in verb.children)
    ):  # a bare parenthetical ("the statement said"), not a clause with an object of its own
        return _interrupted(verb)
    judged = _judgement(match)
    if judged is not None:
        return [judged]
    if match.cue.np_object:
        end = match.span.end
        objects = [c for c in verb.children if c.dep_ in ("dobj", "attr") and c.i >= end]
        if not objects and match.span.end > verb.i + 1:
            last = match.span[-1]
            objects = [c for c in last.children if c.dep_ in ("pobj", "pcomp", "prep")]
            if last.dep_ == "dobj":  # "expressed concern over X": the object with its modifiers
                found = _token_range(list(last.subtree))
                return [found] if found else []
        if objects:
            obj = objects[0]
            if obj.dep_ == "prep":
                tokens = [t for t in obj.subtree if t.i != obj.i]
            else:
                tokens = list(obj.subtree)
                # "announced a law to mandate X": the infinitive belongs to the object, and so
                # does what it is described as ("described the attacks as a dastardly act")
                tokens += [t for c in verb.children if c.i > obj.i and _completes_object(c)
                           for t in c.subtree]  # fmt: skip
            found = _token_range(tokens)
            return [found] if found else []
    return []


def _noun_complement(match: CueMatch) -> list[Token] | None:
    """The "that"-clause of the noun a phrase cue ends on: "made the case that X", "expressed
    concern that X", "raised the possibility that X" report X."""
    if len(match.span) < 2 or match.span[-1].pos_ != "NOUN":
        return None
    noun = match.span[-1]
    for clause in noun.children:
        if clause.dep_ not in ("acl", "ccomp", "relcl") or clause.i < noun.i:
            continue
        marks = [c for c in clause.children if c.dep_ == "mark" and c.lower_ == "that"]
        if marks:
            return [t for t in clause.subtree if t.i > marks[0].i]
    return None


def _told_to(verb: Token, infinitive: Token) -> bool:
    """ "Told his advisers to find a way": telling someone to do something is an order."""
    return (
        verb.lemma_ == "tell"
        and any(c.dep_ == "dobj" and c.i < infinitive.i for c in verb.children)
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in infinitive.children)
    )


_SUBORDINATORS = frozenset(
    {
        "because", "if", "when", "while", "although", "though", "as", "since", "before",
        "after", "unless", "until", "once", "so",
    }
)  # fmt: skip


_ADVERBIAL_MARKS = _SUBORDINATORS - {"if"}


def _misparsed_complement(verb: Token) -> list[Token] | None:
    """A clausal complement the parser hung elsewhere: "said after the convention he would
    not accept" (an adverbial clause whose preposition is not a subordinator), "told a meeting
    of leaders that few people understood" (a relative clause whose "that" is no pronoun)."""
    for child in verb.children:
        if child.i < verb.i:
            continue
        if (
            child.dep_ == "advcl"
            and child.pos_ in ("VERB", "AUX")
            and not any(c.dep_ == "mark" for c in child.children)
            and not any(
                c.lower_ in _SUBORDINATORS
                and c.i < child.i
                and not any(g.dep_ == "pobj" for g in c.children)
                for c in child.children
            )
        ):
            subjects = [c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects and any(c.dep_ == "aux" and c.tag_ == "MD" for c in child.children):
                return [t for t in child.subtree if t.i >= subjects[0].left_edge.i]
        if child.dep_ in ("dobj", "prep", "npadvmod", "dative"):
            # "told a meeting of leaders that ...", "said in a statement that ..."
            for clause in child.subtree:
                if clause.dep_ not in ("relcl", "acl"):
                    continue
                marks = [c for c in clause.children if c.dep_ == "mark" and c.lower_ == "that"]
                subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
                if marks and subjects and marks[0].i < subjects[0].i:
                    return [t for t in clause.subtree if t.i > marks[0].i]
    return None


def _judgement(match: CueMatch) -> tuple[int, int] | None:
    """ "Called the charges unsubstantiated", "called him a master at deals": what a naming cue
    says of its object is a statement (a proper name given to it is only naming)."""
    verb = match.head
    if match.cue.lemmas[0] not in _NAMING_CUES or len(match.cue.lemmas) > 1:
        return None
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    judgements = [
        c
        for c in verb.children
        if c.dep_ == "oprd" and objects and c.i > objects[0].i and c.pos_ in ("ADJ", "NOUN", "VERB")
    ]
    if not judgements:
        return None
    return _token_range([*objects[0].subtree, *judgements[0].subtree])


def _completes_object(token: Token) -> bool:
    return token.dep_ == "xcomp" or (token.dep_ == "prep" and token.lower_ == "as")


def _interrupted(verb: Token) -> list[tuple[int, int]]:
    """The parts of the clause a parenthetical cue interrupts: "X, the statement said, Y";
    a part without a verb is no statement of its own ("Day, they said, desired no
    memorials": the subject; "During his years in office, he said, ...": an adverbial)."""
    inner = {t.i for t in verb.subtree}
    left, right = verb.left_edge.i, verb.right_edge.i
    tokens = [t for t in verb.head.subtree if t.i not in inner]
    parts = [[t for t in tokens if t.i < left], [t for t in tokens if t.i > right]]
    ranges = []
    for part in parts:
        words = [t for t in part if not t.is_punct and not t.is_space]
        if len(words) >= 3 and any(t.pos_ in ("VERB", "AUX") for t in words):
            found = _token_range(part)
            if found:
                ranges.append(found)
    return ranges


def _through_broken_coordination(tokens: list[Token]) -> list[Token]:
    """A clause that ends on "and"/"or" lost its second conjunct to a parse error: take the
    rest of the sentence, up to a cue or quotation mark of its own."""
    if not tokens:
        return tokens
    last = max(tokens, key=lambda t: t.i)
    if last.dep_ != "cc":
        return tokens
    rest = []
    for token in last.doc[last.i + 1 : last.sent.end]:
        if has_mark(token.text):
            return tokens
        rest.append(token)
    return tokens + rest


def _token_range(tokens: list[Token]) -> tuple[int, int] | None:
    tokens = [t for t in tokens if not t.is_space]
    if not tokens:
        return None
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


def _mention_span(head: Token) -> Span:
    """The speaker as written: the subject's phrase, without relative clauses, and without an
    apposition that only gives a named speaker's title ("Andrey Kartapolov, chairman of ...")
    but with one that names a described speaker ("The Senate leader, Chuck Schumer")."""
    doc = head.doc
    start = head.left_edge.i
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    end = head.i + 1
    named = head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
    for child in head.rights:
        if child.is_punct and child.text in (",", "(", ")"):
            continue
        if child.dep_ in ("compound", "flat", "nummod"):
            end = child.right_edge.i + 1
        elif child.dep_ == "appos" and (
            (child.ent_type_ == "PERSON" and "," not in doc[head.i : child.left_edge.i].text)
            or (not named and _names_someone(child))
        ):
            end = _np_end(child)  # "Chief of General Staff Valery Gerasimov"
        elif child.dep_ == "prep" and child.lower_ in ("of", "to", "for") and not named:
            end = _np_end(child)  # "the head of state", "Ambassador to the UN"
        elif child.dep_ == "amod" and not named:
            end = _np_end(child)  # "sources close to the minister"
        elif child.dep_ in ("cc", "conj"):
            end = _np_end(child) if child.dep_ == "conj" else end
        else:
            break
    if head.ent_iob_ in ("B", "I"):
        ent_end = head.i + 1
        while ent_end < len(doc) and doc[ent_end].ent_iob_ == "I":
            ent_end += 1
        end = max(end, ent_end)
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        if doc[end - 1].text == ")" and "(" in doc[start : end - 1].text:
            break
        end -= 1
    return doc[start:end]


def _names_someone(token: Token) -> bool:
    return any(t.ent_type_ in ("PERSON", "ORG") for t in token.subtree)


def _np_end(token: Token) -> int:
    """End of ``token``'s phrase, before any relative clause or parenthetical comma."""
    end = token.i + 1
    for t in token.subtree:
        if t.i < token.i:
            continue
        if t.dep_ in ("relcl", "acl") or t.text in (",", ";", "—", "–"):
            break
        end = t.i + 1
    return end


def _according_to(doc: Doc, text: str, passages) -> Iterator[_Attribution]:
    """ "According to X, ..." and "..., according to X."; "Per X, ..." likewise."""
    found = (doc.char_span(m.start(), m.end()) for m in _ACCORDING.finditer(text))
    for token in (span[0] for span in found if span is not None):
        if (
            token.lower_ == "according"
            and token.i + 1 < len(doc)
            and doc[token.i + 1].lower_ == "to"
        ):
            marker, cue_end = doc[token.i + 1], token.i + 2
        elif token.lower_ == "per" and token.dep_ == "prep" and _opens_phrase(token):
            marker, cue_end = token, token.i + 1
        else:
            continue
        sources = [c for c in marker.children if c.dep_ in ("pobj", "pcomp")]
        if not sources:
            continue
        source = _reporting_agent(sources[0]) or sources[0]
        speaker = _mention_span(source)
        objects = [c for c in source.children if c.dep_ == "dobj"]
        if source.dep_ == "pcomp" and source.pos_ == "VERB" and objects:
            # "according to show insiders" read as a verb and its object
            speaker = source.doc[source.left_edge.i : source.right_edge.i + 1]
            source = objects[0]
        commas = [t.i for t in speaker if t.text == "," and t.i > source.i]
        if commas:  # "according to the ministry, prices rose": the source ends at the comma
            speaker = doc[speaker.start : commas[0]]
        sent = token.sent
        before = (sent.start_char, token.idx)
        # the source phrase runs to its first comma or to its end ("according to a report from
        # ABC on March 3 in which ..."), whichever comes first
        phrase_end = speaker.end
        while phrase_end <= marker.right_edge.i and doc[phrase_end].text != ",":
            phrase_end += 1
        after_start = doc[phrase_end - 1].idx + len(doc[phrase_end - 1].text)
        for t in doc[phrase_end : sent.end]:
            if t.text == ",":
                after_start = t.idx + 1
                break
            if t.is_punct:
                break
        after = (after_start, sent.end_char)
        start, end = _according_content(token, before, after, text)
        if len(text[start:end].split()) < 2:
            continue  # "According to MSNBC, basically."
        start, end = _expand(start, end, passages, text)
        lemmas = tuple(t.lower_ for t in doc[token.i : cue_end])
        match = CueMatch(token, doc[token.i : cue_end], Cue(lemmas, "neutral", True), False)
        yield _Attribution(match, speaker, source, start, end, 0.85)


_COMPLEMENTS = frozenset({"ccomp", "dobj", "xcomp", "attr", "acomp", "oprd"})


def _according_content(
    token: Token, before: tuple[int, int], after: tuple[int, int], text: str
) -> tuple[int, int]:
    """The side of an "according to" phrase that holds the sentence's main clause: the side of
    its verb, or of the verb's complement when the phrase sits between them ("X decided,
    according to the summary, that ..."); failing that, the longer side."""
    sides = [r for r in (before, after) if text[r[0] : r[1]].strip(_TRAILING)]
    root = token.sent.root

    def side(t: Token) -> tuple[int, int] | None:
        return next((r for r in sides if r[0] <= t.idx < r[1]), None)

    chosen = side(root)
    if chosen is not None:
        other = [side(c) for c in root.children if c.dep_ in _COMPLEMENTS]
        if other and all(r is not None and r != chosen for r in other):
            chosen = other[0]
        return chosen
    return max(before, after, key=lambda r: len(text[r[0] : r[1]].strip(_TRAILING)))


_LABEL = re.compile(r"""^["“]?([^\W\d][^:\n]{0,40}?):[ \t]+(?=\S)""", re.MULTILINE)


def _labelled_lines(doc: Doc, text: str, passages) -> Iterator[_Attribution]:
    """A paragraph opened by a speaker's name and a colon, as in an interview transcript
    ("PENCE: Well, look, ...") or a headline ("Sanders: Clinton needs to ..."): the rest of the
    paragraph is what the speaker said. The name must be a person or organisation the
    recogniser knows, or a name in capitals (a transcript's convention)."""
    for match in _LABEL.finditer(text):
        label = doc.char_span(match.start(1), match.end(1), alignment_mode="contract")
        if label is None or not 0 < len(label) <= 4:
            continue
        capitals = all((t.is_upper and len(t) > 1) or t.is_punct for t in label)
        if not capitals and not all(t.ent_type_ in ("PERSON", "ORG") for t in label):
            continue
        start = match.end()
        if mark_at(text, start):
            continue  # "Trump: “...”" is a quotation signed by its speaker (_punctuated)
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        while end > start and text[end - 1].isspace():
            end -= 1
        if text[match.start()] in MARKS and text[end - 1] in MARKS:
            end -= 1  # a paragraph-long quotation's mark is not the speaker's words
        start, end = _trim(start, end, passages, text)
        words = doc.char_span(start, end, alignment_mode="contract")
        if words is None or len(text[start:end].split()) < _MIN_DIRECT_WORDS:
            continue
        if not any(t.pos_ in ("VERB", "AUX") for t in words):
            continue  # "Image: Jo Jorgensen for President" credits, it says nothing
        colon = doc.char_span(match.end(1), match.end(1) + 1, alignment_mode="expand")
        if colon is None:
            continue
        cue = CueMatch(colon[0], colon, Cue((":",), "neutral", False), False)
        if not capitals:
            yield _Attribution(cue, label, label.root, start, end, 0.7)
            continue
        # "PENCE:" is the Pence named in the article, "NG:" its Natasha Gownaris; else the
        # name as a name is written
        written = label.text.replace(".", "").replace(" ", "").lower()
        named = [
            m
            for m in doc.spans.get(MENTION_KEY, [])
            if m.label_ == "PERSON"
            and m.start != label.start
            and (
                m[-1].lower_ == label[-1].lower_
                or (len(m) > 1 and "".join(t.text[0] for t in m).lower() == written)
            )
        ]
        head = named[0].root if named else label.root
        name = None if named else " ".join(t.text.title() for t in label if not t.is_punct)
        yield _Attribution(cue, label, head, start, end, 0.7, name=name, verbatim=True)


#: Nouns that report what their owner said, believes or intends ("his claim that ...").
REPORT_NOUNS: dict[str, str] = {
    "claim": "assert", "assertion": "assert", "allegation": "assert", "contention": "assert",
    "insistence": "assert", "argument": "assert", "statement": "neutral", "prediction": "neutral",
    "warning": "warn", "threat": "warn", "promise": "promise", "pledge": "promise",
    "vow": "promise", "belief": "belief", "view": "belief", "hope": "belief", "fear": "concern",
    "suggestion": "hedge", "denial": "deny", "admission": "admit", "accusation": "assert",
    "demand": "request", "call": "request", "plan": "intent", "intention": "intent",
}  # fmt: skip


_REPORT_NOUN_IDS = np.array([get_string_id(noun) for noun in REPORT_NOUNS], dtype=np.uint64)


def _nominal_reports(doc: Doc, passages, text: str) -> Iterator[_Attribution]:
    """A report named by a noun with its owner: "his claim that people would learn nothing",
    "Trump's promises to cut taxes". Without an owner nobody is named as the source, and the
    noun is left alone."""
    # the lemmas are compared as hashes over the whole document at once: this is a pass over
    # every token of every article
    found = np.isin(doc.to_array(LEMMA), _REPORT_NOUN_IDS)
    for i in np.flatnonzero(found).tolist():
        noun = doc[i]
        if noun.pos_ != "NOUN":
            continue
        lemma = noun.lemma_.lower()
        owners = [c for c in noun.children if c.dep_ == "poss"]
        if not owners or _quoted(noun):
            continue
        content = None
        for child in noun.children:
            if child.i < noun.i or child.dep_ not in ("acl", "ccomp", "relcl"):
                continue
            marks = [c for c in child.children if c.i < child.i and c.lower_ in ("that", "to")]
            if marks and marks[0].dep_ in ("mark", "aux"):
                tokens = [t for t in child.subtree if t.i > marks[0].i or marks[0].lower_ == "to"]
                content = _token_range(tokens)
                break
        if content is None:
            continue
        start, end = _expand(*content, passages, text)
        cue = CueMatch(
            noun, doc[noun.i : noun.i + 1], Cue((lemma,), REPORT_NOUNS[lemma], False), False
        )
        owner = owners[0]
        speaker = _mention_span(owner)
        if len(speaker) > 1 and speaker[-1].dep_ == "case":
            speaker = speaker[:-1]  # "Trump's": the owner without the possessive ending
        yield _Attribution(cue, speaker, owner, start, end, 0.6)


#: Documents whose findings a sentence may report after "In the ...," ("In the poll, ...").
_FINDING_DOCUMENTS = frozenset(
    {"poll", "survey", "study", "report", "analysis", "census", "ruling", "filing", "lawsuit",
     "complaint", "indictment", "letter", "memo", "book", "memoir", "autobiography", "paper",
     "statement", "assessment", "judgment", "verdict"}
)  # fmt: skip


def _in_documents(doc: Doc, passages, text: str, cue_heads) -> Iterator[_Attribution]:
    """ "In the previous poll, Clinton led by 5 points": a sentence that opens on a document
    reports what the document says, unless a cue of its own names who said it ("In a
    statement, the ministry said ...")."""
    for first in doc:
        # only sentences that open on "in", and without building every sentence's span
        if first.lower_ != "in" or not first.is_sent_start or first.dep_ != "prep":
            continue
        sent = first.sent
        if first.head != sent.root:
            continue
        documents = [c for c in first.children if c.dep_ == "pobj"]
        if not documents or documents[0].lemma_.lower() not in _FINDING_DOCUMENTS:
            continue
        if documents[0].tag_ == "NN" and not any(
            c.dep_ in ("det", "poss", "amod", "compound", "nummod") for c in documents[0].children
        ):
            continue  # "In so ruling, ...": an act, not a document
        if any(t.i in cue_heads for t in sent):
            continue
        after = first.right_edge.i + 1  # the phrase with what qualifies the document
        comma = doc[after] if after < sent.end else None
        if comma is None or comma.text != ",":
            continue
        start, end = _trim(comma.idx + 1, sent.end_char, passages, text)
        if len(text[start:end].split()) < 3:
            continue
        start, end = _expand(start, end, passages, text)
        document = documents[0]
        speaker = _mention_span(document)
        cue = CueMatch(first, doc[first.i : first.i + 1], Cue(("in",), "neutral", False), False)
        yield _Attribution(cue, speaker, document, start, end, 0.6)


def _reporting_agent(source: Token) -> Token | None:
    """Who reported what an "according to" names, when that is not a source itself: "per
    numbers reported by The Associated Press" is per The Associated Press. A document keeps
    its own name ("a statement released by Erdogan's office")."""
    if source.ent_type_ or source.lemma_.lower() in DOCUMENT_NOUNS:
        return None
    for child in source.children:
        if child.dep_ != "acl" or child.tag_ != "VBN":
            continue
        for agent in (c for c in child.children if c.dep_ == "agent"):
            objects = [c for c in agent.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


_ACCORDING = re.compile(r"\b(?:[Aa]ccording|[Pp]er)\b")


def _reportedly(doc: Doc, text: str, passages) -> Iterator[_Attribution]:
    """ "Reportedly, X" and "there are reportedly X": X is attributed to unnamed sources."""
    if "reportedly" not in text.lower():
        return
    for token in doc:
        if token.lower_ != "reportedly" or token.dep_ != "advmod" or _quoted(token):
            continue
        sent = token.sent
        start = token.idx + len(token.text)
        while start < sent.end_char and text[start] in " ,":
            start += 1
        end = sent.end_char
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        if len(text[start:end].split()) < 3:
            continue
        start, end = _expand(start, end, passages, text)
        match = CueMatch(
            token, doc[token.i : token.i + 1], Cue(("reportedly",), "hedge", False), False
        )
        yield _Attribution(match, doc[token.i : token.i + 1], token, start, end, 0.6)


def _opens_phrase(token: Token) -> bool:
    """A preposition at the start of its sentence or right after a comma."""
    return token.is_sent_start or (token.i > 0 and token.doc[token.i - 1].text == ",")


def _after_misparse(match: CueMatch, content: tuple[int, int], passages, text: str):
    """A quotation right after the cue ("told the press in an interview, “...”") is its
    content, even when the parser hung the cue's clause somewhere later."""
    cue_end = match.span.end_char
    for p_start, p_end, _ in passages:
        if cue_end <= p_start < content[0] and _attribution_gap(text[cue_end:p_start]):
            if p_end <= content[0] and _is_title(text[p_start:p_end]):
                continue  # "told MSNBC's “Morning Joe” that ...": a programme, not words
            if p_end > content[0]:  # the clause starts with a quoted fragment: mixed
                return p_start, max(p_end, content[1])
            return p_start, p_end
    return content


_TITLE_SMALL_WORDS = frozenset({"a", "an", "and", "at", "for", "in", "of", "on", "the", "to"})


def _is_title(passage: str) -> bool:
    """Whether a quoted passage is a short title in title case ("Morning Joe", "State of the
    Union"), the name of a programme or a work rather than anyone's words."""
    words = re.findall(r"[^\W\d_][\w'’-]*", passage)
    return (
        0 < len(words) <= 6
        and words[0][0].isupper()
        and all(w[0].isupper() or w.lower() in _TITLE_SMALL_WORDS for w in words)
    )


def _separate_passages(start: int, end: int, passages, text: str) -> list[tuple[int, int]]:
    """A content that is only quotations joined by "and" or commas is one quote each."""
    inside = [(s, e) for s, e, _ in passages if start <= s and e <= end]
    if len(inside) < 2:
        return [(start, end)]
    rest = text[start : inside[0][0]] + text[inside[-1][1] : end]
    rest += "".join(text[a[1] : b[0]] for a, b in itertools.pairwise(inside))
    if rest.replace("and", "").strip(" ,;:\n") == "":
        return inside
    return [(start, end)]


def _expand(start: int, end: int, passages, text: str) -> tuple[int, int]:
    """Widen a content range to whole quoted passages it cuts, then trim it."""
    for p_start, p_end, _ in passages:
        if _overlap(start, end, p_start, p_end) > 0 or start <= p_start < end + 2:
            start, end = min(start, p_start), max(end, p_end)
    return _trim(start, end, passages, text)


def _trim(start: int, end: int, passages, text: str) -> tuple[int, int]:
    inside = {(s, e) for s, e, _ in passages}
    while start < end and text[start] in " \t\n,;:":
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        if any(s < end <= e for s, e in inside):
            break
        end -= 1
    return start, end


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _drop_nested(found: list[_Attribution], passages, text: str) -> list[_Attribution]:
    """Keep the outermost report when one report's content holds another's cue, except for
    a participle that continues the report ("X said A, further saying B"): the outer content
    then ends where the participle starts, and both are kept."""
    for a in found:
        if a.cue is None or a.cue.head.tag_ != "VBG" or a.cue.head.dep_ not in ("advcl", "conj"):
            continue
        cut = a.cue.head.left_edge.idx
        for b in found:
            if b is not a and b.start < cut < b.end and b.start <= a.cue.span.start_char:
                b.start, b.end = _trim(b.start, cut, passages, text)
    # "X said the name must not cite a place, per WHO guidelines": the guidelines are X's
    # source, inside X's report, not a report of their own
    # "Y emphasized Z, according to R": R reported Y's statement, which is Y's
    found = [
        a
        for a in found
        if not (_is_according(a) and any(
            b is not a and not _is_according(b) and (
                b.start <= a.cue.span.start_char < b.end or _reported_by(b, a)
            )
            for b in found
        ))
    ]  # fmt: skip
    keep = []
    for a in found:
        nested = any(
            b is not a and b.start <= a.cue.span.start_char and a.end <= b.end
            and (b.end - b.start) > (a.end - a.start)
            for b in found
        ) if a.cue is not None else False  # fmt: skip
        if not nested or _reported_report(a):
            keep.append(a)
    return keep


def _reported_by(report: _Attribution, according: _Attribution) -> bool:
    """Whether an "according to" modifies the cue of a report with a speaker of its own."""
    return (
        report.cue is not None
        and report.speaker_head is not None
        and according.cue.head.head.i == report.cue.head.i
        and according.start <= report.cue.span.start_char < according.end
    )


def _reported_report(a: _Attribution) -> bool:
    """A report inside another that stands as a statement of its own: "Znak.com reported its
    source said ...", a finite cue with a named or described subject (not a pronoun, an
    infinitive or a participle)."""
    head = a.cue.head
    subject = a.speaker_head
    return (
        head.tag_ in ("VBD", "VBZ", "VBP")
        and subject is not None
        and subject.head.i == head.i
        and subject.pos_ in ("NOUN", "PROPN")
        and a.speaker is not None
        and not _quoted(subject)
    )


def _is_according(a: _Attribution) -> bool:
    return a.cue is not None and a.cue.cue.lemmas[0] in ("according", "per")


def _adjacent(text: str, p_start: int, p_end: int, loose: list[CueMatch]) -> _Attribution | None:
    """A cue right before or after a quoted passage in the same sentence ("“...,” X said")."""
    best = None
    for match in loose:
        head = _speaker_of(match.head)
        if head is None:
            continue
        speaker = _mention_span(head)
        group_start = min(match.span.start_char, speaker.start_char)
        group_end = max(match.span.end_char, speaker.end_char)
        gap_after = text[p_end:group_start] if group_start >= p_end else None
        gap_before = text[group_end:p_start] if group_end <= p_start else None
        if gap_after is not None and len(gap_after.strip(" ,")) == 0 and "\n" not in gap_after:
            distance = len(gap_after)
        elif gap_before is not None and (
            _attribution_gap(gap_before) or _BLOCK_QUOTE_GAP.fullmatch(gap_before)
        ):
            distance = len(gap_before)
        else:
            continue
        if best is None or distance < best[0]:
            best = (distance, _Attribution(match, speaker, head, p_start, p_end, 0.85))
    return best[1] if best else None


# "He said:" closing a paragraph, the quotation opening the next one
_BLOCK_QUOTE_GAP = re.compile(r"[ \t]*:[ \t\xa0]*\n\s*")


def _attribution_gap(gap: str) -> bool:
    """Whether the text between a cue and the quotation after it keeps them together: the rest
    of the same clause ("told the BBC after the verdict, “...”"), with no sentence end."""
    if "\n" in gap or len(gap) > 80:
        return False
    return not has_mark(gap) and not any(ch in gap for ch in ".!?;")


def _split(text: str, p_start: int, found: list[_Attribution]) -> _Attribution | None:
    """The second part of a quotation interrupted by its attribution ("“A,” she said, “B.”")
    or joined to the first by a conjunction ("said “A” and “B”")."""
    earlier = [a for a in found if a.end <= p_start and a.speaker is not None]
    if not earlier:
        return None
    last = max(earlier, key=lambda a: a.end)
    gap = text[last.end : p_start]
    if "\n" in gap or len(gap) > 120:
        return None
    joined = gap.strip(" ,;:—–-") in ("", "and", "but", "or", "adding", "and added")
    interrupted = (
        last.cue is not None
        and last.end <= last.cue.span.start_char < p_start
        and _attribution_gap(gap.rstrip(" ,:—–-"))
    )
    if not (joined or interrupted):
        return None
    return _Attribution(last.cue, last.speaker, last.speaker_head, p_start, p_start, 0.8)


_COLON_BEFORE = re.compile(r"(?:^|(?<=[.!?\n])\s*)([^.!?\n:]{2,80}?)\s*([:―—–])\s*$")
_DASH_AFTER = re.compile(r"^\s*([―—–]|--)\s*((?:\b[A-Z]\.|[^.!?\n]){2,80}?)\s*(?:[.!?]|$)")


def _punctuated(doc: Doc, text: str, p_start: int, p_end: int) -> _Attribution | None:
    """Attribution by punctuation: "Trump: “...”", "Martha Aguilar ― “...”" and
    "“...” ― Martha Aguilar"; the speaker must be a named person or organisation."""
    line_start = text.rfind("\n", 0, p_start) + 1
    before = _COLON_BEFORE.search(text[line_start:p_start])
    if before:
        speaker_start = line_start + before.start(1)
        speaker_end = line_start + before.end(1)
        mark = line_start + before.start(2)
    else:
        line_end = text.find("\n", p_end)
        after = _DASH_AFTER.match(text[p_end : line_end if line_end >= 0 else len(text)])
        if not after:
            return None
        mark = p_end + after.start(1)
        speaker_start, speaker_end = p_end + after.start(2), p_end + after.end(2)
    speaker = doc.char_span(speaker_start, speaker_end, alignment_mode="contract")
    if speaker is None or not any(t.ent_type_ in ("PERSON", "ORG") for t in speaker):
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in speaker):
        return None  # a clause before a colon introduces, but is not, a speaker
    head = speaker.root
    cue_span = doc.char_span(mark, mark + 1, alignment_mode="expand")
    if cue_span is None:
        return None
    cue = CueMatch(cue_span[0], cue_span, Cue((cue_span.text,), "neutral", False), False)
    return _Attribution(cue, speaker, head, p_start, p_end, 0.75)


def _introduced(doc: Doc, text: str, p_start: int, p_end: int) -> _Attribution | None:
    """A quotation that ends a sentence whose subject introduces it after a comma or colon:
    "Trump, also on Twitter, defended his decision, “...”"."""
    span = doc.char_span(p_start, p_end, alignment_mode="expand")
    if span is None or len(text[p_start:p_end].split()) < _MIN_DIRECT_WORDS:
        return None
    sent = span[0].sent
    before = text[sent.start_char : p_start].rstrip()
    if not before.endswith((",", ":")) or "\n" in before or has_mark(before):
        return None
    root = sent.root
    if root.i >= span.start or root.pos_ != "VERB":
        return None
    subjects = [c for c in root.children if c.dep_ == "nsubj" and c.i < root.i]
    if not subjects or subjects[0].pos_ not in ("PROPN", "PRON", "NOUN"):
        return None
    subject = subjects[0]
    cue = CueMatch(root, doc[root.i : root.i + 1], Cue((root.lemma_,), "neutral", False), False)
    return _Attribution(cue, _mention_span(subject), subject, p_start, p_end, 0.6)


_NAMING_CUES = frozenset({"call", "dub", "label", "brand", "term"})


def _with_named_object(a: _Attribution, doc: Doc, text: str) -> None:
    """ "Called the plan “lousy”": what is named belongs to the statement, which is then
    mixed; "called it “lousy”" stays the quotation alone."""
    if a.cue is None or a.cue.cue.lemmas[0] not in _NAMING_CUES:
        return
    cue_end = a.cue.span.end_char
    if not cue_end < a.start or not mark_at(text, a.start):
        return
    between = doc.char_span(cue_end, a.start, alignment_mode="contract")
    if between is None or not len(between) or between[0].sent != a.cue.head.sent:
        return
    words = [t for t in between if not t.is_space]
    if not words or any(t.is_punct and t.text not in ("'s", "’s") for t in words):
        return
    if len(words) == 1 and words[0].pos_ == "PRON":
        return
    a.start = words[0].idx


def _stands_alone(doc: Doc, text: str, p_start: int, p_end: int) -> bool:
    """A passage of a few words at least that starts a sentence: a quotation in its own
    right, not a name or a scare quote inside someone else's sentence."""
    if len(text[p_start:p_end].split()) < _MIN_DIRECT_WORDS:
        return False
    span = doc.char_span(p_start, p_end, alignment_mode="expand")
    if span is None:
        return False
    first = span[0]
    before = text[first.sent.start_char : p_start].strip()
    return first.is_sent_start or before == "" or before.endswith((":", "—", "–"))


_QUOTED_SHORT = re.compile(r"[“\"«][^”\"»\n]{1,60}[”\"»]")


def _continuation(
    doc: Doc, text: str, p_start: int, found: list[_Attribution], previous: _Attribution | None
) -> _Attribution | None:
    """A passage that carries on the quote just before it: same speaker. When a sentence in
    between has a named subject of its own ("Brett McGurk also criticised the decision.
    “...”"), the passage is that subject's."""
    earlier = [a for a in found if a.end <= p_start and a.speaker is not None]
    if not earlier:
        return None
    last = max(earlier, key=lambda a: a.end)
    between = text[last.end : p_start]
    if between.count("\n") > 3 or len(between) > 400:
        return None
    introduced = _introducing_subject(doc, last.end, p_start)
    if introduced is not None and introduced.text != last.speaker_head.text:
        verb = introduced.head
        cue = CueMatch(verb, doc[verb.i : verb.i + 1], Cue((verb.lemma_,), "neutral", False), False)
        return _Attribution(cue, _mention_span(introduced), introduced, p_start, p_start, 0.55)
    # a quoted title in between ("on “Fox and Friends.”") does not break the quotation's run
    between = _QUOTED_SHORT.sub(lambda m: "" if _is_title(m.group()) else m.group(), between)
    if any(ch in between for ch in '“"«') and last is not previous:
        return None
    return _Attribution(last.cue, last.speaker, last.speaker_head, p_start, p_start, 0.6)


def _introducing_subject(doc: Doc, start: int, end: int) -> Token | None:
    """The named subject of the last whole sentence between two offsets, if it has one."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return None
    sentences = [s for s in doc[span.start : span.end].sents if s.start >= span.start]
    for sent in reversed(sentences):
        if sent.end > span.end or has_mark(sent.text):
            continue
        root = sent.root
        subjects = [
            c for c in root.children if c.dep_ == "nsubj" and c.ent_type_ in ("PERSON", "ORG")
        ]
        return subjects[0] if subjects and root.pos_ == "VERB" else None
    return None


# --- records -------------------------------------------------------------------------------


def _to_record(a: _Attribution, passages, resolver: ReferenceResolver, text: str) -> Quote:
    inner = [(s, e) for s, e, _ in passages if a.start <= s and e <= a.end]
    if a.verbatim or (inner and any(s == a.start and e == a.end for s, e in inner)):
        kind = "direct"
    elif inner:
        kind = "mixed"
    else:
        kind = "indirect"
    if a.name is not None:
        referent = Referent(a.name, "PERSON", 0.6)
    elif a.speaker_head is not None:
        referent = resolver.resolve(a.speaker_head, a.speaker)
    else:
        referent = None
    cue = a.cue
    stance = None
    if cue is not None:
        stance = cue.cue.stance
        if cue.negated:
            stance = "hedge" if stance == "deny" else "deny"
    speaker_span = (
        TextSpan(a.speaker.text, a.speaker.start_char, a.speaker.end_char)
        if a.speaker is not None
        else None
    )
    confidence = a.confidence * (referent.confidence if referent and referent.name else 0.5)
    title, affiliation, gender = resolver.profile(referent) if referent else (None, None, None)
    return Quote(
        kind=kind,
        content=TextSpan(text[a.start : a.end], a.start, a.end),
        cue=TextSpan(cue.span.text, cue.span.start_char, cue.span.end_char) if cue else None,
        cue_lemma=" ".join(cue.cue.lemmas) if cue else None,
        speaker_mention=speaker_span,
        speaker=referent.name if referent else None,
        speaker_type=referent.type if referent else None,
        stance=stance,
        confidence=round(confidence, 3),
        speaker_title=title,
        speaker_affiliation=affiliation,
        speaker_gender=gender,
    )


__all__ = ["CueMatch", "find_cues", "quotes"]
