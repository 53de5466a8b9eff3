"""Atom feeds of the newest articles: per newspaper, per county and per search."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator

from archive.citations import authors_from_byline
from archive.models import Article, County, Newspaper
from archive.search.query import QuerySyntaxError
from archive.search.service import (
    INDEX_UNUSABLE,
    RequestError,
    SearchRequest,
    request_from_params,
    search_articles,
)

FEED_ITEMS = 50
SUMMARY_CHARS = 200


class FeedRequestError(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class ArticleFeed(Feed):
    """Entries: title as readers see it, the issue date, a summary, the permalink."""

    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return super().__call__(request, *args, **kwargs)
        except FeedRequestError as error:
            return HttpResponse(
                str(error), status=error.status, content_type="text/plain; charset=utf-8"
            )

    def item_title(self, article: Article) -> str:
        return article.display_title

    def item_description(self, article: Article) -> str:
        return Truncator(article.excerpt).chars(SUMMARY_CHARS)

    def item_link(self, article: Article) -> str:
        return article.get_absolute_url()

    def item_pubdate(self, article: Article) -> datetime.datetime:
        return timezone.make_aware(
            datetime.datetime.combine(article.page.issue.date, datetime.time())
        )

    def item_updateddate(self, article: Article) -> datetime.datetime:
        return article.updated_at

    def item_author_name(self, article: Article) -> str | None:
        return "、".join(authors_from_byline(article.byline)) or None


def newest(articles: QuerySet) -> list[Article]:
    return list(articles.with_context().newest_first()[:FEED_ITEMS])


class NewspaperFeed(ArticleFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Newspaper:
        return get_object_or_404(Newspaper, slug=slug)

    def title(self, paper: Newspaper) -> str:
        return f"{paper.name} · 最新文章"

    def link(self, paper: Newspaper) -> str:
        return paper.get_absolute_url()

    def subtitle(self, paper: Newspaper) -> str:
        return f"newsroom 县域报纸档案中《{paper.name}》的最新文章"

    def items(self, paper: Newspaper) -> list[Article]:
        return newest(Article.objects.filter(page__issue__newspaper=paper))


class CountyFeed(ArticleFeed):
    def get_object(self, request: HttpRequest, slug: str) -> County:
        return get_object_or_404(County, slug=slug)

    def title(self, county: County) -> str:
        return f"{county.name} · 最新文章"

    def link(self, county: County) -> str:
        return county.get_absolute_url()

    def subtitle(self, county: County) -> str:
        return f"newsroom 县域报纸档案中关于{county.name}的最新文章"

    def items(self, county: County) -> list[Article]:
        return newest(Article.objects.for_county(county))


class SearchFeed(ArticleFeed):
    """The search page's query and filters, newest articles first."""

    def get_object(self, request: HttpRequest) -> tuple[SearchRequest, str]:
        try:
            search_request = request_from_params(request.GET, per_page=FEED_ITEMS)
        except (QuerySyntaxError, RequestError) as error:
            raise FeedRequestError(str(error)) from error
        if not search_request.parsed:
            raise FeedRequestError("缺少搜索词：请用参数 q 提供。")
        search_request.sort = "newest"
        search_request.page_number = 1
        search_request.with_facets = False
        query_string = request.GET.copy()
        query_string.pop("page", None)
        return search_request, query_string.urlencode()

    def title(self, found: tuple[SearchRequest, str]) -> str:
        return f"“{found[0].text}”的搜索结果 · 最新文章"

    def link(self, found: tuple[SearchRequest, str]) -> str:
        return f"{reverse('archive:search')}?{found[1]}"

    def subtitle(self, found: tuple[SearchRequest, str]) -> str:
        return f"newsroom 县域报纸档案中包含“{found[0].text}”的最新文章"

    def items(self, found: tuple[SearchRequest, str]) -> list[Article]:
        result = search_articles(found[0])
        if result.error:
            raise FeedRequestError(result.error, 503 if result.error == INDEX_UNUSABLE else 400)
        return [hit.article for hit in result.hits]
