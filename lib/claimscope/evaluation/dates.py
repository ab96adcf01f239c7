"""Scoring date expressions against MEANTIME's TIMEX3 annotation.

MEANTIME (Minard et al. 2016, NewsReader) annotates 120 English Wikinews articles with TimeML
TIMEX3 time expressions over tokens, each document with its creation time. The scorer rebuilds
each text from the XML tokens (single spaces within a sentence, a line break between sentences),
keeps the character offsets of every token, runs the spaCy pipeline over all texts in one batch,
and compares :func:`claimscope.extract.dates.date_expressions` with the gold ``type="DATE"``
expressions, each document resolved against its own creation time.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from claimscope.extract.dates import DateExpression, date_expressions


class TimexGoldError(ValueError):
    """A MEANTIME folder or file is missing or malformed."""


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One gold TIMEX3 expression, with character offsets into the rebuilt text."""

    doc_id: str
    type: str  # DATE | TIME | DURATION | SET
    value: str
    text: str
    start: int
    end: int
    creation_time: bool = False  # the dateline: not scored for recall, not a false positive


@dataclass(frozen=True, slots=True)
class GoldDocument:
    doc_id: str
    text: str
    created: dt.date | None
    timexes: tuple[GoldTimex, ...]
    annotated_end: int = 0  # offset past the last annotated token: MEANTIME annotates a prefix


@dataclass(frozen=True, slots=True)
class TimexError:
    """One gold DATE expression that was missed or given a wrong value."""

    doc_id: str
    gold_text: str
    gold_value: str
    predicted_text: str | None
    predicted_value: str | None
    error_class: str


@dataclass
class GranularityScore:
    n_gold: int = 0
    found: int = 0  # overlapping prediction
    exact: int = 0
    correct: int = 0  # value right among the found


@dataclass
class TimexReport:
    """Span recall and value accuracy of DATE expressions against MEANTIME."""

    n_documents: int
    n_gold: int  # gold DATE expressions (creation times excluded)
    found_overlap: int
    found_exact: int
    value_correct: int  # among the overlapping ones
    n_predicted: int  # predicted points in time, in the annotated part of the texts
    predicted_in_gold: int  # of which overlap any gold TIMEX3 (DATE, TIME, DURATION, SET)
    by_granularity: dict[str, GranularityScore] = field(default_factory=dict)
    errors: list[TimexError] = field(default_factory=list)

    @property
    def recall_overlap(self) -> float:
        return self.found_overlap / self.n_gold if self.n_gold else 0.0

    @property
    def recall_exact(self) -> float:
        return self.found_exact / self.n_gold if self.n_gold else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.value_correct / self.found_overlap if self.found_overlap else 0.0

    @property
    def precision(self) -> float:
        return self.predicted_in_gold / self.n_predicted if self.n_predicted else 0.0

    def error_classes(self) -> Counter[str]:
        return Counter(e.error_class for e in self.errors)


# --- reading the gold --------------------------------------------------------------------------


def _parse_created(value: str | None) -> dt.date | None:
    if not value:
        return None
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2}).*", value.strip())
    if match:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    match = re.fullmatch(r"(\d{2})-(\d{2})-(\d{4})", value.strip())  # DD-MM-YYYY in one file
    if match:
        return dt.date(int(match[3]), int(match[2]), int(match[1]))
    return None


def read_meantime_document(path: str | Path) -> GoldDocument:
    """One MEANTIME CAT XML file as a rebuilt text with its TIMEX3 expressions.

    Args:
        path: An ``intra-doc_annotation/corpus_*/*.xml`` file.

    Returns:
        The text (tokens joined by single spaces, sentences by line breaks), the creation
        date (the TIMEX3 with ``functionInDocument="CREATION_TIME"``) and the TIMEX3
        expressions that cover tokens. The creation time's own expression (the dateline)
        is kept with ``creation_time=True``: it is metadata, so it is not scored for
        recall, and a prediction on it is not counted against precision.

    Raises:
        TimexGoldError: the file is not well-formed XML.
    """
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        raise TimexGoldError(f"{path}: not well-formed XML ({error})") from error
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    position = 0
    sentence = None
    for token in root.iter("token"):
        word = token.text or ""
        if parts:
            separator = "\n" if token.get("sentence") != sentence else " "
            parts.append(separator)
            position += 1
        sentence = token.get("sentence")
        offsets[token.get("t_id", "")] = (position, position + len(word))
        parts.append(word)
        position += len(word)
    text = "".join(parts)
    created = None
    timexes = []
    for timex in root.iter("TIMEX3"):
        creation_time = timex.get("functionInDocument") == "CREATION_TIME"
        if creation_time:
            created = _parse_created(timex.get("value"))
        anchors = [offsets[a.get("t_id", "")] for a in timex.findall("token_anchor")]
        anchors = [a for a in anchors if a]
        if not anchors:
            continue
        start = min(a[0] for a in anchors)
        end = max(a[1] for a in anchors)
        timexes.append(
            GoldTimex(
                root.get("doc_id", path.stem),
                timex.get("type", ""),
                timex.get("value", ""),
                text[start:end],
                start,
                end,
                creation_time,
            )
        )
    anchored = [offsets.get(a.get("t_id", "")) for a in root.iter("token_anchor")]
    annotated_end = max((a[1] for a in anchored if a), default=0)
    return GoldDocument(root.get("doc_id", path.stem), text, created, tuple(timexes), annotated_end)


def read_meantime(folder: str | Path) -> Iterator[GoldDocument]:
    """Every document of a MEANTIME folder (the folder holding ``intra-doc_annotation/``, or
    that folder itself), with creation dates from ``articles.jsonl`` where the XML has none.

    Raises:
        TimexGoldError: no XML files were found.
    """
    folder = Path(folder)
    base = folder / "intra-doc_annotation" if (folder / "intra-doc_annotation").is_dir() else folder
    files = sorted(base.glob("corpus_*/*.xml")) or sorted(base.glob("*.xml"))
    if not files:
        raise TimexGoldError(
            f"{folder}: no MEANTIME XML files (expected intra-doc_annotation/corpus_*/*.xml)"
        )
    dcts = _jsonl_dates(folder / "articles.jsonl")
    for path in files:
        document = read_meantime_document(path)
        if document.created is None and dcts.get(document.doc_id) is not None:
            document = GoldDocument(
                document.doc_id,
                document.text,
                dcts[document.doc_id],
                document.timexes,
                document.annotated_end,
            )
        yield document


def _jsonl_dates(path: Path) -> dict[str, dt.date | None]:
    if not path.is_file():
        return {}
    dates = {}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise TimexGoldError(f"{path}, line {number}: bad JSON ({error})") from error
            dates[str(record.get("doc_id"))] = _parse_created(record.get("dct"))
    return dates


# --- scoring -----------------------------------------------------------------------------------


def granularity_of(value: str) -> str:
    """Granularity of a TIMEX3 value: day, week, month, quarter, season, year, decade, ..."""
    patterns = (
        (r"\d{4}-\d{2}-\d{2}(T.*)?", "day"),
        (r"\d{4}-W\d{2}-WE", "weekend"),
        (r"\d{4}-W\d{2}", "week"),
        (r"\d{4}-\d{2}(-XX)?", "month"),
        (r"\d{4}-Q\d", "quarter"),
        (r"\d{4}-(SP|SU|FA|WI)", "season"),
        (r"\d{4}", "year"),
        (r"\d{3}X?", "decade"),
        (r"\d{2}(XX)?", "century"),
        (r"(PRESENT|PAST|FUTURE)_REF", "reference"),
        (r"P.*", "duration"),
    )
    for pattern, name in patterns:
        if re.fullmatch(pattern, value):
            return name
    return "other"


def same_value(predicted: str | None, gold: str) -> bool:
    """Whether two TIMEX3 values are equal, allowing the two spellings of decades and
    centuries (TimeML 1.2's ``197`` and ISO-TimeML's ``197X``)."""
    if predicted is None:
        return False

    def canonical(value: str) -> str:
        value = value.upper()
        if re.fullmatch(r"\d{3}X", value) or re.fullmatch(r"\d{2}XX", value):
            return value.rstrip("X")
        return value

    return canonical(predicted) == canonical(gold)


def _error_class(gold: GoldTimex, predicted: DateExpression | None) -> str:
    gold_granularity = granularity_of(gold.value)
    if predicted is None:
        return f"missed {gold_granularity}"
    if predicted.value is None:
        return f"{gold_granularity}: no value ({predicted.resolution})"
    predicted_granularity = granularity_of(predicted.value)
    if predicted_granularity != gold_granularity:
        return f"{gold_granularity} given as {predicted_granularity}"
    return f"{gold_granularity}: wrong {gold_granularity}"


def score_documents(
    documents: list[GoldDocument], predictions: list[list[DateExpression]]
) -> TimexReport:
    """Score predicted expressions against gold DATE expressions, document by document."""
    report = TimexReport(len(documents), 0, 0, 0, 0, 0, 0)
    for document, predicted in zip(documents, predictions, strict=True):
        points = [p for p in predicted if p.kind == "point" and p.start < document.annotated_end]
        report.n_predicted += len(points)
        report.predicted_in_gold += sum(
            any(min(p.end, g.end) > max(p.start, g.start) for g in document.timexes) for p in points
        )
        for gold in document.timexes:
            if gold.type != "DATE" or gold.creation_time:
                continue
            granularity = report.by_granularity.setdefault(
                granularity_of(gold.value), GranularityScore()
            )
            report.n_gold += 1
            granularity.n_gold += 1
            overlapping = [p for p in predicted if min(p.end, gold.end) > max(p.start, gold.start)]
            if not overlapping:
                report.errors.append(
                    TimexError(
                        document.doc_id, gold.text, gold.value, None, None, _error_class(gold, None)
                    )
                )
                continue
            best = max(overlapping, key=lambda p: min(p.end, gold.end) - max(p.start, gold.start))
            report.found_overlap += 1
            granularity.found += 1
            if (best.start, best.end) == (gold.start, gold.end):
                report.found_exact += 1
                granularity.exact += 1
            if same_value(best.value, gold.value):
                report.value_correct += 1
                granularity.correct += 1
            else:
                report.errors.append(
                    TimexError(
                        document.doc_id,
                        gold.text,
                        gold.value,
                        best.text,
                        best.value,
                        _error_class(gold, best),
                    )
                )
    return report


def evaluate_meantime(folder: str | Path, *, nlp: Language | None = None) -> TimexReport:
    """Span recall and value accuracy of date expressions on MEANTIME.

    Args:
        folder: The MEANTIME folder (``../shared/gold/meantime``).
        nlp: A loaded pipeline; claimscope's default (:func:`claimscope.nlp.model.load_model`)
            when None.

    Returns:
        A :class:`TimexReport`: a gold DATE expression is found when a predicted expression
        overlaps it (``recall_overlap``) or has its exact offsets (``recall_exact``); the
        value is right when the best-overlapping prediction has the gold TIMEX3 value.

    Notes:
        Each document is resolved against its own creation time; two documents without one
        are resolved without a publication date, so their relative expressions count as
        wrong. Gold values that depend on context (PAST_REF, anaphoric "the day") are scored
        like any other.
    """
    if nlp is None:
        from claimscope.nlp.model import load_model

        nlp = load_model()
    documents = list(read_meantime(folder))
    docs = nlp.pipe(d.text for d in documents)
    predictions = [
        list(date_expressions(doc, published=document.created))
        for document, doc in zip(documents, docs, strict=True)
    ]
    return score_documents(documents, predictions)


def format_timex_report(report: TimexReport, *, n_errors: int = 12) -> str:
    """The report as plain text: overall figures, figures by granularity, worst error classes.

    Args:
        report: A :class:`TimexReport`.
        n_errors: How many error classes to list, most frequent first.
    """
    lines = [
        f"MEANTIME TIMEX3 DATE expressions: {report.n_gold} in {report.n_documents} documents",
        f"  span recall, overlap  {report.recall_overlap:.3f} ({report.found_overlap})",
        f"  span recall, exact    {report.recall_exact:.3f} ({report.found_exact})",
        f"  value accuracy        {report.value_accuracy:.3f} "
        f"({report.value_correct}/{report.found_overlap} found)",
        f"  precision (predicted points overlapping a gold TIMEX3, annotated part) "
        f"{report.precision:.3f} "
        f"({report.predicted_in_gold}/{report.n_predicted})",
        "",
        f"  {'granularity':<12}{'gold':>6}{'found':>8}{'exact':>8}{'value':>8}",
    ]
    for name, score in sorted(report.by_granularity.items(), key=lambda kv: -kv[1].n_gold):
        found = score.found / score.n_gold if score.n_gold else 0.0
        exact = score.exact / score.n_gold if score.n_gold else 0.0
        value = score.correct / score.found if score.found else 0.0
        lines.append(f"  {name:<12}{score.n_gold:>6}{found:>8.2f}{exact:>8.2f}{value:>8.2f}")
    lines += ["", "  worst error classes:"]
    for error_class, count in report.error_classes().most_common(n_errors):
        examples = [e for e in report.errors if e.error_class == error_class][:3]
        shown = "; ".join(
            f"{e.gold_text!r}={e.gold_value}"
            + (f" got {e.predicted_value}" if e.predicted_text is not None else "")
            for e in examples
        )
        lines.append(f"  {count:>4}  {error_class}  e.g. {shown}")
    return "\n".join(lines)


__all__ = [
    "GoldDocument",
    "GoldTimex",
    "TimexError",
    "TimexGoldError",
    "TimexReport",
    "evaluate_meantime",
    "format_timex_report",
    "granularity_of",
    "read_meantime",
    "read_meantime_document",
    "same_value",
    "score_documents",
]
