"""Atom feeds per newspaper, per county and per search: newest first, with title, date, summary
and permalink, announced by <link rel="alternate"> on the matching pages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from tests.factories import make_article, make_county, make_issue, make_newspaper, make_page
from tests.search.conftest import index_articles

pytestmark = pytest.mark.django_db
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def entries(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return [
        {
            "title": entry.findtext("a:title", namespaces=ATOM),
            "link": entry.find("a:link", ATOM).get("href"),
            "published": entry.findtext("a:published", namespaces=ATOM),
            "updated": entry.findtext("a:updated", namespaces=ATOM),
            "summary": entry.findtext("a:summary", namespaces=ATOM),
            "id": entry.findtext("a:id", namespaces=ATOM),
        }
        for entry in feed.iterfind("a:entry", ATOM)
    ]


@pytest.fixture
def archive():
    wen, meng = make_county("温县"), make_county("孟州市")
    daily, weekly = make_newspaper("怀川日报"), make_newspaper("河阳周报")
    made = {}
    for day, paper, county, title in [
        ("2023-01-09", daily, wen, "温县一月新闻"),
        ("2023-03-14", daily, wen, "温县三月新闻"),
        ("2023-02-01", daily, meng, "孟州二月新闻"),
        ("2023-02-20", weekly, wen, "周报温县二月"),
    ]:
        page = make_page("A01", issue=make_issue(day, paper), county=county)
        made[title] = make_article(page, title=title, body=f"{title}的正文，讲小麦。" * 30)
    return made


def test_newspaper_feed_lists_its_articles_newest_first(client, archive):
    items = entries(client.get("/papers/huaichuanribao/feed/"))
    assert [item["title"] for item in items] == ["温县三月新闻", "孟州二月新闻", "温县一月新闻"]
    newest = items[0]
    article = archive["温县三月新闻"]
    assert newest["link"] == f"http://testserver/articles/{article.pk}/"
    assert newest["id"] == newest["link"]
    assert newest["published"].startswith("2023-03-14T00:00:00+08:00")
    assert newest["updated"]
    assert newest["summary"].startswith("温县三月新闻的正文，讲小麦。")
    assert len(newest["summary"]) <= 200


def test_county_feed_lists_the_county_s_articles_from_every_newspaper(client, archive):
    items = entries(client.get("/counties/wenxian/feed/"))
    assert [item["title"] for item in items] == ["温县三月新闻", "周报温县二月", "温县一月新闻"]


def test_unknown_newspaper_or_county_feed_is_not_found(client, archive):
    assert client.get("/papers/nosuchpaper/feed/").status_code == 404
    assert client.get("/counties/nosuchcounty/feed/").status_code == 404


def test_search_feed_takes_the_search_page_filters_and_sorts_newest_first(
    client, archive, search_backend
):
    index_articles()
    everything = entries(client.get("/search/feed/", {"q": "小麦", "sort": "oldest"}))
    assert [item["title"] for item in everything] == [
        "温县三月新闻",
        "周报温县二月",
        "孟州二月新闻",
        "温县一月新闻",
    ]
    narrowed = client.get(
        "/search/feed/", {"q": "小麦", "county": "wenxian", "newspaper": "huaichuanribao"}
    )
    assert [item["title"] for item in entries(narrowed)] == ["温县三月新闻", "温县一月新闻"]
    dated = client.get("/search/feed/", {"q": "小麦", "from": "2023-02", "to": "2023-02"})
    assert [item["title"] for item in entries(dated)] == ["周报温县二月", "孟州二月新闻"]


def test_search_feed_without_a_usable_query_explains_why(client, archive, search_backend):
    missing = client.get("/search/feed/")
    assert missing.status_code == 400 and "缺少搜索词" in missing.content.decode()
    assert client.get("/search/feed/", {"q": "小麦", "to": "2023-99"}).status_code == 400


def test_pages_announce_their_feeds(client, archive):
    for url, feed in [
        ("/papers/huaichuanribao/", "/papers/huaichuanribao/feed/"),
        ("/counties/wenxian/", "/counties/wenxian/feed/"),
    ]:
        head = client.get(url).content.decode().split("</head>", 1)[0]
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*>', head)
        assert len(links) == 1 and f'href="{feed}"' in links[0]
