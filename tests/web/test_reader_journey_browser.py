"""A reader clicks through the archive in a real browser (headless Chromium)."""

import pytest

from tests.factories import make_article, make_county, make_issue, make_newspaper, make_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archive():
    paper = make_newspaper("怀川日报")
    wen = make_county("温县", "焦作市")
    issue = make_issue("2023-03-14", paper)
    page = make_page("A05", issue=issue, county=wen, section="温县新闻")
    make_article(
        page,
        title="温县黄河滩区春季植树忙",
        byline="本报记者 孙立",
        body="本报讯 三月里，滩区绿意渐浓。\n\n志愿者扶苗培土。",
        order=1,
    )
    make_article(page, title="大棚里育出致富苗", order=2)
    return paper


def test_reader_goes_from_home_through_calendar_issue_and_page_to_an_article(
    live_server, page, screenshot, archive
):
    page.goto(live_server.url + "/")
    screenshot("01-home")
    page.get_by_role("link", name="怀川日报", exact=True).click()
    page.wait_for_url("**/papers/huaichuanribao/")
    screenshot("02-calendar")
    page.locator("table.calendar").get_by_role("link", name="2023年3月14日").click()
    page.wait_for_url("**/2023-03-14/")
    assert "2023年3月14日 星期二" in page.content()
    page.get_by_role("link", name="A05版 · 温县新闻").click()
    page.wait_for_url("**/2023-03-14/A05/")
    screenshot("03-page")
    page.get_by_role("link", name="温县黄河滩区春季植树忙").click()
    page.wait_for_selector("h1")
    assert page.inner_text("h1") == "温县黄河滩区春季植树忙"
    assert "怀川日报, 2023-03-14(A05)." in page.inner_text(".citation")
    ocr = page.locator("details.ocr pre")
    assert not ocr.is_visible()
    page.get_by_text("查看原始 OCR 识别文本").click()
    assert ocr.is_visible()
    screenshot("04-article")


def test_reader_follows_a_county_to_its_articles(live_server, page, screenshot, archive):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="县区", exact=True).click()
    page.get_by_role("link", name="温县 2 篇").click()
    page.wait_for_url("**/counties/wenxian/")
    screenshot("05-county")
    page.get_by_role("link", name="大棚里育出致富苗").click()
    assert page.inner_text("h1") == "大棚里育出致富苗"


def test_article_page_is_readable_on_a_phone(live_server, browser, archive):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    phone = context.new_page()
    phone.goto(live_server.url + "/counties/wenxian/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 390  # no sideways scrolling
