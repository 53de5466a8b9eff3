from zoneinfo import ZoneInfo

import pytest

from archive.corrections.editing import save_correction
from archive.models import Article
from tests.factories import make_article, make_staff_user

pytestmark = pytest.mark.django_db

BADGE = 'class="badge">已校对</span>'


def edit(article, text, user, status=None):
    article.body = text
    if status:
        article.status = status
    save_correction(article, user=user, expected_version=article.version)


def test_uncorrected_article_has_no_badge(client):
    article = make_article()
    assert "已校对" not in client.get(article.get_absolute_url()).content.decode()


def test_edited_but_not_proofread_article_has_no_badge(client):
    article = make_article(body="错字")
    user = make_staff_user()
    for text in ("改一次", "改两次"):
        edit(article, text, user)
    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_PROGRESS
    assert BADGE not in client.get(article.get_absolute_url()).content.decode()


def test_proofread_article_shows_badge_with_date_and_revision_count(client):
    article = make_article(body="错字")
    user = make_staff_user()
    edit(article, "改一次", user)
    edit(article, "改两次", user, status=Article.Status.CORRECTED)
    stored = Article.objects.get(pk=article.pk)
    html = client.get(article.get_absolute_url()).content.decode()
    assert BADGE in html
    assert "共 2 次修订" in html
    local = stored.corrected_at.astimezone(ZoneInfo("Asia/Shanghai"))
    assert f"{local.year}年{local.month}月{local.day}日" in html


def test_approved_article_shows_the_badge_and_falls_back_when_reopened(client):
    article = make_article(body="正文", status=Article.Status.APPROVED)
    assert BADGE in client.get(article.get_absolute_url()).content.decode()
    edit(article, "再改", make_staff_user("reviewer", groups=("审核员",)), status="in_progress")
    assert BADGE not in client.get(article.get_absolute_url()).content.decode()
