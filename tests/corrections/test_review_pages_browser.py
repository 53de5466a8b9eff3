"""The review queue and the compact diff page in a browser: readable on a phone and a
desktop, next/previous change links work, no serious axe-core violations."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from archive.corrections.editing import save_correction
from archive.models import ErrorReport
from tests.a11y import assert_no_serious_violations
from tests.conftest import ARTIFACTS
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAGRAPHS = [f"第{n}段：县里召开第{n}次会议，研究部署今年的重点工作任务。" for n in range(1, 31)]


@pytest.fixture
def staff_tab(signed_in_tabs):
    boss = User.objects.create_superuser("boss", password="pw-校对-123")
    return lambda width: signed_in_tabs(boss, width)


@pytest.mark.parametrize("width", (390, 1280))
def test_review_queue_reads_on_any_screen(staff_tab, live_server, width):
    reported = make_article(title="读者报告有错字的一篇报道", body="县里召开会议。")
    ErrorReport.objects.create(article=reported, message="第二段有错字")
    make_article(title="噪声很高的一篇", body="县 里 召 开\n会\n议 ¤¤")
    tab = staff_tab(width)
    tab.goto(f"{live_server.url}/admin/archive/article/review/")
    first_row = tab.locator("#review-queue tbody tr").first
    assert "读者报告有错字" in first_row.inner_text()
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"review-queue-{width}.png"), full_page=True)
    assert_no_serious_violations(tab)


@pytest.mark.parametrize("width", (390, 1280))
def test_diff_page_jumps_between_changes(staff_tab, live_server, width):
    article = make_article(title="长文", body="\n\n".join(PARAGRAPHS))
    edited = list(PARAGRAPHS)
    edited[3] = edited[3].replace("重点", "主要")
    edited[25] = edited[25].replace("今年", "明年")
    article.body = "\n\n".join(edited)
    save_correction(article, user=None, expected_version=article.version)
    tab = staff_tab(width)
    tab.goto(f"{live_server.url}/admin/archive/article/{article.pk}/diff/")
    assert tab.inner_text("#change-count") == "3"  # two paragraphs and the status
    tab.locator("#change-2").get_by_role("link", name="下一处").click()
    assert tab.url.endswith("#change-3")
    assert tab.locator("#change-3").is_visible()
    assert tab.locator(".diff-gap").count() >= 2
    tab.screenshot(path=str(ARTIFACTS / f"diff-{width}.png"), full_page=True)
    assert_no_serious_violations(tab)
