"""Hits over time: counts per year/month from the facet pass, the search page's bar chart,
``/search/trend/`` comparing queries per 1,000 articles, and ``/api/trend``."""

from __future__ import annotations

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from archive.search.service import SearchFilters, request_from_params, search_articles
from archive.search.trend import MONTH, YEAR, choose_granularity, nice_ceiling, periods_between
from tests.factories import make_article, make_county, make_issue, make_newspaper, make_page
from tests.search.conftest import index_articles

pytestmark = pytest.mark.django_db

# (date, title, body): 小麦 in 2019 ×1, 2021 ×2 (March, March), 2023 ×1; 玉米 in 2021 ×1, 2023 ×2
ARCHIVE = [
    ("2019-06-02", "麦收开始", "各乡镇小麦开镰收割。"),
    ("2019-06-03", "防汛检查", "县里检查黄河大堤。"),
    ("2021-03-05", "麦田管理", "小麦返青，农技员下田指导。"),
    ("2021-03-20", "春灌", "小麦春灌有序进行，玉米备播。"),
    ("2021-08-09", "秋收在望", "玉米长势良好。"),
    ("2021-09-01", "开学", "孩子们回到校园。"),
    ("2023-05-10", "夏粮", "小麦丰收在望。"),
    ("2023-09-15", "秋粮", "玉米收获机下田。"),
    ("2023-10-01", "国庆", "玉米晾晒场上一片金黄。"),
    ("2023-10-02", "假日", "景区游客如织。"),
]


@pytest.fixture
def archive(search_backend):
    paper = make_newspaper("怀川日报")
    county = make_county("温县")
    for day, title, body in ARCHIVE:
        page = make_page("A01", make_issue(day, paper), county)
        make_article(page, title=title, body=body)
    index_articles()


def search(**params):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    query.update(params)
    return search_articles(request_from_params(query))


def test_month_counts_come_with_the_year_counts(archive):
    page = search(q="小麦")
    assert page.total == 4
    assert page.year_counts == [(2023, 1), (2021, 2), (2019, 1)]
    assert page.month_counts == [(201906, 1), (202103, 2), (202305, 1)]


def test_month_counts_follow_the_date_filters(archive):
    page = search(q="玉米", **{"from": "2023-01-01", "to": "2023-12-31"})
    assert page.month_counts == [(202309, 1), (202310, 1)]


def test_whooshs_own_collector_path_counts_months_too(archive):
    # Queries the numpy ranking cannot score are counted by docsets.count_matches instead.
    from haystack import connections
    from whoosh import query as wq

    from archive.search.docsets import count_matches

    searcher = connections["default"].get_backend().searcher()
    total, facets = count_matches(searcher, wq.Term("text", "玉米"), ("month",))
    assert total == 4
    assert facets["month"] == {202103: 1, 202108: 1, 202309: 1, 202310: 1}


def test_elasticsearch_asks_for_months_in_the_same_request():
    from archive.search.elastic import ChineseElasticsearchSearchBackend, month_buckets
    from archive.search.query import parse_query
    from archive.search.service import SearchRequest

    search_request = SearchRequest(text="小麦", parsed=parse_query("小麦"))
    # build_body only assembles JSON: no connection needed (the live test needs a server).
    backend = object.__new__(ChineseElasticsearchSearchBackend)
    body = backend.build_body(search_request)
    histogram = body["aggs"]["month"]["date_histogram"]
    assert (histogram["field"], histogram["calendar_interval"]) == ("date", "month")
    assert histogram["format"] == "yyyyMM"
    response = {"buckets": [{"key_as_string": "202103", "doc_count": 2},
                            {"key_as_string": "202104", "doc_count": 0},
                            {"key_as_string": "202305", "doc_count": 1}]}  # fmt: skip
    assert month_buckets(response) == [(202103, 2), (202305, 1)]


def bars(html: str) -> list[tuple[str, str]]:
    """(title, link) of every bar in the chart, in order."""
    found = re.findall(r'<a href="([^"]+)" class="bar[^"]*"><title>([^<]+)</title>', html)
    return [(title, unescape(url)) for url, title in found]


def test_search_page_draws_hits_per_year_with_empty_years_between(client, archive):
    html = client.get("/search/", {"q": "小麦"}).content.decode()
    assert [title for title, _ in bars(html)] == [
        "2019年：1 篇", "2020年：0 篇", "2021年：2 篇", "2022年：0 篇", "2023年：1 篇",
    ]  # fmt: skip
    assert "每年命中文章数" in html
    table = re.search(r"<table>.*?</table>", html, re.S).group(0)  # the accessible version
    assert re.findall(r">(\d{4}年)</a></th><td>(\d+)</td>", table) == [
        ("2019年", "1"), ("2020年", "0"), ("2021年", "2"), ("2022年", "0"), ("2023年", "1"),
    ]  # fmt: skip


def test_a_bar_narrows_the_search_to_its_year_which_is_then_drawn_by_month(client, archive):
    html = client.get("/search/", {"q": "小麦", "county": "wenxian"}).content.decode()
    url = dict(bars(html))["2021年：2 篇"]
    params = parse_qs(urlsplit(url).query)
    assert params == {
        "q": ["小麦"],
        "county": ["wenxian"],
        "from": ["2021-01-01"],
        "to": ["2021-12-31"],
    }
    html = client.get("/search/" + url).content.decode()
    assert "找到 <strong>2</strong> 篇" in html
    titles = [title for title, _ in bars(html)]
    assert len(titles) == 12 and titles[2] == "2021年3月：2 篇" and titles[0] == "2021年1月：0 篇"
    assert "每月命中文章数" in html
    march = parse_qs(urlsplit(dict(bars(html))["2021年3月：2 篇"]).query)
    assert (march["from"], march["to"]) == (["2021-03-01"], ["2021-03-31"])


def test_chart_counts_come_from_the_one_search_no_search_per_bar(client, archive, monkeypatch):
    from haystack import connections

    backend = connections["default"].get_backend()
    calls = []
    original = backend.search_articles
    monkeypatch.setattr(
        backend, "search_articles", lambda request: calls.append(request) or original(request)
    )
    html = client.get("/search/", {"q": "小麦"}).content.decode()
    assert len(bars(html)) == 5 and len(calls) == 1


def test_no_chart_without_hits(client, archive):
    html = client.get("/search/", {"q": "航天"}).content.decode()
    assert "trend-chart" not in html


def test_months_when_the_range_is_at_most_two_years():
    filters = SearchFilters(
        date_from=datetime.date(2022, 1, 1), date_to=datetime.date(2023, 12, 31)
    )
    assert choose_granularity(filters, []) == MONTH
    filters.date_to = datetime.date(2024, 1, 31)
    assert choose_granularity(filters, []) == YEAR
    # No range given: the span of the hits decides.
    assert choose_granularity(SearchFilters(), [202103, 202202]) == MONTH
    assert choose_granularity(SearchFilters(), [201906, 202305]) == YEAR
    assert [p.label for p in periods_between(202211, 202302, MONTH)] == [
        "2022年11月", "2022年12月", "2023年1月", "2023年2月",
    ]  # fmt: skip
    assert (nice_ceiling(7), nice_ceiling(0.3), nice_ceiling(130)) == (10, 0.5, 200)


def test_trend_compares_queries_per_thousand_articles_of_each_year(client, archive):
    response = client.get("/api/trend", {"q": ["小麦", "玉米"]})
    assert response.status_code == 200
    data = response.json()
    assert data["granularity"] == "year"
    assert [p["period"] for p in data["periods"]] == ["2019", "2020", "2021", "2022", "2023"]
    assert data["articles"] == [2, 0, 4, 0, 4]  # every article of the year, from the database
    wheat, maize = data["series"]
    assert (wheat["q"], wheat["total"], wheat["counts"]) == ("小麦", 4, [1, 0, 2, 0, 1])
    assert wheat["per_thousand"] == [500.0, 0.0, 500.0, 0.0, 250.0]
    assert (maize["counts"], maize["per_thousand"]) == (
        [0, 0, 2, 0, 2],
        [0.0, 0.0, 500.0, 0.0, 500.0],
    )


def test_trend_denominators_follow_the_filters_and_months_in_a_short_range(client, archive):
    other = make_county("孟州市")
    page = make_page("B01", make_issue("2021-03-07"), other)
    make_article(page, title="孟州小麦", body="孟州小麦返青。")
    index_articles()
    data = client.get(
        "/api/trend", {"q": ["小麦"], "county": "wenxian", "from": "2021-01", "to": "2021-06"}
    ).json()
    assert data["granularity"] == "month"
    assert [p["period"] for p in data["periods"]] == [f"2021-0{m}" for m in range(1, 7)]
    assert data["articles"] == [0, 0, 2, 0, 0, 0]  # the 孟州 article is not counted
    assert data["series"][0]["counts"] == [0, 0, 2, 0, 0, 0]
    assert data["series"][0]["per_thousand"][2] == 1000.0


def test_trend_denominators_are_one_grouped_query(archive, django_assert_num_queries):
    from archive.models import Article

    with django_assert_num_queries(1):
        counts = Article.objects.within_search_filters(SearchFilters()).counts_per_period(MONTH)
    assert counts[202103] == 2 and counts[201906] == 2


def test_trend_page_draws_a_bar_per_query_and_year_linking_to_the_search(client, archive):
    html = client.get("/search/trend/", {"q": ["小麦", "玉米"]}).content.decode()
    found = bars(html)
    assert len(found) == 10  # 5 years × 2 queries
    title, url = found[4]  # 2021, 小麦 (periods in order, each with its queries)
    assert title == "小麦 · 2021年：2 篇，每千篇 500"
    assert urlsplit(url).path == "/search/"
    assert parse_qs(urlsplit(url).query) == {
        "q": ["小麦"],
        "from": ["2021-01-01"],
        "to": ["2021-12-31"],
    }
    assert "<caption>各时段数据（篇数 / 每千篇）</caption>" in html


def test_trend_refuses_more_than_three_queries_and_bad_ones(client, archive):
    response = client.get("/api/trend", {"q": ["小麦", "玉米", "大豆", "高粱"]})
    assert response.status_code == 400 and "最多比较 3 个词" in response.json()["error"]
    assert client.get("/api/trend").status_code == 400
    response = client.get("/api/trend", {"q": ['"小麦']})
    assert response.status_code == 400
    html = client.get("/search/trend/", {"q": ["小麦", '"玉米']}).content.decode()
    assert 'role="alert"' in html and "玉米" in html


def test_search_api_facets_include_months(client, archive):
    data = client.get("/api/search", {"q": "玉米", "facets": "1"}).json()
    assert data["months"] == {"2021-03": 1, "2021-08": 1, "2023-09": 1, "2023-10": 1}


def test_bars_are_proportional_to_their_values_and_never_wider_than_a_group():
    from archive.search.trend import HEIGHT, MAX_GROUP_WIDTH, draw_bars

    periods = periods_between(2021, 2022, YEAR)
    chart = draw_bars(periods, [[1, 3]], [["a", "b"]], [["?1", "?2"]])
    low, high = chart.bars
    assert high.height == pytest.approx(3 * low.height)
    assert [label for _, label in chart.grid] == ["0", "1", "2", "3", "4"]
    assert high.y + high.height == pytest.approx(chart.baseline) and chart.baseline < HEIGHT
    assert low.width <= MAX_GROUP_WIDTH and (low.url, high.url) == ("?1", "?2")
