"""A search request (query text, filters, sort, page) and the page of results it gives: plain
data shared by the service and the backends that answer it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from archive.search.query import ParsedQuery

PER_PAGE = 20


@dataclass
class SearchFilters:
    county: str = ""  # County.slug
    newspaper: str = ""  # Newspaper.slug
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    page: str = ""  # Page.label, e.g. A08 (GET parameter ``label``; ``page`` is the result page)
    kind: str = ""  # Article.Kind value


@dataclass
class SearchRequest:
    text: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    sort: str = "relevance"
    titles_only: bool = False
    page_number: int = 1
    per_page: int = PER_PAGE
    with_facets: bool = True
    parsed: ParsedQuery | None = None

    @property
    def offset(self) -> int:
        return (self.page_number - 1) * self.per_page


@dataclass
class Hit:
    article: object  # archive.models.Article, loaded with_context()
    title_html: SafeString
    snippet_html: SafeString
    score: float


@dataclass
class SearchPage:
    request: SearchRequest
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    county_counts: list[tuple[str, int]] = field(default_factory=list)  # (slug, count)
    year_counts: list[tuple[int, int]] = field(default_factory=list)
    month_counts: list[tuple[int, int]] = field(default_factory=list)  # (202303, count), ascending
    error: str = ""

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.request.per_page))

    @property
    def has_next(self) -> bool:
        return self.request.page_number < self.page_count
