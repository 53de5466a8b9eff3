"""Hits over time: the chart on the search page, ``/search/trend/`` comparing queries, and
``/api/trend``. The work is in :mod:`archive.search.trend`; this module turns it into links."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from archive.models import County, Newspaper
from archive.search.query import MAX_QUERY_LENGTH, QuerySyntaxError
from archive.search.service import (
    INDEX_UNUSABLE,
    RequestError,
    SearchPage,
    request_from_params,
    search_articles,
)
from archive.search.trend import (
    MAX_QUERIES,
    Comparison,
    axis,
    choose_granularity,
    compare,
    counts_of,
    draw_bars,
    format_value,
)


def period_params(params, period) -> str:
    """``?…`` for ``params`` narrowed to ``period`` (from the first page of results)."""
    query = params.copy()
    query.pop("page", None)
    query["from"], query["to"] = period.start.isoformat(), period.end.isoformat()
    return f"?{query.urlencode()}"


def hits_chart(result: SearchPage, params) -> dict | None:
    """The search page's bar chart: matching articles per year (or month); a bar's link
    narrows the search to its period."""
    filters = result.request.filters
    granularity = choose_granularity(filters, [key for key, _ in result.month_counts])
    counts = counts_of(result, granularity)
    periods = axis(filters, granularity, sorted(counts))
    if not periods or not result.total:
        return None
    values = [counts.get(period.key, 0) for period in periods]
    urls = [period_params(params, period) for period in periods]
    active = {
        period.key
        for period in periods
        if (filters.date_from, filters.date_to) == (period.start, period.end)
    }
    chart = draw_bars(
        periods,
        [values],
        [[f"{period.label}：{value} 篇" for period, value in zip(periods, values, strict=True)]],
        [urls],
        active,
    )
    return {
        "chart": chart,
        "by_month": granularity == "month",
        "rows": [
            {"period": period, "count": value, "url": url, "active": period.key in active}
            for period, value, url in zip(periods, values, urls, strict=True)
        ],
    }


class TrendError(ValueError):
    """Queries that cannot be compared; the message is for the reader."""


def run_comparison(params) -> Comparison:
    """One search per query in ``params`` (1–3 ``q``), same filters; raises TrendError."""
    texts = [text.strip() for text in params.getlist("q") if text.strip()]
    if not texts:
        raise TrendError("请输入要比较的词，如：小麦、玉米。")
    if len(texts) > MAX_QUERIES:
        raise TrendError(f"最多比较 {MAX_QUERIES} 个词。")
    pages = []
    for text in texts:
        single = params.copy()
        single.setlist("q", [text])
        try:
            search_request = request_from_params(single, per_page=1)
        except (QuerySyntaxError, RequestError) as error:
            raise TrendError(f"“{text[:30]}”：{error}") from error
        page = search_articles(search_request)
        if page.error:
            raise TrendError(page.error)
        pages.append(page)
    return compare(pages, pages[0].request.filters)


def comparison_chart(comparison: Comparison, params) -> dict:
    search_url = reverse("archive:search")
    titles, urls = [], []
    for series in comparison.series:
        one = params.copy()
        one.setlist("q", [series.text])
        titles.append(
            [
                f"{series.text} · {period.label}：{count} 篇，每千篇 {format_value(rate)}"
                for period, count, rate in zip(
                    comparison.periods, series.counts, series.per_thousand, strict=True
                )
            ]
        )
        urls.append([search_url + period_params(one, period) for period in comparison.periods])
    chart = draw_bars(comparison.periods, [s.per_thousand for s in comparison.series], titles, urls)
    rows = []
    for index, period in enumerate(comparison.periods):
        rows.append(
            {
                "period": period,
                "articles": comparison.articles[index],
                "cells": [
                    {
                        "count": series.counts[index],
                        "rate": format_value(series.per_thousand[index]),
                        "url": urls[number][index],
                    }
                    for number, series in enumerate(comparison.series)
                ],
            }
        )
    legend = [
        {"text": series.text, "total": series.total, "series": number}
        for number, series in enumerate(comparison.series)
    ]
    return {"chart": chart, "rows": rows, "legend": legend}


def trend(request: HttpRequest) -> HttpResponse:
    params = request.GET
    texts = params.getlist("q")
    context = {
        "params": params,
        "query_fields": (texts + ["", "", ""])[:MAX_QUERIES] if texts else ["", "", ""],
        "newspapers": Newspaper.objects.all(),
        "counties": County.objects.order_by("city", "name"),
        "max_length": MAX_QUERY_LENGTH,
    }
    if any(text.strip() for text in texts):
        try:
            comparison = run_comparison(params)
        except TrendError as error:
            context["error"] = str(error)
        else:
            context["comparison"] = comparison
            context.update(comparison_chart(comparison, params))
    return render(request, "search/trend.html", context)


@require_GET
def api_trend(request: HttpRequest) -> JsonResponse:
    """``{granularity, periods, articles, series: [{q, total, counts, per_thousand}]}``;
    HTTP 400 ``{"error"}`` for bad input, 503 when the index needs rebuilding."""
    try:
        comparison = run_comparison(request.GET)
    except TrendError as error:
        status = 503 if str(error) == INDEX_UNUSABLE else 400
        return JsonResponse({"error": str(error)}, status=status)
    payload = {
        "granularity": comparison.granularity,
        "periods": [
            {"period": p.iso, "from": p.start.isoformat(), "to": p.end.isoformat()}
            for p in comparison.periods
        ],
        "articles": comparison.articles,
        "series": [
            {
                "q": series.text,
                "total": series.total,
                "counts": series.counts,
                "per_thousand": series.per_thousand,
            }
            for series in comparison.series
        ],
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
