"""Citation downloads: one article (``/articles/<id>/cite.ris``) or a search (``/search/cite.ris``)
as RIS, BibTeX or CSL-JSON. The formatting is all in :mod:`archive.citations`."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from archive import citations
from archive.citations import CitationRecord
from archive.models import Article
from archive.search.query import QuerySyntaxError
from archive.search.service import (
    INDEX_UNUSABLE,
    RequestError,
    request_from_params,
    search_articles,
)

MAX_EXPORTED = 100
FORMATS: dict[str, tuple[str, Callable[[Iterable[CitationRecord]], str]]] = {
    "ris": ("application/x-research-info-systems", citations.ris),
    "bib": ("application/x-bibtex", citations.bibtex),
    "json": ("application/vnd.citationstyles.csl+json", citations.csl_json),
}


def citation_download(records: list[CitationRecord], fmt: str, filename: str) -> HttpResponse:
    content_type, write = FORMATS[fmt]
    response = HttpResponse(write(records), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def text_error(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


@require_GET
def article_citation(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.with_context(), pk=pk)
    url = request.build_absolute_uri(article.get_absolute_url())
    record = citations.citation_record(article, url=url)
    return citation_download([record], fmt, record.key)


@require_GET
def search_citations(request: HttpRequest, fmt: str) -> HttpResponse:
    """The search page's results (same parameters), up to 100 at a time (``page`` moves on)."""
    try:
        search_request = request_from_params(request.GET, per_page=MAX_EXPORTED)
    except (QuerySyntaxError, RequestError) as error:
        return text_error(str(error), 400)
    if not search_request.parsed:
        return text_error("缺少搜索词：请用参数 q 提供。", 400)
    search_request.with_facets = False
    result = search_articles(search_request)
    if result.error:
        return text_error(result.error, 503 if result.error == INDEX_UNUSABLE else 400)
    records = [
        citations.citation_record(
            hit.article, url=request.build_absolute_uri(hit.article.get_absolute_url())
        )
        for hit in result.hits
    ]
    return citation_download(records, fmt, "newsroom-search")
