"""Who a cue's subject is: the subject through participles, conjuncts and passives of quoting,
a name the parser lost, the guards on subjects some cues need, and the speaker as written."""

from __future__ import annotations

import bisect

from spacy.tokens import Span, Token

from claimscope.extract.quotes.cues import CueMatch
from claimscope.extract.quotes.spans import as_passages, quoted
from claimscope.nlp.docs import MENTION_KEY
from claimscope.rules.lexicon import Lexicon


def speaker_of(
    verb: Token, cue_heads: set[int] | frozenset[int] = frozenset(), *, lexicon: Lexicon
) -> Token | None:
    """The subject of a cue verb, climbing through participles and conjuncts ("noting").

    A participle inside another report ("X said ..., further saying ...") takes the subject of
    that report's cue when it has none of its own.
    """
    if verb.tag_ == "VBG" and not any(c.dep_ in ("nsubj", "csubj") for c in verb.children):
        for ancestor in verb.ancestors:
            if ancestor.i in cue_heads:
                return speaker_of(ancestor, lexicon=lexicon)
    token, via = verb, None
    for _ in range(4):
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "csubj") and not quoted(c)]
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
        if via in ("xcomp", "pcomp") and token.lemma_ in lexicon.hearsay_verbs:
            # "Smith was quoted as saying", "is reported to have said": the one quoted
            passives = [c for c in token.children if c.dep_ == "nsubjpass" and not quoted(c)]
            if passives:
                return passives[0]
        if token.dep_ == "xcomp" and token.head.i != token.i:
            # "the win prompted the chairman to declare", "urged voters to say": the object speaks
            objects = [c for c in token.head.children if c.dep_ == "dobj" and c.i < token.i]
            if objects and not quoted(objects[0]) and _can_be_told(objects[0], lexicon):
                return objects[0]
        if token.dep_ in ("advcl", "conj", "xcomp") and token.head.i != token.i:
            via = token.dep_
            token = token.head
            continue
        if token.dep_ == "pcomp" and token.head.lower_ == "as" and token.head.dep_ == "prep":
            via = "pcomp"
            token = token.head.head
            continue
        if token.tag_ == "VBG" and token.dep_ == "pcomp" and token.head.dep_ == "prep":
            # "after saying ...", "in saying ...": the one the prepositional phrase is about,
            # the subject of the clause it modifies or the noun it follows ("X, after saying")
            owner = token.head.head
            if owner.pos_ in ("NOUN", "PROPN") and owner.dep_ in ("nsubj", "nsubjpass"):
                return owner
            objects = [c for c in owner.children if c.dep_ == "dobj" and c.i < token.i]
            if token.head.lower_ == "for" and objects:
                return objects[0]  # "scolded Roy for suggesting ...": Roy suggested it
            if owner.pos_ in ("VERB", "AUX") and owner.i != token.i:
                via = "pcomp"
                token = owner
                continue
            return None
        if token.tag_ == "VBG" and token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN"):
            noun = token.head
            if token.i > noun.i and token.doc[token.i - 1].text == ",":
                # "X took a softer line, suggesting ...": the participle is the clause's, the
                # parser hung it on the nearest noun
                clause = noun.head.head if noun.dep_ == "pobj" else noun.head
                if noun.dep_ in ("dobj", "attr", "pobj") and clause.pos_ in ("VERB", "AUX"):
                    via = "acl"
                    token = clause
                    continue
                return None
            # "a fundraising email stressing ...": the noun the participle describes, but
            # "the mayor issued a statement saying ..." is the mayor's statement
            return _author_of(noun, lexicon) or noun
        if (
            token.dep_ == "acl"
            and token.tag_ == "VBN"
            and token.head.dep_ == "ROOT"
            and token.head.pos_ in ("NOUN", "PROPN")
            and any(c.dep_ == "ccomp" for c in token.children)
        ):
            # "A Harlow poll found last week that ...": a sentence with no verb but the cue
            # read as a participle of its subject
            return token.head
        if token.dep_ == "acl" and token.tag_ in ("VBD", "VBZ") and token.sent.root != token:
            # a finite verb read as a reduced relative ("X speaking to the think tank called
            # the agreement void"): the parser lost its subject, the sentence's
            token = token.sent.root
            continue
        return _lost_in_opening_phrase(token, lexicon) or _lost_in_aside(token, lexicon)
    return None


def _author_of(document: Token, lexicon: Lexicon) -> Token | None:
    """Who puts out a document that speaks ("X released a statement saying"): the subject of
    the verb of issuing (``issuing`` in ``words.tsv``) whose object it is, if that subject can
    speak."""
    verb = document.head
    if document.dep_ != "dobj" or document.lemma_.lower() not in lexicon.document_nouns:
        return None
    if verb.lemma_.lower() not in lexicon.issuing_verbs:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject if agentive(subject, lexicon) else None


def _finite_alone(verb: Token) -> bool:
    """Whether a verb is finite (past or present) with no auxiliary, passive subject or
    expletive before it: one whose subject the parser may have put elsewhere."""
    return verb.tag_ in ("VBD", "VBZ", "VBP") and not any(
        c.dep_ in ("nsubjpass", "expl", "aux", "auxpass") for c in verb.lefts
    )


def _lost_in_opening_phrase(verb: Token, lexicon: Lexicon) -> Token | None:
    """The subject the parser hung on an opening phrase: "At the hearing, Mara Lind, the
    board's chair, said ..." read with the name in apposition to "hearing" and no subject
    for "said". The subject is a person, organisation or noun for people in apposition
    inside a phrase that opens the clause, ending right before the finite verb."""
    if not _finite_alone(verb):
        return None
    doc = verb.doc
    for opening in (c for c in verb.lefts if c.dep_ in ("prep", "advcl", "npadvmod")):
        # the first apposition set off by a comma: "With hosts Ann Roe and Li Wu, the
        # candidate stated" is the candidate speaking, not the hosts
        for token in opening.subtree:
            if token.dep_ != "appos" or token.left_edge.i <= opening.i:
                continue
            if doc[token.left_edge.i - 1].text != ",":
                continue
            if any(not t.is_punct for t in doc[token.right_edge.i + 1 : verb.i]):
                continue
            if token.ent_type_ in ("PERSON", "ORG") or (
                token.pos_ == "NOUN" and agentive(token, lexicon)
            ):
                return token
    return None


def _lost_in_aside(verb: Token, lexicon: Lexicon) -> Token | None:
    """The subject the parser made the subject of an aside before the verb: "Mr. Roe - in a
    line aimed at his rival - declared ..." or "Jon Hale, a rabbi helping to organise the
    boycott, said ..." read as a clause of its own ("Roe ... aimed", "Hale ... rabbi") with no
    subject for the verb. The subject opens that clause, which has no conjunction ("when",
    "because"), and a comma or dash follows it."""
    if not _finite_alone(verb) or any(c.dep_ == "nsubj" for c in verb.lefts):
        return None
    doc = verb.doc
    for clause in (c for c in verb.lefts if c.dep_ in ("advcl", "ccomp")):
        if any(c.dep_ == "mark" or c.tag_ == "WRB" for c in clause.children):
            continue
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.left_edge.i != clause.left_edge.i:
            continue
        after = subject.i + 1  # the name ends at its head, what the parser hung on it follows
        if after >= verb.i or doc[after].text not in (",", "-", "--", "—", "–"):
            continue
        if subject.ent_type_ in ("PERSON", "ORG") or (
            subject.pos_ == "NOUN" and agentive(subject, lexicon)
        ):
            return subject
    return None


def name_before_cue(verb: Token, passages) -> Span | None:
    """The named speaker between a closing quotation mark and a cue that has no subject, with
    what describes it: "“...,” Okafor, a long-time adviser, said", when the parser hung the
    name on the quotation and took a later word for the subject."""
    doc = verb.doc
    ends = as_passages(passages).ends  # in text order: passages never overlap
    last = bisect.bisect_right(ends, verb.idx)
    if not last:
        return None
    between = doc.char_span(ends[last - 1], verb.idx, alignment_mode="contract")
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
    understand the old harbour, Mayor Lindqvist said, ..." is Lindqvist speaking."""
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


def relative_subject(verb: Token, speaker: Token | None) -> Span | None:
    """The relative pronoun a cue's speaker is named by ("Lind, who said ..."): the words of
    the sentence that are the cue's subject, while ``speaker`` (the noun they stand for, as
    :func:`speaker_of` gives it) is the one resolved. None when the cue is in no relative
    clause of ``speaker`` whose subject is a relative pronoun."""
    if speaker is None:
        return None
    clause = next(
        (t for t in (verb, *verb.ancestors) if t.dep_ == "relcl" and t.head == speaker), None
    )
    if clause is None:
        return None
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "csubj") and not quoted(c)]
    pronoun = _named_first(subjects) if subjects else None
    if pronoun is None or pronoun.tag_ not in ("WP", "WDT"):
        return None
    return pronoun.doc[pronoun.i : pronoun.i + 1]


def _named_first(subjects: list[Token]) -> Token:
    """Of the subjects the parser gave one verb ("Niger's president Mahamadou Issoufou said"
    parsed as two), the one that names someone, else the first."""
    named = [t for t in subjects if t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")]
    return named[-1] if named and len(subjects) > 1 else subjects[0]


def _criticised(verb: Token) -> bool:
    """Whether a verb of force criticises: its object is someone ("slammed Trump") or it says
    what for or as what ("blasted the senator as a career insider", "slammed the plan for ...")."""
    for child in verb.children:
        if child.dep_ == "dobj" and child.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            return True
        if child.dep_ == "prep" and child.lower_ in ("as", "for", "over"):
            return True
        if child.dep_ == "prt" or (child.dep_ == "prep" and child.lower_ in ("out", "at")):
            return True  # "lashed out at", "hit out at"
    return False


def agentive(head: Token | None, lexicon: Lexicon) -> bool:
    """Whether a subject can want or plan: a named person, organisation or country, a
    personal pronoun, or a noun for people or organisations."""
    if head is None:
        return False
    if head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    if head.pos_ == "PRON":
        return head.lower_ in ("i", "we", "you", "he", "she", "they", "who")
    lemma = head.lemma_.lower()
    return (
        lemma in lexicon.role_phrases
        or lemma in lexicon.organisation_nouns
        or lemma in lexicon.person_nouns
    )


def _can_be_told(head: Token, lexicon: Lexicon) -> bool:
    """Whether an object can be the one made to speak ("prompted the chairman to declare", "urged
    them to say"): someone :func:`agentive`, or a personal pronoun as an object."""
    return agentive(head, lexicon) or head.lower_ in ("me", "us", "him", "her", "them")


def inverted_document(match: CueMatch, *, lexicon: Lexicon) -> Token | None:
    """ "“...,” reads the report": the parser takes the document for an object (a cue whose
    guards in ``cues.tsv`` include ``document-subject``)."""
    if "document-subject" not in match.cue.guards:
        return None
    objects = [c for c in match.head.children if c.dep_ in ("dobj", "nsubj") and c.i > match.head.i]
    return next((o for o in objects if o.lemma_.lower() in lexicon.document_nouns), None)


def fits_subject(match: CueMatch, head: Token | None, lexicon: Lexicon) -> bool:
    """Cues that only report for some subjects: a document "reads" ("the report reads:
    “...”"), a person or a document "shows" (footage or a photograph that shows something
    is not a source); an infinitive cue needs a speaker ("to ask" alone reports nobody); a
    verb of force criticises only for a subject who can speak ("the explosion blasted the
    windows" is no statement, nor is "mining companies blasted sacred sites").

    Notes:
        Which cues these are is the ``guards`` column of ``cues.tsv``: ``document-subject``
        ("read"), ``evidence-subject`` ("show") and ``criticism`` (the verbs of force).
    """
    guards = match.cue.guards
    documents = lexicon.document_nouns
    if "criticism" in guards and not _criticised(match.head):
        return False
    if head is None:
        infinitive = any(c.dep_ == "aux" and c.tag_ == "TO" for c in match.head.children)
        return not infinitive and "document-subject" not in guards
    common = head.pos_ == "NOUN" and not head.ent_type_
    noun = head.lemma_.lower()
    if "criticism" in guards and not (agentive(head, lexicon) or noun in documents):
        return False
    if "document-subject" in guards:
        return common and noun in documents
    if "evidence-subject" in guards and common:
        return noun in documents or noun in lexicon.evidence_nouns
    return True


def mention_span(head: Token) -> Span:
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
