"""Readers on a phone, a tablet and a desktop (headless Chromium): an article opened from a
search result, the search page and a year page; each checked with axe-core and screenshotted."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache

from archive.models import ErrorReport
from tests.a11y import assert_no_serious_violations
from tests.factories import make_article, make_county, make_issue, make_newspaper, make_page
from tests.search.conftest import index_articles, search_backend  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {390: 844, 768: 1024, 1280: 800}
FILLER = "县里组织农技人员深入田间地头，指导群众做好冬春管理，确保来年增产增收。" * 3


@pytest.fixture
def archive(search_backend):  # noqa: F811
    cache.clear()  # error-report counters from other tests
    paper = make_newspaper("怀川日报")
    wen, meng = make_county("温县"), make_county("孟州市")
    spring = make_page("A05", make_issue("2024-03-14", paper), wen, section="温县新闻")
    may = make_page("B03", make_issue("2024-05-20", paper), meng, section="孟州新闻")
    make_page("A01", make_issue("2024-05-21", paper), meng)
    paragraphs = [FILLER] * 6 + ["黄河滩区的志愿者扶苗培土，黄河岸边绿意渐浓。"] + [FILLER] * 3
    paragraphs += ["沿着黄河大堤，新栽的树苗排成了行。"] + [FILLER] * 2
    long_one = make_article(
        spring,
        title="滩区春季植树忙",
        byline="本报记者 孙立",
        body="\n\n".join(paragraphs),
        order=1,
    )
    for number in range(4):
        make_article(
            spring, title=f"滩区植树第{number}批", body=f"滩区植树，黄河岸边第{number}批树苗。"
        )
    for number in range(2):
        make_article(
            may, title=f"农技人员下乡{number}", body="农技人员深入田间地头，指导冬春管理。"
        )
    make_article(may, title="湿地迎来白鹭", body="孟州境内黄河湿地飞来成群白鹭。")
    make_article(may, title="", kind="brief", body="又讯 孟州黄河湿地开展巡护。")
    index_articles()
    return {"paper": paper, "long": long_one}


def open_tab(browser, width: int):
    context = browser.new_context(
        viewport={"width": width, "height": VIEWPORTS[width]}, locale="zh-CN"
    )
    return context, context.new_page()


def save_screenshot(tab, name: str, *, full_page: bool = True) -> None:
    """What the reader sees (``name.png``) and, with ``full_page``, the whole page too."""
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    if full_page:
        tab.screenshot(path=str(ARTIFACTS / f"{name}-full.png"), full_page=True)


def in_viewport(tab, selector: str) -> bool:
    return tab.evaluate(
        """sel => { const r = document.querySelector(sel).getBoundingClientRect();
                    return r.top >= 0 && r.bottom <= window.innerHeight; }""",
        selector,
    )


def no_sideways_scrolling(tab, width: int) -> None:
    assert tab.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_article_from_a_search_marks_the_hits_steps_through_them_and_goes_back(
    live_server, browser, archive, width
):
    context, tab = open_tab(browser, width)
    try:
        tab.goto(f"{live_server.url}/search/?q=黄河&county=wenxian&sort=oldest")
        tab.get_by_role("link", name="滩区春季植树忙").click()
        tab.wait_for_url(re.compile(r"/articles/\d+/\?.*#hit-1$"))
        url = urlsplit(tab.url)
        assert parse_qs(url.query) == {"q": ["黄河"], "county": ["wenxian"], "sort": ["oldest"]}
        hits = tab.locator("mark.hit")
        assert hits.all_inner_texts() == ["黄河"] * 3
        # Opened at the first match, far down the article, and it is the current one.
        assert tab.evaluate("window.scrollY") > 300
        assert in_viewport(tab, "#hit-1")
        assert "current" in tab.get_attribute("#hit-1", "class")
        assert "第 1/3 处" in tab.inner_text(".hit-status")
        save_screenshot(tab, f"readers-article-opened-at-hit-{width}", full_page=False)

        tab.get_by_role("link", name="↓ 下一处").click()
        assert in_viewport(tab, "#hit-2") and tab.url.endswith("#hit-2")
        assert "第 2/3 处" in tab.inner_text(".hit-status")
        tab.get_by_role("link", name="↓ 下一处").click()
        assert in_viewport(tab, "#hit-3")
        tab.get_by_role("link", name="↓ 下一处").click()  # wraps round to the first
        assert "第 1/3 处" in tab.inner_text(".hit-status") and in_viewport(tab, "#hit-1")
        tab.get_by_role("link", name="↑ 上一处").click()
        assert "第 3/3 处" in tab.inner_text(".hit-status")
        no_sideways_scrolling(tab, width)

        # Dates in the related list stay on one line.
        assert tab.locator(".related li").count() > 0
        broken = tab.evaluate(
            "[...document.querySelectorAll('.related .nowrap')]"
            ".filter(e => e.getClientRects().length > 1 || e.offsetHeight > 40).length"
        )
        assert broken == 0

        assert_no_serious_violations(tab)
        save_screenshot(tab, f"readers-article-from-search-{width}")
        tab.get_by_role("link", name="报告错误", exact=True).click()
        tab.wait_for_url(re.compile(r"/report/$"))
        tab.fill("#report-message", "第七段“扶苗”应为“扶贫”。")
        assert_no_serious_violations(tab)
        save_screenshot(tab, f"readers-report-form-{width}", full_page=False)
        tab.get_by_role("button", name="提交报告").click()
        tab.wait_for_url(re.compile(r"\?reported=1#report$"))
        assert "您的报告已送给档案馆工作人员" in tab.inner_text("#report")
        assert ErrorReport.objects.filter(article=archive["long"]).count() == 1

        tab.go_back()  # the report form
        tab.go_back()  # the article, as reached from the search
        tab.get_by_role("link", name="← 返回搜索结果").click()
        tab.wait_for_url(re.compile(r"/search/\?.*#result-\d+$"))
        back = urlsplit(tab.url)
        assert parse_qs(back.query) == {"q": ["黄河"], "county": ["wenxian"], "sort": ["oldest"]}
        assert in_viewport(tab, f"#result-{archive['long'].pk}")
    finally:
        context.close()


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_search_page_has_one_box_folding_filters_and_results_above_the_fold(
    live_server, browser, archive, width
):
    context, tab = open_tab(browser, width)
    try:
        tab.goto(f"{live_server.url}/search/?q=黄河")
        assert tab.locator("input[type=search]").count() == 1
        filters = tab.locator("details.search-options")
        assert filters.evaluate("d => d.open") == (width > 720)
        first = tab.locator("ol.search-results > li").first.bounding_box()
        assert first["y"] + 60 < VIEWPORTS[width], "the first result must start above the fold"
        save_screenshot(tab, f"readers-search-{width}")

        if width <= 720:
            tab.get_by_text("筛选", exact=True).click()
        labels_apart = tab.evaluate(
            """() => [...document.querySelectorAll('.search-fields label.field')].filter(label => {
                 const text = label.querySelector('span').getBoundingClientRect();
                 const control = label.querySelector('select, input').getBoundingClientRect();
                 return control.top > text.bottom || text.top > control.bottom;
               }).length"""
        )
        assert labels_apart == 0, "a filter label wrapped away from its control"
        no_sideways_scrolling(tab, width)
        assert_no_serious_violations(tab)
        save_screenshot(tab, f"readers-search-filters-{width}")
    finally:
        context.close()


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_year_page_is_compact_legible_and_the_header_placeholder_fits(
    live_server, browser, archive, width
):
    context, tab = open_tab(browser, width)
    try:
        tab.goto(f"{live_server.url}/papers/{archive['paper'].slug}/2024/")
        assert tab.locator("table.calendar").count() == 2  # March and May only
        height = tab.evaluate("document.documentElement.scrollHeight")
        assert height < 1700, f"year page is {height}px tall"
        no_sideways_scrolling(tab, width)
        placeholder_fits = tab.evaluate(
            """() => {
                 const input = document.querySelector('#site-q');
                 const style = getComputedStyle(input);
                 const context = document.createElement('canvas').getContext('2d');
                 context.font = style.font;
                 const text = context.measureText(input.placeholder).width;
                 const room = input.clientWidth - parseFloat(style.paddingLeft)
                              - parseFloat(style.paddingRight);
                 return text <= room;
               }"""
        )
        assert placeholder_fits, "the header search placeholder is cut off"
        assert_no_serious_violations(tab)
        save_screenshot(tab, f"readers-year-{width}")
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_every_reader_page_passes_axe(live_server, browser, archive, width):
    """Contrast (≥ 4.5:1 for text) and the other serious rules, on every kind of reader page."""
    paper, article = archive["paper"], archive["long"]
    urls = [
        "/",
        f"/papers/{paper.slug}/",
        f"/papers/{paper.slug}/2024-03-14/",
        f"/papers/{paper.slug}/2024-03-14/A05/",
        article.get_absolute_url(),
        f"{article.get_absolute_url()}report/",
        "/counties/",
        "/counties/wenxian/",
        "/search/",
        "/search/?q=%22",  # a query error message
    ]
    context, tab = open_tab(browser, width)
    try:
        for url in urls:
            tab.goto(live_server.url + url)
            for summary in tab.locator("details > summary").all():
                summary.click()  # folded content is checked too
            assert_no_serious_violations(tab)
    finally:
        context.close()


def test_without_javascript_the_article_still_opens_at_the_first_hit(live_server, browser, archive):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", java_script_enabled=False
    )
    tab = context.new_page()
    try:
        tab.goto(f"{live_server.url}/search/?q=黄河")
        tab.get_by_role("link", name="滩区春季植树忙").click()
        tab.wait_for_url(re.compile(r"#hit-1$"))
        box = tab.locator("#hit-1").bounding_box()
        assert 0 <= box["y"] < 844, "the browser itself scrolls to #hit-1"
        assert tab.locator("mark.hit").count() == 3
        tab.get_by_role("link", name="↓ 下一处").click()  # goes to the first match
        assert tab.url.endswith("#hit-1")
    finally:
        context.close()
