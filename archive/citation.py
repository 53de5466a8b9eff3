"""Citations of articles in the Chinese national standard GB/T 7714-2015 form for newspapers."""

from __future__ import annotations

import re

from archive.models import Article

# Roles printed before names in bylines; a citation names people, not roles.
BYLINE_ROLES = re.compile(
    r"(本报记者|本报通讯员|特约记者|见习记者|记者|通讯员|实习生|文/图|文／图|图/文|文|图|摄影|摄)[:：]?"
)


def authors_from_byline(byline: str) -> list[str]:
    """Names in a byline, roles removed: ``本报记者 王颖 通讯员 李明`` → ``["王颖", "李明"]``."""
    text = BYLINE_ROLES.sub(" ", byline or "")
    names = [name for name in re.split(r"[\s,，、;；/／]+", text) if name]
    return names


def gbt7714(article: Article) -> str:
    """``作者. 题名[N]. 报纸名, 2023-01-10(A08).``; the author part is left out when unknown."""
    page = article.page
    issue = page.issue
    authors = authors_from_byline(article.byline)
    if len(authors) > 3:
        authors = authors[:3] + ["等"]
    # Never a title the archive made up: an untitled report is cited as such.
    title = article.title or "[无题]"
    if article.subtitle:
        title = f"{title}: {article.subtitle}"
    author_part = f"{', '.join(authors)}. " if authors else ""
    pages = f"({page.printed_label})" if page.printed_label else ""
    return f"{author_part}{title}[N]. {issue.newspaper.name}, {issue.date:%Y-%m-%d}{pages}."
