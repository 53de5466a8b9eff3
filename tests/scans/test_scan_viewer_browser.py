"""A reader zooms and pans a page scan in a real browser (headless Chromium + OpenSeadragon)."""

from __future__ import annotations

import pytest

from archive.scans.store import attach_scan, prepare_scan
from tests.a11y import assert_no_serious_violations
from tests.factories import make_article, make_county, make_issue, make_page
from tests.scans.images import page_image, write_scan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scanned(tmp_path):
    issue = make_issue("2023-03-14")
    page = make_page("A05", issue, make_county("温县"))
    make_article(page, title="滩区春季植树忙", body="黄河滩区的志愿者扶苗培土。")
    make_page("A06", issue)
    attach_scan(page, prepare_scan(write_scan(tmp_path / "a05.png", page_image(1600, 2240))))
    return page


def viewport_state(tab) -> dict:
    return tab.evaluate(
        """() => { const v = window.newsroomScanViewer.viewport;
                   const c = v.getCenter(); return {zoom: v.getZoom(), x: c.x, y: c.y}; }"""
    )


def wait_for_tiles(tab) -> None:
    tab.wait_for_function(
        "() => window.newsroomScanViewer && window.newsroomScanViewer.world.getItemCount() === 1"
        " && window.newsroomScanViewer.world.getItemAt(0).getFullyLoaded()"
    )


def test_reader_zooms_in_and_pans_the_scan_beside_the_text(live_server, page, screenshot, scanned):
    page.goto(live_server.url + scanned.get_absolute_url())
    wait_for_tiles(page)
    text_box = page.locator("#page-text").bounding_box()
    scan_box = page.locator("#scan-viewer").bounding_box()
    assert scan_box["x"] > text_box["x"] + text_box["width"] - 1  # side by side on desktop
    assert page.locator("#page-text").get_by_text("滩区春季植树忙").is_visible()
    before = viewport_state(page)
    assert_no_serious_violations(page, "[data-scan-layout]")
    screenshot("scans-01-page-with-scan")

    centre_x = scan_box["x"] + scan_box["width"] / 2
    centre_y = scan_box["y"] + scan_box["height"] / 2
    page.mouse.move(centre_x, centre_y)
    for _ in range(4):
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(150)
    page.wait_for_function(
        f"() => window.newsroomScanViewer.viewport.getZoom() > {before['zoom']} * 2"
    )
    zoomed = viewport_state(page)

    page.mouse.move(centre_x, centre_y)
    page.mouse.down()
    page.mouse.move(centre_x - 150, centre_y - 120, steps=8)
    page.mouse.up()
    page.wait_for_timeout(600)
    panned = viewport_state(page)
    assert (
        panned["x"] > zoomed["x"] and panned["y"] > zoomed["y"]
    )  # dragged left/up: view moves right/down
    wait_for_tiles(page)
    screenshot("scans-02-zoomed-and-panned")


def test_phone_shows_text_and_scan_as_tabs(live_server, browser, scanned):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 800})
    tab = context.new_page()
    try:
        tab.goto(live_server.url + scanned.get_absolute_url())
        assert tab.get_by_role("tab", name="文字").is_visible()
        assert tab.locator("#page-text").is_visible()
        assert not tab.locator("#scan-viewer").is_visible()
        tab.get_by_role("tab", name="原版扫描图").click()
        assert tab.locator("#scan-viewer").is_visible()
        assert not tab.locator("#page-text").is_visible()
        wait_for_tiles(tab)
        assert_no_serious_violations(tab, "[data-scan-layout]")
        tab.screenshot(path=str(_artifact("scans-03-phone-scan-tab")))
    finally:
        context.close()


def test_issue_thumbnail_leads_to_the_scanned_page(live_server, page, screenshot, scanned):
    page.goto(live_server.url + scanned.issue.get_absolute_url())
    strip = page.get_by_role("navigation", name="版面扫描图缩略图")
    assert strip.get_by_role("img").count() == 1
    page.wait_for_function("() => document.querySelector('.scan-strip img').naturalWidth > 0")
    assert_no_serious_violations(page, ".scan-strip")
    screenshot("scans-04-issue-thumbnails")
    strip.get_by_role("link").click()
    page.wait_for_url("**/A05/")
    wait_for_tiles(page)


def _artifact(name: str):
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"
