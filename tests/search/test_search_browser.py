"""A reader searches from the header box in a real browser (headless Chromium)."""

from __future__ import annotations

import pytest

from tests.factories import make_article, make_county, make_issue, make_newspaper, make_page
from tests.search.conftest import index_articles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archive(search_backend):
    paper = make_newspaper("怀川日报")
    wen, meng = make_county("温县"), make_county("孟州市")
    spring = make_page("A05", make_issue("2023-03-14", paper), wen)
    old = make_page("A02", make_issue("2019-08-02", paper), wen)
    may = make_page("B03", make_issue("2023-05-20", paper), meng)
    make_article(spring, title="滩区春季植树忙", body="黄河滩区的志愿者扶苗培土，绿意渐浓。")
    make_article(old, title="黄河大堤加固完工", body="入汛前，黄河大堤加固工程全部完工。")
    make_article(may, title="湿地迎来白鹭", body="孟州境内黄河湿地飞来成群白鹭。")
    make_article(may, title="麦收进度过半", body="各乡镇抢收小麦，进度过半。")
    index_articles()


def result_titles(page) -> list[str]:
    return page.locator("ol.search-results h2 a").all_inner_texts()


def test_reader_searches_narrows_by_county_sorts_by_newest_and_opens_an_article(
    live_server, page, screenshot, archive
):
    page.goto(live_server.url + "/")
    page.fill("#site-q", "黄河")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    assert "找到 3 篇" in page.inner_text(".result-count")
    assert set(page.locator("ol.search-results mark").all_inner_texts()) == {"黄河"}
    screenshot("search-01-results")

    page.locator("aside.filters").get_by_role("link", name="温县", exact=True).click()
    page.wait_for_url("**county=wenxian*")
    assert "找到 2 篇" in page.inner_text(".result-count")
    # By relevance the title match comes first; sorting by newest must reverse that.
    assert result_titles(page) == ["黄河大堤加固完工", "滩区春季植树忙"]

    page.locator(".sort").get_by_role("link", name="最新").click()
    page.wait_for_url("**sort=newest*")
    assert result_titles(page) == ["滩区春季植树忙", "黄河大堤加固完工"]
    screenshot("search-02-county-newest")

    page.get_by_role("link", name="滩区春季植树忙").click()
    page.wait_for_selector("h1")
    assert page.inner_text("h1") == "滩区春季植树忙"
    assert "黄河滩区的志愿者扶苗培土" in page.content()
    screenshot("search-03-article")
