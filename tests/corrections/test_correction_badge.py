from zoneinfo import ZoneInfo

import pytest

from archive.corrections.editing import save_correction
from archive.models import Article
from tests.factories import make_article, make_staff_user

pytestmark = pytest.mark.django_db


def test_uncorrected_article_has_no_badge(client):
    article = make_article()
    assert "已校对" not in client.get(article.get_absolute_url()).content.decode()


def test_corrected_article_shows_badge_with_date_and_revision_count(client):
    article = make_article(body="错字")
    user = make_staff_user()
    for text in ("改一次", "改两次"):
        article.body = text
        save_correction(article, user=user, expected_version=article.version)
    stored = Article.objects.get(pk=article.pk)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'class="badge">已校对</span>' in html
    assert "共 2 次修订" in html
    local = stored.corrected_at.astimezone(ZoneInfo("Asia/Shanghai"))
    assert f"{local.year}年{local.month}月{local.day}日" in html
