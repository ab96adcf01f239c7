"""The corpus-level tables, ``speakers`` and ``entities``, and one name for each speaker.

:class:`CorpusTables` counts the rows of each chunk of articles as the corpus streams. At the end
of a run, :meth:`CorpusTables.corrections` decides one canonical name and one type for every
speaker of the corpus (:class:`Corrections`): surnames that stand alone in some articles and are
written in full in others (:func:`corpus_renames`), one spelling for a name written in several
cases, one type for a name given several, and the analyst's corrections of ``people.tsv``
(:class:`~claimscope.rules.lexicon.PersonRule`); :func:`apply_corrections` applies them to the
per-article tables and :meth:`CorpusTables.frames` to the corpus tables.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from claimscope.nlp.names import Surnames
from claimscope.rules.lexicon import PersonRule
from claimscope.tables.rows import frame

if TYPE_CHECKING:
    from claimscope.tables.groups import Groups


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _ranked(counts: Counter, *, limit: int = 10) -> str | None:
    """Distinct values, most frequent first, joined by "; "."""
    return "; ".join(value for value, _ in counts.most_common(limit)) or None


@dataclass
class _SpeakerTally:
    kinds: Counter = field(default_factory=Counter)
    n_articles: int = 0
    titles: dict[str, None] = field(default_factory=dict)
    affiliations: Counter = field(default_factory=Counter)
    genders: set[str] = field(default_factory=set)
    mentions: Counter = field(default_factory=Counter)
    first_date: str | None = None
    last_date: str | None = None


@dataclass
class _EntityTally:
    entity: str
    n_mentions: int = 0
    n_articles: int = 0
    forms: Counter = field(default_factory=Counter)


@dataclass(frozen=True, slots=True)
class SpeakerFix:
    """What a speaker's name becomes in every table: a name (None: no canonical speaker), and
    the type, titles and affiliation it takes when they are given."""

    name: str | None
    type: str | None = None
    title: str | None = None
    affiliation: str | None = None


@dataclass(frozen=True)
class Corrections:
    """The corpus-wide decisions about names: ``people`` maps a person's surname alone to the full
    name (for quotes, claims, mentions and the timeline); ``speakers`` maps a speaker's name,
    after that, to its :class:`SpeakerFix`."""

    people: Mapping[str, str] = field(default_factory=dict)
    speakers: Mapping[str, SpeakerFix] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.people or self.speakers)


#: Which type a name given several types takes when they are as frequent.
_TYPE_ORDER = ("PERSON", "ORG", "GPE", "DOCUMENT", "GROUP", "UNKNOWN")


def speaker_fixes(
    counts: Mapping[tuple[str, str], int], rules: Iterable[PersonRule] = ()
) -> dict[str, SpeakerFix]:
    """One name and one type for every speaker of the corpus.

    Args:
        counts: Quotes per ``(speaker, speaker_type)`` of the corpus, people already renamed.
        rules: The analyst's corrections (``people.tsv``), applied last.

    Returns:
        The fix of every speaker name that changes: names written in several cases take the
        most quoted spelling (the lower-case one for a group or a description), a name given
        several types takes its most quoted type, and a correction renames, merges, drops or
        retypes a speaker (matched without regard to case) and gives its titles and affiliation.
    """
    by_name: dict[str, Counter] = {}
    for (name, kind), n in counts.items():
        by_name.setdefault(name, Counter())[kind] += n
    spellings: dict[str, list[str]] = {}
    for name in by_name:
        spellings.setdefault(name.casefold(), []).append(name)
    fixes: dict[str, SpeakerFix] = {}
    for variants in spellings.values():
        total: Counter = Counter()
        for name in variants:
            total.update(by_name[name])
        kind = max(total, key=lambda k: (total[k], -_type_rank(k)))
        generic = kind in ("GROUP", "UNKNOWN")
        spelling = max(
            variants,
            key=lambda v: (generic and v == v.lower(), sum(by_name[v].values()), v),
        )
        for name in variants:
            if name != spelling or len(by_name[name]) > 1 or set(by_name[name]) != {kind}:
                fixes[name] = SpeakerFix(spelling, kind)
    for rule in rules:
        key = rule.name.casefold()
        names = spellings.get(key, [rule.name])
        for name in names:
            current = fixes.get(name, SpeakerFix(name))
            target = current.name if rule.canonical is None else (rule.canonical or None)
            fixes[name] = SpeakerFix(
                target,
                rule.type or current.type,
                rule.title or current.title,
                rule.affiliation or current.affiliation,
            )
    return fixes


#: Speaker types that name one person, organisation, government or document.
NAMED_TYPES = frozenset({"PERSON", "ORG", "GPE", "DOCUMENT", "EVENT", "FAC", "LAW"})


def is_named(speaker: str, kind: str) -> bool:
    """Whether a canonical speaker has a name of its own rather than a description: a named
    type, and a capital letter in the name ("police" described as an organisation is not)."""
    return kind in NAMED_TYPES and any(c.isupper() for c in speaker)


def _type_rank(kind: str) -> int:
    return _TYPE_ORDER.index(kind) if kind in _TYPE_ORDER else len(_TYPE_ORDER)


class CorpusTables:
    """The corpus-level tables (``speakers``, ``entities``), built chunk by chunk.

    :meth:`add` takes the rows of a chunk of articles; its memory grows with the number of
    distinct speakers, entities and forms, not with the number of rows, so a corpus of any
    size can be aggregated while it streams. Chunks must hold disjoint sets of articles.
    """

    def __init__(self) -> None:
        self._speakers: dict[tuple[str, str], _SpeakerTally] = {}
        self._entities: dict[str, _EntityTally] = {}
        self._statements: dict[str, list[pd.DataFrame]] = {n: [] for n in _GROUP_COLUMNS}

    def add(self, articles: Iterable[dict], rows: dict[str, list[dict]]) -> None:
        """Count one chunk: its ``articles`` rows and its per-article table rows."""
        dates = {a["article_id"]: a["date"] for a in articles if not _missing(a.get("date"))}
        seen: dict[tuple[str, str], set[str]] = {}
        for quote in rows.get("quotes", ()):
            if _missing(quote["speaker"]):
                continue
            key = (str(quote["speaker"]), str(quote["speaker_type"] or "UNKNOWN"))
            tally = self._speakers.setdefault(key, _SpeakerTally())
            tally.kinds[quote["kind"]] += 1
            seen.setdefault(key, set()).add(quote["article_id"])
            if not _missing(quote.get("speaker_title")):
                tally.titles.update(dict.fromkeys(str(quote["speaker_title"]).split("; ")))
            if not _missing(quote.get("speaker_affiliation")):
                tally.affiliations[str(quote["speaker_affiliation"])] += 1
            if not _missing(quote.get("speaker_gender")):
                tally.genders.add(str(quote["speaker_gender"]))
            if not _missing(quote.get("speaker_mention")):
                tally.mentions[str(quote["speaker_mention"])] += 1
            date = dates.get(quote["article_id"])
            if date is not None:
                tally.first_date = min(date, tally.first_date or date)
                tally.last_date = max(date, tally.last_date or date)
        for key, ids in seen.items():
            self._speakers[key].n_articles += len(ids)
        mentioned: dict[str, set[str]] = {}
        for mention in rows.get("mentions", ()):
            entity_id = str(mention["entity_id"])
            tally = self._entities.get(entity_id)
            if tally is None:
                tally = self._entities[entity_id] = _EntityTally(str(mention["entity"]))
            tally.n_mentions += 1
            tally.forms[str(mention["text"])] += 1
            mentioned.setdefault(entity_id, set()).add(mention["article_id"])
        for entity_id, ids in mentioned.items():
            self._entities[entity_id].n_articles += len(ids)
        for name, chunk in (("articles", articles), *((n, rows.get(n, ())) for n in GROUPED)):
            chunk = list(chunk)
            if chunk:
                columns = _GROUP_COLUMNS[name]
                self._statements[name].append(pd.DataFrame(chunk).reindex(columns=list(columns)))

    def groups(self, corrections: Corrections | None = None) -> Groups:
        """The quote and claim groups of the corpus counted so far (see
        :func:`claimscope.tables.groups.corpus_groups`), the speakers named as ``corrections``
        name them. It keeps each statement's text and a few columns: memory grows with the
        number of statements, not with the articles' text."""
        from claimscope.tables.groups import corpus_groups  # it names speakers as this module does

        frames = {
            name: (
                pd.concat(parts, ignore_index=True)
                if parts
                else pd.DataFrame(columns=list(_GROUP_COLUMNS[name]))
            )
            for name, parts in self._statements.items()
        }
        quotes = frames["quotes"]
        if corrections:
            quotes = apply_corrections("quotes", quotes, corrections)
        return corpus_groups(frames["articles"], quotes, frames["claims"])

    def renames(self) -> dict[str, str]:
        """Person names to merge across the corpus (see :func:`corpus_renames`)."""
        people = {
            entity_id.split(":", 1)[1]: tally.n_mentions
            for entity_id, tally in self._entities.items()
            if entity_id.startswith("PERSON:")
        }
        return corpus_renames(people)

    def corrections(self, rules: Iterable[PersonRule] = ()) -> Corrections:
        """The corpus-wide decisions about names (see :class:`Corrections`), with the
        analyst's corrections ``rules``."""
        people = self.renames()
        counts: Counter = Counter()
        for (speaker, kind), tally in self._speakers.items():
            name = people.get(speaker, speaker) if kind == "PERSON" else speaker
            counts[(name, kind)] += sum(tally.kinds.values())
        return Corrections(people, speaker_fixes(counts, rules))

    def frames(
        self, corrections: Corrections | Mapping[str, str] | None = None
    ) -> dict[str, pd.DataFrame]:
        """The ``speakers`` and ``entities`` tables, most quoted and most mentioned first,
        with the corpus-wide names (``corrections``, by default :meth:`corrections`; a mapping
        is taken as the people's renames alone)."""
        if corrections is None:
            corrections = self.corrections()
        elif not isinstance(corrections, Corrections):
            corrections = Corrections(dict(corrections))
        self._merge(corrections.people)
        self._fix(corrections.speakers)
        speakers = [
            {
                "speaker": speaker,
                "speaker_type": kind,
                "named": is_named(speaker, kind),
                "titles": "; ".join(t.titles) or None,
                "affiliation": _ranked(t.affiliations, limit=1),
                "gender": next(iter(t.genders)) if len(t.genders) == 1 else None,
                "n_quotes": sum(t.kinds.values()),
                "n_direct": t.kinds["direct"],
                "n_indirect": t.kinds["indirect"],
                "n_mixed": t.kinds["mixed"],
                "n_articles": t.n_articles,
                "mentions": _ranked(t.mentions),
                "first_date": t.first_date,
                "last_date": t.last_date,
            }
            for (speaker, kind), t in sorted(self._speakers.items())
        ]
        entities = [
            {
                "entity_id": entity_id,
                "entity": t.entity,
                "type": entity_id.split(":", 1)[0],
                "aliases": _ranked(t.forms, limit=20),
                "n_mentions": t.n_mentions,
                "n_articles": t.n_articles,
            }
            for entity_id, t in sorted(self._entities.items())
        ]
        speakers_ = frame("speakers", speakers)
        entities_ = frame("entities", entities)
        return {
            "speakers": speakers_.sort_values(
                ["named", "n_quotes", "speaker"], ascending=[False, False, True], kind="stable"
            ).reset_index(drop=True),
            "entities": entities_.sort_values(
                ["n_mentions", "entity"], ascending=[False, True], kind="stable"
            ).reset_index(drop=True),
        }

    def _merge(self, renames: Mapping[str, str]) -> None:
        for speaker, kind in list(self._speakers):
            target = renames.get(speaker) if kind == "PERSON" else None
            if target is None:
                continue
            merged = self._speakers.setdefault((target, kind), _SpeakerTally())
            _add_speaker(merged, self._speakers.pop((speaker, kind)))
        for entity_id, tally in list(self._entities.items()):
            kind, name = entity_id.split(":", 1)
            if kind != "PERSON" or name not in renames:
                continue
            target = f"PERSON:{renames[name]}"
            merged = self._entities.setdefault(target, _EntityTally(renames[name]))
            merged.n_mentions += tally.n_mentions
            merged.n_articles += tally.n_articles
            merged.forms.update(tally.forms)
            del self._entities[entity_id]

    def _fix(self, fixes: Mapping[str, SpeakerFix]) -> None:
        for speaker, kind in list(self._speakers):
            fix = fixes.get(speaker)
            if fix is None:
                continue
            tally = self._speakers.pop((speaker, kind))
            if fix.name is None:
                continue  # no canonical speaker: not in the table of speakers
            if fix.title is not None:
                tally.titles = dict.fromkeys(fix.title.split("; "))
            if fix.affiliation is not None:
                tally.affiliations = Counter({fix.affiliation: 1})
            merged = self._speakers.setdefault((fix.name, fix.type or kind), _SpeakerTally())
            _add_speaker(merged, tally)
            if fix.title is not None:
                merged.titles = dict.fromkeys(fix.title.split("; "))
            if fix.affiliation is not None:
                merged.affiliations = Counter({fix.affiliation: 1})


#: The per-article tables whose statements are grouped across the corpus.
GROUPED = ("quotes", "claims")

#: The columns the groups are made from.
_GROUP_COLUMNS = {
    "articles": ("article_id", "date", "outlet"),
    "quotes": (
        "quote_id",
        "article_id",
        "kind",
        "text",
        "speaker",
        "speaker_type",
        "speaker_title",
        "speaker_affiliation",
    ),
    "claims": ("claim_id", "article_id", "quote_id", "text"),
}


def _add_speaker(into: _SpeakerTally, other: _SpeakerTally) -> None:
    into.kinds.update(other.kinds)
    into.n_articles += other.n_articles
    into.titles.update(other.titles)
    into.affiliations.update(other.affiliations)
    into.genders |= other.genders
    into.mentions.update(other.mentions)
    dates = [d for d in (into.first_date, other.first_date) if d is not None]
    into.first_date = min(dates) if dates else None
    dates = [d for d in (into.last_date, other.last_date) if d is not None]
    into.last_date = max(dates) if dates else None


def corpus_renames(people: Mapping[str, int]) -> dict[str, str]:
    """Surnames that stand alone in some articles, to the full name used in others.

    Args:
        people: Canonical person names of the corpus with their numbers of mentions.

    Returns:
        A one-word name ("Putin") mapped to the full name ending with it ("Vladimir Putin")
        when only one full name ends with it, or when one is mentioned at least twice as often
        as any other ("Trump": Donald Trump rather than Ivanka Trump). Within an article the
        full name is already used wherever the article gives it; this merges articles that
        give only the surname with the rest of the corpus.
    """
    full_names = {name: n for name, n in people.items() if len(name.split()) >= 2}
    surnames = Surnames(full_names, surname=lambda name: name.split()[-1])
    renames = {}
    for name in people:
        if " " in name:
            continue
        # a tie (possible only between names never mentioned) goes to the first in sorted order
        full_name = surnames.dominant(name, ratio=2, tie_break=lambda full: full)
        if full_name is not None:
            renames[name] = full_name
    return renames


def rename_people(name: str, frame: pd.DataFrame, renames: Mapping[str, str]) -> pd.DataFrame:
    """Apply corpus-wide person names (:func:`corpus_renames`) to a per-article table."""
    if frame.empty or not renames:
        return frame
    frame = frame.copy()
    if name == "quotes":
        people = frame["speaker_type"].eq("PERSON") & frame["speaker"].isin(renames.keys())
        frame.loc[people, "speaker"] = frame.loc[people, "speaker"].map(renames)
    elif name == "mentions":
        ids = {f"PERSON:{old}": f"PERSON:{new}" for old, new in renames.items()}
        people = frame["entity_id"].isin(ids.keys())
        frame.loc[people, "entity"] = frame.loc[people, "entity"].map(renames)
        frame.loc[people, "entity_id"] = frame.loc[people, "entity_id"].map(ids)
    elif name == "claims":
        claimants = frame["claimant"].isin(renames.keys())
        frame.loc[claimants, "claimant"] = frame.loc[claimants, "claimant"].map(renames)
        pairs = [
            _rename_listed(n, i, renames)
            for n, i in zip(frame["entities"], frame["entity_ids"], strict=True)
        ]
        frame["entities"] = pd.array([p[0] for p in pairs], dtype=frame["entities"].dtype)
        frame["entity_ids"] = pd.array([p[1] for p in pairs], dtype=frame["entity_ids"].dtype)
    elif name == "timeline":
        frame["entities"] = pd.array(
            [_rename_names(v, renames) for v in frame["entities"]], dtype=frame["entities"].dtype
        )
    return frame


def apply_corrections(name: str, frame: pd.DataFrame, corrections: Corrections) -> pd.DataFrame:
    """Apply the corpus-wide names (:class:`Corrections`) to a per-article table."""
    frame = rename_people(name, frame, corrections.people)
    fixes = corrections.speakers
    if frame.empty or not fixes or name not in ("quotes", "claims"):
        return frame
    column, kind = (
        ("speaker", "speaker_type") if name == "quotes" else ("claimant", "claimant_type")
    )
    hit = frame[column].isin(fixes.keys())
    if not hit.any():
        return frame
    frame = frame.copy()
    found = [fixes[v] for v in frame.loc[hit, column]]
    frame.loc[hit, column] = pd.array([f.name for f in found], dtype=frame[column].dtype)
    types = [f.type or t if f.name is not None else "UNKNOWN"
             for f, t in zip(found, frame.loc[hit, kind], strict=True)]  # fmt: skip
    frame.loc[hit, kind] = pd.array(types, dtype=frame[kind].dtype)
    if name == "quotes":
        for field_name, column_name in (("title", "speaker_title"),
                                        ("affiliation", "speaker_affiliation")):  # fmt: skip
            given = [getattr(f, field_name) for f in found]
            if any(g is not None for g in given):
                old = frame.loc[hit, column_name].tolist()
                new = [g if g is not None else o for g, o in zip(given, old, strict=True)]
                frame.loc[hit, column_name] = pd.array(new, dtype=frame[column_name].dtype)
    return frame


def _rename_listed(names: object, ids: object, renames: Mapping[str, str]) -> tuple[object, object]:
    """Rename the people in '; '-joined entity names and their ids, position by position."""
    if _missing(names) or _missing(ids):
        return names, ids
    names_, ids_ = str(names).split("; "), str(ids).split("; ")
    if len(names_) != len(ids_):
        return names, ids
    for i, entity_id in enumerate(ids_):
        kind, _, name = entity_id.partition(":")
        if kind == "PERSON" and name in renames:
            names_[i], ids_[i] = renames[name], f"PERSON:{renames[name]}"
    pairs = list(dict.fromkeys(zip(names_, ids_, strict=True)))
    return "; ".join(p[0] for p in pairs), "; ".join(p[1] for p in pairs)


def _rename_names(names: object, renames: Mapping[str, str]) -> object:
    if _missing(names):
        return names
    return "; ".join(dict.fromkeys(renames.get(n, n) for n in str(names).split("; ")))


def corpus_tables(frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The corpus-level tables (``speakers``, ``entities``, ``quote_groups``) of whole
    per-article tables."""
    corpus = CorpusTables()
    corpus.add(
        frames["articles"][["article_id", "date", "outlet"]].to_dict("records"),
        {
            name: frames[name].to_dict("records")
            for name in ("quotes", "mentions", "claims")
            if name in frames
        },
    )
    corrections = corpus.corrections()
    tables = corpus.frames(corrections)
    tables["quote_groups"] = corpus.groups(corrections).quote_groups
    return tables
