"""A reader narrows a search by clicking a bar of the hits-over-time chart (headless Chromium)."""

from __future__ import annotations

import pytest

from tests.a11y import assert_no_serious_violations
from tests.factories import make_article, make_county, make_issue, make_newspaper, make_page
from tests.search.conftest import index_articles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archive(search_backend):
    paper = make_newspaper("怀川日报")
    county = make_county("温县")
    days = {
        "2019-06-02": "各乡镇小麦开镰收割。",
        "2021-03-05": "小麦返青，农技员下田指导。",
        "2021-03-20": "小麦春灌有序进行，玉米备播。",
        "2021-08-09": "玉米长势良好，小麦秸秆还田。",
        "2023-05-10": "小麦丰收在望。",
        "2023-09-15": "玉米收获机下田。",
        "2022-01-10": "冬季农田水利建设。",
    }
    for number, (day, body) in enumerate(days.items(), start=1):
        page = make_page("A01", make_issue(day, paper), county)
        make_article(page, title=f"农事{number}", body=body)
    index_articles()


def test_clicking_a_year_then_a_month_narrows_the_results(live_server, page, screenshot, archive):
    page.goto(live_server.url + "/search/?q=小麦")
    assert "找到 5 篇" in page.inner_text(".result-count")
    chart = page.locator("svg.trend-chart")
    assert chart.locator("a.bar").count() == 5  # 2019 … 2023, empty years included
    assert_no_serious_violations(page, "figure.hits-over-time")
    screenshot("trend-01-search-by-year")

    chart.locator("a.bar", has=page.locator("title", has_text="2021年：3 篇")).click()
    page.wait_for_url("**from=2021-01-01*")
    assert "找到 3 篇" in page.inner_text(".result-count")
    assert page.locator("svg.trend-chart a.bar").count() == 12  # now month by month
    screenshot("trend-02-narrowed-to-2021")

    page.locator(
        "svg.trend-chart a.bar", has=page.locator("title", has_text="2021年3月：2 篇")
    ).click()
    page.wait_for_url("**to=2021-03-31*")
    assert "找到 2 篇" in page.inner_text(".result-count")
    titles = set(page.locator("ol.search-results h2 a").all_inner_texts())
    assert titles == {"农事2", "农事3"}

    page.get_by_text("以表格查看").click()
    assert page.locator(".chart-table tr.active").inner_text().startswith("2021年3月")


def test_comparing_two_words_and_opening_a_period(live_server, page, screenshot, archive):
    page.goto(live_server.url + "/search/trend/")
    page.locator(".trend-form input[name=q]").nth(0).fill("小麦")
    page.locator(".trend-form input[name=q]").nth(1).fill("玉米")
    page.get_by_role("button", name="比较").click()
    page.wait_for_selector("svg.trend-chart")
    assert page.locator("svg.trend-chart a.bar").count() == 10  # 5 years × 2 words
    assert "每千篇" in page.inner_text("figure.hits-over-time")
    assert_no_serious_violations(page)
    screenshot("trend-03-compare")
    bar = page.locator("svg.trend-chart a.bar", has=page.locator("title", has_text="玉米 · 2023年"))
    bar.click()
    page.wait_for_url("**/search/?*")
    assert "找到 1 篇" in page.inner_text(".result-count")
    assert page.locator("ol.search-results h2 a").all_inner_texts() == ["农事6"]


def test_chart_keeps_legible_labels_on_a_phone(live_server, browser, archive):
    from tests.conftest import ARTIFACTS

    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 800})
    tab = context.new_page()
    try:
        tab.goto(live_server.url + "/search/?q=小麦")
        chart = tab.locator("svg.trend-chart")
        # Scaled to the phone's width the 11px labels would shrink to ~5px: the chart scrolls.
        assert chart.bounding_box()["width"] >= 480
        label_height = tab.locator("svg.trend-chart .ticks text").first.bounding_box()["height"]
        assert label_height >= 9
        figure = tab.locator("figure.hits-over-time").bounding_box()
        assert figure["x"] + figure["width"] <= 390  # scrolls inside the page, not past it
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "trend-04-phone.png"))
    finally:
        context.close()
