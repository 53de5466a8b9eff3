#!/usr/bin/env python
"""Print how many headlines of a page file head their own body.

Usage: python scripts/pairing_accuracy.py PAGE_FILE TRUTH_FILE [--county NAME]

TRUTH_FILE: UTF-8 text, one headline per line, optionally followed by `` | `` and a short
phrase that occurs only in that headline's body (``温县举办绘画展 | 美术作品``).
Exit status 1 when any headline is not paired with its body.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.ingest.accuracy import pairing_report, read_truth  # noqa: E402
from archive.ingest.decoding import decode_page_bytes  # noqa: E402
from archive.ingest.pipeline import parse_page_text  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("page_file", type=Path)
    parser.add_argument("truth_file", type=Path)
    parser.add_argument("--county", default="")
    args = parser.parse_args(argv)
    text, _encoding = decode_page_bytes(args.page_file.read_bytes(), str(args.page_file))
    truth = read_truth(args.truth_file.read_text(encoding="utf-8-sig"))
    pages = parse_page_text(text, county=args.county)
    articles = [article for page in pages for article in page.articles]
    report = pairing_report(articles, truth)
    for problem in report.problems:
        print(f"  MISS {problem}")
    print(
        f"{args.page_file.name}: {report.paired}/{report.total} headlines paired with their "
        f"body ({report.accuracy:.0%}); {len(articles)} items on {len(pages)} page(s)"
    )
    return 0 if report.paired == report.total else 1


if __name__ == "__main__":
    sys.exit(main())
