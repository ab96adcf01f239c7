"""Tests of the scorer: matching, speaker rules, gold loaders and the report."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from claimscope.evaluation.gold import GoldFormatError, GoldQuote, load_gold
from claimscope.evaluation.matching import name_words, same_speaker
from claimscope.evaluation.quotes import EvaluationError, evaluate, score
from claimscope.evaluation.report import format_report, report_to_dict
from claimscope.run import store

SHARED = Path(__file__).resolve().parents[3] / "shared"
GOLD = SHARED / "gold"
needs_gold = pytest.mark.skipif(not GOLD.is_dir(), reason=f"gold data not found at {GOLD}")


def gold_quote(start: int, end: int, **kw) -> GoldQuote:
    """A gold quote in article "a" whose text is a placeholder of the right length."""
    kw.setdefault("article_id", "a")
    kw.setdefault("kind", "indirect")
    kw.setdefault("text", "x" * (end - start))
    return GoldQuote(start=start, end=end, **kw)


def pred_frame(rows: list[dict]) -> pd.DataFrame:
    """A predicted quotes frame from partial rows (article "a" unless given)."""
    full = []
    for i, row in enumerate(rows):
        row = {"article_id": "a", "kind": "indirect", **row}
        row.setdefault("quote_id", f"{row['article_id']}-{i}")
        full.append(row)
    columns = ["article_id", "quote_id", "kind", "start", "end", "speaker"]
    columns += ["speaker_start", "speaker_end"]
    return pd.DataFrame(full, columns=columns)


def frame_from_gold(gold: dict[str, list[GoldQuote]]) -> pd.DataFrame:
    """A predicted quotes frame that repeats the gold exactly."""
    rows = [
        {
            "article_id": q.article_id,
            "quote_id": f"{q.article_id}-{i}",
            "kind": q.kind,
            "start": q.start,
            "end": q.end,
            "speaker": q.speaker,
            "speaker_start": q.speaker_start,
            "speaker_end": q.speaker_end,
        }
        for quotes in gold.values()
        for i, q in enumerate(quotes)
    ]
    return pred_frame(rows)


# --- matching --------------------------------------------------------------------------------


def test_exact_match_scores_one():
    gold = {"a": [gold_quote(10, 50, speaker="Ann Lee")]}
    scores = score(gold, pred_frame([{"start": 10, "end": 50, "speaker": "Lee"}]), coverage=0.8)
    assert (scores.quotes.n_gold, scores.quotes.n_pred, scores.quotes.tp) == (1, 1, 1)
    assert scores.quotes.precision == scores.quotes.recall == scores.quotes.f1 == 1.0
    assert scores.speaker.accuracy == 1.0


@pytest.mark.parametrize(
    ("pred_span", "coverage", "matched"),
    [
        ((0, 30), 0.3, True),  # exactly 30% of the gold quote
        ((0, 29), 0.3, False),
        ((0, 30), 0.8, False),
        ((20, 100), 0.8, True),  # exactly 80%
        ((21, 100), 0.8, False),
        ((-50, 150), 0.8, True),  # a longer prediction covers all of the gold quote
        ((100, 140), 0.3, False),  # adjacent, no shared character
    ],
)
def test_coverage_boundary(pred_span, coverage, matched):
    gold = {"a": [gold_quote(0, 100)]}
    start, end = pred_span
    scores = score(gold, pred_frame([{"start": max(start, 0), "end": end}]), coverage=coverage)
    assert scores.quotes.tp == int(matched)


def test_two_predictions_on_one_gold_quote_give_one_tp_one_fp():
    gold = {"a": [gold_quote(0, 100, speaker="Ann Lee")]}
    pred = pred_frame(
        [
            {"start": 0, "end": 40, "speaker": "Bob Ray"},
            {"start": 40, "end": 100, "speaker": "Ann Lee"},  # larger overlap: this one matches
        ]
    )
    scores = score(gold, pred, coverage=0.3)
    assert (scores.quotes.tp, scores.quotes.n_pred) == (1, 2)
    assert scores.quotes.precision == 0.5
    assert scores.quotes.recall == 1.0
    assert scores.speaker.right == 1


def test_greedy_matching_is_one_to_one_across_gold_quotes():
    # One long prediction overlaps two gold quotes; it goes to the larger overlap, and the
    # second prediction still matches the other gold quote.
    gold = {"a": [gold_quote(0, 40), gold_quote(50, 150)]}
    pred = pred_frame([{"start": 0, "end": 150}, {"start": 0, "end": 40}])
    scores = score(gold, pred, coverage=0.3)
    assert scores.quotes.tp == 2


def test_equal_overlap_prefers_the_tighter_prediction():
    gold = {"a": [gold_quote(0, 10, speaker="Ann Lee")]}
    pred = pred_frame(
        [
            {"start": 0, "end": 60, "speaker": "Bob Ray"},
            {"start": 0, "end": 10, "speaker": "Ann Lee"},
        ]
    )
    assert score(gold, pred, coverage=0.8).speaker.right == 1


def test_discontinuous_gold_quote_coverage_counts_fragments():
    # Fragments 0..40 and 60..100: 80 characters; the gap is not part of the quote.
    quote = gold_quote(0, 100, text="y" * 81, fragments=((0, 40), (60, 100)))
    gold = {"a": [quote]}
    assert score(gold, pred_frame([{"start": 0, "end": 40}]), coverage=0.5).quotes.tp == 1
    assert score(gold, pred_frame([{"start": 0, "end": 40}]), coverage=0.8).quotes.tp == 0
    assert score(gold, pred_frame([{"start": 0, "end": 100}]), coverage=1.0).quotes.tp == 1


def test_articles_scope_and_empty_gold_articles():
    gold = {"a": [gold_quote(0, 10)], "b": [gold_quote(0, 10, article_id="b")], "c": []}
    pred = pred_frame(
        [
            {"start": 0, "end": 10},
            {"article_id": "c", "start": 0, "end": 10},  # gold article without quotes: FP
            {"article_id": "z", "start": 0, "end": 10},  # no gold: ignored
        ]
    )
    scores = score(gold, pred, coverage=0.8)
    assert (scores.quotes.n_gold, scores.quotes.n_pred, scores.quotes.tp) == (2, 2, 1)
    assert scores.n_pred_ignored == 1
    scoped = score(gold, pred, coverage=0.8, articles={"a", "z"})
    assert (scoped.n_articles, scoped.quotes.f1) == (1, 1.0)
    worst = [a.article_id for a in scores.worst_articles()]
    assert worst == ["b", "c"]


def test_bad_arguments_raise():
    gold = {"a": [gold_quote(0, 10)]}
    with pytest.raises(ValueError, match="coverage"):
        score(gold, pred_frame([]), coverage=0)
    with pytest.raises(ValueError, match="start"):
        score(gold, pd.DataFrame({"article_id": ["a"], "end": [3]}), coverage=0.3)


# --- speakers, kinds, end to end -------------------------------------------------------------


@pytest.mark.parametrize(
    ("predicted", "gold", "right"),
    [
        ("Putin", "Vladimir Putin", True),
        ("Vladimir Putin", "Putin", True),
        ("Vladimir", "Vladimir Putin", False),
        ("State Department", "The U.S. State Department", True),
        ("US State Department", "The U.S. State Department", True),
        ("the emergencies ministry", "The Emergencies Ministry", True),
        ("Kartapolov", "Andrey Kartapolov", True),
        ("Andrey Kartapolov", "Valery Gerasimov", False),
        ("Donald Trump Jr.", "Donald Trump", False),
        ("Trump", "Donald Trump Jr.", False),
        ("Zelenskyy", "Volodymyr Zelenskyy", True),
        ("José Martí", "Jose Marti", True),
        ("he", "Donald Trump", False),
        (None, "X", False),
        ("", "X", False),
        ("The", "The", False),
    ],
)
def test_same_speaker(predicted, gold, right):
    assert same_speaker(predicted, gold) is right


def test_name_words_normalises():
    assert name_words("The U.S. State Department") == ("us", "state", "department")
    assert name_words("O'Brien-Smith") == ("obrien", "smith")
    assert name_words(None) == ()


def test_name_words_fold_accents_and_case():
    assert name_words("Recep Tayyip Erdoğan") == ("recep", "tayyip", "erdogan")
    assert name_words("JOSÉ Müller-Straße") == ("jose", "muller", "strasse")
    assert same_speaker("Erdogan", "Recep Tayyip Erdoğan")


def test_end_to_end_counts_only_matched_quotes_with_the_right_speaker():
    gold = {
        "a": [
            gold_quote(0, 10, speaker="Vladimir Putin"),
            gold_quote(20, 30, speaker="Donald Trump"),
            gold_quote(40, 50, speaker="Ann Lee"),
        ]
    }
    pred = pred_frame(
        [
            {"start": 0, "end": 10, "speaker": "Putin"},
            {"start": 20, "end": 30, "speaker": "Vladimir"},
            {"start": 60, "end": 70, "speaker": "Ann Lee"},
        ]
    )
    scores = score(gold, pred, coverage=0.8)
    assert scores.quotes.tp == 2
    assert (scores.speaker.n, scores.speaker.right, scores.speaker.accuracy) == (2, 1, 0.5)
    assert scores.end_to_end.tp == 1
    assert scores.end_to_end.recall == pytest.approx(1 / 3)
    assert scores.end_to_end.precision == pytest.approx(1 / 3)


def test_unresolved_speaker_is_wrong():
    gold = {"a": [gold_quote(0, 10, speaker="Donald Trump")]}
    pred = pred_frame([{"start": 0, "end": 10, "speaker": None}])
    scores = score(gold, pred, coverage=0.8)
    assert (scores.speaker.accuracy, scores.end_to_end.tp) == (0.0, 0)


def test_speaker_mention_overlap_and_exact():
    gold = {
        "a": [
            gold_quote(0, 10, speaker_start=20, speaker_end=30),
            gold_quote(40, 50, speaker_start=60, speaker_end=70),
            gold_quote(80, 90, speaker_start=100, speaker_end=110),
            gold_quote(120, 130),  # no source (PolNeAR "Attribution-no-source")
        ]
    }
    pred = pred_frame(
        [
            {"start": 0, "end": 10, "speaker_start": 20, "speaker_end": 30},  # exact
            {"start": 40, "end": 50, "speaker_start": 65, "speaker_end": 80},  # overlaps
            {"start": 80, "end": 90, "speaker_start": 110, "speaker_end": 115},  # touches only
            {"start": 120, "end": 130},  # no mention either: right
        ]
    )
    scores = score(gold, pred, coverage=0.8)
    assert (scores.speaker_mention.n, scores.speaker_mention.right) == (4, 3)
    assert scores.speaker_mention_exact.right == 2
    assert scores.end_to_end_mention.tp == 3
    assert scores.speaker is None and scores.end_to_end is None  # no canonical speakers


def test_recall_and_accuracy_by_kind():
    gold = {
        "a": [
            gold_quote(0, 10, kind="direct"),
            gold_quote(20, 30, kind="direct"),
            gold_quote(40, 50, kind="indirect"),
            gold_quote(60, 70, kind="mixed"),
        ]
    }
    pred = pred_frame(
        [
            {"start": 0, "end": 10, "kind": "direct"},
            {"start": 40, "end": 50, "kind": "mixed"},
            {"start": 60, "end": 70, "kind": "mixed"},
        ]
    )
    scores = score(gold, pred, coverage=0.8)
    recall = {k.kind: (k.n_gold, k.tp, k.recall) for k in scores.recall_by_kind}
    assert recall == {"direct": (2, 1, 0.5), "indirect": (1, 1, 1.0), "mixed": (1, 1, 1.0)}
    assert [k.kind for k in scores.recall_by_kind] == ["direct", "indirect", "mixed"]
    assert (scores.kind.n, scores.kind.right) == (3, 2)


# --- loaders ---------------------------------------------------------------------------------


def write_brat_split(root: Path) -> None:
    """A two-article PolNeAR-like split with a double annotation and brat's corner cases."""
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    text = 'Ann Lee said "we will win\n\nthis race," and "soon." Rain fell.'
    (root / "text" / "one.txt").write_text(text, encoding="utf-8")
    first = text.index('"we')
    second = text.index('"soon')
    ann = [
        "T1\tSource 0 7\tAnn Lee",
        "T2\tCue 8 12\tsaid",
        f"T3\tContent {first} {first + 25}\t{text[first : first + 25]}",  # spans a blank line
        f"T4\tContent {second} {second + 7}\t{text[second : second + 7]}",
        "T5\tAttribution 8 12\tsaid",
        "E1\tAttribution:T5 Cue:T2 Source:T1 Content:T3 Content2:T4",
        "T6\tDiscuss 51 61\tRain fell.",
        "#1\tAnnotatorNotes T6\tnot an attribution",
        "",
    ]
    (root / "attributions" / "one_ab12.ann").write_text("\n".join(ann), encoding="utf-8")
    (root / "text" / "two.txt").write_text("It rained, he felt.", encoding="utf-8")
    later = ["T1\tContent 0 9\tIt rained", "T2\tCue 14 18\tfelt", "T3\tSource 11 13\the"]
    later.append("T4\tAttribution 14 18\tfelt\nE1\tAttribution:T4 Content:T1 Cue:T2 Source:T3\n")
    (root / "attributions" / "two_ff00.ann").write_text("\n".join(later), encoding="utf-8")
    no_source = "T1\tContent 0 9\tIt rained\nT2\tCue 14 18\tfelt\nT3\tAttribution-no-source"
    no_source += " 14 18\tfelt\nE1\tAttribution-no-source:T3 Content:T1 Cue:T2\n"
    (root / "attributions" / "two_0a00.ann").write_text(no_source, encoding="utf-8")


def test_load_brat_standoff(tmp_path):
    write_brat_split(tmp_path / "dev")
    fmt, gold = load_gold(tmp_path / "dev")
    assert fmt == "polnear"
    assert load_gold(tmp_path / "dev" / "attributions") == (fmt, gold)
    (quote,) = gold["one"]
    text = (tmp_path / "dev" / "text" / "one.txt").read_text(encoding="utf-8")
    assert " ".join(text[a:b] for a, b in quote.spans) == quote.text
    assert "\n\n" in quote.text
    assert len(quote.fragments) == 2
    assert (quote.start, quote.end) == (quote.fragments[0][0], quote.fragments[1][1])
    assert (quote.speaker_mention, quote.speaker, quote.kind, quote.cue) == (
        "Ann Lee",
        None,
        None,
        "said",
    )
    # "two" is annotated twice: the first annotator id in sorted order (0a00) is used.
    (only,) = gold["two"]
    assert only.speaker_start is None and only.speaker_mention is None


def test_load_gold_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_gold(tmp_path / "nothing.json")
    with pytest.raises(GoldFormatError, match=r"no gold\.json"):
        load_gold(tmp_path)
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"id": "a", "quotes": []}\n{"id": "b", "quotes": [{"text": "x"}]}\n')
    with pytest.raises(GoldFormatError, match="line 2"):
        load_gold(bad)
    ann = tmp_path / "x" / "attributions"
    ann.mkdir(parents=True)
    (ann / "one_ab12.ann").write_text("T1\tContent 0 4\tRain\nE1\tAttribution:T1 Content:T9\n")
    with pytest.raises(GoldFormatError, match="T9"):
        load_gold(ann)


@needs_gold
def test_seed_gold_loads_and_spans_hold():
    fmt, gold = load_gold(GOLD / "seed" / "gold.json")
    assert fmt == "json"
    assert list(gold) == ["north-korean-troops"]
    quotes = gold["north-korean-troops"]
    assert len(quotes) == 16
    text = (GOLD / "seed" / "north-korean-troops.txt").read_text(encoding="utf-8")
    for q in quotes:
        assert text[q.start : q.end] == q.text
        assert text[q.speaker_start : q.speaker_end] == q.speaker_mention
        assert text[q.cue_start : q.cue_end] == q.cue
        assert q.speaker


@needs_gold
def test_wikinews_gold_loads_and_spans_hold():
    fmt, gold = load_gold(GOLD / "wikinews-quotes" / "gold.jsonl")
    assert fmt == "jsonl"
    quotes = [q for qs in gold.values() for q in qs]
    assert len(gold) == 12
    assert len(quotes) == 187
    assert Counter(q.kind for q in quotes) == {"direct": 56, "indirect": 107, "mixed": 24}
    texts = {}
    with (GOLD / "wikinews-quotes" / "articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            texts[article["id"]] = article["text"]
    for q in quotes:
        assert texts[q.article_id][q.start : q.end] == q.text


@needs_gold
def test_polnear_dev_loads_and_spans_hold():
    dev = GOLD / "polnear" / "dev"
    fmt, gold = load_gold(dev)
    assert fmt == "polnear"
    assert set(gold) == {p.stem for p in (dev / "text").glob("*.txt")}
    quotes = [q for qs in gold.values() for q in qs]
    assert len(quotes) > 1000
    assert all(q.kind is None and q.speaker is None for q in quotes)
    assert any(len(q.spans) > 1 for q in quotes)
    assert any(q.speaker_start is None for q in quotes)  # attributions without a source
    for article_id, article_quotes in gold.items():
        text = (dev / "text" / f"{article_id}.txt").read_text(encoding="utf-8")
        for q in article_quotes:
            assert " ".join(text[a:b] for a, b in q.spans) == q.text, (article_id, q.start)
            if q.speaker_start is not None:  # dev has no discontinuous sources or cues
                assert text[q.speaker_start : q.speaker_end] == q.speaker_mention
            if q.cue_start is not None:
                assert text[q.cue_start : q.cue_end] == q.cue
    # Doubly annotated articles use the first annotator in sorted order.
    by_article: dict[str, list[Path]] = {}
    for ann in (dev / "attributions").glob("*.ann"):
        by_article.setdefault(ann.stem[:-5], []).append(ann)
    doubles = {a: sorted(files) for a, files in by_article.items() if len(files) > 1}
    assert doubles
    for article_id, files in doubles.items():
        events = re.findall(r"^E\d+\t.*Content:", files[0].read_text(encoding="utf-8"), re.M)
        assert len(gold[article_id]) == len(events)


@needs_gold
@pytest.mark.parametrize(
    "name", ["seed/gold.json", "wikinews-quotes/gold.jsonl", "wikinews-quotes", "polnear/dev"]
)
def test_gold_scored_against_itself_is_perfect(name):
    _, gold = load_gold(GOLD / name)
    for coverage in (0.3, 0.8, 1.0):
        scores = score(gold, frame_from_gold(gold), coverage=coverage)
        assert scores.quotes.f1 == 1.0
        assert scores.speaker_mention.accuracy == 1.0
        assert scores.speaker_mention_exact.accuracy == 1.0
        assert scores.end_to_end_mention.f1 == 1.0
        if name != "polnear/dev":
            assert scores.speaker.accuracy == 1.0
            assert scores.end_to_end.f1 == 1.0
            assert scores.kind.accuracy == 1.0
            assert all(k.recall == 1.0 for k in scores.recall_by_kind)


# --- evaluate and the report -----------------------------------------------------------------


def write_predictions(folder: Path, texts: dict[str, str], quotes: pd.DataFrame) -> None:
    """An extraction output folder with the given article texts and quotes."""
    articles = pd.DataFrame(
        {
            "article_id": list(texts),
            "title": None,
            "date": None,
            "outlet": None,
            "url": None,
            "source": [f"{a}.txt" for a in texts],
            "source_line": None,
            "n_chars": [len(t) for t in texts.values()],
            "content_hash": [hashlib.sha1(t.encode()).hexdigest() for t in texts.values()],
            "text": list(texts.values()),
        }
    )
    full = quotes.reset_index(drop=True).assign(
        text=[
            texts[a][s:e]
            for a, s, e in zip(quotes.article_id, quotes.start, quotes.end, strict=True)
        ],
        cue=None,
        cue_start=None,
        cue_end=None,
        cue_lemma=None,
        stance=None,
        speaker_mention=None,
        speaker_type=None,
        confidence=1.0,
    )
    store.write_tables({"articles": articles, "quotes": full}, folder, formats=("csv",))


@needs_gold
def test_evaluate_reports_missing_and_misaligned_articles(tmp_path, caplog):
    gold_path = GOLD / "wikinews-quotes" / "gold.jsonl"
    _, gold = load_gold(gold_path)
    texts = {}
    with (GOLD / "wikinews-quotes" / "articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            texts[article["id"]] = article["text"]
    ids = sorted(texts)
    kept, dropped, changed = ids[2:], ids[:1], ids[1]
    texts = {a: texts[a] for a in [*kept, changed]}
    texts[changed] = "  " + texts[changed]  # offsets no longer fit
    pred = frame_from_gold({a: gold[a] for a in kept})
    write_predictions(tmp_path, texts, pred)
    with caplog.at_level(logging.WARNING, logger="claimscope.evaluation.quotes"):
        report = evaluate(gold_path, tmp_path)
    assert report.missing_articles == tuple(dropped)
    assert report.misaligned_articles == (changed,)
    assert report.scored_articles == tuple(kept)
    assert "missing from the predictions" in caplog.text
    assert [s.coverage for s in report.scores] == [0.3, 0.8]
    for scores in report.scores:
        assert scores.quotes.f1 == 1.0
        assert scores.speaker.accuracy == 1.0
    table = format_report(report)
    assert "ERROR: 1 gold articles are missing" in table
    assert dropped[0] in table and changed in table
    assert "speaker mention accuracy" in table
    data = json.loads(json.dumps(report_to_dict(report)))
    assert data["missing_articles"] == dropped
    assert data["scores"][0]["quotes"]["f1"] == 1.0


@needs_gold
def test_evaluate_seed_with_partial_predictions(tmp_path):
    gold_path = GOLD / "seed" / "gold.json"
    _, gold = load_gold(gold_path)
    text = (GOLD / "seed" / "north-korean-troops.txt").read_text(encoding="utf-8")
    halves = {"north-korean-troops": gold["north-korean-troops"][::2]}
    write_predictions(tmp_path, {"north-korean-troops": text}, frame_from_gold(halves))
    report = evaluate(gold_path, tmp_path, coverages=(0.5,))
    (scores,) = report.scores
    assert (scores.quotes.tp, scores.quotes.n_gold, scores.quotes.precision) == (8, 16, 1.0)
    assert scores.quotes.recall == 0.5
    assert "north-korean-troops" in format_report(report)  # listed among the worst articles


def test_evaluate_without_shared_articles_raises(tmp_path):
    gold_file = tmp_path / "gold.jsonl"
    gold_file.write_text(json.dumps({"id": "a", "quotes": []}) + "\n", encoding="utf-8")
    write_predictions(tmp_path / "out", {"b": "Some text."}, pred_frame([]))
    with pytest.raises(EvaluationError, match="none of the 1 gold articles"):
        evaluate(gold_file, tmp_path / "out")


def test_second_wikinews_set_spans_match_the_corpus(tmp_path):
    """The second Wikinews set stores offsets, speakers and kinds against the shared corpus and
    no text of it; the texts filled in from the offsets are the gold the set is scored with."""
    from conftest import benchmark_module

    module = benchmark_module("eval_quotes")
    stored = [json.loads(line) for line in module.DEV.read_text(encoding="utf-8").splitlines()]
    assert not {"text", "speaker_mention", "cue"} & {
        k for a in stored for q in a["quotes"] for k in q
    }
    articles = module.dev_articles(tmp_path)
    fmt, gold = load_gold(tmp_path / "gold.jsonl")
    texts = {
        json.loads(line)["id"]: json.loads(line)["text"]
        for line in articles.read_text(encoding="utf-8").splitlines()
    }
    assert fmt == "jsonl" and len(gold) == 12
    for article_id, quotes in gold.items():
        for quote in quotes:
            text = texts[article_id]
            assert text[quote.start : quote.end] == quote.text
            if quote.speaker_start is not None:
                assert text[quote.speaker_start : quote.speaker_end] == quote.speaker_mention


# --- speaker precision, rules and the reliability of the confidence ----------------------------


def test_speaker_precision_judges_only_named_speakers():
    gold = {"a": [gold_quote(0, 10, speaker="Ann Lee"), gold_quote(20, 30, speaker="Bo Kim"),
                  gold_quote(40, 50, speaker="Cy Ray")]}  # fmt: skip
    pred = pred_frame([
        {"start": 0, "end": 10, "speaker": "Lee"},  # right
        {"start": 20, "end": 30, "speaker": "Ann Lee"},  # wrong
        {"start": 40, "end": 50, "speaker": None},  # unknown: no error of precision
    ])  # fmt: skip
    scores = score(gold, pred, coverage=0.3)
    assert (scores.speaker.right, scores.speaker.n) == (1, 3)
    assert (scores.speaker_precision.right, scores.speaker_precision.n) == (1, 2)
    assert scores.speaker_coverage == pytest.approx(2 / 3)


def test_scores_by_rule_and_by_confidence():
    gold = {"a": [gold_quote(0, 10, speaker="Ann Lee"), gold_quote(20, 30, speaker="Bo Kim")]}
    pred = pred_frame([
        {"start": 0, "end": 10, "speaker": "Ann Lee"},
        {"start": 20, "end": 30, "speaker": "Cy Ray"},
        {"start": 60, "end": 70, "speaker": "Cy Ray"},
    ]).assign(rule=["verb-complement", "continuation", "continuation"],
              confidence=[0.95, 0.85, 0.3])  # fmt: skip
    scores = score(gold, pred, coverage=0.3)
    by_rule = {r.rule: r for r in scores.rules}
    assert [r.rule for r in scores.rules] == ["continuation", "verb-complement"]  # most used
    assert (by_rule["continuation"].n_pred, by_rule["continuation"].tp) == (2, 1)
    assert by_rule["continuation"].precision == 0.5 and by_rule["continuation"].recall == 0.5
    assert by_rule["continuation"].speaker.accuracy == 0.0
    assert by_rule["verb-complement"].speaker.accuracy == 1.0
    bins = {(b.low, b.high): b for b in scores.reliability}
    assert (bins[(0.0, 0.5)].n_pred, bins[(0.0, 0.5)].tp) == (1, 0)
    assert (bins[(0.8, 0.9)].speaker.n, bins[(0.8, 0.9)].speaker.right) == (1, 0)
    assert (bins[(0.9, 1.0)].speaker.n, bins[(0.9, 1.0)].speaker.right) == (1, 1)
    report = format_report_of(scores)
    assert "By rule at coverage >= 0.3" in report and "Reliability of the confidence" in report


def format_report_of(scores) -> str:
    from claimscope.evaluation.quotes import EvalReport

    report = EvalReport("g", "jsonl", "p", 1, 1, ("a",), (), (), 0, (scores,))
    return format_report(report)
