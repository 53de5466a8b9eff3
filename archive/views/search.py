"""The search page: parse the GET parameters, run the search, render. Errors become messages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from archive.caching.pages import cached_search_page
from archive.models import Article, County, Newspaper
from archive.search.article_hits import search_parameters
from archive.search.documents import NO_COUNTY
from archive.search.query import MAX_QUERY_LENGTH, QuerySyntaxError
from archive.search.service import (
    INDEX_UNUSABLE,
    SORTS,
    RequestError,
    SearchPage,
    request_from_params,
    search_articles,
)
from archive.views.cite import MAX_EXPORTED
from archive.views.trend import hits_chart


def url_with(params, **changes) -> str:
    """``?…`` for the current parameters with ``changes`` applied (None/"" removes one).
    Any change other than ``page`` goes back to the first page of results."""
    query = params.copy()
    if "page" not in changes:
        query.pop("page", None)
    for name, value in changes.items():
        if value in (None, ""):
            query.pop(name, None)
        else:
            query[name] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def facet_links(page: SearchPage, params) -> dict:
    """Per-county and per-year links with counts; the active one links back to "all"."""
    names = dict(County.objects.values_list("slug", "name"))
    active_county = page.request.filters.county
    counties = [
        {
            "label": names.get(slug, "未标县区" if slug == NO_COUNTY else slug),
            "count": count,
            "active": slug == active_county,
            "url": url_with(params, county=None if slug == active_county else slug),
        }
        for slug, count in page.county_counts
    ]
    active_years = (page.request.filters.date_from, page.request.filters.date_to)
    years = []
    for year, count in page.year_counts:
        span = (f"{year}-01-01", f"{year}-12-31")
        active = tuple(d.isoformat() if d else "" for d in active_years) == span
        years.append(
            {
                "label": f"{year}年",
                "count": count,
                "active": active,
                "url": url_with(params, **{"from": None, "to": None})
                if active
                else url_with(params, **{"from": span[0], "to": span[1]}),
            }
        )
    return {"counties": counties, "years": years}


def page_links(page: SearchPage, params) -> list[dict]:
    current, last = page.request.page_number, page.page_count
    numbers = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    links, previous = [], 0
    for number in numbers:
        if number - previous > 1:
            links.append({"gap": True})
        links.append(
            {"number": number, "current": number == current, "url": url_with(params, page=number)}
        )
        previous = number
    return links


# The filters folded into 「筛选」; when one is set the fold starts open.
FILTER_PARAMETERS = ("newspaper", "county", "from", "to", "label", "kind", "in")


def article_link_query(params, page_number: int) -> str:
    """``?q=…&…`` for result links: the article marks the query's matches and links back to
    this list (same filters, sort and result page)."""
    kept = search_parameters(params)
    kept.pop("page", None)
    if page_number > 1:
        kept["page"] = str(page_number)
    return f"?{kept.urlencode()}"


@cached_search_page
def search(request: HttpRequest) -> HttpResponse:
    params = request.GET
    context = {
        "q": params.get("q", ""),
        "params": params,
        "sorts": SORTS,
        "kinds": Article.Kind.choices,
        "newspapers": Newspaper.objects.all(),
        "counties": County.objects.order_by("city", "name"),
        "max_length": MAX_QUERY_LENGTH,
        "filters_active": sum(1 for name in FILTER_PARAMETERS if params.get(name, "").strip()),
    }
    try:
        search_request = request_from_params(params)
    except (QuerySyntaxError, RequestError) as error:
        context["error"] = str(error)
        return render(request, "search/search.html", context, status=200)
    context["search_request"] = search_request
    if search_request.parsed:
        result = search_articles(search_request)
        context.update(
            result=result,
            hits_over_time=hits_chart(result, params),
            error=result.error,
            facets=facet_links(result, params),
            # Exports and the feed take the same parameters, from the first result on.
            export_query=url_with(params, page=None),
            export_count=min(result.total, MAX_EXPORTED),
            article_query=article_link_query(params, search_request.page_number),
            pages=page_links(result, params) if result.page_count > 1 else [],
            sort_links=[
                {
                    "label": label,
                    "active": key == search_request.sort,
                    "url": url_with(params, sort=key),
                }
                for key, label in SORTS.items()
            ],
        )
    response = render(request, "search/search.html", context)
    if context.get("error") == INDEX_UNUSABLE:
        add_never_cache_headers(response)  # a fault, not an answer: ask again next time
    return response
