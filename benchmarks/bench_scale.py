"""Scale benchmark: extraction against the bare spaCy parse, workers, the cache and memory.

Every figure is a ratio of two timings taken side by side in this one run, so the noise of a
shared machine cancels out as far as it can. Run ``make bench`` (or ``--quick``).

The corpus is the Wikinews corpus in ``../shared/corpus/wikinews`` replicated to ``--articles``
articles: each copy gets a short distinct sentence appended, so every copy has its own id and
content hash and nothing is deduplicated or cached by accident.

``--only memory`` measures the peak memory figure alone.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from claimscope.run.pieces import split_pieces

ROOT = Path(__file__).resolve().parents[1]
WIKINEWS = ROOT.parent / "shared" / "corpus" / "wikinews"

RUN = """
import json, sys, time, resource
from claimscope.run.pipeline import extract_corpus
options = json.loads(sys.argv[3])
started = time.perf_counter()
summary = extract_corpus([sys.argv[1]], sys.argv[2], progress=False, **options)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "parsed": summary.n_parsed, "cached": summary.n_cached,
                  "articles": summary.n_articles, "peak_kib": peak, "children_kib": children}))
"""

PARSE = """
import csv, json, resource, sys, time
from claimscope.nlp.model import load_model
csv.field_size_limit(10**9)
with open(sys.argv[1], encoding="utf-8", newline="") as handle:
    texts = [row["text"] for row in csv.DictReader(handle)]
started = time.perf_counter()  # loading the model counts, as it does for the extraction
nlp = load_model(claimscope=sys.argv[2] == "1")
for _ in nlp.pipe(texts, batch_size=32):
    pass
print(json.dumps({"seconds": time.perf_counter() - started,
                  "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def wikinews_rows() -> list[dict]:
    csv.field_size_limit(10**9)
    rows = []
    for path in sorted(WIKINEWS.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


def write_corpus(path: Path, n: int, *, start: int = 0, max_chars: int | None = None) -> Path:
    """``n`` articles (copies ``start`` .. ``start + n``), each copy's text edited slightly."""
    rows = wikinews_rows()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "title", "date", "url", "text"])
        writer.writeheader()
        for i in range(start, start + n):
            row = rows[i % len(rows)]
            text = row["text"][:max_chars] if max_chars else row["text"]
            writer.writerow(
                {
                    "id": f"bench-{i:06d}",
                    "title": row["title"],
                    "date": row["date"],
                    "url": row["url"],
                    "text": f"{text}\n\nCopy {i // len(rows)} of this report was filed.",
                }
            )
    return path


def write_long_article(path: Path, chars: int, *, piece: int | None = None) -> Path:
    """The Wikinews texts one after the other, paragraphs kept, cut to ``chars`` characters,
    as one JSONL article, or as articles of at most ``piece`` characters each, cut where
    claimscope cuts a long article (:func:`claimscope.run.pieces.split_pieces`), so the same
    text can be timed both ways."""
    rows = wikinews_rows()
    text, i = "", 0
    while len(text) < chars:
        text += rows[i % len(rows)]["text"] + "\n\n"
        i += 1
    text = text[:chars]
    parts = [text] if piece is None else [part for _, part in split_pieces(text, piece)]
    with path.open("w", encoding="utf-8") as handle:
        for n, part in enumerate(parts):
            handle.write(json.dumps({"id": f"long-{n:05d}", "text": part}) + "\n")
    return path


LENGTHS = {"10 KB": 10_000, "100 KB": 100_000, "1 MB": 1_000_000, "5 MB": 5_000_000}


def length_figures(work: Path, names: list[str]) -> dict[str, object]:
    """Extraction time and peak memory of one article of each length in ``names``, and of the
    same text as articles of about 100 KB, each in a fresh process with no cache."""
    found: dict[str, object] = {}
    for name in names:
        chars = LENGTHS[name]
        one = extract(write_long_article(work / f"one-{chars}.jsonl", chars),
                      work / f"one-{chars}", cache=False)  # fmt: skip
        cut = extract(write_long_article(work / f"cut-{chars}.jsonl", chars, piece=100_000),
                      work / f"cut-{chars}", cache=False)  # fmt: skip
        found[name] = {
            "seconds": round(one["seconds"], 1),
            "peak_mib": round(one["peak_kib"] / 1024),
            "as_100kb_articles_s": round(cut["seconds"], 1),
            "as_100kb_articles_peak_mib": round(cut["peak_kib"] / 1024),
            "per_char_over_100kb_articles": round(one["seconds"] / cut["seconds"], 3),
        }
    return found


def length_lines(found: dict[str, dict]) -> list[str]:
    return [
        f"one article of {name}: {f['seconds']} s, peak {f['peak_mib']} MiB; the same text as "
        f"100 KB articles: {f['as_100kb_articles_s']} s, peak {f['as_100kb_articles_peak_mib']}"
        f" MiB; time per character {f['per_char_over_100kb_articles']} times"
        for name, f in found.items()
    ]


#: A copy of ``lib/`` taken when the benchmark starts, so that edits made to the working tree
#: while it runs neither change the code measured nor the cache fingerprint between runs.
FROZEN_LIB: Path | None = None


def _python(code: str, *args: str) -> dict:
    env = dict(os.environ)
    if FROZEN_LIB is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(FROZEN_LIB), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True, env=env
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def extract(corpus: Path, out: Path, **options) -> dict:
    return _python(RUN, str(corpus), str(out), json.dumps(options))


def parse(corpus: Path, *, claimscope_components: bool) -> dict:
    return _python(PARSE, str(corpus), "1" if claimscope_components else "0")


def memory_figures(work: Path, sizes: tuple[int, int]) -> dict[str, object]:
    """Peak memory of a cached 2-worker extraction of ``sizes`` articles cut to 300 characters.

    The peak is the larger of the main process's and the workers' (a worker's maximum also
    counts what the main process held when that worker was started as a fork of it).
    """
    peaks, main_peaks, worker_peaks = {}, {}, {}
    for size in sizes:
        short = write_corpus(work / f"short-{size}.csv", size, max_chars=300)
        result = extract(short, work / f"mem-{size}", cache=True, workers=2)
        main_peaks[size] = result["peak_kib"] / 1024
        worker_peaks[size] = result["children_kib"] / 1024
        peaks[size] = max(main_peaks[size], worker_peaks[size])
        if size != sizes[-1]:
            shutil.rmtree(work / f"mem-{size}", ignore_errors=True)
    small, large = sizes
    return {
        "peak_mib": {str(k): round(v) for k, v in peaks.items()},
        "peak_main_mib": {str(k): round(v) for k, v in main_peaks.items()},
        "peak_workers_mib": {str(k): round(v) for k, v in worker_peaks.items()},
        "memory_growth": peaks[large] / peaks[small],
    }


def memory_line(figures: dict, sizes: tuple[int, int]) -> str:
    small, large = sizes
    return (
        f"peak memory {small} -> {large} articles: {figures['peak_mib']} MiB, "
        f"x{figures['memory_growth']:.2f}   (target <= 1.20; 300-character articles, 2 workers; "
        f"main process {figures['peak_main_mib']}, workers {figures['peak_workers_mib']})"
    )


def report_figure(data: Path, work: Path) -> str:
    notebook = ROOT / "notebooks" / "20-corpus.ipynb"
    if not notebook.exists():
        return "not measured (notebooks/20-corpus.ipynb does not exist yet)"
    started = time.perf_counter()
    out = work / "reports"
    done = subprocess.run(
        [sys.executable, "-m", "claimscope", "report", "--data", str(data), "--out", str(out),
         "--max-articles", "0", "--max-speakers", "0", "-q"],
        capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        return f"failed after {seconds:.0f} s: {done.stderr.strip()[-300:]}"
    largest = max((p.stat().st_size for p in out.rglob("*.html")), default=0)
    return f"{seconds:.0f} s, largest page {largest / 1e6:.1f} MB (targets: < 120 s, < 5 MB)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller run (a few minutes)")
    parser.add_argument("--articles", type=int, help="articles in the main corpus")
    parser.add_argument(
        "--repeat", type=int, default=2, help="runs of the parse and of the extraction (best kept)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--only",
        choices=["memory", "length"],
        help="measure this figure only (length: one long article against the same text as "
        "100 KB articles, 10 KB to 5 MB; 1 MB at most with --quick)",
    )
    args = parser.parse_args(argv)
    if not WIKINEWS.is_dir():
        print(f"bench: the Wikinews corpus is not at {WIKINEWS}", file=sys.stderr)
        return 2
    n = args.articles or (300 if args.quick else 3000)
    n_workers = max(60, n // 5)
    memory_sizes = (1000, 5000) if args.quick else (1000, 30000)
    figures: dict[str, object] = {
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}",
        "articles": n,
    }
    work = Path(tempfile.mkdtemp(prefix="claimscope-bench-"))
    global FROZEN_LIB
    FROZEN_LIB = work / "lib"
    shutil.copytree(ROOT / "lib", FROZEN_LIB, ignore=shutil.ignore_patterns("__pycache__"))
    try:
        if args.only == "length":
            names = list(LENGTHS)[:3] if args.quick else list(LENGTHS)
            figures["length"] = length_figures(work, names)
            print("\n".join(length_lines(figures["length"])))
            if args.json:
                args.json.write_text(json.dumps(figures, indent=2, default=str))
            return 0
        if args.only == "memory":
            figures.update(memory_figures(work, memory_sizes))
            print(memory_line(figures, memory_sizes))
            if args.json:
                args.json.write_text(json.dumps(figures, indent=2, default=str))
            return 0
        corpus = write_corpus(work / "corpus.csv", n)
        print(f"corpus: {n} articles in {corpus}", file=sys.stderr)

        # parse and extraction alternate, and each keeps its fastest run: a slow spell of a
        # shared machine then weighs on neither
        bares, colds = [], []
        for i in range(args.repeat):
            bares.append(parse(corpus, claimscope_components=False))
            colds.append(extract(corpus, work / f"out-{i}", cache=True))
        cold = min(colds, key=lambda r: r["seconds"])
        parse_seconds = min(r["seconds"] for r in bares)
        shutil.copytree(work / f"out-{colds.index(cold)}", work / "out", symlinks=True)
        figures["parse_s"] = parse_seconds
        figures["cold_s"] = cold["seconds"]
        figures["extraction_over_parse"] = cold["seconds"] / parse_seconds
        figures["peak_parse_mib"] = min(r["peak_kib"] for r in bares) / 1024
        figures["peak_extraction_mib"] = cold["peak_kib"] / 1024
        figures["ratio_runs"] = [
            round(c["seconds"] / b["seconds"], 3) for b, c in zip(bares, colds, strict=True)
        ]

        warm = extract(corpus, work / "out", cache=True)
        assert warm["parsed"] == 0, warm
        figures["rerun_over_cold"] = warm["seconds"] / cold["seconds"]

        grown = work / "grown.csv"
        write_corpus(grown, n + n // 10)
        more = extract(grown, work / "out", cache=True)
        assert more["parsed"] == n // 10, more
        figures["plus_10pct_over_cold"] = more["seconds"] / cold["seconds"]

        subset = write_corpus(work / "subset.csv", n_workers)
        one = extract(subset, work / "w1", cache=False, workers=1)
        two = extract(subset, work / "w2", cache=False, workers=2)
        figures["workers_articles"] = n_workers
        figures["speedup_2_workers"] = one["seconds"] / two["seconds"]

        figures.update(memory_figures(work, memory_sizes))

        throughput = n / cold["seconds"]
        figures["articles_per_s_1_worker"] = throughput
        figures["projected_260k_hours_2_workers"] = (
            260_000 / (throughput * figures["speedup_2_workers"]) / 3600
        )
        # the corpus report (and the top entity's topic report) over the largest corpus
        figures["corpus_report_articles"] = memory_sizes[-1]
        figures["corpus_report"] = report_figure(work / f"mem-{memory_sizes[-1]}", work)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    lines = [
        f"machine: {figures['machine']}",
        f"corpus: {n} articles (Wikinews, replicated with distinct edits)",
        f"bare parse (nlp.pipe, 1 process): {figures['parse_s']:.1f} s; "
        f"extraction, cold, 1 worker: {figures['cold_s']:.1f} s",
        f"extraction / bare parse:         {figures['extraction_over_parse']:.3f}   "
        f"(target <= 1.15; fastest of each; run by run {figures['ratio_runs']})",
        f"peak memory, extraction / parse: "
        f"{figures['peak_extraction_mib'] / figures['peak_parse_mib']:.3f}   "
        f"({figures['peak_extraction_mib']:.0f} / {figures['peak_parse_mib']:.0f} MiB, 1 process)",
        f"2 workers / 1 worker speed-up:   {figures['speedup_2_workers']:.2f}    (target >= 1.7; "
        f"{n_workers} articles)",
        f"unchanged re-run / cold run:     {figures['rerun_over_cold']:.3f}   (target <= 0.05)",
        f"10% new articles / cold run:     {figures['plus_10pct_over_cold']:.3f}   (target ~0.10)",
        memory_line(figures, memory_sizes),
        f"throughput: {figures['articles_per_s_1_worker']:.2f} articles/s with 1 worker; "
        f"260,000 articles with 2 workers: {figures['projected_260k_hours_2_workers']:.1f} h",
        f"corpus report ({figures['corpus_report_articles']} articles): {figures['corpus_report']}",
    ]
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
