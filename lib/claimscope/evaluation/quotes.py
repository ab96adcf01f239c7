"""Measuring the ``quotes`` table against gold annotations.

Three gold formats are read (:func:`load_gold`):

- ``json``: one article's gold file (``{"article": "NAME.txt", "quotes": [...]}``), the article id
  is the stem of ``article``;
- ``jsonl``: one JSON object per line with ``id`` and ``quotes``, the article id is ``id``;
- ``polnear``: a PolNeAR split folder (``text/NAME.txt`` and ``attributions/NAME_XXXX.ann`` in
  brat standoff format), the article id is the text file's stem.

Scoring follows the rules in ``gold/README.md`` (see :func:`score` and ``docs/evaluation.md``): a
predicted quote matches a gold quote of the same article when their shared characters cover at
least ``coverage`` of the gold quote's characters, matched one-to-one and greedily by overlap.
For matched quotes the canonical speaker, the speaker mention and the kind are checked.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from claimscope.run import store

logger = logging.getLogger(__name__)

#: The quote kinds of the gold sets, in the order they are reported.
KINDS = ("direct", "indirect", "mixed")

#: Coverage levels reported by default: the headline level and the strict one.
DEFAULT_COVERAGES = (0.3, 0.8)

#: Columns a predicted quotes frame must have; the others of the ``quotes`` schema are optional.
REQUIRED_COLUMNS = ("article_id", "start", "end")

_POLNEAR_ANN = re.compile(r"^(?P<stem>.+)_(?P<annotator>[0-9a-f]{4})\.ann$")
_BRAT_LINE = re.compile(r"^(?:[TERAMN]\d+|#\d+|\*)\t")
_BRAT_TEXTBOUND = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_BRAT_EVENT = re.compile(r"^(E\d+)\t(.*)$")


class GoldFormatError(ValueError):
    """A gold file or folder cannot be read: its format is unknown or an entry is malformed."""


class EvaluationError(ValueError):
    """Predictions cannot be scored against the gold, e.g. they share no article with it."""


# --- records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldQuote:
    """One gold attributed statement.

    Offsets are Python string indices into the article's text. ``fragments`` lists the character
    ranges of a discontinuous statement (PolNeAR) in annotation order; ``text`` is then the
    fragments' texts joined by one space, as brat writes it. For a continuous statement
    ``fragments`` is empty and the statement is ``start`` .. ``end`` (use :attr:`spans`).
    """

    article_id: str
    kind: str | None
    text: str
    start: int
    end: int
    speaker: str | None = None  # canonical name; None when the gold has none (PolNeAR)
    speaker_mention: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    fragments: tuple[tuple[int, int], ...] = ()

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """The character ranges of the statement, in annotation order."""
        return self.fragments or ((self.start, self.end),)


@dataclass(frozen=True)
class Counts:
    """Precision, recall and F1 from counts; a ratio is None when its denominator is 0."""

    n_gold: int
    n_pred: int
    tp: int
    precision: float | None
    recall: float | None
    f1: float | None

    @classmethod
    def of(cls, n_gold: int, n_pred: int, tp: int) -> Counts:
        """Build from the three counts, computing the ratios."""
        precision = _ratio(tp, n_pred)
        recall = _ratio(tp, n_gold)
        if precision is None or recall is None:
            f1 = None
        elif precision + recall == 0:
            f1 = 0.0
        else:
            f1 = 2 * precision * recall / (precision + recall)
        return cls(n_gold, n_pred, tp, precision, recall, f1)


@dataclass(frozen=True)
class Accuracy:
    """Share of ``n`` judged items that are right; ``accuracy`` is None when ``n`` is 0."""

    n: int
    right: int
    accuracy: float | None

    @classmethod
    def of(cls, n: int, right: int) -> Accuracy:
        """Build from the two counts."""
        return cls(n, right, _ratio(right, n))


@dataclass(frozen=True)
class KindRecall:
    """Recall of the gold quotes of one kind."""

    kind: str
    n_gold: int
    tp: int
    recall: float | None


@dataclass(frozen=True)
class ArticleScores:
    """One article's figures, to find the articles that go worst.

    ``errors`` is missed plus spurious quotes (``n_gold - tp + n_pred - tp``).
    """

    article_id: str
    n_gold: int
    n_pred: int
    tp: int
    speaker_right: int  # matched with the right canonical speaker
    mention_right: int  # matched with an overlapping speaker mention
    precision: float | None
    recall: float | None
    f1: float | None
    errors: int


@dataclass(frozen=True)
class Scores:
    """Everything measured at one coverage level.

    ``speaker`` and ``end_to_end`` are None when no gold quote in scope has a canonical speaker
    (PolNeAR); ``end_to_end_mention`` is the end-to-end figure that uses the speaker mention.
    """

    coverage: float
    n_articles: int
    quotes: Counts
    recall_by_kind: tuple[KindRecall, ...]
    kind: Accuracy
    speaker: Accuracy | None
    end_to_end: Counts | None
    speaker_mention: Accuracy
    speaker_mention_exact: Accuracy
    end_to_end_mention: Counts
    articles: tuple[ArticleScores, ...]
    n_pred_ignored: int  # predictions in articles outside the scored set

    def kind_recall(self, kind: str) -> KindRecall | None:
        """The recall of one kind, or None when the gold has no quote of that kind."""
        return next((k for k in self.recall_by_kind if k.kind == kind), None)

    def worst_articles(self, n: int = 10) -> list[ArticleScores]:
        """The ``n`` articles with the most errors (missed plus spurious), worst first."""
        ranked = sorted(self.articles, key=lambda a: (-a.errors, a.article_id))
        return [a for a in ranked if a.errors > 0][:n]


@dataclass(frozen=True)
class EvalReport:
    """The result of :func:`evaluate`: what was compared, what was left out, and the scores.

    ``missing_articles`` are gold articles absent from the predictions' ``articles`` table;
    ``misaligned_articles`` are articles whose predicted text does not hold the gold statements
    at the gold offsets. Neither is scored.
    """

    gold_path: str
    gold_format: str
    pred_dir: str
    n_gold_articles: int
    n_pred_articles: int
    scored_articles: tuple[str, ...]
    missing_articles: tuple[str, ...]
    misaligned_articles: tuple[str, ...]
    n_extra_articles: int  # predicted articles that have no gold
    scores: tuple[Scores, ...]


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


# --- speaker names ---------------------------------------------------------------------------


def name_words(name: str | None) -> tuple[str, ...]:
    """The normalised words of a speaker name.

    Args:
        name: A canonical speaker name, or None.

    Returns:
        Lower-cased words without accents and punctuation; dots and apostrophes are dropped
        inside words ("U.S." -> "us", "O'Brien" -> "obrien"), other punctuation separates words,
        and a leading "the" is removed. An empty tuple for None or a name with no words.
    """
    if name is None:
        return ()
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = re.sub(r"[.'’‘`]", "", folded)
    words = re.sub(r"[\W_]+", " ", folded).split()
    if words and words[0] == "the":
        words = words[1:]
    return tuple(words)


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    """Whether a predicted canonical speaker names the gold speaker.

    Args:
        predicted: The predicted canonical name (None when unresolved).
        gold: The gold canonical name.

    Returns:
        True when the normalised names (:func:`name_words`) are equal, or when the words of the
        shorter name are a subset of the longer's words and include the longer's last word.

    Notes:
        The rule is the one in ``gold/README.md``: "Putin" ~ "Vladimir Putin" and
        "State Department" ~ "The U.S. State Department" are right, "Vladimir" is wrong, and an
        unresolved speaker (None, or a name with no words) is wrong.
    """
    pred_words, gold_words = name_words(predicted), name_words(gold)
    if not pred_words or not gold_words:
        return False
    if pred_words == gold_words:
        return True
    shorter, longer = sorted((pred_words, gold_words), key=len)
    if len(shorter) == len(longer):
        return False
    return set(shorter) <= set(longer) and longer[-1] in shorter


# --- loading gold ----------------------------------------------------------------------------


def load_gold(path: str | os.PathLike) -> tuple[str, dict[str, list[GoldQuote]]]:
    """Read a gold set in any of the supported formats.

    Args:
        path: A gold ``.json`` file (one article), a ``.jsonl`` file (one article a line), a
            folder holding ``gold.json`` or ``gold.jsonl``, or a PolNeAR split folder (the
            folder holding ``attributions/``, or ``attributions/`` itself).

    Returns:
        The format name (``"json"``, ``"jsonl"`` or ``"polnear"``) and the gold quotes by
        article id, each list ordered by offset. Annotated articles without quotes are present
        with an empty list, so that predictions in them count as false positives.

    Raises:
        FileNotFoundError: ``path`` does not exist.
        GoldFormatError: the format is not recognised or an entry is malformed.

    Notes:
        PolNeAR: for an article annotated by several annotators, the annotation of the first
        annotator id in sorted order is used. Every attribution (brat ``E`` line, with or
        without a source) that has content becomes one gold quote; its content fragments
        (``Content``, ``Content2`` ...) are kept in ``fragments``. ``Discuss`` and ``Discard``
        spans are not attributions and are ignored. PolNeAR has no kinds and no canonical
        speakers: ``kind`` and ``speaker`` are None; the source is the speaker mention.
    """
    source = Path(path)
    if not source.exists():
        raise FileNotFoundError(f"gold path {source} does not exist")
    if source.is_dir():
        if (source / "gold.json").is_file():
            source = source / "gold.json"
        elif (source / "gold.jsonl").is_file():
            source = source / "gold.jsonl"
        elif source.name == "attributions" or (source / "attributions").is_dir():
            return "polnear", _load_polnear(source)
        else:
            raise GoldFormatError(
                f"{source}: found no gold.json, gold.jsonl or attributions/ folder; pass a gold "
                "file, or a PolNeAR split folder such as polnear/dev"
            )
    if source.suffix == ".jsonl":
        return "jsonl", _load_jsonl(source)
    if source.suffix == ".json":
        return "json", _load_json(source)
    raise GoldFormatError(f"{source}: unknown gold format; expected a .json or .jsonl file")


def _gold_quote(article_id: str, raw: Any, where: str) -> GoldQuote:
    if not isinstance(raw, Mapping):
        raise GoldFormatError(f"{where}: a quote must be a JSON object, found {raw!r:.60}")
    missing = [k for k in ("text", "start", "end") if raw.get(k) is None]
    if missing:
        raise GoldFormatError(f"{where}: quote lacks {missing}: {dict(raw)!r:.120}")

    def offset(key: str) -> int | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise GoldFormatError(f"{where}: {key} must be an integer offset, found {value!r}")
        return value

    start, end = offset("start"), offset("end")
    if start is None or end is None or not 0 <= start < end:
        raise GoldFormatError(f"{where}: quote span {start}..{end} is empty or negative")
    return GoldQuote(
        article_id=article_id,
        kind=raw.get("kind"),
        text=raw["text"],
        start=start,
        end=end,
        speaker=raw.get("speaker"),
        speaker_mention=raw.get("speaker_mention"),
        speaker_start=offset("speaker_start"),
        speaker_end=offset("speaker_end"),
        cue=raw.get("cue"),
        cue_start=offset("cue_start"),
        cue_end=offset("cue_end"),
    )


def _sorted_quotes(quotes: Iterable[GoldQuote]) -> list[GoldQuote]:
    return sorted(quotes, key=lambda q: (q.start, q.end, q.text))


def _load_json(path: Path) -> dict[str, list[GoldQuote]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise GoldFormatError(f"{path}: not valid JSON ({err})") from err
    if not isinstance(data, Mapping) or "article" not in data or "quotes" not in data:
        raise GoldFormatError(f"{path}: expected an object with 'article' and 'quotes'")
    article_id = Path(str(data["article"])).stem
    quotes = [
        _gold_quote(article_id, raw, f"{path}, quote {i}") for i, raw in enumerate(data["quotes"])
    ]
    return {article_id: _sorted_quotes(quotes)}


def _load_jsonl(path: Path) -> dict[str, list[GoldQuote]]:
    gold: dict[str, list[GoldQuote]] = {}
    with path.open(encoding="utf-8") as lines:
        for line_no, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path}, line {line_no}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as err:
                raise GoldFormatError(f"{where}: not valid JSON ({err})") from err
            if not isinstance(data, Mapping) or "id" not in data or "quotes" not in data:
                raise GoldFormatError(f"{where}: expected an object with 'id' and 'quotes'")
            article_id = str(data["id"])
            if article_id in gold:
                raise GoldFormatError(f"{where}: article id {article_id!r} appears twice")
            gold[article_id] = _sorted_quotes(
                _gold_quote(article_id, raw, f"{where} ({article_id}), quote {i}")
                for i, raw in enumerate(data["quotes"])
            )
    return gold


@dataclass(frozen=True)
class _Textbound:
    label: str
    fragments: tuple[tuple[int, int], ...]
    text: str


def _parse_brat(path: Path) -> tuple[dict[str, _Textbound], list[tuple[int, list[tuple]]]]:
    """Text-bound annotations by id, and events as (line, [(role, T id), ...]).

    A text-bound annotation whose text contains a line break continues on the next lines of the
    file; those lines do not start with an annotation id and are joined back.
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    parts: dict[str, list] = {}  # T id -> [label, fragments, text lines]
    events: list[tuple[int, list[tuple]]] = []
    current: str | None = None
    for line_no, line in enumerate(lines, start=1):
        if not _BRAT_LINE.match(line):
            if current is None:
                raise GoldFormatError(f"{path}, line {line_no}: not a brat annotation: {line:.60}")
            parts[current][2].append(line)
            continue
        current = None
        if line.startswith("T"):
            match = _BRAT_TEXTBOUND.match(line)
            if match is None:
                raise GoldFormatError(f"{path}, line {line_no}: malformed text-bound: {line:.60}")
            tid, label, offsets, text = match.groups()
            fragments = tuple(
                (int(a), int(b)) for a, b in (piece.split() for piece in offsets.split(";"))
            )
            parts[tid] = [label, fragments, [text]]
            current = tid
        elif line.startswith("E"):
            match = _BRAT_EVENT.match(line)
            if match is None:
                raise GoldFormatError(f"{path}, line {line_no}: malformed event: {line:.60}")
            roles = []
            for item in match.group(2).split():
                role, _, tid = item.partition(":")
                if not tid:
                    raise GoldFormatError(f"{path}, line {line_no}: malformed role {item!r}")
                roles.append((role, tid))
            events.append((line_no, roles))
    textbounds = {
        tid: _Textbound(label, fragments, "\n".join(text))
        for tid, (label, fragments, text) in parts.items()
    }
    return textbounds, events


def _join(parts: Sequence[_Textbound]) -> tuple[str | None, int | None, int | None]:
    if not parts:
        return None, None, None
    fragments = [f for part in parts for f in part.fragments]
    return (
        " ".join(part.text for part in parts),
        min(a for a, _ in fragments),
        max(b for _, b in fragments),
    )


def _polnear_article(path: Path, article_id: str) -> list[GoldQuote]:
    textbounds, events = _parse_brat(path)
    quotes = []
    for line_no, roles in events:
        by_role: dict[str, list[_Textbound]] = {"Content": [], "Source": [], "Cue": []}
        for role, tid in roles[1:]:  # the first item is the attribution's trigger
            if tid not in textbounds:
                raise GoldFormatError(
                    f"{path}, line {line_no}: role {role} refers to unknown {tid}"
                )
            base = role.rstrip("0123456789")
            if base in by_role:
                by_role[base].append(textbounds[tid])
        content = by_role["Content"]
        if not content:
            logger.debug("%s, line %d: attribution without content skipped", path, line_no)
            continue
        fragments = tuple(f for part in content for f in part.fragments)
        text, start, end = _join(content)
        mention, speaker_start, speaker_end = _join(by_role["Source"])
        cue, cue_start, cue_end = _join(by_role["Cue"])
        quotes.append(
            GoldQuote(
                article_id=article_id,
                kind=None,
                text=text or "",
                start=start or 0,
                end=end or 0,
                speaker=None,
                speaker_mention=mention,
                speaker_start=speaker_start,
                speaker_end=speaker_end,
                cue=cue,
                cue_start=cue_start,
                cue_end=cue_end,
                fragments=fragments if len(fragments) > 1 else (),
            )
        )
    return _sorted_quotes(quotes)


def _load_polnear(folder: Path) -> dict[str, list[GoldQuote]]:
    ann_dir = folder if folder.name == "attributions" else folder / "attributions"
    annotations: dict[str, dict[str, Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        match = _POLNEAR_ANN.match(ann.name)
        stem, annotator = (match["stem"], match["annotator"]) if match else (ann.stem, "")
        annotations.setdefault(stem, {})[annotator] = ann
    if not annotations:
        raise GoldFormatError(f"{ann_dir}: no .ann files found")
    gold = {}
    for article_id, by_annotator in sorted(annotations.items()):
        annotator = min(by_annotator)
        if len(by_annotator) > 1:
            logger.debug(
                "%s: annotated by %s; using %s", article_id, sorted(by_annotator), annotator
            )
        gold[article_id] = _polnear_article(by_annotator[annotator], article_id)
    return gold


# --- scoring ---------------------------------------------------------------------------------


def _value(x: Any) -> Any:
    """A frame cell as a plain Python value, None for missing."""
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return None
    if isinstance(x, np.integer):
        return int(x)
    return x


@dataclass(frozen=True)
class _Pred:
    start: int
    end: int
    kind: str | None
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None


def _predictions(pred: pd.DataFrame) -> dict[str, list[_Pred]]:
    missing = [c for c in REQUIRED_COLUMNS if c not in pred.columns]
    if missing:
        raise ValueError(f"predicted quotes lack the columns {missing}; pass the quotes table")

    def column(name: str) -> list[Any]:
        if name not in pred.columns:
            return [None] * len(pred)
        return [_value(x) for x in pred[name].astype(object)]

    names = ["article_id", "start", "end", "kind", "speaker", "speaker_start", "speaker_end"]
    cols = [column(name) for name in names]
    quote_ids = column("quote_id")
    by_article: dict[str, list[tuple[tuple, _Pred]]] = {}
    for article_id, start, end, kind, speaker, s_start, s_end, quote_id in zip(
        *cols, quote_ids, strict=True
    ):
        if article_id is None or start is None or end is None:
            raise ValueError(f"predicted quote {quote_id!r} has no article_id, start or end")
        quote = _Pred(int(start), int(end), kind, speaker, _int(s_start), _int(s_end))
        key = (quote.start, quote.end, "" if quote_id is None else str(quote_id))
        by_article.setdefault(str(article_id), []).append((key, quote))
    return {a: [q for _, q in sorted(rows, key=lambda r: r[0])] for a, rows in by_article.items()}


def _int(x: Any) -> int | None:
    return None if x is None else int(x)


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _match(
    gold: Sequence[GoldQuote], preds: Sequence[_Pred], coverage: float
) -> list[tuple[int, int]]:
    """One-to-one matches (gold index, prediction index), greedy by shared characters."""
    if not gold or not preds:
        return []
    spans = [_merged(q.spans) for q in gold]
    sizes = [sum(b - a for a, b in s) for s in spans]
    g_start = np.array([s[0][0] for s in spans])
    g_end = np.array([s[-1][1] for s in spans])
    pairs = []
    for pi, p in enumerate(preds):
        for gi in np.flatnonzero((g_start < p.end) & (g_end > p.start)).tolist():
            shared = sum(max(0, min(b, p.end) - max(a, p.start)) for a, b in spans[gi])
            if shared and sizes[gi] and shared / sizes[gi] >= coverage:
                pairs.append((-shared, p.end - p.start, gi, pi))
    pairs.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matches = []
    for _, _, gi, pi in pairs:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            matches.append((gi, pi))
    return matches


def _mention_right(gold: GoldQuote, pred: _Pred) -> tuple[bool, bool]:
    """(overlaps, exact) for the speaker mention; a gold quote without a source is right when the
    prediction has no speaker mention either."""
    g_start, g_end = gold.speaker_start, gold.speaker_end
    p_start, p_end = pred.speaker_start, pred.speaker_end
    if g_start is None or g_end is None:
        none = p_start is None or p_end is None
        return none, none
    if p_start is None or p_end is None:
        return False, False
    return p_start < g_end and g_start < p_end, (p_start, p_end) == (g_start, g_end)


def score(
    gold: Mapping[str, Sequence[GoldQuote]],
    pred: pd.DataFrame,
    *,
    coverage: float,
    articles: Iterable[str] | None = None,
) -> Scores:
    """Score predicted quotes against gold quotes at one coverage level.

    Args:
        gold: Gold quotes by article id (from :func:`load_gold`).
        pred: Predicted quotes, a frame with the ``quotes`` table's columns; ``article_id``,
            ``start`` and ``end`` are required, missing optional columns count as unknown.
        coverage: The share of a gold quote's characters a prediction must cover to match it,
            in (0, 1].
        articles: The article ids to score; None scores every gold article. Ids without gold
            are ignored, as are predictions in articles outside the scored set.

    Returns:
        The scores, with a per-article breakdown.

    Raises:
        ValueError: ``coverage`` is out of range, or ``pred`` lacks a required column.

    Notes:
        Matching follows ``gold/README.md``: candidate pairs are a gold and a predicted quote of
        the same article whose shared characters cover at least ``coverage`` of the gold quote
        (for a discontinuous gold quote, of its fragments); pairs are taken greedily, most
        shared characters first, then the shorter prediction, then gold and prediction order
        (by offset), each quote being matched at most once. Speaker accuracy
        (:func:`same_speaker`) is judged on matched quotes whose gold has a canonical speaker;
        the end-to-end figures count a quote as found only when it is matched and its speaker
        (canonical name, or mention overlap) is right.
    """
    if not 0 < coverage <= 1:
        raise ValueError(f"coverage must be in (0, 1], got {coverage}")
    scope = sorted(set(gold) if articles is None else set(articles) & set(gold))
    by_article = _predictions(pred)
    in_scope = set(scope)
    n_ignored = sum(len(p) for a, p in by_article.items() if a not in in_scope)
    if n_ignored:
        logger.info("%d predicted quotes are in articles that are not scored", n_ignored)

    has_speakers = any(q.speaker is not None for a in scope for q in gold[a])
    kind_gold: dict[str, int] = {}
    kind_tp: dict[str, int] = {}
    n_gold = n_pred = tp = 0
    kind_n = kind_right = speaker_n = speaker_right = 0
    mention_right = mention_exact = 0
    per_article = []
    for article_id in scope:
        gold_quotes, preds = gold[article_id], by_article.get(article_id, [])
        matches = _match(gold_quotes, preds, coverage)
        a_speaker = a_mention = 0
        for gi, pi in matches:
            g, p = gold_quotes[gi], preds[pi]
            if g.kind is not None:
                kind_n += 1
                kind_right += p.kind == g.kind
                kind_tp[g.kind] = kind_tp.get(g.kind, 0) + 1
            if g.speaker is not None:
                speaker_n += 1
                right = same_speaker(p.speaker, g.speaker)
                speaker_right += right
                a_speaker += right
            overlaps, exact = _mention_right(g, p)
            a_mention += overlaps
            mention_exact += exact
        for g in gold_quotes:
            if g.kind is not None:
                kind_gold[g.kind] = kind_gold.get(g.kind, 0) + 1
        mention_right += a_mention
        n_gold += len(gold_quotes)
        n_pred += len(preds)
        tp += len(matches)
        counts = Counts.of(len(gold_quotes), len(preds), len(matches))
        per_article.append(
            ArticleScores(
                article_id=article_id,
                n_gold=len(gold_quotes),
                n_pred=len(preds),
                tp=len(matches),
                speaker_right=a_speaker,
                mention_right=a_mention,
                precision=counts.precision,
                recall=counts.recall,
                f1=counts.f1,
                errors=len(gold_quotes) + len(preds) - 2 * len(matches),
            )
        )
    ordered_kinds = [k for k in KINDS if k in kind_gold] + sorted(set(kind_gold) - set(KINDS))
    return Scores(
        coverage=coverage,
        n_articles=len(scope),
        quotes=Counts.of(n_gold, n_pred, tp),
        recall_by_kind=tuple(
            KindRecall(k, kind_gold[k], kind_tp.get(k, 0), _ratio(kind_tp.get(k, 0), kind_gold[k]))
            for k in ordered_kinds
        ),
        kind=Accuracy.of(kind_n, kind_right),
        speaker=Accuracy.of(speaker_n, speaker_right) if has_speakers else None,
        end_to_end=Counts.of(n_gold, n_pred, speaker_right) if has_speakers else None,
        speaker_mention=Accuracy.of(tp, mention_right),
        speaker_mention_exact=Accuracy.of(tp, mention_exact),
        end_to_end_mention=Counts.of(n_gold, n_pred, mention_right),
        articles=tuple(per_article),
        n_pred_ignored=n_ignored,
    )


def _aligned(quotes: Iterable[GoldQuote], text: str) -> bool:
    """Whether ``text`` holds every gold statement at its gold offsets."""
    return all(" ".join(text[a:b] for a, b in q.spans) == q.text for q in quotes)


def evaluate(
    gold_path: str | os.PathLike,
    pred_dir: str | os.PathLike,
    *,
    coverages: Sequence[float] = DEFAULT_COVERAGES,
) -> EvalReport:
    """Score an extraction output folder against a gold set.

    Args:
        gold_path: A gold file or folder (see :func:`load_gold`).
        pred_dir: A folder written by an extraction run, holding the ``articles`` and
            ``quotes`` tables.
        coverages: The coverage levels to score at (see :func:`score`).

    Returns:
        The report, with one :class:`Scores` per coverage level.

    Raises:
        EvaluationError: no gold article can be scored: none is in the predictions'
            ``articles`` table, or none of their texts holds the gold statements at the gold
            offsets.

    Notes:
        Only articles present in both the gold and the predictions' ``articles`` table are
        scored. Gold articles missing from the predictions are listed in
        ``missing_articles`` and logged as a warning, as are articles whose predicted text
        differs from the gold text at the gold offsets (``misaligned_articles``): offsets into a
        different text cannot be compared.
    """
    gold_format, gold = load_gold(gold_path)
    articles = store.read_table(pred_dir, "articles")
    quotes = store.read_table(pred_dir, "quotes")
    texts: dict[str, str] = {}
    for article_id, text in zip(articles["article_id"], articles["text"], strict=True):
        texts.setdefault(str(article_id), str(text))
    present = sorted(set(gold) & set(texts))
    missing = sorted(set(gold) - set(texts))
    if not present:
        raise EvaluationError(
            f"none of the {len(gold)} gold articles of {gold_path} is in the articles table of "
            f"{pred_dir} ({len(texts)} articles; gold ids look like {sorted(gold)[:3]}, "
            f"predicted ids like {sorted(texts)[:3]}); run the extraction on the gold texts"
        )
    misaligned = [a for a in present if not _aligned(gold[a], texts[a])]
    scored = [a for a in present if a not in set(misaligned)]
    if not scored:
        raise EvaluationError(
            f"the texts of all {len(present)} shared articles in {pred_dir} differ from the "
            f"gold texts at the gold offsets (e.g. {misaligned[:3]}); extract the gold texts "
            "unchanged"
        )
    if missing:
        logger.warning(
            "%d of %d gold articles are missing from the predictions in %s and are not scored: %s",
            len(missing),
            len(gold),
            pred_dir,
            ", ".join(missing[:10]) + (" ..." if len(missing) > 10 else ""),
        )
    if misaligned:
        logger.warning(
            "%d articles in %s differ from the gold texts at the gold offsets and are not "
            "scored: %s",
            len(misaligned),
            pred_dir,
            ", ".join(misaligned[:10]) + (" ..." if len(misaligned) > 10 else ""),
        )
    return EvalReport(
        gold_path=str(gold_path),
        gold_format=gold_format,
        pred_dir=str(pred_dir),
        n_gold_articles=len(gold),
        n_pred_articles=len(texts),
        scored_articles=tuple(scored),
        missing_articles=tuple(missing),
        misaligned_articles=tuple(misaligned),
        n_extra_articles=len(set(texts) - set(gold)),
        scores=tuple(score(gold, quotes, coverage=c, articles=scored) for c in coverages),
    )


# --- reporting -------------------------------------------------------------------------------


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _acc(a: Accuracy | None) -> str:
    return "-" if a is None else f"{_fmt(a.accuracy)} ({a.right}/{a.n})"


def _id_list(ids: Sequence[str], limit: int = 10) -> str:
    return ", ".join(ids[:limit]) + (f" ... ({len(ids) - limit} more)" if len(ids) > limit else "")


def format_report(report: EvalReport, *, worst: int = 10) -> str:
    """The report as a plain-text table for the terminal.

    Args:
        report: The result of :func:`evaluate`.
        worst: How many of the worst articles (most missed plus spurious quotes, at the first
            coverage level) to list.

    Returns:
        The table, ending with a newline.
    """
    label_w, col_w = 36, 20
    lines = [
        f"Gold: {report.gold_path} ({report.gold_format})",
        f"Predictions: {report.pred_dir}",
        f"Articles: {report.n_gold_articles} in gold, {report.n_pred_articles} predicted, "
        f"{len(report.scored_articles)} scored",
    ]
    if report.missing_articles:
        lines.append(
            f"ERROR: {len(report.missing_articles)} gold articles are missing from the "
            f"predictions and were not scored: {_id_list(report.missing_articles)}"
        )
    if report.misaligned_articles:
        lines.append(
            f"ERROR: {len(report.misaligned_articles)} articles differ from the gold text at "
            f"the gold offsets and were not scored: {_id_list(report.misaligned_articles)}"
        )
    scores = report.scores

    def row(label: str, cells: Iterable[str]) -> str:
        return f"{label:<{label_w}}" + "".join(f"{c:>{col_w}}" for c in cells)

    lines.append("")
    lines.append(row("", (f"coverage >= {s.coverage:g}" for s in scores)))
    lines.append("Quotes")
    lines.append(row("  gold", (str(s.quotes.n_gold) for s in scores)))
    lines.append(row("  predicted", (str(s.quotes.n_pred) for s in scores)))
    lines.append(row("  matched", (str(s.quotes.tp) for s in scores)))
    lines.append(row("  precision", (_fmt(s.quotes.precision) for s in scores)))
    lines.append(row("  recall", (_fmt(s.quotes.recall) for s in scores)))
    lines.append(row("  F1", (_fmt(s.quotes.f1) for s in scores)))
    kinds = [k.kind for k in scores[0].recall_by_kind] if scores else []
    if kinds:
        lines.append("Recall by kind")
        for kind in kinds:
            first = scores[0].kind_recall(kind)
            label = f"  {kind} ({first.n_gold if first else 0})"
            cells = []
            for s in scores:
                k = s.kind_recall(kind)
                cells.append("-" if k is None else f"{_fmt(k.recall)} ({k.tp})")
            lines.append(row(label, cells))
    lines.append("Matched quotes")
    if any(s.speaker is not None for s in scores):
        lines.append(row("  speaker accuracy", (_acc(s.speaker) for s in scores)))
    lines.append(row("  speaker mention accuracy", (_acc(s.speaker_mention) for s in scores)))
    lines.append(row("  speaker mention exact", (_acc(s.speaker_mention_exact) for s in scores)))
    if kinds:
        lines.append(row("  kind accuracy", (_acc(s.kind) for s in scores)))
    lines.append("End to end (matched and speaker right)")
    if any(s.end_to_end is not None for s in scores):
        lines.append(
            row(
                "  F1, canonical speaker",
                (_fmt(s.end_to_end.f1 if s.end_to_end else None) for s in scores),
            )
        )
    lines.append(row("  F1, speaker mention", (_fmt(s.end_to_end_mention.f1) for s in scores)))
    if scores and worst > 0:
        worst_articles = scores[0].worst_articles(worst)
        if worst_articles:
            width = max(len("article"), *(len(a.article_id) for a in worst_articles))
            lines += [
                "",
                f"Worst articles at coverage >= {scores[0].coverage:g} "
                "(most missed plus spurious quotes):",
                f"  {'article':<{width}}  gold  pred  matched  recall  precision",
            ]
            lines += [
                f"  {a.article_id:<{width}}  {a.n_gold:>4}  {a.n_pred:>4}  {a.tp:>7}  "
                f"{_fmt(a.recall):>6}  {_fmt(a.precision):>9}"
                for a in worst_articles
            ]
    return "\n".join(lines) + "\n"


def _plain(obj: Any) -> Any:
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [_plain(x) for x in obj]
    if isinstance(obj, Mapping):
        return {str(k): _plain(v) for k, v in obj.items()}
    return obj


def report_to_dict(report: EvalReport) -> dict[str, Any]:
    """The report as plain JSON-able data (for ``--json`` output).

    Args:
        report: The result of :func:`evaluate`.

    Returns:
        Nested dicts and lists mirroring :class:`EvalReport`; undefined ratios are None.
    """
    return _plain(report)


__all__ = [
    "DEFAULT_COVERAGES",
    "KINDS",
    "Accuracy",
    "ArticleScores",
    "Counts",
    "EvalReport",
    "EvaluationError",
    "GoldFormatError",
    "GoldQuote",
    "KindRecall",
    "Scores",
    "evaluate",
    "format_report",
    "load_gold",
    "name_words",
    "report_to_dict",
    "same_speaker",
    "score",
]
