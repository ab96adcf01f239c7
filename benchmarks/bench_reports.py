"""Report benchmark: how long ``claimscope report`` takes a page and how heavy the site is.

Builds the report site of a folder of extracted tables (as ``claimscope report`` does, in this
process) into a temporary folder, or ``--out``, and prints:

* pages written and failed;
* seconds per page: the whole build (kernel start, shared assets and index included) divided
  by the number of pages, and the steady cost of a page (the time between the first and the
  last page written, divided by the pages in between);
* bytes per page (median and largest, the shared assets apart), the shared assets, the charts'
  data and the whole site.

Examples::

    python benchmarks/bench_reports.py build/sample --topic "North Korea"
    python benchmarks/bench_reports.py /path/to/extraction --max-articles 50
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="folder with extracted tables")
    parser.add_argument("--out", type=Path, help="folder for the site (default: a temporary one)")
    parser.add_argument("--max-articles", type=int, default=None, help="default: every article")
    parser.add_argument("--max-speakers", type=int, default=10)
    parser.add_argument("--topic", action="append", dest="topics", metavar="X")
    parser.add_argument("--progress", action="store_true", help="show the progress bar")
    args = parser.parse_args()

    started = time.perf_counter()
    from claimscope.present.bundles import ASSETS_DIR
    from claimscope.present.site import build_reports

    imported = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="claimscope-bench-reports-") as tmp:
        out = args.out or Path(tmp) / "site"
        summary = build_reports(
            args.data,
            out,
            max_articles=args.max_articles,
            max_speakers=args.max_speakers,
            topics=args.topics,
            progress=args.progress,
        )
        built = time.perf_counter()
        pages = [e.html for e in summary.entries if e.html is not None]
        sizes = sorted(p.stat().st_size for p in pages)
        written = sorted(p.stat().st_mtime for p in pages)
        steady = (written[-1] - written[0]) / (len(written) - 1) if len(written) > 1 else None
        n = len(summary.entries)
        assets = folder_size(out / ASSETS_DIR)
        charts = folder_size(out / "charts") if (out / "charts").exists() else 0
        total = folder_size(out)

        print(f"data                 {Path(args.data).resolve()}")
        print(f"pages                {n} ({summary.n_failed} failed, {summary.n_skipped} "
              "articles without a page)")  # fmt: skip
        print(f"build                {built - imported:.1f} s ({imported - started:.1f} s imports)")
        print(f"seconds per page     {(built - imported) / n:.2f} (whole build / pages)")
        if steady is not None:
            print(f"steady s per page    {steady:.2f} (first to last page written)")
        print(f"bytes per page       median {int(statistics.median(sizes)):,}, largest {sizes[-1]:,}")
        print(f"shared assets        {assets:,} bytes")
        print(f"charts' data         {charts:,} bytes")
        print(f"site                 {total:,} bytes")


if __name__ == "__main__":
    main()
