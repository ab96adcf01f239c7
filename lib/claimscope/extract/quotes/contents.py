"""What a cue reports: the character ranges of its content, read from the parse."""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc, Token

from claimscope.extract.quotes.cues import CueMatch
from claimscope.extract.quotes.records import Attribution
from claimscope.extract.quotes.spans import quoted, token_range
from claimscope.nlp.marks import has_mark, mark_at
from claimscope.rules.lexicon import Lexicon

_CONTENT_DEPS = ("ccomp",)


class Content(NamedTuple):
    """A character range a cue reports, and the rule that read it from the parse."""

    start: int
    end: int
    rule: str  # verb-complement, verb-infinitive, verb-object, ...


def _content(found: tuple[int, int] | None, rule: str) -> list[Content]:
    return [Content(*found, rule)] if found else []


def contents_of(match: CueMatch) -> list[Content]:
    """Character ranges of the content a cue introduces, each with the rule that found it;
    empty when it has none.

    Notes:
        In order: a clausal complement ("said that X"; the one after the verb when there are
        several, joined with a second one right after it; not a clause of time or cause), an
        infinitive for cues that are not neutral ("claimed to be", "urged X to") and for
        orders ("told X to"), a "that"-clause the parser attached as an adverbial, a complement
        the parser hung elsewhere (:func:`_misparsed_complement`), the clause a parenthetical
        cue interrupts ("X, the statement said, Y": X and Y), what a naming cue says of its
        object ("called the charges unsubstantiated"), and a noun-phrase object for cues that
        take one. The rules are named ``verb-complement``, ``verb-infinitive``,
        ``verb-that-adverbial``, ``verb-misparsed-complement``, ``verb-as-clause``,
        ``verb-parenthetical``, ``verb-judgement`` and ``verb-object``.
    """
    verb = match.head
    how = "verb-complement"
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
        how = "verb-infinitive"
        clauses = [
            c
            for c in verb.children
            if c.dep_ == "xcomp"
            and (match.cue.stance != "neutral" or c.tag_ == "VBG" or _told_to(verb, c))
        ]
    if not clauses:
        how = "verb-that-adverbial"
        clauses = [
            c
            for c in verb.children
            if c.dep_ == "advcl" and any(m.lower_ in ("that", "whether") for m in c.children)
        ]
    if not clauses:
        clause = _misparsed_complement(verb) or _noun_complement(match)
        if clause is not None:
            return _content(token_range(clause), "verb-misparsed-complement")
    if verb.dep_ == "advcl" and _comments(verb):
        # "As Smith put it, the plan would fail": the clause the cue comments on
        parts = [Content(*r, "verb-as-clause") for r in _interrupted(verb)]
        return parts or _content(token_range(list(verb.head.subtree)), "verb-as-clause")
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
            # "said the label had to be short and, to avoid confusion, it must not name a brand":
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
        found = _content(token_range(tokens), how)
        before = [c for c in clauses if c.i < verb.i and c.dep_ == "ccomp"]
        if right and before and found and quoted(before[-1]) and quoted(right[0]):
            # "“A,” Lind said, “B.”": the quotation the cue interrupts is both parts
            first = [t for t in before[-1].subtree if t.i < verb.i]
            found = _content(token_range(first), how) + found
        return found
    if (
        verb.dep_ == "parataxis"
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
        and not any(c.dep_ in ("dobj", "attr", "oprd") for c in verb.children)
    ):  # a bare parenthetical ("the statement said"), not a clause with an object of its own
        return [Content(*r, "verb-parenthetical") for r in _interrupted(verb)]
    judged = _judgement(match)
    if judged is not None:
        return [Content(*judged, "verb-judgement")]
    if match.cue.np_object:
        end = match.span.end
        objects = [c for c in verb.children if c.dep_ in ("dobj", "attr") and c.i >= end]
        if not objects and match.span.end > verb.i + 1:
            last = match.span[-1]
            objects = [c for c in last.children if c.dep_ in ("pobj", "pcomp", "prep")]
            if last.dep_ == "dobj":  # "expressed concern over X": the object with its modifiers
                return _content(token_range(list(last.subtree)), "verb-object")
        if objects:
            obj = objects[0]
            if obj.dep_ == "prep":
                tokens = [t for t in obj.subtree if t.i != obj.i]
            else:
                tokens = list(obj.subtree)
                # "announced a law to mandate X": the infinitive belongs to the object, and so
                # does what it is described as ("described the raids as a cowardly act")
                tokens += [t for c in verb.children if c.i > obj.i and _completes_object(c)
                           for t in c.subtree]  # fmt: skip
            return _content(token_range(tokens), "verb-object")
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


# Closed-class grammar, kept as code rather than in words.tsv: the conjunctions that open an
# adverbial clause are a fixed set of English, and the rules around them depend on each one
# ("if" after "asked" introduces a question, which is content; "because" never does).
#: Subordinating conjunctions: a clause they open is an adverbial, not a complement.
_SUBORDINATORS = frozenset(
    {
        "because", "if", "when", "while", "although", "though", "as", "since", "before",
        "after", "unless", "until", "once", "so",
    }
)  # fmt: skip


#: Marks of a clause of time or cause, which is not what was said ("said before he died").
_ADVERBIAL_MARKS = _SUBORDINATORS - {"if"}


def _misparsed_complement(verb: Token) -> list[Token] | None:
    """A clausal complement the parser hung elsewhere: "said after the vote she would
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
    if "naming" not in match.cue.guards or len(match.cue.lemmas) > 1:
        return None
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    judgements = [
        c
        for c in verb.children
        if c.dep_ == "oprd" and objects and c.i > objects[0].i and c.pos_ in ("ADJ", "NOUN", "VERB")
    ]
    if not judgements:
        return None
    return token_range([*objects[0].subtree, *judgements[0].subtree])


def _completes_object(token: Token) -> bool:
    return token.dep_ == "xcomp" or (token.dep_ == "prep" and token.lower_ == "as")


def _comments(verb: Token) -> bool:
    """Whether an "as" clause comments on the clause it modifies ("as Smith noted", "as she
    put it") rather than saying when it happens: a clause with no content of its own ("as Cruz
    lamented illegal immigration", "as technology threatens to change ..." are the time of what
    follows) and not "as long as", "as soon as"."""
    marks = [c for c in verb.children if c.dep_ == "mark" and c.lower_ == "as"]
    if not marks:
        return False
    before = verb.doc[marks[0].i - 1] if marks[0].i else None
    if before is not None and before.lower_ in ("long", "soon", "far", "much", "well"):
        return False
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp"):
            return False
        if child.dep_ == "dobj" and child.pos_ != "PRON":
            return False
    return True


def _interrupted(verb: Token) -> list[tuple[int, int]]:
    """The parts of the clause a parenthetical cue interrupts: "X, the statement said, Y";
    a part without a verb is no statement of its own ("Nash, they said, wanted no
    flowers": the subject; "During his years in office, he said, ...": an adverbial)."""
    inner = {t.i for t in verb.subtree}
    left, right = verb.left_edge.i, verb.right_edge.i
    tokens = [t for t in verb.head.subtree if t.i not in inner]
    parts = [[t for t in tokens if t.i < left], [t for t in tokens if t.i > right]]
    ranges = []
    for part in parts:
        words = [t for t in part if not t.is_punct and not t.is_space]
        if len(words) >= 3 and any(t.pos_ in ("VERB", "AUX") for t in words):
            found = token_range(part)
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


def with_named_object(a: Attribution, doc: Doc, text: str, *, lexicon: Lexicon) -> None:
    """ "Called the plan “lousy”": what is named belongs to the statement, which is then
    mixed; "called it “lousy”" stays the quotation alone."""
    # a naming cue, or a phrase cue or a report noun on its word ("call for", "his call")
    if a.cue is None or "naming" not in lexicon.cue_guards(a.cue.cue.lemmas[0]):
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
