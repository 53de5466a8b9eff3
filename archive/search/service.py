"""Searching articles: the request (query text, filters, sort, page) and the page of results.

Views and the API call :func:`search_articles`; the configured Haystack backend does the work
(``ChineseWhooshSearchBackend`` or ``ChineseElasticsearchSearchBackend``).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from archive.search.query import ParsedQuery, QuerySyntaxError, parse_query

log = logging.getLogger(__name__)
INDEX_UNUSABLE = "搜索暂时不可用：检索索引需要重建，请联系网站管理员。"
SORTS = {"relevance": "相关度", "newest": "最新", "oldest": "最早"}
PER_PAGE = 20
MAX_PAGE = 500


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


class RequestError(ValueError):
    """A filter value we cannot use; the message is for the reader."""


def parse_date(value: str, label: str, end: bool = False) -> datetime.date | None:
    """``2023-01-10``, ``2023-01`` or ``2023``; a partial date is the period's first day, or
    with ``end`` its last day (so ``to=2023`` includes all of 2023)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        parts = [int(part) for part in value.split("-")]
        if len(parts) == 3:
            return datetime.date(*parts)
        if len(parts) == 2:
            year, month = parts
            first = datetime.date(year, month, 1)
            if not end:
                return first
            following = datetime.date(year + month // 12, month % 12 + 1, 1)
            return following - datetime.timedelta(days=1)
        if len(parts) == 1:
            return datetime.date(parts[0], 12, 31) if end else datetime.date(parts[0], 1, 1)
    except (ValueError, OverflowError):
        pass
    raise RequestError(f"{label}“{value[:20]}”不是有效日期，请写成 2023-01-10 的形式。")


def request_from_params(params, per_page: int = PER_PAGE) -> SearchRequest:
    """Build a request from GET parameters; raises QuerySyntaxError or RequestError."""
    text = params.get("q", "")
    parsed = parse_query(text)
    try:
        page_number = int(params.get("page") or 1)
    except ValueError:
        page_number = 1
    filters = SearchFilters(
        county=params.get("county", "").strip()[:100],
        newspaper=params.get("newspaper", "").strip()[:100],
        date_from=parse_date(params.get("from", ""), "起始日期"),
        date_to=parse_date(params.get("to", ""), "截止日期", end=True),
        page=params.get("label", "").strip()[:20],
        kind=params.get("kind", "").strip()[:20],
    )
    sort = params.get("sort", "relevance")
    return SearchRequest(
        text=text,
        filters=filters,
        sort=sort if sort in SORTS else "relevance",
        titles_only=params.get("in") == "title" or params.get("titles") in {"1", "on", "true"},
        page_number=min(max(page_number, 1), MAX_PAGE),
        per_page=per_page,
        parsed=parsed,
    )


def search_articles(request: SearchRequest) -> SearchPage:
    """Run ``request`` on the configured backend. An empty query returns an empty page; a
    page number past the last page gives the last page (``request.page_number`` is updated)."""
    from haystack import connections

    if request.parsed is None:
        try:
            request.parsed = parse_query(request.text)
        except QuerySyntaxError as error:
            return SearchPage(request=request, error=str(error))
    if not request.parsed:
        return SearchPage(request=request)
    from archive.search.backend import IndexFormatError

    backend = connections["default"].get_backend()
    try:
        page = backend.search_articles(request)
    except IndexFormatError as error:
        log.error("%s", error)
        return SearchPage(request=request, error=INDEX_UNUSABLE)
    last = min(page.page_count, MAX_PAGE)
    if request.page_number > last:
        # Like Django's Paginator.get_page: a page past the end shows the last page (asked
        # again, since only now is the total known); with no hits that is page 1, empty.
        request.page_number = last
        page = backend.search_articles(request) if page.total else page
    return page
