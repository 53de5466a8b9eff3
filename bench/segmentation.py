#!/usr/bin/env python
"""Segmentation accuracy on generated pages (the layout harness, ``archive/ingest/layouts``).

Usage: python bench/segmentation.py [--pages 500] [--seed 0] [--top 10] [--dump DIR]

Renders pages ``seed … seed+pages-1`` from invented reports in many layouts, reads each with
the importer's ``parse_page_text`` and prints the accuracy of every check kind, the overall
accuracy, pages per second, the machine, and the most common failure patterns with one
example each, then one JSON line with the numbers. ``--dump DIR`` also writes each page
(``page-SEED.txt``), its truth (``page-SEED.truth.json``) and what the importer read
(``page-SEED.read.txt``) for eyeballing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.ingest.layouts.render import render_page  # noqa: E402
from archive.ingest.layouts.run import HarnessTotals, read_page  # noqa: E402


def machine() -> str:
    return (
        f"{platform.machine()} {os.cpu_count()} cpu(s), {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.system()} {platform.release()}"
    )


def describe_reading(parsed) -> str:
    lines = []
    for page in parsed:
        lines.append(f"== page {page.label or '-'} {page.section} furniture={page.furniture}")
        for number, article in enumerate(page.articles, start=1):
            lines.append(
                f"[{number}] {article.kind} title={article.title!r} subtitle={article.subtitle!r}"
                f" byline={article.byline!r} credit={article.credit!r}"
                f" continues_from={article.continues_from!r}"
            )
            lines.extend(f"    {paragraph}" for paragraph in article.body.split("\n\n"))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--top", type=int, default=10, help="failure patterns to show")
    parser.add_argument("--dump", type=Path, help="write pages, truth and readings here")
    args = parser.parse_args(argv)
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)

    totals = HarnessTotals()
    render_seconds = read_seconds = 0.0
    for seed in range(args.seed, args.seed + args.pages):
        started = time.perf_counter()
        page = render_page(seed)
        rendered = time.perf_counter()
        parsed, score = read_page(page)
        read_seconds += time.perf_counter() - rendered
        render_seconds += rendered - started
        totals.add(seed, score)
        if args.dump:
            (args.dump / f"page-{seed}.txt").write_text(page.text, encoding="utf-8")
            (args.dump / f"page-{seed}.truth.json").write_text(
                page.truth.to_json(), encoding="utf-8"
            )
            failures = "".join(f"FAIL {c.kind}: {c.pattern}\n" for c in score.failures)
            (args.dump / f"page-{seed}.read.txt").write_text(
                failures + describe_reading(parsed), encoding="utf-8"
            )

    print(f"layout harness: {totals.pages} pages, seeds {args.seed}…{args.seed + args.pages - 1}")
    print(f"machine: {machine()}")
    print(f"{'check':<18}{'passed':>8}{'total':>8}{'accuracy':>10}")
    for kind, passed, total, accuracy in totals.table():
        print(f"{kind:<18}{passed:>8}{total:>8}{accuracy:>10.1%}")
    print(f"{'overall':<18}{'':>16}{totals.overall:>10.1%}")
    pages_per_second = totals.pages / read_seconds if read_seconds else 0.0
    print(
        f"speed: {pages_per_second:.1f} pages/s read (parse + score), "
        f"rendering {render_seconds:.2f} s in all"
    )
    print(f"\ntop {args.top} failure patterns (count, pattern, first example):")
    for pattern, count in totals.patterns.most_common(args.top):
        print(f"{count:>6}  {pattern}\n        {totals.examples[pattern]}")
    summary = {
        "pages": totals.pages,
        "seed": args.seed,
        "overall": round(totals.overall, 4),
        "accuracy": {kind: round(acc, 4) for kind, _p, _t, acc in totals.table()},
        "pages_per_second": round(pages_per_second, 1),
        "machine": machine(),
    }
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
