#!/usr/bin/env python
"""Segmentation accuracy on generated pages (the layout harness, ``archive/ingest/layouts``).

Usage: python bench/segmentation.py [--pages 500] [--seed 0] [--top 10] [--examples 1]
                                    [--dump DIR] [--save FILE] [--compare FILE] [--minimums]

Renders pages ``seed … seed+pages-1`` from invented reports in many layouts, reads each with
the importer's ``parse_page_text`` and prints the accuracy of every check kind, the overall
accuracy, pages per second, the machine, and the most common failure patterns with one
example each, then one JSON line with the numbers; ``--minimums`` prints the levels to pin in
``tests/ingest/test_layout_harness.py`` (use ``--pages 500 --seed 0``, as the test does). ``--dump DIR`` also writes each page
(``page-SEED.txt``), its truth (``page-SEED.truth.json``) and what the importer read
(``page-SEED.read.txt``) for eyeballing. ``--save FILE`` keeps the failed checks of a run;
``--compare FILE`` then lists the checks that fail now but did not then (after a change to
the rules: what it broke), with examples, and how many it fixed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.ingest.layouts.render import render_page  # noqa: E402
from archive.ingest.layouts.run import HarnessTotals, compare_failures, read_page  # noqa: E402


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
    parser.add_argument("--examples", type=int, default=1, help="examples of each pattern")
    parser.add_argument("--dump", type=Path, help="write pages, truth and readings here")
    parser.add_argument("--save", type=Path, help="write the failed checks here (JSON)")
    parser.add_argument(
        "--compare", type=Path, help="a file from --save: print what fails now and passed then"
    )
    parser.add_argument(
        "--minimums",
        action="store_true",
        help="also print MINIMUM_ACCURACY for tests/ingest/test_layout_harness.py (floored)",
    )
    args = parser.parse_args(argv)
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)

    totals = HarnessTotals(keep_examples=args.examples)
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
    for kind in ("pairing", "headline_order", "whole"):
        rows = totals.by_tag(kind)
        print(
            f"\n{kind} by layout feature (worst first): "
            + ", ".join(f"{tag} {accuracy:.1%} ({total})" for tag, _passed, total, accuracy in rows)
        )
    print(
        f"\ntop {args.top} failure patterns (count, pattern, first example; see one page with "
        "--pages 1 --seed SEED --dump DIR):"
    )
    for pattern, count in totals.patterns.most_common(args.top):
        print(f"{count:>6}  {pattern}")
        for example in totals.examples[pattern]:
            print(f"        {example}")
    summary = {
        "pages": totals.pages,
        "seed": args.seed,
        "overall": round(totals.overall, 4),
        "accuracy": {kind: round(acc, 4) for kind, _p, _t, acc in totals.table()},
        "pages_per_second": round(pages_per_second, 1),
        "machine": machine(),
    }
    if args.compare:
        before = json.loads(args.compare.read_text(encoding="utf-8"))
        broken, fixed = compare_failures(before, totals)
        print(
            f"\ncompared with {args.compare}: {len(broken)} checks fail now that passed, "
            f"{len(fixed)} pass now that failed"
        )
        for key, example in broken[: args.top]:
            print(f"  NEW FAIL {key}\n        {example}")
    if args.save:
        args.save.write_text(json.dumps(totals.failed, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(summary, ensure_ascii=False))
    if args.minimums:
        print("MINIMUM_ACCURACY = {")
        for kind, _passed, _total, accuracy in totals.table():
            print(f'    "{kind}": {math.floor(accuracy * 1000) / 1000},')
        print(f"}}\nMINIMUM_OVERALL = {math.floor(totals.overall * 1000) / 1000}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
