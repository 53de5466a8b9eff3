"""The admin's article list on a phone and a desktop: headlines readable, the page not
wider than the screen (the table scrolls inside its box), no serious axe-core violations."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from tests.a11y import assert_no_serious_violations
from tests.conftest import ARTIFACTS
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "县委书记深入黄河滩区调研春季农业生产和防汛准备工作"


@pytest.mark.parametrize("width", (390, 1280))
def test_article_list_titles_are_readable(signed_in_tabs, live_server, width):
    boss = User.objects.create_superuser("boss", password="pw-校对-123")
    for _ in range(3):
        make_article(title=HEADLINE)
    tab = signed_in_tabs(boss, width)
    tab.goto(f"{live_server.url}/admin/archive/article/")
    cell = tab.locator("#result_list .field-display_title").first
    font = float(cell.evaluate("c => parseFloat(getComputedStyle(c).fontSize)"))
    assert cell.bounding_box()["width"] >= 10 * font  # ten characters a line at least
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"admin-article-list-{width}.png"), full_page=True)
    assert_no_serious_violations(tab)
