"""From a search result to the article: the query's matches are marked there, numbered for
next/previous, and a link leads back to the same place in the result list."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from archive.models import Article
from archive.search.article_hits import find_hits
from tests.factories import make_article, make_county, make_issue, make_newspaper, make_page
from tests.search.conftest import index_articles, search_backend  # noqa: F401

pytestmark = pytest.mark.django_db


def marks(html: str) -> list[str]:
    return re.findall(r'<mark class="hit" id="hit-\d+">(.*?)</mark>', html)


def test_matches_are_marked_in_reading_order_and_numbered_from_one(client):
    article = make_article(
        title="黄河滩区春耕",
        subtitle="滩区群众抢墒播种",
        body="黄河岸边，农民忙春耕。\n\n滩区的麦田返青。",
    )
    html = client.get(article.get_absolute_url(), {"q": "滩区"}).content.decode()
    ids = re.findall(r'<mark class="hit" id="(hit-\d+)">滩区</mark>', html)
    assert ids == ["hit-1", "hit-2", "hit-3"]  # title, subtitle, second paragraph
    assert "<h1>黄河<mark" in html
    assert "共 <strong>3</strong> 处" in html
    assert 'href="#hit-1">↓ 下一处' in html and 'href="#hit-3">↑ 上一处' in html


def test_text_is_escaped_before_it_is_marked(client):
    article = make_article(title="小麦", body="小麦")
    # Saving strips markup; write around it to prove the page escapes as well.
    Article.objects.filter(pk=article.pk).update(
        title="<script>alert(1)</script>小麦", body='<b onclick="x">小麦</b> & 玉米'
    )
    html = client.get(article.get_absolute_url(), {"q": "小麦"}).content.decode()
    assert "<script>alert(1)" not in html and "<b onclick" not in html
    assert '&lt;script&gt;alert(1)&lt;/script&gt;<mark class="hit" id="hit-1">小麦</mark>' in html
    assert '&lt;b onclick=&quot;x&quot;&gt;<mark class="hit" id="hit-2">小麦</mark>' in html


def test_a_query_with_markup_cannot_inject_html(client):
    article = make_article(title="小麦", body="小麦丰收")
    html = client.get(article.get_absolute_url(), {"q": "小麦 <img src=x onerror=alert(1)>"})
    text = html.content.decode()
    assert "<img src=x" not in text
    assert marks(text)[:1] == ["小麦"]


def test_traditional_characters_mark_the_simplified_text(client):
    article = make_article(title="县里新闻", body="温县举办农民丰收节。")
    html = client.get(article.get_absolute_url(), {"q": "溫縣"}).content.decode()
    assert marks(html) == ["温县"]


def test_a_quoted_phrase_marks_only_the_phrase(client):
    article = make_article(title="新闻", body="黄河滩区种麦。黄河大桥通车。滩区修路。")
    html = client.get(article.get_absolute_url(), {"q": '"黄河滩区"'}).content.decode()
    assert marks(html) == ["黄河滩区"]


def test_excluded_terms_are_not_marked(client):
    article = make_article(title="新闻", body="小麦和玉米都丰收了。")
    for query in ("小麦 -玉米", "小麦 NOT 玉米"):
        html = client.get(article.get_absolute_url(), {"q": query}).content.decode()
        assert marks(html) == ["小麦"]


def test_without_a_query_or_with_a_broken_one_the_article_is_unmarked(client):
    article = make_article(title="小麦", body="小麦丰收")
    for params in ({}, {"q": '"小麦'}, {"q": "   "}, {"q": "-"}):
        response = client.get(article.get_absolute_url(), params)
        html = response.content.decode()
        assert response.status_code == 200
        assert "<mark" not in html and "hit-nav" not in html
        assert "<h1>小麦</h1>" in html


def test_a_query_not_in_the_visible_text_says_so(client):
    article = make_article(title="小麦", body="小麦丰收", ocr_text="小麥豐收 旧识别")
    html = client.get(article.get_absolute_url(), {"q": "旧识别"}).content.decode()
    assert "本文正文中没有找到" in html
    assert "下一处" not in html and "hits.js" not in html


def test_back_link_returns_to_the_same_result_page_with_its_filters(client):
    article = make_article(title="小麦", body="小麦丰收")
    params = {
        "q": "小麦",
        "county": "wenxian",
        "from": "2023",
        "sort": "newest",
        "page": "3",
        "utm_source": "x",
    }
    html = client.get(article.get_absolute_url(), params).content.decode()
    href = re.search(r'<a class="hit-back" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    url = urlsplit(href)
    assert url.path == "/search/"
    assert url.fragment == f"result-{article.pk}"
    assert parse_qs(url.query) == {
        "q": ["小麦"],
        "county": ["wenxian"],
        "from": ["2023"],
        "sort": ["newest"],
        "page": ["3"],
    }


def test_find_hits_counts_matches_across_all_fields():
    class Stub:
        display_title = "温县"
        subtitle = ""
        byline = "本报记者 温县人"
        paragraphs = ["温县小麦", "没有"]

    hits = find_hits(Stub(), "温县")
    assert hits.count == 3
    assert hits.paragraphs[1] == "没有"
    assert find_hits(Stub(), "") is None


@pytest.mark.usefixtures("search_backend")
def test_search_results_link_to_the_article_with_the_query_and_its_filters(client):
    wen = make_county("温县")
    page = make_page("A05", make_issue("2023-03-14", make_newspaper("怀川日报")), wen)
    article = make_article(page, title="黄河滩区春耕", body="黄河滩区的农民开始春耕。")
    index_articles()
    html = client.get("/search/", {"q": "黄河", "county": "wenxian", "junk": "1"}).content.decode()
    href = re.search(rf'href="(/articles/{article.pk}/[^"]*)"', html).group(1)
    url = urlsplit(href.replace("&amp;", "&"))
    assert parse_qs(url.query) == {"q": ["黄河"], "county": ["wenxian"]}
    assert url.fragment == "hit-1"
    assert f'id="result-{article.pk}"' in html


@pytest.mark.usefixtures("search_backend")
def test_article_from_a_search_needs_few_queries(client, django_assert_max_num_queries):
    page = make_page("A05", make_issue("2023-03-14"), make_county("温县"))
    article = make_article(page, title="黄河滩区春耕", body="黄河滩区的农民开始春耕。")
    for number in range(6):
        make_article(page, title=f"黄河滩区第{number}篇", body="黄河滩区农民春耕。")
    index_articles()
    with django_assert_max_num_queries(8):
        response = client.get(article.get_absolute_url(), {"q": "黄河", "page": "2"})
    assert response.status_code == 200 and marks(response.content.decode())
