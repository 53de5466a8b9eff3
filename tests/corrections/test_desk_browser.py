"""The correction desk and the page re-cut tool in a browser at phone, tablet and desktop
widths: layout, scrolling in step, keyboard shortcuts, a re-cut done by clicking, and an
axe-core check of each. Screenshots go to test-artifacts/desk-*.png."""

from __future__ import annotations

import pytest

from archive.models import Article
from tests.a11y import assert_no_serious_violations
from tests.conftest import ARTIFACTS
from tests.corrections.test_page_recut import H1, H2, H3, PAGE, S3
from tests.factories import make_article, make_page, make_staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 768, 1280)
PARAGRAPHS = [
    f"第{n}段：县里召开第{n}次会议，研究部署今年春季农业生产、黄河滩区防汛和乡村道路建设等工作。"
    for n in range(1, 25)
]
# The OCR as printed: column-broken lines and letter spacing, one blank line between paragraphs.
OCR = "\n\n".join(
    "\n".join(" ".join(p[i : i + 14]) for i in range(0, len(p), 14)) for p in PARAGRAPHS
)


@pytest.fixture
def signed_in(signed_in_tabs):
    """``open(width)`` returns a Playwright tab of that width signed in as a staff member."""
    user = make_staff_user()
    return lambda width: signed_in_tabs(user, width)


def shoot(tab, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def box(tab, selector: str) -> dict:
    return tab.locator(selector).bounding_box()


@pytest.mark.parametrize("width", WIDTHS)
def test_desk_fits_the_screen_and_scrolls_in_step(signed_in, live_server, width):
    title = "温县召开全县春季农业生产暨黄河滩区防汛工作推进会议部署重点任务"  # 31 characters
    article = make_article(title=title, body="\n\n".join(PARAGRAPHS), ocr_text=OCR)
    tab = signed_in(width)
    tab.goto(f"{live_server.url}/admin/archive/article/{article.pk}/change/")
    tab.wait_for_selector("#desk-sync")

    ocr, text = box(tab, "pre.ocr-original"), box(tab, "textarea[name=body]")
    viewport = tab.viewport_size["height"]
    if width >= 1000:  # side by side, each about as tall as the window
        assert ocr["x"] + ocr["width"] <= text["x"] and abs(ocr["y"] - text["y"]) < 40
        assert min(ocr["height"], text["height"]) > 0.8 * viewport
    else:  # stacked, both in view together
        assert text["y"] >= ocr["y"] + ocr["height"]
        assert min(ocr["width"], text["width"]) > 0.85 * (width - 60)
        assert min(ocr["height"], text["height"]) > 0.3 * viewport
    title_box = box(tab, "#id_title")
    assert title_box["width"] >= min(30 * 15, width - 80)
    # The whole headline fits in its field (on a phone the field takes the full width).
    assert width < 768 or tab.evaluate(
        "() => { const t = document.getElementById('id_title');"
        " return t.scrollWidth <= t.clientWidth; }"
    )
    assert tab.locator("#desk-shortcuts").is_visible()

    # Paragraph 15 at the top of the text: its OCR line is at the top of the OCR pane.
    top_line = tab.evaluate("""() => {
      const text = document.querySelector('textarea[name=body]');
      const ocr = document.querySelector('pre.ocr-original');
      const pair = window.newsroomDesk.pairs()[15];
      text.scrollTop = pair.text;
      return new Promise((done) => setTimeout(() => {
        const lines = [...ocr.querySelectorAll('.ocr-line')];
        const top = ocr.getBoundingClientRect().top + 2;
        const line = lines.find((l) => l.getBoundingClientRect().bottom > top);
        done(line.textContent);
      }, 300));
    }""")
    assert top_line.replace(" ", "").startswith("第15段")
    shoot(tab, f"desk-{width}")
    assert_no_serious_violations(tab)


def test_keyboard_saves_and_opens_the_next_article_in_the_queue(signed_in, live_server):
    first = make_article(title="第一篇", body="县 里 召 开\n会\n议 ¤¤")
    following = make_article(title="第二篇", body="县里召开会议。\n县 里")
    tab = signed_in(1280)
    tab.goto(f"{live_server.url}/admin/archive/article/{first.pk}/change/")
    body = tab.locator("textarea[name=body]")
    body.fill("县 里 召 开\n会\n议")  # still the noisiest: first in the queue
    body.press("Control+s")
    tab.wait_for_selector(".messagelist .success")
    assert tab.url.endswith(f"/admin/archive/article/{first.pk}/change/")
    assert Article.objects.get(pk=first.pk).body == "县 里 召 开\n会\n议"

    tab.locator("textarea[name=body]").press("Alt+n")
    tab.wait_for_url(f"**/admin/archive/article/{following.pk}/change/")
    assert "这是队列中的下一篇" in tab.inner_text(".messagelist")


@pytest.fixture
def badly_cut_page():
    page = make_page(ocr_text=PAGE)
    merged = make_article(
        page=page,
        order=1,
        title=H2,
        body="两篇合在一起的正文。",
        ocr_start=0,
        ocr_end=S3,
        ocr_text=PAGE[:S3],
    )
    right = make_article(
        page=page,
        order=2,
        title=H3,
        body="本报讯 银发门诊。",
        ocr_start=S3,
        ocr_end=len(PAGE),
        ocr_text=PAGE[S3:],
    )
    return page, merged, right


@pytest.mark.parametrize("width", WIDTHS)
def test_recut_tool_fixes_a_page_by_clicking(signed_in, live_server, badly_cut_page, width):
    page, merged, _right = badly_cut_page
    tab = signed_in(width)
    tab.goto(f"{live_server.url}/admin/archive/page/{page.pk}/recut/")
    tab.wait_for_selector("#recut-text")
    shoot(tab, f"recut-{width}-before")
    assert_no_serious_violations(tab)

    tab.locator(".recut-line", has_text=H2).click()
    tab.get_by_role("button", name="在此行前切开（新一篇，此行为标题）").click()
    tab.locator(".recut-line", has_text=H1).click()
    tab.get_by_role("button", name="设为本篇标题").click()
    assert tab.locator(".recut-line.is-headline").count() == 3
    # A second headline line can join it, and leave again by picking one line.
    tab.locator(".recut-line", has_text="本报讯 3月13日").click()
    tab.get_by_role("button", name="标题加上此行（副题、肩题）").click()
    assert tab.locator(".recut-line.is-headline").count() == 4
    tab.locator(".recut-line", has_text=H1).click()
    tab.get_by_role("button", name="设为本篇标题").click()
    assert tab.locator(".recut-line.is-headline").count() == 3
    shoot(tab, f"recut-{width}-edited")
    assert_no_serious_violations(tab)
    tab.click("#recut-save")
    tab.wait_for_selector(".messagelist .success")
    assert [a.title for a in page.articles.order_by("order")] == [H1, H2, H3]
    assert "黄河滩区" not in Article.objects.get(pk=merged.pk).body

    tab.get_by_role("button", name="撤销上次整版切分").click()
    tab.wait_for_selector(".messagelist .success")
    assert [a.title for a in page.articles.order_by("order")] == [H2, H3]
