"""Reader pages: browse the archive by date (calendar → issue → page → article) and by county."""

from __future__ import annotations

import datetime
import json

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from archive.caching.pages import article_conditional, cached_page, page_conditional
from archive.caching.scopes import county_scope, depends_on, issue_scope
from archive.calendars import month_grid, shift_month, year_grids
from archive.citations import citation_record, gbt7714, json_ld, meta_tags
from archive.models import Article, County, Issue, Newspaper, Page, chinese_date
from archive.search.article_hits import find_hits, search_parameters
from archive.search.related import related_articles

ARTICLES_PER_PAGE = 20
RELATED_ARTICLES = 5


def parse_day(value: str) -> datetime.date:
    """The date in a URL, or 404: ``2023-02-30`` is not a day anyone can read."""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise Http404("没有这一天") from error


# Calendars of year 9999 reach into year 10000, which Python dates cannot hold.
YEARS = range(1000, 9999)


def int_param(request: HttpRequest, name: str, allowed: range) -> int | None:
    """``?name=`` as an int within ``allowed``; anything else counts as absent."""
    try:
        value = int(request.GET[name])
    except (KeyError, ValueError):
        return None
    return value if value in allowed else None


@cached_page
def home(request: HttpRequest) -> HttpResponse:
    totals = {
        "newspapers": Newspaper.objects.count(),
        "issues": Issue.objects.count(),
        "pages": Page.objects.count(),
        "articles": Article.objects.count(),
        "counties": County.objects.count(),
    }
    latest = (
        Issue.objects.latest_first()
        .select_related("newspaper")
        .annotate(page_count=Count("pages"))[:8]
    )
    counties = (
        County.objects.with_article_counts()
        .filter(article_count__gt=0)
        .order_by("-article_count", "name")
    )
    return render(
        request,
        "archive/home.html",
        {
            "totals": totals,
            "latest_issues": latest,
            "counties": counties[:24],
            "newspapers": Newspaper.objects.with_issue_counts(),
        },
    )


@cached_page
def newspaper(request: HttpRequest, slug: str) -> HttpResponse:
    paper = get_object_or_404(Newspaper, slug=slug)
    issue_dates = set(paper.issues.values_list("date", flat=True))
    years = (
        paper.issues.annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(count=Count("id"))
        .order_by("year")
    )
    latest = paper.issues.order_by("-date").first()
    month_start = _requested_month(request) or (latest.date.replace(day=1) if latest else None)
    grid = month_grid(month_start.year, month_start.month, issue_dates) if month_start else None
    return render(
        request,
        "archive/newspaper.html",
        {
            "paper": paper,
            "years": years,
            "grid": grid,
            "previous_month": _month_with_issue(issue_dates, month_start, before=True),
            "next_month": _month_with_issue(issue_dates, month_start, before=False),
            "latest_issue": latest,
            "issue_total": len(issue_dates),
        },
    )


def _month_with_issue(
    issue_dates: set[datetime.date], month_start: datetime.date | None, *, before: bool
) -> datetime.date | None:
    """First day of the nearest month before/after ``month_start`` that has an issue."""
    if month_start is None:
        return None
    if before:
        earlier = [day for day in issue_dates if day < month_start]
        return max(earlier).replace(day=1) if earlier else None
    following_month = shift_month(month_start, 1)
    later = [day for day in issue_dates if day >= following_month]
    return min(later).replace(day=1) if later else None


def _requested_month(request: HttpRequest) -> datetime.date | None:
    """``?month=2023-01`` as the first day of that month, or None when absent or malformed."""
    value = request.GET.get("month", "")
    try:
        year, month = (int(part) for part in value.split("-"))
        return datetime.date(year, month, 1) if year in YEARS else None
    except ValueError:
        return None


@cached_page
def newspaper_year(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    paper = get_object_or_404(Newspaper, slug=slug)
    issue_dates = (
        set(paper.issues.in_year(year).values_list("date", flat=True)) if year in YEARS else set()
    )
    if not issue_dates:
        raise Http404("这一年没有报纸")
    years = list(
        paper.issues.annotate(year=ExtractYear("date"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("year")
    )
    return render(
        request,
        "archive/newspaper_year.html",
        {
            "paper": paper,
            "year": year,
            "grids": year_grids(year, issue_dates),
            "issue_total": len(issue_dates),
            "years": years,
            "previous_year": max((y for y in years if y < year), default=None),
            "next_year": min((y for y in years if y > year), default=None),
        },
    )


@cached_page
def issue(request: HttpRequest, slug: str, day: str) -> HttpResponse:
    date = parse_day(day)
    the_issue = get_object_or_404(
        Issue.objects.select_related("newspaper"), newspaper__slug=slug, date=date
    )
    depends_on(request, issue_scope(the_issue.pk))
    pages = (
        the_issue.pages.in_reading_order()
        .select_related("county")
        .prefetch_related(Prefetch("articles", queryset=Article.objects.order_by("order", "pk")))
    )
    return render(
        request,
        "archive/issue.html",
        {
            "issue": the_issue,
            "pages": pages,
            "scanned_pages": [page for page in pages if page.has_scan],
            "previous_issue": the_issue.previous_issue(),
            "next_issue": the_issue.next_issue(),
        },
    )


@page_conditional
@cached_page
def page(request: HttpRequest, slug: str, day: str, label: str) -> HttpResponse:
    date = parse_day(day)
    the_page = get_object_or_404(
        Page.objects.select_related("issue__newspaper", "county"),
        issue__newspaper__slug=slug,
        issue__date=date,
        label=label,
    )
    depends_on(request, issue_scope(the_page.issue_id))
    previous_page, next_page = the_page.neighbours()
    return render(
        request,
        "archive/page.html",
        {
            "page": the_page,
            "issue": the_page.issue,
            "articles": the_page.articles.select_related("county").order_by("order", "pk"),
            "previous_page": previous_page,
            "next_page": next_page,
            "scan_source": the_page.scan_tile_source(),
        },
    )


@article_conditional
@cached_page
def article(request: HttpRequest, pk: int) -> HttpResponse:
    # Its issue's token first, then the rows it shows (the article, its neighbours).
    issue_id = Article.objects.filter(pk=pk).values_list("page__issue_id", flat=True).first()
    if issue_id is None:
        raise Http404("没有这篇文章")
    depends_on(request, issue_scope(issue_id))
    the_article = get_object_or_404(Article.objects.with_context(), pk=pk)
    previous_article, next_article = the_article.neighbours()
    issue = the_article.page.issue
    continues_page = (
        issue.pages.filter(label=the_article.continues_from).first()
        if the_article.continues_from
        else None
    )
    permalink = request.build_absolute_uri(the_article.get_absolute_url())
    record = citation_record(the_article, url=permalink)
    # From a search result (?q=…): the query's matches marked, and the way back to the list.
    hits = find_hits(the_article, request.GET.get("q", ""))
    search_back_url = (
        f"{reverse('archive:search')}?{search_parameters(request.GET).urlencode()}#result-{pk}"
        if hits
        else ""
    )
    related = related_articles(
        the_article,
        limit=RELATED_ARTICLES,
        # The issues of the related titles it lists, read before their rows.
        before_loading=lambda issue_ids: depends_on(request, *map(issue_scope, issue_ids)),
    )
    return render(
        request,
        "archive/article.html",
        {
            "article": the_article,
            "page": the_article.page,
            "issue": the_article.page.issue,
            "chinese_date": chinese_date(the_article.page.issue.date),
            "citation": gbt7714(record),
            "citation_meta": meta_tags(record),
            "permalink": permalink,
            "previous_article": previous_article,
            "next_article": next_article,
            "structured_data": json_for_script(json_ld(record)),
            "continues_page": continues_page,
            "related": related,
            "hits": hits,
            "search_back_url": search_back_url,
            "reported": request.GET.get("reported") == "1",
        },
    )


def json_for_script(data: dict) -> str:
    """JSON safe to place inside <script>: no character of it can close the element."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@cached_page
def county_list(request: HttpRequest) -> HttpResponse:
    counties = County.objects.with_article_counts()
    return render(request, "archive/county_list.html", {"groups": counties.by_city()})


@cached_page
def county(request: HttpRequest, slug: str) -> HttpResponse:
    the_county = get_object_or_404(County, slug=slug)
    depends_on(request, county_scope(the_county.pk))
    articles = Article.objects.for_county(the_county).with_context().newest_first()
    months = (
        articles.order_by()
        .annotate(year=ExtractYear("page__issue__date"), month=ExtractMonth("page__issue__date"))
        .values("year", "month")
        .annotate(count=Count("id"))
        .order_by("-year", "-month")
    )
    year, month = int_param(request, "year", YEARS), int_param(request, "month", range(1, 13))
    if year:
        articles = articles.filter(page__issue__date__year=year)
        if month:
            articles = articles.filter(page__issue__date__month=month)
    paginator = Paginator(articles, ARTICLES_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "archive/county.html",
        {
            "county": the_county,
            "page_obj": page_obj,
            "months": months,
            "selected_year": year,
            "selected_month": month,
            "total": paginator.count,
        },
    )
