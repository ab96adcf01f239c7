"""Quote groups and claim groups: the same words, and the same statement, across articles.

A **quote group** gathers the quotations of a corpus that are the same words, wherever they
appear: exact repeats; near repeats (other case, punctuation or quotation marks, an ellipsis, a
word or two changed); and fragments (a shorter quotation that is part of a longer one, such as a
phrase taken from a full sentence). A **claim group** gathers the statements, direct or reported,
and the articles' own claims that say the same thing in nearly the same content words.

Both are corpus-level computations over the ``quotes`` (and ``claims``) tables, recomputed from
the per-article rows at the end of every run (cached articles included), so new articles join
existing groups. Neither compares all pairs:

- quote groups index each distinct normalised quotation under its word pairs (bigrams) and look
  up only its rarest few: any quotation within ``e`` word edits of another shares one of the
  other's ``2e + 1`` rarest bigrams, and a fragment shares all of its own, so the rarest finds
  every container (prefix filtering); candidates are verified with rapidfuzz's token-level
  Levenshtein distance, or by containment;
- claim groups hash each statement's set of content words with MinHash and find the candidates
  with datasketch's LSH index, then verify the exact Jaccard similarity.

See docs/quote-groups.md for the thresholds, what they miss and the measured figures.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
from datasketch import MinHash, MinHashLSH
from rapidfuzz.distance import Levenshtein
from spacy.lang.en.stop_words import STOP_WORDS

from claimscope.tables.corpus import is_named
from claimscope.tables.rows import frame

#: Fewest words of a quotation that may differ from another by a changed word: shorter ones
#: ("we will win") change their meaning with one word, so they group only when they are equal
#: or one is part of the other.
MIN_NEAR_WORDS = 6

#: Fewest words, and letters, of a quotation that is grouped at all: one word ("rigged",
#: "dangerous") is a word, not a quotation.
MIN_WORDS = 2
MIN_LETTERS = 10

#: Quotations shorter than this many words ("very hard", "Meet the Press", "the Washington
#: cartel") are phrases many people say: they are grouped only with quotations credited to the
#: same speaker (see :func:`speaker_key`), and not at all when no speaker is known.
SHORT_WORDS = 6

#: Word pairs found in more distinct quotations than this are not looked up: they are the
#: language's ("of the"), not one quotation's. A quotation made only of such pairs is grouped
#: with its exact repeats alone.
MAX_POSTINGS = 1000

#: Jaccard similarity of two statements' content words from which they are one claim.
CLAIM_THRESHOLD = 0.6

#: Fewest distinct content words of a statement that is grouped with others by its claim.
MIN_CLAIM_WORDS = 4

#: Words in more than this share of the corpus's statements (and at least MIN_COMMON of them)
#: are the corpus's subject, not a claim's (Trump, Clinton, president in a campaign's news):
#: they are set aside like stop words.
COMMON_SHARE = 0.005
MIN_COMMON = 20

#: MinHash permutations of the claim index, and its bands and rows per band: two statements
#: are compared when one band of 4 hashes agrees, which happens to 89% of the pairs at the
#: threshold (Jaccard 0.6), 99% at 0.7 and 12% at 0.3 (datasketch's own choice for 0.6 would
#: be 18 bands of 7 hashes, which finds only 40% of the pairs at 0.6).
NUM_PERM = 64
BANDS = (16, 4)

#: Statements hashed at a time.
_BATCH = 4096


def max_edits(n_words: int) -> int:
    """Word edits (a word changed, added or dropped) allowed between two quotations of which
    the longer has ``n_words`` words: none below :data:`MIN_NEAR_WORDS`, then one, two from 12
    words, three from 30."""
    if n_words < MIN_NEAR_WORDS:
        return 0
    if n_words < 12:
        return 1
    if n_words < 30:
        return 2
    return 3


# Quotation marks of every style, double and single (typographic single marks only: a
# straight apostrophe is part of a word).
_DOUBLE = '"“”„‟«»〝〞＂'
_QUOTED = re.compile(r"[\"“„‟«〝＂]([^\"“”„‟«»〝〞＂]+)[\"”“‟»〞＂]|[‘‚‹]([^‘’‚‹›]+)[’‘›]")
_ELLIPSIS = re.compile(r"\[\s*(?:…|\.\s*\.\s*\.)\s*\]|\(\s*(?:…|\.\s*\.\s*\.)\s*\)|…|\.\s*\.\s*\.")
_APOSTROPHE = re.compile(r"(?<=\w)['’ʼ`](?=\w)")
_WORD = re.compile(r"\w+")

#: The parts of a normalised quotation (split at its ellipses), each a tuple of words.
Variant = tuple[tuple[str, ...], ...]


def quotation(text: str, kind: str) -> str | None:
    """The quoted words of a statement: a direct quote's text, a mixed quote's quoted fragments
    joined by an ellipsis; None for an indirect statement, whose words are the reporter's."""
    if kind == "direct":
        return text
    if kind == "mixed":
        fragments = [a or b for a, b in _QUOTED.findall(text)]
        return " … ".join(f.strip() for f in fragments if f.strip()) or None
    return None


def normalise(text: str) -> Variant:
    """A quotation reduced to its words: Unicode compatibility forms, case folded, quotation
    marks and punctuation dropped, apostrophes inside words dropped (don't, don’t: dont), split
    into parts at each ellipsis (…, ..., [...])."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _APOSTROPHE.sub("", text)
    parts = (tuple(_WORD.findall(part)) for part in _ELLIPSIS.split(text))
    return tuple(p for p in parts if p)


def _words(variant: Variant) -> tuple[str, ...]:
    return tuple(w for part in variant for w in part)


def _pairs(words: Sequence[str]) -> set[tuple[str, ...]]:
    if len(words) == 1:
        return {(words[0],)}
    return set(itertools.pairwise(words))


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def speaker_key(speaker: str) -> str:
    """A speaker's name as compared between quotations: accents, titles and initials dropped,
    case folded (Sen. Ted Cruz and Ted Cruz, Felipe Calderón and Felipe Calderon are one)."""
    letters = unicodedata.normalize("NFKD", speaker)
    letters = "".join(c for c in letters if not unicodedata.combining(c))
    words = [w for w in letters.split() if not (w.endswith(".") and len(w) <= 5)]
    return " ".join(words).casefold() or speaker.casefold()


def cluster_variants(
    variants: Sequence[Variant],
    *,
    speakers: Sequence[frozenset[str]] | None = None,
    max_postings: int = MAX_POSTINGS,
) -> list[int]:
    """Which normalised quotations are the same words.

    Args:
        variants: Normalised quotations (see :func:`normalise`), distinct, or distinct with
            their speaker when they are short.
        speakers: The speakers (:func:`speaker_key`) credited with each variant; a short
            fragment joins a longer quotation only when one of them is its own. None: no
            such check.
        max_postings: Word pairs in more quotations than this are not looked up.

    Returns:
        A cluster number per variant (the smallest index of its cluster).

    Notes:
        Near repeats: two quotations within :func:`max_edits` word edits of each other (their
        words compared in order, ellipses ignored) are joined. Fragments: a quotation of at
        least :data:`MIN_WORDS` words and :data:`MIN_LETTERS` letters whose parts all appear,
        in order and word for word, in a longer one joins that one's cluster (a short one, of
        fewer than :data:`SHORT_WORDS` words, only when they share a speaker),
        provided every quotation containing it belongs to one cluster: a phrase found in two
        different sentences ("the American people") joins neither. Longer fragments are joined
        first, so a phrase of a clause of a sentence joins the sentence.
    """
    n = len(variants)
    words = [_words(v) for v in variants]
    grams = [_pairs(w) if w else set() for w in words]
    df: Counter = Counter()
    for g in grams:
        df.update(g)
    index: dict[tuple[str, ...], list[int]] = {}
    for i, g in enumerate(grams):
        for gram in g:
            if df[gram] <= max_postings:
                index.setdefault(gram, []).append(i)

    def rank(gram: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
        return df[gram], gram

    clusters = _UnionFind(n)
    for i in range(n):
        edits = max_edits(len(words[i]) + 3)
        if len(words[i]) < MIN_NEAR_WORDS or edits == 0:
            continue
        prefix = sorted(grams[i], key=rank)[: 2 * edits + 1]
        seen: set[int] = set()
        for gram in prefix:
            for j in index.get(gram, ()):
                if j <= i or j in seen:
                    continue
                seen.add(j)
                allowed = max_edits(max(len(words[i]), len(words[j])))
                if (
                    abs(len(words[i]) - len(words[j])) > allowed
                    or min(len(words[i]), len(words[j])) < MIN_NEAR_WORDS
                ):
                    continue
                if Levenshtein.distance(words[i], words[j], score_cutoff=allowed) <= allowed:
                    clusters.union(i, j)
    joined = [" " + " ".join(w) + " " for w in words]
    containers: dict[int, set[int]] = {}
    for i in range(n):
        if len(words[i]) < MIN_WORDS or sum(map(len, words[i])) < MIN_LETTERS:
            continue
        same_speaker = speakers is not None and len(words[i]) < SHORT_WORDS
        inner = set().union(*(_pairs(part) for part in variants[i] if len(part) > 1))
        if not inner:  # words cut apart by ellipses: too little to place
            continue
        gram = min(inner, key=rank)
        if df[gram] > max_postings:
            continue
        for j in index.get(gram, ()):
            if len(words[j]) <= len(words[i]) or not _contains(joined[j], variants[i]):
                continue
            if same_speaker and not speakers[i] & speakers[j]:
                continue
            containers.setdefault(i, set()).add(j)
    for i in sorted(containers, key=lambda i: -len(words[i])):
        targets = {clusters.find(j) for j in containers[i]} - {clusters.find(i)}
        if len(targets) == 1:
            clusters.union(i, targets.pop())
    return [clusters.find(i) for i in range(n)]


def _contains(joined: str, parts: Variant) -> bool:
    """Whether every part appears, in order and whole words, in the space-joined words."""
    at = 0
    for part in parts:
        found = joined.find(" " + " ".join(part) + " ", at)
        if found < 0:
            return False
        at = found + len(" ".join(part)) + 1
    return True


def _group_id(prefix: str, key: str) -> str:
    return prefix + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def strip_marks(text: str) -> str:
    """A quotation without the quotation marks around it (of any style)."""
    return text.strip().strip(_DOUBLE + "‘’‚‹› ").strip()


@dataclass(frozen=True)
class QuoteGroups:
    """The quote groups of a corpus: ``group_id`` per quote id (quotes in no group are not
    keys) and the ``quote_groups`` table."""

    group_ids: Mapping[str, str]
    table: pd.DataFrame


def _outlets(articles: pd.DataFrame) -> dict[str, tuple[str | None, str | None]]:
    """Date and outlet of every article."""
    dates = articles["date"].astype(object).where(articles["date"].notna(), None)
    outlets = articles["outlet"].astype(object).where(articles["outlet"].notna(), None)
    return dict(zip(articles["article_id"], zip(dates, outlets, strict=True), strict=True))


def quote_groups(quotes: pd.DataFrame, articles: pd.DataFrame) -> QuoteGroups:
    """Group the quotations of a corpus that are the same words (see :func:`cluster_variants`).

    Args:
        quotes: The ``quotes`` table (``quote_id``, ``article_id``, ``kind``, ``text``,
            ``speaker``, ``speaker_type``).
        articles: The ``articles`` table (``article_id``, ``date``, ``outlet``): ``outlet`` is
            the metadata's, else the URL's site (see :func:`claimscope.ingest.load.with_outlet`).

    Returns:
        The :class:`QuoteGroups`. A group is kept when its quotations appear in two articles or
        more; a quotation repeated within one article only, or found once, has no group.
        Indirect statements have none (their words are the reporter's: see
        :func:`claim_groups`). A group's id is a hash of its canonical variant, so it stays the
        same across runs as long as no longer variant joins the group.
    """
    known = _outlets(articles)
    keys: dict[tuple[Variant, str | None], int] = {}
    credited: list[set[str]] = []
    rows: list[tuple[int, str, str, str, object, object]] = []
    for quote_id, article_id, kind, text, speaker, kind_ in zip(
        quotes["quote_id"], quotes["article_id"], quotes["kind"], quotes["text"],
        quotes["speaker"], quotes["speaker_type"], strict=True,
    ):  # fmt: skip
        said = quotation(str(text), str(kind))
        if said is None:
            continue
        variant = normalise(said)
        words = _words(variant)
        if len(words) < MIN_WORDS or sum(map(len, words)) < MIN_LETTERS:
            continue
        who = speaker_key(speaker) if isinstance(speaker, str) else None
        if len(words) < SHORT_WORDS and who is None:
            continue  # a short phrase said by no one known: not placed
        key = (variant, who if len(words) < SHORT_WORDS else None)
        number = keys.setdefault(key, len(keys))
        if number == len(credited):
            credited.append(set())
        if who is not None:
            credited[number].add(who)
        rows.append((number, quote_id, article_id, strip_marks(said), speaker, kind_))
    listed = list(keys)
    labels = cluster_variants([v for v, _ in listed], speakers=[frozenset(c) for c in credited])
    members: dict[int, list[tuple[int, str, str, str, object, object]]] = {}
    for row in rows:
        members.setdefault(labels[row[0]], []).append(row)
    group_ids: dict[str, str] = {}
    table: list[dict] = []
    for found in members.values():
        if len({row[2] for row in found}) < 2:
            continue
        table.append(_group_row(found, listed, known, group_ids))
    groups = frame("quote_groups", table)
    if not groups.empty:
        groups = groups.sort_values(
            ["n_outlets", "n_articles", "group_id"], ascending=[False, False, True], kind="stable"
        ).reset_index(drop=True)
    return QuoteGroups(group_ids, groups)


def _group_row(
    found: list[tuple[int, str, str, str, object, object]],
    keys: Sequence[tuple[Variant, str | None]],
    known: Mapping[str, tuple[str | None, str | None]],
    group_ids: dict[str, str],
) -> dict:
    numbers = Counter(row[0] for row in found)
    canonical = max(
        numbers, key=lambda v: (len(_words(keys[v][0])), numbers[v], keys[v][0])
    )  # the longest variant, then the most frequent
    seen = sorted(
        {row[2] for row in found}, key=lambda a: (known.get(a, (None,))[0] or "9999", a)
    )  # by date, undated last, then by id
    order = {a: i for i, a in enumerate(seen)}
    written: Counter = Counter()
    first: dict[str, int] = {}
    for row in found:
        if row[0] == canonical:
            written[row[3]] += 1
            first[row[3]] = min(first.get(row[3], len(order)), order[row[2]])
    # as most often written; among equals, as first published
    text = max(written, key=lambda t: (written[t], -first[t], t))
    variant, who = keys[canonical]
    # a short phrase is one group per speaker: the speaker is part of its identity
    group_id = _group_id("g", " … ".join(" ".join(p) for p in variant) + f" | {who or ''}")
    speakers: Counter = Counter()
    named: set[str] = set()
    for row in found:
        group_ids[row[1]] = group_id
        if isinstance(row[4], str):
            speakers[row[4]] += 1
            if isinstance(row[5], str) and is_named(row[4], row[5]):
                named.add(speaker_key(row[4]))
    outlets = Counter(known.get(a, (None, None))[1] for a in seen)
    outlets.pop(None, None)
    first, last = seen[0], seen[-1]
    return {
        "group_id": group_id,
        "text": text,
        "n_quotes": len(found),
        "n_articles": len(seen),
        "n_outlets": len(outlets),
        "n_variants": len(numbers),
        "speakers": "; ".join(s for s, _ in speakers.most_common()) or None,
        "speakers_disagree": len(named) > 1,
        "outlets": "; ".join(o for o, _ in outlets.most_common()) or None,
        "first_date": known.get(first, (None, None))[0],
        "first_article_id": first,
        "first_outlet": known.get(first, (None, None))[1],
        "last_date": known.get(last, (None, None))[0],
        "last_article_id": last,
        "last_outlet": known.get(last, (None, None))[1],
    }


def content_words(text: str) -> frozenset[str]:
    """The content words of a statement: its words, case folded, without English stop words
    and one-letter words, a plural's final s dropped."""
    words = _WORD.findall(_APOSTROPHE.sub("", unicodedata.normalize("NFKC", text).casefold()))
    return frozenset(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
        for w in words
        if len(w) > 1 and w not in STOP_WORDS
    )


def claim_groups(
    statements: Iterable[tuple[str, str, str]],
    *,
    threshold: float = CLAIM_THRESHOLD,
    num_perm: int = NUM_PERM,
    bands: tuple[int, int] = BANDS,
) -> dict[str, str]:
    """Group the statements that say the same thing by their content words.

    Args:
        statements: ``(id, article_id, text)`` of each statement: quotes of every kind and the
            articles' own claims.
        threshold: Jaccard similarity of the content words (see :func:`content_words`) from
            which two statements are one claim.
        num_perm: MinHash permutations.
        bands: Bands of the LSH index and hashes per band (their product at most
            ``num_perm``).

    Returns:
        The ``claim_group_id`` of every statement in a group; a group is kept when it spans
        two articles or more.

    Notes:
        Candidates come from datasketch's MinHash LSH index (see :data:`BANDS`); each is
        verified with the exact Jaccard similarity, and verified pairs are joined transitively.
        Statements with fewer than :data:`MIN_CLAIM_WORDS` distinct content words are left out.
        Words are compared as written: a paraphrase in other words (rose / increased), a
        negation (not, which is a stop word) and numbers written differently are not seen.
    """
    found_words = [(i, a, content_words(text)) for i, a, text in statements]
    frequency: Counter = Counter()
    for _, _, words in found_words:
        frequency.update(words)
    common = max(MIN_COMMON, COMMON_SHARE * len(found_words))
    ids: list[str] = []
    articles: list[str] = []
    sets: list[frozenset[str]] = []
    for statement_id, article_id, words in found_words:
        words = frozenset(w for w in words if frequency[w] <= common)
        if len(words) >= MIN_CLAIM_WORDS:
            ids.append(statement_id)
            articles.append(article_id)
            sets.append(words)
    del found_words
    if not sets:
        return {}
    distinct: dict[frozenset[str], int] = {}
    number = [distinct.setdefault(s, len(distinct)) for s in sets]
    keys = list(distinct)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, params=bands)
    clusters = _UnionFind(len(keys))
    for start in range(0, len(keys), _BATCH):  # the index keeps band keys, not the hashes
        batch = keys[start : start + _BATCH]
        hashes = MinHash.bulk(
            ([w.encode("utf-8") for w in sorted(s)] for s in batch), num_perm=num_perm, seed=1
        )
        for i, minhash in enumerate(hashes, start):
            for j in lsh.query(minhash):
                a, b = keys[i], keys[j]
                if len(a & b) >= threshold * len(a | b):
                    clusters.union(i, j)
            lsh.insert(i, minhash)
    members: dict[int, list[int]] = {}
    for k, n in enumerate(number):
        members.setdefault(clusters.find(n), []).append(k)
    found: dict[str, str] = {}
    for root, group in members.items():
        if len({articles[k] for k in group}) < 2:
            continue
        claim_id = _group_id("c", " ".join(sorted(keys[root])))
        for k in group:
            found[ids[k]] = claim_id
    return found


@dataclass(frozen=True)
class Groups:
    """The quote and claim groups of a corpus, to be written into its tables."""

    group_ids: Mapping[str, str]  # quote_id -> group_id
    claim_group_ids: Mapping[str, str]  # quote_id or claim_id -> claim_group_id
    quote_groups: pd.DataFrame

    def apply(self, name: str, table: pd.DataFrame) -> pd.DataFrame:
        """The ``quotes`` or ``claims`` table (or a part of it) with its group columns set;
        other tables unchanged."""
        if name not in ("quotes", "claims") or table.empty:
            return table
        table = table.copy()
        if name == "quotes":
            ids = table["quote_id"]
            table["group_id"] = pd.array(ids.map(self.group_ids), dtype="string")
            table["claim_group_id"] = pd.array(ids.map(self.claim_group_ids), dtype="string")
        else:
            own = table["claim_id"].map(self.claim_group_ids)
            quoted = table["quote_id"].map(self.claim_group_ids)
            table["claim_group_id"] = pd.array(quoted.where(table["quote_id"].notna(), own),
                                               dtype="string")  # fmt: skip
        return table


def corpus_groups(
    articles: pd.DataFrame, quotes: pd.DataFrame, claims: pd.DataFrame | None = None
) -> Groups:
    """The quote groups and claim groups of a corpus's tables.

    Args:
        articles: ``article_id``, ``date`` and ``outlet`` of every article.
        quotes: ``quote_id``, ``article_id``, ``kind``, ``text``, ``speaker``, ``speaker_type``.
        claims: ``claim_id``, ``article_id``, ``quote_id`` and ``text``; the articles' own
            claims (no ``quote_id``) are grouped with the statements; a quoted claim takes its
            quote's group.
    """
    found = quote_groups(quotes, articles)
    statements = list(zip(quotes["quote_id"], quotes["article_id"], quotes["text"], strict=True))
    if claims is not None and not claims.empty:
        own = claims[claims["quote_id"].isna()]
        statements += zip(own["claim_id"], own["article_id"], own["text"], strict=True)
    return Groups(found.group_ids, claim_groups(statements), found.table)
