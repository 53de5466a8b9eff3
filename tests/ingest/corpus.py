"""The real OCR sample pages, parsed, with their truth files (see ``tests/corpus.py``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from archive.ingest.accuracy import TruthEntry, read_truth
from archive.ingest.pipeline import ParsedPage, parse_page_text
from tests.corpus import require_corpus_page

TRUTH_DIR = Path(__file__).resolve().parent / "truth"
CORPUS_FILES = sorted(path.name for path in TRUTH_DIR.iterdir() if not path.name.startswith("."))


@cache
def corpus_text(name: str) -> str:
    return require_corpus_page(name).read_text(encoding="utf-8")


@cache
def parsed_pages(name: str) -> tuple[ParsedPage, ...]:
    return tuple(parse_page_text(corpus_text(name)))


def truth(name: str) -> list[TruthEntry]:
    return read_truth((TRUTH_DIR / name).read_text(encoding="utf-8"))


def all_articles(name: str):
    return [article for page in parsed_pages(name) for article in page.articles]


def article_titled(name: str, title: str):
    matches = [article for article in all_articles(name) if article.title == title]
    assert len(matches) == 1, f"{len(matches)} articles titled {title!r} in {name}"
    return matches[0]
