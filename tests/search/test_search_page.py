"""The /search/ page: snippets, filters, sort, pagination, counts, titles only, escaping."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from archive.models import Article
from tests.factories import make_article, make_county, make_issue, make_newspaper, make_page
from tests.search.conftest import index_articles


def result_titles(response) -> list[str]:
    html = response.content.decode()
    block = html.split('class="search-results"', 1)[1] if "search-results" in html else ""
    titles = re.findall(r'<h2><a href="/articles/\d+/[^"]*">(.*?)</a>', block)
    return [re.sub(r"</?mark>", "", title) for title in titles]


@pytest.fixture
def archive(search_backend):
    wen, meng = make_county("温县"), make_county("孟州市")
    daily, weekly = make_newspaper("怀川日报"), make_newspaper("河阳周报")
    old = make_page("A01", make_issue("2019-05-04", daily), wen)
    new = make_page("A08", make_issue("2023-01-10", daily), wen)
    other = make_page("B02", make_issue("2023-03-01", weekly), meng)
    make_article(page=old, title="旧闻：黄河大桥通车", body="当年黄河大桥建成通车，群众欢欣。")
    make_article(page=new, title="新闻：黄河滩区春耕", body="黄河滩区的农民开始春耕。")
    make_article(
        page=other, title="孟州简讯", body="孟州黄河湿地迎来候鸟。", kind=Article.Kind.BRIEF
    )
    make_article(page=other, title="无关", body="这篇文章讲的是别的事情。")
    index_articles()


def test_results_show_total_and_highlighted_snippets(client, archive):
    response = client.get("/search/", {"q": "黄河"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "找到 <strong>3</strong> 篇" in html
    assert "<mark>黄河</mark>滩区的农民开始春耕" in html


def test_filters_narrow_the_results(client, archive):
    assert result_titles(client.get("/search/", {"q": "黄河", "county": "mengzhoushi"})) == [
        "孟州简讯"
    ]
    daily = client.get("/search/", {"q": "黄河", "newspaper": "huaichuanribao"})
    assert sorted(result_titles(daily)) == ["新闻：黄河滩区春耕", "旧闻：黄河大桥通车"]
    span = client.get("/search/", {"q": "黄河", "from": "2023-01-01", "to": "2023-02-01"})
    assert result_titles(span) == ["新闻：黄河滩区春耕"]
    assert result_titles(client.get("/search/", {"q": "黄河", "label": "B02"})) == ["孟州简讯"]
    assert result_titles(client.get("/search/", {"q": "黄河", "kind": "brief"})) == ["孟州简讯"]


def test_sort_by_newest_and_oldest(client, archive):
    newest = result_titles(client.get("/search/", {"q": "黄河", "sort": "newest"}))
    assert newest == ["孟州简讯", "新闻：黄河滩区春耕", "旧闻：黄河大桥通车"]
    oldest = result_titles(client.get("/search/", {"q": "黄河", "sort": "oldest"}))
    assert oldest == list(reversed(newest))


def test_counts_per_county_and_year_for_the_current_query(client, archive):
    html = client.get("/search/", {"q": "黄河"}).content.decode()
    facets = html.split('class="filters"', 1)[1].split("</aside>", 1)[0]
    assert re.search(r">温县</a> <span class=\"count\">2</span>", facets)
    assert re.search(r">孟州市</a> <span class=\"count\">1</span>", facets)
    assert re.search(r">2023年</a> <span class=\"count\">2</span>", facets)
    assert re.search(r">2019年</a> <span class=\"count\">1</span>", facets)


def test_titles_only_ignores_body_matches(client, archive):
    everywhere = client.get("/search/", {"q": "春耕"})
    assert result_titles(everywhere) == ["新闻：黄河滩区春耕"]
    assert result_titles(client.get("/search/", {"q": "农民"})) == ["新闻：黄河滩区春耕"]
    assert result_titles(client.get("/search/", {"q": "农民", "in": "title"})) == []
    assert result_titles(client.get("/search/", {"q": "滩区", "in": "title"})) == [
        "新闻：黄河滩区春耕"
    ]


@override_settings(HAYSTACK_SEARCH_RESULTS_PER_PAGE=20)
def test_pagination_pages_through_all_results(client, search_backend):
    page = make_page()
    for number in range(45):
        make_article(page=page, title=f"第{number}篇合作社报道", body="合作社带动增收。")
    index_articles()
    seen = []
    for number in (1, 2, 3):
        response = client.get("/search/", {"q": "合作社", "page": number})
        seen.extend(result_titles(response))
    assert len(seen) == 45 and len(set(seen)) == 45
    assert 'aria-current="page">3<' in response.content.decode()


def test_text_is_escaped_and_only_marks_are_html(client, search_backend):
    article = make_article(title="小麦", body="小麦")
    # Saving sanitizes markup away; put it straight into the row to prove the page escapes too.
    Article.objects.filter(pk=article.pk).update(
        title="<script>alert(1)</script>小麦", body='小麦 <b onclick="x">粗体</b> & 更多'
    )
    index_articles()
    html = client.get("/search/", {"q": "小麦"}).content.decode()
    assert "<script>alert" not in html and "<b onclick" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>小麦</mark>" in html
    assert "&lt;b onclick=&quot;x&quot;&gt;粗体" in html
    tag_query = client.get("/search/", {"q": '小麦 <script>"'}).content.decode()
    assert "<script>" not in tag_query.split("<body>", 1)[1]


def test_empty_query_shows_help_not_results(client, search_backend):
    html = client.get("/search/").content.decode()
    assert "搜索说明" in html and "search-results" not in html


def test_a_date_range_open_at_either_end_filters_on_the_given_end(client, archive):
    until = client.get("/search/", {"q": "黄河", "to": "2023-01-10"})
    assert sorted(result_titles(until)) == ["新闻：黄河滩区春耕", "旧闻：黄河大桥通车"]
    since = client.get("/search/", {"q": "黄河", "from": "2023-01-11"})
    assert result_titles(since) == ["孟州简讯"]
    far = client.get("/search/", {"q": "黄河", "from": "2023-01-11", "to": "2999-12-31"})
    assert result_titles(far) == ["孟州简讯"]


def test_a_page_number_past_the_end_shows_the_last_page(client, search_backend):
    page = make_page()
    for number in range(23):
        make_article(page=page, title=f"第{number}篇养蜂户报道", body="养蜂户采收槐花蜜。")
    index_articles()
    response = client.get("/search/", {"q": "养蜂户", "page": 9999})
    html = response.content.decode()
    assert "第 2/2 页" in html
    assert len(result_titles(response)) == 3
    assert "没有找到" not in html


def test_a_page_number_past_the_end_of_few_results_shows_them(client, archive):
    html = client.get("/search/", {"q": "黄河", "page": 9999}).content.decode()
    assert "第 1/1 页" in html and "没有找到" not in html
    assert "第 500" not in html
