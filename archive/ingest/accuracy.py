"""Pairing accuracy: does each headline a reader sees head the body it belongs to?

A truth list names, per headline, a short phrase found only in that headline's body. A
headline counts as correctly paired when an article carries it as title (or subtitle) and
that article's body contains the phrase.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.ingest.articles import ParsedArticle


@dataclass(frozen=True)
class TruthEntry:
    headline: str
    phrase: str = ""


@dataclass
class PairingReport:
    total: int = 0
    paired: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.paired / self.total if self.total else 1.0


def read_truth(text: str) -> list[TruthEntry]:
    """Parse a truth list: one headline per line, optionally ``<TAB>phrase`` or `` | phrase``.

    Blank lines and lines starting with ``#`` are ignored.
    """
    entries = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        headline, _sep, phrase = line.replace("\t", " | ", 1).partition(" | ")
        entries.append(TruthEntry(headline.strip(), phrase.strip()))
    return entries


def find_article(articles: list[ParsedArticle], headline: str) -> ParsedArticle | None:
    for article in articles:
        if article.title == headline:
            return article
    for article in articles:
        if headline and headline in (article.subtitle or ""):
            return article
    return None


def pairing_report(articles: list[ParsedArticle], truth: list[TruthEntry]) -> PairingReport:
    """Score ``articles`` against ``truth``; ``problems`` says what went wrong for each miss."""
    report = PairingReport(total=len(truth))
    for entry in truth:
        article = find_article(articles, entry.headline)
        if article is None:
            report.problems.append(f"no article titled {entry.headline!r}")
            continue
        if entry.phrase and entry.phrase not in article.body:
            holder = next((a for a in articles if entry.phrase in a.body), None)
            where = f"it is under {holder.title or '(untitled)'!r}" if holder else "found nowhere"
            report.problems.append(
                f"{entry.headline!r} heads the wrong body: {entry.phrase!r} {where}"
            )
            continue
        report.paired += 1
    return report
