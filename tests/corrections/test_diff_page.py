"""The revision diff page shows only changed paragraphs, counted and linked."""

import re

import pytest
from django.urls import reverse

from archive.corrections.diff import paragraph_rows
from archive.corrections.editing import save_correction
from tests.factories import make_article, make_staff_user

pytestmark = pytest.mark.django_db

PARAGRAPHS = [f"第{n}段：县里召开第{n}次会议，研究部署今年的重点工作任务。" for n in range(1, 21)]


def test_only_changed_paragraphs_with_one_paragraph_of_context_are_kept():
    new = list(PARAGRAPHS)
    new[9] = new[9].replace("会议", "会")
    new[17] = new[17] + "完"
    rows = paragraph_rows("\n\n".join(PARAGRAPHS), "\n\n".join(new))
    kinds = [row.kind for row in rows]
    assert kinds == [
        "gap",
        "context",
        "changed",
        "context",
        "gap",
        "context",
        "changed",
        "context",
        "gap",
    ]
    assert [row.skipped for row in rows if row.kind == "gap"] == [8, 5, 1]
    assert [row.change for row in rows if row.kind == "changed"] == [1, 2]
    changed = rows[2].runs
    assert [(run.operation, run.text) for run in changed if run.operation != "equal"] == [
        ("delete", "议")
    ]


def test_inserted_and_deleted_paragraphs_are_changes_too():
    old = "\n\n".join(PARAGRAPHS[:3])
    new = "\n\n".join([PARAGRAPHS[0], PARAGRAPHS[2], "新增的一段。"])
    rows = paragraph_rows(old, new)
    changed = [row for row in rows if row.kind == "changed"]
    assert [row.change for row in changed] == [1, 2]
    assert changed[0].runs[0].operation == "delete"
    assert changed[1].runs[-1].operation == "insert"


def test_diff_page_shows_the_count_the_changes_and_links_between_them(client):
    client.force_login(make_staff_user())
    article = make_article(title="长文", body="\n\n".join(PARAGRAPHS))
    edited = list(PARAGRAPHS)
    edited[4] = edited[4].replace("重点", "主要")
    edited[15] = edited[15].replace("今年", "明年")
    article.body = "\n\n".join(edited)
    article.title = "长文章"
    save_correction(article, user=make_staff_user("e2"), expected_version=article.version)
    url = reverse("admin:archive_article_diff", args=[article.pk])

    html = client.get(url).content.decode()

    # The title, two paragraphs of the body and the status (未校对 → 校对中).
    assert re.search(r'id="change-count">4<', html)
    for number in (1, 2, 3, 4):
        assert f'id="change-{number}"' in html
    assert 'href="#change-2">下一处' in html and 'href="#change-1">上一处' in html
    assert PARAGRAPHS[4] not in html  # the changed paragraph shows as a diff, not whole
    assert PARAGRAPHS[0] not in html and PARAGRAPHS[10] not in html  # far from any change
    assert PARAGRAPHS[3] in html and PARAGRAPHS[5] in html  # one paragraph of context
    full = client.get(url + "?full=1").content.decode()
    assert 'id="full-text-link"' in html and PARAGRAPHS[0] in full and PARAGRAPHS[10] in full
