"""Render many pages, read each with the importer's parser, score it, add everything up."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from archive.ingest.layouts.render import RenderedPage, render_page
from archive.ingest.layouts.score import CHECK_KINDS, Check, PageScore, score_page
from archive.ingest.pipeline import ParsedPage, parse_page_text

CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def lost_characters(text: str, pages: list[ParsedPage]) -> Counter[str]:
    """Chinese characters of ``text`` found in no field of any article and in no furniture."""
    kept: Counter[str] = Counter()
    for page in pages:
        kept.update(CJK_RE.findall("".join(page.furniture)))
        for article in page.articles:
            fields = (article.title, article.subtitle, article.byline, article.credit)
            kept.update(CJK_RE.findall("".join((*fields, article.body, *article.notes))))
    return Counter(CJK_RE.findall(text)) - kept


def read_page(page: RenderedPage) -> tuple[list[ParsedPage], PageScore]:
    """Parse ``page.text`` as the importer does and score the articles against the truth."""
    parsed = parse_page_text(page.text)
    articles = [article for p in parsed for article in p.articles]
    score = score_page(articles, page.truth.items)
    lost = lost_characters(page.text, parsed)
    score.add("characters", not lost, "Chinese characters lost", "".join(lost.elements())[:20])
    return parsed, score


@dataclass
class HarnessTotals:
    """Checks added up over pages; ``examples`` keeps the first failure of each pattern."""

    pages: int = 0
    passed: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    patterns: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)

    def add(self, seed: int, score: PageScore) -> None:
        self.pages += 1
        for check in score.checks:
            self.total[check.kind] += 1
            self.passed[check.kind] += check.passed
            if not check.passed:
                self._remember(seed, check)

    def _remember(self, seed: int, check: Check) -> None:
        key = f"{check.kind}: {check.pattern}"
        self.patterns[key] += 1
        self.examples.setdefault(key, f"seed {seed}: {check.example}")

    def accuracy(self, kind: str) -> float:
        return self.passed[kind] / self.total[kind] if self.total[kind] else 1.0

    @property
    def overall(self) -> float:
        """Share of all checks passed (characters excluded: it is one check per page)."""
        kinds = [kind for kind in CHECK_KINDS]
        total = sum(self.total[kind] for kind in kinds)
        return sum(self.passed[kind] for kind in kinds) / total if total else 1.0

    def table(self) -> list[tuple[str, int, int, float]]:
        return [
            (kind, self.passed[kind], self.total[kind], self.accuracy(kind))
            for kind in (*CHECK_KINDS, "characters")
            if self.total[kind]
        ]


def run_harness(pages: int, seed: int = 0) -> HarnessTotals:
    """Render pages ``seed … seed + pages - 1``, read and score each one."""
    totals = HarnessTotals()
    for page_seed in range(seed, seed + pages):
        _parsed, score = read_page(render_page(page_seed))
        totals.add(page_seed, score)
    return totals
