"""JSON API: /api/search and /api/articles/<id>."""

from __future__ import annotations

import pytest

from tests.factories import make_article, make_county, make_issue, make_page
from tests.search.conftest import index_articles


@pytest.fixture
def articles(search_backend):
    wen = make_county("温县")
    page = make_page("A03", make_issue("2024-02-23"), wen)
    first = make_article(page=page, title="太极拳进校园", body="陈家沟的太极拳走进温县校园。")
    second = make_article(page=make_page("A04", make_issue("2022-06-01")), title="太极拳比赛",
                          body="全市太极拳比赛举行。")  # fmt: skip
    index_articles()
    return first, second


def test_search_returns_count_and_result_fields(client, articles):
    first, _ = articles
    data = client.get("/api/search", {"q": "太极拳", "county": "wenxian"}).json()
    assert data["count"] == 1
    [result] = data["results"]
    assert result["id"] == first.pk
    assert result["title"] == "太极拳进校园"
    assert result["date"] == "2024-02-23"
    assert result["newspaper"] == first.page.issue.newspaper.name
    assert result["county"] == "温县"
    assert result["page"] == "A03"
    assert result["url"].endswith(f"/articles/{first.pk}/")
    assert "<mark>太极拳</mark>" in result["snippet"]


def test_search_filters_by_date_range_and_pages(client, articles):
    data = client.get(
        "/api/search", {"q": "太极拳", "from": "2022-01-01", "to": "2022-12-31"}
    ).json()
    assert [r["title"] for r in data["results"]] == ["太极拳比赛"]
    second_page = client.get("/api/search", {"q": "太极拳", "per_page": 1, "page": 2}).json()
    assert second_page["count"] == 2 and len(second_page["results"]) == 1


def test_bad_queries_are_http_400_with_a_message(client, search_backend):
    for params in ({"q": '"太极'}, {"q": ""}, {"q": "太极", "from": "去年"}):
        response = client.get("/api/search", params)
        assert response.status_code == 400
        assert response.json()["error"]


def test_article_endpoint_returns_the_article(client, articles):
    first, _ = articles
    data = client.get(f"/api/articles/{first.pk}").json()
    assert data["id"] == first.pk
    assert data["body"] == "陈家沟的太极拳走进温县校园。"
    assert data["county"] == "温县" and data["page"] == "A03"


def test_article_endpoint_404_for_a_missing_article(client, db):
    response = client.get("/api/articles/999999")
    assert response.status_code == 404
    assert "999999" in response.json()["error"]


def test_partial_dates_cover_the_whole_period(client, articles):
    whole_year = client.get("/api/search", {"q": "太极拳", "from": "2022", "to": "2022"}).json()
    assert [r["title"] for r in whole_year["results"]] == ["太极拳比赛"]
    month = client.get("/api/search", {"q": "太极拳", "from": "2024-02", "to": "2024-02"}).json()
    assert [r["title"] for r in month["results"]] == ["太极拳进校园"]
    assert client.get("/api/search", {"q": "太极拳", "to": "2024-13"}).status_code == 400


def test_a_page_past_the_end_returns_the_last_page_with_the_true_count(client, articles):
    data = client.get("/api/search", {"q": "太极拳", "page": 9999, "per_page": 1}).json()
    assert data["count"] == 2
    assert data["page"] == 2
    assert len(data["results"]) == 1
    none = client.get("/api/search", {"q": "养蜂", "page": 9999}).json()
    assert none == {"count": 0, "page": 1, "per_page": 20, "results": []}
