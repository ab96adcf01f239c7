"""Interview transcripts: who speaks each turn, who asks and who answers.

An article is a transcript when at least three of its paragraphs open with a speaker's label,
with two labels or more: ``((Name))`` (Wikinews' convention), ``NAME:`` in capitals, initials
(``NG:``), a name the article gives a person (``Natasha Gownaris:``) or ``Q:``/``A:``. A turn
runs from its label to the next label. A label is the interviewer's when it is ``Q`` or
``Interviewer``, names the outlet (``WN``, ``Wikinews``), or when most of its turns end with a
question; the other labels are answered by the person they name: the full name of a person the
article mentions whose full name, surname, given name or initials the label is ("PENCE" is Mike
Pence, "NG" Natasha Gownaris), else the label as written. ``A:`` is the person the title
says is interviewed ("X tells Wikinews", "Wikinews interviews X").

An interview without labels, its questions as paragraphs of their own ending with "?", gives its
answers (the paragraphs after the first question that are not questions) to the person the title
or the opening paragraphs say is interviewed.

:func:`turns` is pure: it reads the ``Doc`` and its linked mentions and returns records.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from spacy.tokens import Doc

from claimscope.nlp.docs import MENTION_KEY, doc_text
from claimscope.nlp.names import fold

QUESTION = "question"
ANSWER = "answer"

#: Labels of the one who asks.
INTERVIEWER_LABELS = frozenset({"q", "interviewer", "wn", "wikinews", "question"})
#: Labels of the one who answers when no name is given.
INTERVIEWEE_LABELS = frozenset({"a", "answer"})
#: Words that open a paragraph with a colon but name nobody (captions, notes, credits).
NOT_SPEAKERS = frozenset(
    {"image", "photo", "video", "source", "sources", "note", "update", "editor", "editor's note",
     "credit", "credits", "caption", "file", "watch", "read more", "related", "see also",
     "listen", "audio", "transcript", "disclaimer", "correction"}
)  # fmt: skip

#: Words that end a caption's label, written on to a name in scraped pages ("NameImage:").
_CAPTION_WORDS = ("image", "photo", "video", "file", "credit", "caption")

_PAREN_LABEL = re.compile(r"^[ \t]*\(\((?P<label>[^()\n]{1,40})\)\)[ \t]*", re.M)
_COLON_LABEL = re.compile(
    r"^[ \t]*(?P<label>(?:[A-Z][\w.'’-]*)(?:[ \t][A-Z][\w.'’-]*){0,3}):[ \t]+(?=\S)", re.M
)
_PARAGRAPH = re.compile(r"[^\n]+")
#: What a title says when the article is an interview, and who is interviewed.
_INTERVIEW_TITLE = re.compile(
    r"\b(?:tells?|talks?|speaks?|spoke|discuss(?:es)?|interviews?|interviewed|chats?|"
    r"sat down)\b.*\b(?:wikinews|us)\b|\bwikinews\b.*\b(?:interviews?|talks? to|speaks? (?:to|with)"
    r"|discuss(?:es)?|spoke (?:to|with))\b|\binterview with\b",
    re.IGNORECASE,
)
_MAX_QUESTION_WORDS = 80


@dataclass(frozen=True, slots=True)
class Turn:
    """One turn of a transcript: its words (after the label), who speaks it and whether it asks
    or answers."""

    start: int
    end: int
    role: str  # question | answer
    speaker: str | None  # canonical name of who answers; None for the interviewer
    label: tuple[int, int] | None  # the label's name, as character offsets, when written
    paragraphs: tuple[tuple[int, int], ...]  # the turn's paragraphs, label excluded


def turns(
    doc: Doc, *, title: str | None = None, first_names: Mapping[str, str] | None = None
) -> list[Turn]:
    """The turns of a transcript in ``doc``, in text order; empty when it is not one.

    Args:
        doc: A ``Doc`` processed by claimscope's pipeline (for its linked mentions).
        title: The article's title, which may say who is interviewed.
        first_names: Given names (``Lexicon.first_names``): a name in the title that the
            recogniser missed in the text is taken when it starts with one.

    Notes:
        See the module docstring for what makes a transcript and how labels are resolved.
    """
    text = doc_text(doc)
    people = _people(doc)
    interviewee = _interviewee(text, people, title, first_names or {})
    labelled = _labelled_turns(doc, text, people, interviewee)
    if labelled:
        return labelled
    return _unlabelled_turns(text, interviewee)


def _people(doc: Doc) -> list[str]:
    """Canonical names of the people the article mentions, most mentioned first."""
    counts: dict[str, int] = {}
    for span in doc.spans.get(MENTION_KEY, []):
        if span.label_ == "PERSON" and span.kb_id_.startswith("PERSON:"):
            name = span.kb_id_.split(":", 1)[1]
            counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda n: (-counts[n], n))


def _labels(text: str) -> list[tuple[int, int, int, str, int]]:
    """``(paragraph start, label start, label end, label, words start)`` of every paragraph that
    opens with a speaker's label, in text order."""
    found: dict[int, tuple[int, int, int, str, int]] = {}
    for pattern in (_PAREN_LABEL, _COLON_LABEL):
        for match in pattern.finditer(text):
            label = match.group("label").strip()
            last = label.lower().split()[-1] if label.split() else ""
            if label.lower() in NOT_SPEAKERS or any(last.endswith(w) for w in _CAPTION_WORDS):
                continue  # "Image: ...", "Jo JorgensenImage: ..." credit a picture
            para = text.rfind("\n", 0, match.start("label")) + 1
            if para not in found:
                found[para] = (para, match.start("label"), match.end("label"), label, match.end())
    return [found[k] for k in sorted(found)]


def _labelled_turns(doc: Doc, text: str, people: list[str], interviewee: str | None) -> list[Turn]:
    labels = _labels(text)
    if len(labels) < 3:
        return []
    names: dict[str, str | None] = {}
    for *_, label, _ in labels:
        if label not in names:
            names[label] = _resolve_label(label, people, text)
    # a colon label counts only if it names someone or is a transcript's convention
    labels = [x for x in labels if names[x[3]] is not None or _conventional(x[3])]
    if len(labels) < 3 or len({x[3] for x in labels}) < 2:
        return []
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    starts = [x[0] for x in labels]
    by_label: dict[str, list[tuple[int, int, tuple[tuple[int, int], ...]]]] = {}
    spans = []
    for index, (para_start, l_start, l_end, label, words_start) in enumerate(labels):
        end = starts[index + 1] if index + 1 < len(labels) else len(text)
        parts = [(max(s, words_start), e) for s, e in paragraphs if para_start <= s < end]
        parts = [(s, _rstrip(text, s, e)) for s, e in parts]
        parts = [(s, e) for s, e in parts if e > s]
        if not parts:
            continue
        by_label.setdefault(label, []).append((parts[0][0], parts[-1][1], tuple(parts)))
        spans.append((label, (l_start, l_end), parts))
    roles = {label: _role(label, found, text) for label, found in by_label.items()}
    result = []
    for label, name_at, parts in spans:
        role = roles[label]
        speaker = None
        if role == ANSWER:
            speaker = names.get(label)
            if speaker is None and label.lower() in INTERVIEWEE_LABELS:
                speaker = interviewee
            if speaker is None and not _conventional(label):
                speaker = label
        result.append(Turn(parts[0][0], parts[-1][1], role, speaker, name_at, tuple(parts)))
    return result


def _conventional(label: str) -> bool:
    """Labels a transcript uses for its speakers without naming them: Q, A, initials, the
    interviewer."""
    lower = label.lower()
    return (
        lower in INTERVIEWER_LABELS
        or lower in INTERVIEWEE_LABELS
        or (label.isupper() and label.isalpha() and len(label) <= 4)
    )


def _role(label: str, found: list, text: str) -> str:
    lower = label.lower()
    if lower in INTERVIEWER_LABELS:
        return QUESTION
    if lower in INTERVIEWEE_LABELS:
        return ANSWER
    asking = sum(1 for start, end, _ in found if text[start:end].rstrip().endswith("?"))
    return QUESTION if asking * 5 >= len(found) * 3 else ANSWER


def _resolve_label(label: str, people: list[str], text: str) -> str | None:
    """The person a label names: their full name, surname, given name or initials."""
    key = fold(label).lower().replace(".", "")
    for name in people:
        words = fold(name).lower().replace(".", "").split()
        if not words:
            continue
        initials = "".join(w[0] for w in words)
        if key in (" ".join(words), words[-1], words[0]) or (
            len(words) > 1 and key.replace(" ", "") == initials
        ):
            return name
    return None


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _interviewee(
    text: str, people: list[str], title: str | None, first_names: Mapping[str, str]
) -> str | None:
    """The person the title or an opening paragraph says is interviewed.

    Notes:
        The line must say it is an interview ("tells Wikinews", "Wikinews interviews",
        "interview with", "discusses ... with Wikinews"). The names written in it (two to four
        capitalised words) are matched, in order, to the people the article names: the full
        name, or the full name with the same surname, or a name the recogniser missed that
        the text writes in full and again by surname and none of whose words it writes in
        lower case (a name, not "Finest News"). A name the article does not give is
        no one's: the interviewee is then unknown.
    """
    candidates = [title] if title else []
    candidates += [m.group() for m in _PARAGRAPH.finditer(text[:3000])][:6]
    by_surname: dict[str, list[str]] = {}
    for name in people:
        words = fold(name).lower().split()
        by_surname.setdefault(words[-1], []).append(name) if words else None
    folded_text = fold(text).lower()
    for relaxed in (False, True):  # a name the text gives, before one it may have missed
        for line in candidates:
            name = _interviewee_in(line, people, by_surname, text, folded_text, first_names,
                                   relaxed=relaxed)  # fmt: skip
            if name is not None:
                return name
    return None


def _interviewee_in(
    line: str,
    people: list[str],
    by_surname: Mapping[str, list[str]],
    text: str,
    folded_text: str,
    first_names: Mapping[str, str],
    *,
    relaxed: bool,
) -> str | None:
    """The interviewee a line names (see :func:`_interviewee`); ``relaxed`` takes a name the
    recogniser missed."""
    if not _INTERVIEW_TITLE.search(line):
        return None
    for match in _NAME.finditer(line):
        written = [w for w in match.group().split() if w.lower() not in _NOT_NAME_WORDS]
        for n in range(len(written), 1, -1):  # the longest run of name words first
            name = " ".join(written[:n])
            words = fold(name).lower().split()
            full = [p for p in people if fold(p).lower() == " ".join(words)]
            if full:
                return full[0]
            same = by_surname.get(words[-1], [])
            longer = [p for p in same if len(p.split()) >= 2]
            if len(longer) == 1:
                return longer[0]
            if not relaxed:
                continue
            # the article names them by surname only, or the recogniser missed the name of
            # someone with a known given name or whom the text names in full and again by
            # surname: the title's full name
            again = folded_text.count(words[-1]) >= 2
            if same or (again and (written[0] in first_names or _unknown_name(name, text))):
                return name
    return None


def _unknown_name(name: str, text: str) -> bool:
    """Whether ``text`` writes ``name`` in full and never one of its words in lower case."""
    if name not in text:
        return False
    return not any(re.search(rf"\b{re.escape(w.lower())}\b", text) for w in name.split())


#: Words a title writes with a capital that are no part of a name.
_NOT_NAME_WORDS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
     "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december", "wikinews", "interview", "interviews", "exclusive", "the"}
)  # fmt: skip


#: Two to four capitalised words: a name as a title writes it.
_NAME = re.compile(r"\b[A-Z][\w'’.-]+(?:\s+(?:[A-Z]\.|[A-Z][\w'’-]+)){1,3}")


def _unlabelled_turns(text: str, interviewee: str | None) -> list[Turn]:
    if interviewee is None:
        return []
    paragraphs = [(m.start(), _rstrip(text, m.start(), m.end())) for m in _PARAGRAPH.finditer(text)]
    questions = [i for i, (s, e) in enumerate(paragraphs) if _is_question(text[s:e])]
    if len(questions) < 2:
        return []
    result = []
    for i, (s, e) in enumerate(paragraphs):
        if i < questions[0] or e <= s:
            continue
        if i in questions:
            result.append(Turn(s, e, QUESTION, None, None, ((s, e),)))
        else:
            result.append(Turn(s, e, ANSWER, interviewee, None, ((s, e),)))
    return result


def _is_question(paragraph: str) -> bool:
    words = paragraph.split()
    return (
        bool(words)
        and len(words) <= _MAX_QUESTION_WORDS
        and paragraph.rstrip().endswith("?")
        and paragraph.lstrip()[:1] not in '“"«'
    )


def turn_at(found: list[Turn], offset: int) -> Turn | None:
    """The turn whose words hold the character ``offset``, if any."""
    for turn in found:
        if turn.start <= offset < turn.end:
            return turn
        if turn.start > offset:
            break
    return None


__all__ = ["ANSWER", "QUESTION", "Turn", "turn_at", "turns"]
