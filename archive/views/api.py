"""JSON API: ``/api/search`` (same parameters as the search page) and ``/api/articles/<id>``."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from archive.caching.pages import cached_page, cached_search_page
from archive.caching.scopes import depends_on, issue_scope
from archive.models import Article
from archive.search.query import QuerySyntaxError
from archive.search.service import (
    INDEX_UNUSABLE,
    RequestError,
    request_from_params,
    search_articles,
)

MAX_PER_PAGE = 100


def article_summary(article: Article, request: HttpRequest) -> dict:
    issue = article.page.issue
    return {
        "id": article.pk,
        "title": article.display_title,
        "date": issue.date.isoformat(),
        "newspaper": issue.newspaper.name,
        "county": article.county.name if article.county_id else None,
        "page": article.page.printed_label,
        "kind": article.kind,
        "url": request.build_absolute_uri(article.get_absolute_url()),
    }


@require_GET
@cached_search_page
def search(request: HttpRequest) -> JsonResponse:
    """``{count, page, per_page, results: [{id, title, date, newspaper, county, page, url,
    snippet}]}``; a bad query gives HTTP 400 ``{"error": message}``."""
    try:
        per_page = min(max(int(request.GET.get("per_page", 20)), 1), MAX_PER_PAGE)
    except ValueError:
        per_page = 20
    try:
        search_request = request_from_params(request.GET, per_page=per_page)
    except (QuerySyntaxError, RequestError) as error:
        return JsonResponse({"error": str(error)}, status=400)
    if not search_request.parsed:
        return JsonResponse({"error": "缺少搜索词：请用参数 q 提供。"}, status=400)
    search_request.with_facets = request.GET.get("facets") in {"1", "true"}
    result = search_articles(search_request)
    if result.error:
        status = 503 if result.error == INDEX_UNUSABLE else 400
        return JsonResponse({"error": result.error}, status=status)
    payload = {
        "count": result.total,
        "page": search_request.page_number,
        "per_page": per_page,
        "results": [
            {**article_summary(hit.article, request), "snippet": str(hit.snippet_html)}
            for hit in result.hits
        ],
    }
    if search_request.with_facets:
        payload["counties"] = dict(result.county_counts)
        payload["years"] = {str(year): n for year, n in result.year_counts}
        payload["months"] = {f"{m // 100}-{m % 100:02d}": n for m, n in result.month_counts}
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


@require_GET
@cached_page
def article(request: HttpRequest, pk: int) -> JsonResponse:
    """One article with its text; 404 ``{"error": …}`` if there is none with that id."""
    # Its issue's token before the row (see archive/caching/scopes.py): a correction bumps it.
    issue_id = Article.objects.filter(pk=pk).values_list("page__issue_id", flat=True).first()
    if issue_id is not None:
        depends_on(request, issue_scope(issue_id))
    found = Article.objects.with_context().filter(pk=pk).first()
    if found is None:
        return JsonResponse({"error": f"没有编号为 {pk} 的文章。"}, status=404)
    data = article_summary(found, request)
    data.update(
        title=found.title,
        subtitle=found.subtitle,
        byline=found.byline,
        credit=found.credit,
        body=found.body,
        paragraphs=found.paragraphs,
        ocr_text=found.ocr_text,
        status=found.status,
        corrected=found.corrected,
        continues_from=found.continues_from,
    )
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
