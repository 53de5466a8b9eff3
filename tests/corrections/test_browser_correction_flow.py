"""An editor logs in, corrects a word, sees it on the public page and in search, reverts,
sees the old text back; plus a refused concurrent save and a merge undone.

Runs headless Debian Chromium through Playwright against pytest-django's live server.
Uses the shared ``page``/``screenshot`` fixtures of tests/conftest.py; screenshots go to
test-artifacts/ (gitignored).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import make_article, make_staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "pw-校对-123"
WRONG, RIGHT = "粮仓", "粮食"
BODY = f"本报讯 今年我县{WRONG}喜获丰收，农户笑逐颜开。\n\n第二段说明收购进度。"


def log_in(page, live_server) -> None:
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")


def correct_word(page, live_server, article, shoot) -> None:
    page.goto(f"{live_server.url}/admin/archive/article/{article.pk}/change/")
    page.wait_for_selector("pre.ocr-original")
    body = page.locator("textarea[name=body]")
    body.fill(body.input_value().replace(WRONG, RIGHT))
    page.fill("input[name=change_comment]", "改正错字")
    page.select_option("select[name=status]", "corrected")  # the reader badge follows status
    shoot("admin-correction-desk")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")


def found_by_search(page, live_server, word: str, article) -> bool:
    page.goto(f"{live_server.url}/search/?q={word}")
    return page.locator(f'a[href^="{article.get_absolute_url()}"]').count() > 0


def test_editor_corrects_a_word_sees_it_public_and_in_search_then_reverts(
    page, live_server, screenshot
):
    make_staff_user()
    article = make_article(title="丰收的消息", body=BODY, ocr_text=BODY)
    public_url = f"{live_server.url}{article.get_absolute_url()}"
    assert not found_by_search(page, live_server, RIGHT, article)

    log_in(page, live_server)
    correct_word(page, live_server, article, screenshot)

    page.goto(public_url)
    text = page.inner_text("article .body")
    assert RIGHT in text and WRONG not in text
    assert "已校对" in page.inner_text(".correction-badge")
    screenshot("admin-public-corrected")
    assert found_by_search(page, live_server, RIGHT, article)
    screenshot("admin-search-corrected")
    # The original OCR reading stays findable.
    assert found_by_search(page, live_server, WRONG, article)

    page.goto(f"{live_server.url}/admin/archive/article/{article.pk}/revisions/")
    screenshot("admin-revisions")
    page.locator("#revisions tbody tr").last.get_by_role("button", name="恢复到此版本").click()
    page.wait_for_selector(".messagelist .success")

    page.goto(public_url)
    text = page.inner_text("article .body")
    assert WRONG in text and RIGHT not in text
    screenshot("admin-public-reverted")
    assert not found_by_search(page, live_server, RIGHT, article)


def test_second_editor_sees_the_first_editors_change_instead_of_overwriting_it(
    browser, page, live_server
):
    make_staff_user()
    article = make_article(title="丰收的消息", body=BODY, ocr_text=BODY)
    change_url = f"{live_server.url}/admin/archive/article/{article.pk}/change/"
    other_context = browser.new_context(locale="zh-CN")
    other = other_context.new_page()
    log_in(page, live_server)
    log_in(other, live_server)
    page.goto(change_url)
    other.goto(change_url)

    page.locator("textarea[name=body]").fill(BODY.replace(WRONG, RIGHT))
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    other.locator("textarea[name=body]").fill(BODY.replace("笑逐颜开", "喜气洋洋"))
    other.click("input[name=_save]")
    other.wait_for_selector("#conflict")
    conflict = other.inner_text("#conflict")
    assert "保存被拒绝" in conflict
    diff = other.locator("#conflict .char-diff").first  # the body; the status change follows
    assert diff.inner_text() == BODY.replace("粮仓", "粮仓食")  # 粮 kept, 仓 deleted, 食 inserted
    assert (
        diff.locator("del").inner_text() == WRONG[1]
        and diff.locator("ins").inner_text() == RIGHT[1]
    )
    assert "未校对校对中" in other.inner_text("#conflict")
    other.screenshot(path=str(ARTIFACTS / "admin-conflict-refused.png"), full_page=True)
    other_context.close()

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert RIGHT in page.inner_text("article .body")
    assert "笑逐颜开" in page.inner_text("article .body")


def test_editor_merges_two_articles_then_undoes_it(page, live_server, screenshot):
    from archive.models import Article
    from tests.factories import make_page

    make_staff_user()
    paper_page = make_page()
    first = make_article(page=paper_page, order=1, title="前半篇", body="上半段的报道。")
    second = make_article(page=paper_page, order=2, title="后半篇", body="下半段的报道。")
    make_article(page=paper_page, order=3, title="噪声篇", body="县 里 召 开\n会\n议 ¤¤")
    log_in(page, live_server)

    page.goto(f"{live_server.url}/admin/archive/article/review/")
    first_row = page.locator("#review-queue tbody tr").first
    assert "噪声篇" in first_row.inner_text()
    screenshot("admin-review-queue")

    page.goto(f"{live_server.url}/admin/archive/article/{first.pk}/boundaries/")
    page.get_by_role("button", name="与下一篇合并").click()
    page.wait_for_selector(".messagelist .success")
    screenshot("admin-boundaries-after-merge")
    assert not Article.objects.filter(pk=second.pk).exists()

    page.goto(f"{live_server.url}/admin/archive/article/{first.pk}/revisions/")
    page.get_by_role("button", name="撤销此操作").first.click()
    page.wait_for_selector(".messagelist .success")
    page.goto(f"{live_server.url}{second.get_absolute_url()}")
    assert "下半段的报道。" in page.inner_text("article .body")
