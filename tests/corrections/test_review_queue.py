import pytest
from django.urls import reverse

from archive.corrections.editing import save_correction
from archive.models import Article
from tests.factories import make_article, make_page, make_staff_user

pytestmark = pytest.mark.django_db


def test_noise_score_is_computed_on_save():
    article = make_article(body="县 里 召 开\n会\n议")
    assert Article.objects.get(pk=article.pk).noise_score > 30
    article.body = "县里召开会议，研究部署今年的工作任务。"
    save_correction(article, user=make_staff_user(), expected_version=1)
    assert Article.objects.get(pk=article.pk).noise_score == 0.0


def test_an_uncorrected_article_with_clean_body_but_noisy_ocr_stays_high():
    article = make_article(
        body="县里召开会议，研究部署今年的工作任务。", ocr_text="县 里 召 开\n会\n议"
    )
    assert Article.objects.get(pk=article.pk).noise_score > 30


def test_review_queue_lists_the_noisiest_unapproved_articles_first(client):
    client.force_login(make_staff_user())
    page = make_page()
    clean = make_article(page=page, title="干净", body="县里召开会议，研究部署今年的工作任务。")
    worst = make_article(page=page, title="最乱", body="县 里 召 开\n会\n议 ¤¤")
    mild = make_article(page=page, title="稍乱", body="县里召开会议，研究部署今年的工作。\n县 里")
    make_article(page=page, title="已审核", body="县 里 召\n开", status="approved")
    html = client.get(reverse("admin:archive_article_review")).content.decode()
    positions = [html.index(a.title) for a in (worst, mild, clean)]
    assert positions == sorted(positions)
    assert "已审核</a>" not in html
