"""Citation downloads: one article at /articles/<id>/cite.*, a search at /search/cite.*."""

from __future__ import annotations

import json
import re

import bibtexparser
import pytest
import rispy

from archive.models import Article
from tests.factories import make_article, make_county, make_issue, make_newspaper, make_page
from tests.search.conftest import index_articles

pytestmark = pytest.mark.django_db


@pytest.fixture
def article() -> Article:
    page = make_page("A05", issue=make_issue("2023-03-14", make_newspaper("怀川日报")))
    return make_article(page, title="黄河湿地迎来候鸟", byline="本报记者 李青")


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("ris", "application/x-research-info-systems; charset=utf-8"),
        ("bib", "application/x-bibtex; charset=utf-8"),
        ("json", "application/vnd.citationstyles.csl+json; charset=utf-8"),
    ],
)
def test_article_citation_downloads_as_a_named_file(client, article, fmt, content_type):
    response = client.get(f"/articles/{article.pk}/cite.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="newsroom-2023-03-14-{article.pk}.{fmt}"'
    )
    text = response.content.decode()
    assert "黄河湿地迎来候鸟" in text and "怀川日报" in text and "A05" in text
    assert f"http://testserver/articles/{article.pk}/" in text


def test_unknown_article_or_format_is_not_found(client, article):
    assert client.get(f"/articles/{article.pk + 1}/cite.ris").status_code == 404
    assert client.get(f"/articles/{article.pk}/cite.xml").status_code == 404


def test_article_page_links_each_download_next_to_the_gbt_citation(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    section = html.split('class="cite"', 1)[1].split("</section>", 1)[0]
    for fmt in ("ris", "bib", "json"):
        assert f'href="/articles/{article.pk}/cite.{fmt}"' in section
    assert "李青. 黄河湿地迎来候鸟[N]. 怀川日报, 2023-03-14(A05)." in section


def test_meta_tags_and_json_ld_say_what_the_downloads_say(client, db):
    untitled = make_article(
        make_page("B02", issue=make_issue("2023-08-29")), title="", kind="photo", byline="王颖 摄"
    )
    html = client.get(untitled.get_absolute_url()).content.decode()
    meta = dict(re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)"', html))
    ld = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))
    [ris] = rispy.loads(client.get(f"/articles/{untitled.pk}/cite.ris").content.decode())
    csl = json.loads(client.get(f"/articles/{untitled.pk}/cite.json").content)[0]
    assert meta["citation_title"] == ld["headline"] == ris["title"] == csl["title"] == "[无题]"
    assert meta["citation_publication_date"] == "2023/08/29" == ris["date"]
    assert ld["datePublished"] == "2023-08-29"
    assert meta["citation_journal_title"] == ld["publisher"]["name"] == ris["secondary_title"]
    assert meta["citation_firstpage"] == ld["pagination"] == ris["start_page"] == csl["page"]
    assert meta["citation_author"] == ld["author"][0]["name"] == ris["authors"][0] == "王颖"


@pytest.fixture
def searchable(search_backend):
    county = make_county("温县")
    paper = make_newspaper("怀川日报")
    for day in range(1, 29):
        page = make_page("A01", issue=make_issue(f"2023-02-{day:02d}", paper), county=county)
        for n in range(4):
            make_article(page, title=f"小麦新闻{day}-{n}", body="温县小麦长势喜人。")
    make_article(page, title="别的事", body="与麦子无关。")
    index_articles()


def test_search_results_export_up_to_100_items_with_the_same_parameters(client, searchable):
    response = client.get("/search/cite.ris", {"q": "小麦", "sort": "newest"})
    assert response.status_code == 200
    entries = rispy.loads(response.content.decode())
    assert len(entries) == 100  # 112 match
    assert entries[0]["date"] == "2023/02/28" and entries[-1]["date"] == "2023/02/04"
    narrowed = client.get("/search/cite.bib", {"q": "小麦", "from": "2023-02-27"})
    keys = [entry.key for entry in bibtexparser.parse_string(narrowed.content.decode()).entries]
    assert len(keys) == 8
    csl = json.loads(client.get("/search/cite.json", {"q": "麦子"}).content)
    assert [item["title"] for item in csl] == ["别的事"]


def test_search_export_explains_a_missing_or_malformed_query(client, searchable):
    missing = client.get("/search/cite.ris")
    assert missing.status_code == 400 and "缺少搜索词" in missing.content.decode()
    assert client.get("/search/cite.ris", {"q": '"未闭合'}).status_code == 400
    assert client.get("/search/cite.ris", {"q": "小麦", "from": "2023-13"}).status_code == 400


def test_search_page_links_the_exports_and_the_feed_for_its_query(client, searchable):
    html = client.get("/search/", {"q": "小麦", "county": "wenxian", "page": "2"}).content.decode()
    assert "导出引用（前 100 条）" in html
    for fmt in ("ris", "bib", "json"):
        assert f'href="/search/cite.{fmt}?q=%E5%B0%8F%E9%BA%A6&amp;county=wenxian"' in html
    assert (
        '<link rel="alternate" type="application/atom+xml" title="“小麦”的最新文章" '
        'href="/search/feed/?q=%E5%B0%8F%E9%BA%A6&amp;county=wenxian">' in html
    )
