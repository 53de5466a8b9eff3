"""What the checks compare: a reading of a page (items as parsed) and the checks' records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

DASHES_RE = re.compile(r"^[—－\-]+")


class ArticleLike(Protocol):
    """What the checks read of a parsed article (``archive.ingest.articles.ParsedArticle``)."""

    kind: str
    title: str
    subtitle: str
    byline: str
    credit: str
    body: str
    continues_from: str
    notes: list[str]


@dataclass(frozen=True)
class Check:
    kind: str
    passed: bool
    pattern: str = ""  # why it failed, and the layout feature concerned
    example: str = ""
    tags: tuple[str, ...] = ()  # layout features of the item checked (style, position, shape…)
    subject: str = ""  # what was checked (catalogue item, subhead, banner): stable across runs


@dataclass
class PageScore:
    checks: list[Check] = field(default_factory=list)
    tags: tuple[str, ...] = ()  # given to the checks added next
    subject: str = ""  # given to the checks added next

    def add(self, kind: str, passed: bool, pattern: str = "", example: str = "") -> None:
        pattern = "" if passed else pattern
        self.checks.append(Check(kind, passed, pattern, example, self.tags, self.subject))

    def counts(self) -> dict[str, tuple[int, int]]:
        """``{kind: (passed, total)}`` for the kinds checked on this page."""
        result: dict[str, tuple[int, int]] = {}
        for check in self.checks:
            passed, total = result.get(check.kind, (0, 0))
            result[check.kind] = (passed + check.passed, total + 1)
        return result

    @property
    def failures(self) -> list[Check]:
        return [check for check in self.checks if not check.passed]


def compact(text: str) -> str:
    """Text as compared: no whitespace, no Markdown bold, no leading dashes."""
    return DASHES_RE.sub("", re.sub(r"\s|\*\*", "", text or ""))


@dataclass
class Reading:
    """A parsed article with its texts compacted once."""

    article: ArticleLike
    title: str
    subtitle: str
    body: str
    byline: str
    credit: str

    @classmethod
    def of(cls, article: ArticleLike) -> Reading:
        return cls(
            article,
            compact(article.title),
            compact(article.subtitle),
            compact(article.body),
            compact(article.byline),
            compact(article.credit),
        )

    @property
    def headline(self) -> str:
        return self.title + self.subtitle

    def describe(self) -> str:
        body = self.body[:16] + ("…" if len(self.body) > 16 else "")
        return (
            f"[{self.article.kind} title={self.article.title!r} "
            f"subtitle={self.article.subtitle!r} body={body!r}]"
        )


def holder_of(reads: list[Reading], phrase: str) -> Reading | None:
    return next((read for read in reads if phrase in read.body), None)
