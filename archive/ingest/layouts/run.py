"""Render many pages, read each with the importer's parser, score it, add everything up."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from archive.ingest.layouts.render import RenderedPage, render_page
from archive.ingest.layouts.score import CHECK_KINDS, Check, PageScore, score_page
from archive.ingest.pipeline import ParsedPage, parse_page_text

CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def kept_characters(pages: list[ParsedPage]) -> Counter[str]:
    """Chinese characters in every field of every article and in the furniture of ``pages``."""
    kept: Counter[str] = Counter()
    for page in pages:
        kept.update(CJK_RE.findall("".join(page.furniture)))
        for article in page.articles:
            fields = (article.title, article.subtitle, article.byline, article.credit)
            kept.update(CJK_RE.findall("".join((*fields, article.body, *article.notes))))
    return kept


def lost_characters(text: str, pages: list[ParsedPage]) -> Counter[str]:
    """Chinese characters of ``text`` found in no field of any article and in no furniture."""
    return Counter(CJK_RE.findall(text)) - kept_characters(pages)


def doubled_characters(text: str, pages: list[ParsedPage]) -> Counter[str]:
    """Chinese characters the reading holds more often than ``text`` does (doubled, invented)."""
    return kept_characters(pages) - Counter(CJK_RE.findall(text))


def read_page(page: RenderedPage) -> tuple[list[ParsedPage], PageScore]:
    """Parse ``page.text`` as the importer does and score the articles against the truth."""
    parsed = parse_page_text(page.text)
    articles = [article for p in parsed for article in p.articles]
    score = score_page(articles, page.truth.items, page.truth.banners)
    score.subject = "page"
    lost = lost_characters(page.text, parsed)
    score.add("characters", not lost, "Chinese characters lost", "".join(lost.elements())[:20])
    doubled = doubled_characters(page.text, parsed)
    text = "".join(doubled.elements())[:20]
    score.add("characters", not doubled, "Chinese characters doubled or invented", text)
    return parsed, score


@dataclass
class HarnessTotals:
    """Checks added up over pages; ``examples`` keeps the first failures of each pattern
    (``keep_examples`` of them)."""

    pages: int = 0
    passed: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    patterns: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    keep_examples: int = 1
    # failures per ``seed|kind|subject``, to compare two runs (``compare_failures``)
    failed: Counter[str] = field(default_factory=Counter)
    failed_example: dict[str, str] = field(default_factory=dict)
    tag_passed: Counter[tuple[str, str]] = field(default_factory=Counter)  # (kind, tag)
    tag_total: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, seed: int, score: PageScore) -> None:
        self.pages += 1
        for check in score.checks:
            self.total[check.kind] += 1
            self.passed[check.kind] += check.passed
            for tag in check.tags:
                self.tag_total[check.kind, tag] += 1
                self.tag_passed[check.kind, tag] += check.passed
            if not check.passed:
                self._remember(seed, check)

    def _remember(self, seed: int, check: Check) -> None:
        subject = f"{seed}|{check.kind}|{check.subject}"
        self.failed[subject] += 1
        self.failed_example.setdefault(subject, f"{check.pattern} — {check.example}")
        key = f"{check.kind}: {check.pattern}"
        self.patterns[key] += 1
        kept = self.examples.setdefault(key, [])
        if len(kept) < self.keep_examples:
            kept.append(f"seed {seed}: {check.example}")

    def accuracy(self, kind: str) -> float:
        return self.passed[kind] / self.total[kind] if self.total[kind] else 1.0

    @property
    def overall(self) -> float:
        """Share of all checks passed (characters excluded: it is one check per page)."""
        kinds = [kind for kind in CHECK_KINDS]
        total = sum(self.total[kind] for kind in kinds)
        return sum(self.passed[kind] for kind in kinds) / total if total else 1.0

    def by_tag(self, kind: str, minimum: int = 20) -> list[tuple[str, int, int, float]]:
        """``(tag, passed, total, accuracy)`` of ``kind`` per layout feature, worst first."""
        rows = [
            (tag, self.tag_passed[kind, tag], total, self.tag_passed[kind, tag] / total)
            for (checked, tag), total in self.tag_total.items()
            if checked == kind and total >= minimum
        ]
        return sorted(rows, key=lambda row: (row[3], row[0]))

    def table(self) -> list[tuple[str, int, int, float]]:
        return [
            (kind, self.passed[kind], self.total[kind], self.accuracy(kind))
            for kind in (*CHECK_KINDS, "characters")
            if self.total[kind]
        ]


def compare_failures(
    before: dict[str, int], totals: HarnessTotals
) -> tuple[list[tuple[str, str]], list[str]]:
    """``(newly failing checks with an example, checks that pass now)`` between a saved run's
    ``failed`` counts and ``totals``; each entry names ``seed|kind|subject``."""
    now = totals.failed
    broken = [
        (key, totals.failed_example[key]) for key in sorted(now) if now[key] > before.get(key, 0)
    ]
    fixed = [key for key in sorted(before) if before[key] > now.get(key, 0)]
    return broken, fixed


def run_harness(pages: int, seed: int = 0) -> HarnessTotals:
    """Render pages ``seed … seed + pages - 1``, read and score each one."""
    totals = HarnessTotals()
    for page_seed in range(seed, seed + pages):
        _parsed, score = read_page(render_page(page_seed))
        totals.add(page_seed, score)
    return totals
