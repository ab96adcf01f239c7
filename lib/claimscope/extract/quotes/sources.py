"""Statements found without a cue verb and its complement: "according to" and "per", labelled
lines of transcripts and headlines, nouns that report ("his claim that ..."), sentences that open
on a document ("In the poll, ..."), and "reportedly"."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import numpy as np
from spacy.attrs import LEMMA
from spacy.tokens import Doc, Token

from claimscope.extract.quotes.cues import CueMatch
from claimscope.extract.quotes.records import Attribution
from claimscope.extract.quotes.spans import (
    MIN_DIRECT_WORDS,
    TRAILING,
    expand,
    quoted,
    token_range,
    trim,
)
from claimscope.extract.quotes.subjects import mention_span
from claimscope.extract.transcripts import ANSWER, Turn
from claimscope.nlp.docs import MENTION_KEY
from claimscope.nlp.marks import MARKS, mark_at
from claimscope.rules.lexicon import Cue, Lexicon


def according_to(doc: Doc, text: str, passages, *, lexicon: Lexicon) -> Iterator[Attribution]:
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
        source = _reporting_agent(sources[0], lexicon) or sources[0]
        speaker = mention_span(source)
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
        # the Gazette on May 9 in which ..."), whichever comes first
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
        start, end = expand(start, end, passages, text)
        lemmas = tuple(t.lower_ for t in doc[token.i : cue_end])
        match = CueMatch(token, doc[token.i : cue_end], Cue(lemmas, "neutral", True), False)
        yield Attribution(match, speaker, source, start, end, 0.85)


_COMPLEMENTS = frozenset({"ccomp", "dobj", "xcomp", "attr", "acomp", "oprd"})


def _according_content(
    token: Token, before: tuple[int, int], after: tuple[int, int], text: str
) -> tuple[int, int]:
    """The side of an "according to" phrase that holds the sentence's main clause: the side of
    its verb, or of the verb's complement when the phrase sits between them ("X decided,
    according to the court\'s summary, that ..."); failing that, the longer side."""
    sides = [r for r in (before, after) if text[r[0] : r[1]].strip(TRAILING)]
    root = token.sent.root

    def side(t: Token) -> tuple[int, int] | None:
        return next((r for r in sides if r[0] <= t.idx < r[1]), None)

    chosen = side(root)
    if chosen is not None:
        other = [side(c) for c in root.children if c.dep_ in _COMPLEMENTS]
        if other and all(r is not None and r != chosen for r in other):
            chosen = other[0]
        return chosen
    return max(before, after, key=lambda r: len(text[r[0] : r[1]].strip(TRAILING)))


_LABEL = re.compile(r"""^["“]?([^\W\d][^:\n]{0,40}?):[ \t]+(?=\S)""", re.MULTILINE)


def labelled_lines(doc: Doc, text: str, passages) -> Iterator[Attribution]:
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
            continue  # "Trump: “...”" is a quotation signed by its speaker (punctuated)
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        while end > start and text[end - 1].isspace():
            end -= 1
        if text[match.start()] in MARKS and text[end - 1] in MARKS:
            end -= 1  # a paragraph-long quotation's mark is not the speaker's words
        start, end = trim(start, end, passages, text)
        words = doc.char_span(start, end, alignment_mode="contract")
        if words is None or len(text[start:end].split()) < MIN_DIRECT_WORDS:
            continue
        if not any(t.pos_ in ("VERB", "AUX") for t in words):
            continue  # "Image: Jo Jorgensen for President" credits, it says nothing
        colon = doc.char_span(match.end(1), match.end(1) + 1, alignment_mode="expand")
        if colon is None:
            continue
        cue = CueMatch(colon[0], colon, Cue((":",), "neutral", False), False)
        if not capitals:
            yield Attribution(cue, label, label.root, start, end, 0.7, rule="name-colon")
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
        if named and named[0].kb_id_.startswith("PERSON:"):
            # the person the label names, not a phrase around their name ("X and Y spoke")
            name = named[0].kb_id_.split(":", 1)[1]
        yield Attribution(
            cue, label, head, start, end, 0.7, name=name, verbatim=True, rule="transcript-label"
        )


def transcript_turns(doc: Doc, text: str, passages, found: Sequence[Turn]) -> Iterator[Attribution]:
    """Each paragraph of an answer in an interview transcript is a statement of the one who
    answers, in their own words; the interviewer's questions are not statements and are left
    out (see :mod:`claimscope.extract.transcripts`)."""
    for turn in found:
        if turn.role != ANSWER or not turn.speaker or turn.label is None:
            continue  # an answer without a label is not told apart from the article's text
        label = doc.char_span(*turn.label, alignment_mode="contract") if turn.label else None
        cue = None
        if label is not None and len(label):
            cue = CueMatch(label[0], label, Cue(("turn",), "neutral", False), False)
        for start, end in turn.paragraphs:
            start, end = trim(start, end, passages, text)
            if len(text[start:end].split()) < MIN_DIRECT_WORDS:
                continue
            yield Attribution(
                cue, label, label.root if label is not None else None, start, end, 0.8,
                name=turn.speaker, verbatim=True,
            )  # fmt: skip


def nominal_reports(doc: Doc, text: str, passages, *, lexicon: Lexicon) -> Iterator[Attribution]:
    """A report named by a noun with its owner: "his claim that voters would see no change",
    "Trump's promises to cut taxes". Without an owner nobody is named as the source, and the
    noun is left alone. The nouns, with the stance each reports, are the ``report`` words of
    ``words.tsv``."""
    # the lemmas are compared as hashes over the whole document at once: this is a pass over
    # every token of every article
    found = np.isin(doc.to_array(LEMMA), lexicon.report_noun_ids)
    for i in np.flatnonzero(found).tolist():
        noun = doc[i]
        if noun.pos_ != "NOUN":
            continue
        lemma = noun.lemma_.lower()
        owners = [c for c in noun.children if c.dep_ == "poss"]
        if not owners or quoted(noun):
            continue
        content = None
        for child in noun.children:
            if child.i < noun.i or child.dep_ not in ("acl", "ccomp", "relcl"):
                continue
            marks = [c for c in child.children if c.i < child.i and c.lower_ in ("that", "to")]
            if marks and marks[0].dep_ in ("mark", "aux"):
                tokens = [t for t in child.subtree if t.i > marks[0].i or marks[0].lower_ == "to"]
                content = token_range(tokens)
                break
        if content is None:
            continue
        start, end = expand(*content, passages, text)
        cue = CueMatch(
            noun, doc[noun.i : noun.i + 1], Cue((lemma,), lexicon.report_nouns[lemma], False), False
        )
        owner = owners[0]
        speaker = mention_span(owner)
        if len(speaker) > 1 and speaker[-1].dep_ == "case":
            speaker = speaker[:-1]  # "Trump's": the owner without the possessive ending
        yield Attribution(cue, speaker, owner, start, end, 0.6)


def in_documents(
    doc: Doc, text: str, passages, *, lexicon: Lexicon, cue_heads: set[int]
) -> Iterator[Attribution]:
    """ "In the previous poll, Clinton led by 5 points": a sentence that opens on a document
    (a ``finding document`` of ``words.tsv``) reports what the document says, unless a cue of
    its own names who said it ("In a statement, the ministry said ...")."""
    for first in doc:
        # only sentences that open on "in", and without building every sentence's span
        if first.lower_ != "in" or not first.is_sent_start or first.dep_ != "prep":
            continue
        sent = first.sent
        if first.head != sent.root:
            continue
        documents = [c for c in first.children if c.dep_ == "pobj"]
        if not documents or documents[0].lemma_.lower() not in lexicon.finding_documents:
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
        start, end = trim(comma.idx + 1, sent.end_char, passages, text)
        if len(text[start:end].split()) < 3:
            continue
        start, end = expand(start, end, passages, text)
        document = documents[0]
        speaker = mention_span(document)
        cue = CueMatch(first, doc[first.i : first.i + 1], Cue(("in",), "neutral", False), False)
        yield Attribution(cue, speaker, document, start, end, 0.6)


def _reporting_agent(source: Token, lexicon: Lexicon) -> Token | None:
    """Who reported what an "according to" names, when that is not a source itself: "per
    figures reported by the Daily Ledger" is per the Daily Ledger. A document keeps
    its own name ("a statement released by the governor's office")."""
    if source.ent_type_ or source.lemma_.lower() in lexicon.document_nouns:
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


def reportedly(doc: Doc, text: str, passages) -> Iterator[Attribution]:
    """ "Reportedly, X" and "there are reportedly X": X is attributed to unnamed sources."""
    if "reportedly" not in text.lower():
        return
    for token in doc:
        if token.lower_ != "reportedly" or token.dep_ != "advmod" or quoted(token):
            continue
        sent = token.sent
        start = token.idx + len(token.text)
        while start < sent.end_char and text[start] in " ,":
            start += 1
        end = sent.end_char
        while end > start and text[end - 1] in TRAILING:
            end -= 1
        if len(text[start:end].split()) < 3:
            continue
        start, end = expand(start, end, passages, text)
        match = CueMatch(
            token, doc[token.i : token.i + 1], Cue(("reportedly",), "hedge", False), False
        )
        yield Attribution(match, doc[token.i : token.i + 1], token, start, end, 0.6)


def _opens_phrase(token: Token) -> bool:
    """A preposition at the start of its sentence or right after a comma."""
    return token.is_sent_start or (token.i > 0 and token.doc[token.i - 1].text == ",")
