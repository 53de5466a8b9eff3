import re

import pytest
from django.urls import reverse

from archive.corrections.editing import save_correction
from archive.corrections.noise import noise_components, ocr_noise_score
from archive.models import Article, ErrorReport
from tests.factories import make_article, make_page, make_staff_user

pytestmark = pytest.mark.django_db

NOISY = "县 里 召 开\n会\n议 ¤¤"
CLEAN = "县里召开会议，研究部署今年的工作任务。"


def queue_html(client) -> str:
    return client.get(reverse("admin:archive_article_review")).content.decode()


def queue_row(html: str, title: str) -> list[str]:
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", html, re.S) if title in r)
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]


def test_noise_score_is_computed_on_save():
    article = make_article(body="县 里 召 开\n会\n议")
    assert Article.objects.get(pk=article.pk).noise_score > 30
    article.body = CLEAN
    save_correction(article, user=make_staff_user(), expected_version=1)
    assert Article.objects.get(pk=article.pk).noise_score == 0.0


def test_score_and_symptom_columns_come_from_the_same_current_text(client):
    client.force_login(make_staff_user())
    make_article(title="原文乱正文净", body=CLEAN, ocr_text=NOISY)
    make_article(title="正文仍乱", body=NOISY, ocr_text=NOISY)
    html = queue_html(client)
    assert "当前正文" in html

    clean_row = queue_row(html, "原文乱正文净")
    assert clean_row[0] == "0.00" and clean_row[6:] == ["0.00"] * 4
    noisy_row = queue_row(html, "正文仍乱")
    parts = noise_components(NOISY)
    assert noisy_row[0] == f"{ocr_noise_score(NOISY):.2f}"
    assert noisy_row[6:] == [
        f"{parts[name]:.2f}" for name in ("spaced", "symbols", "fragments", "short_lines")
    ]


def test_review_queue_lists_the_noisiest_unproofread_articles_first(client):
    client.force_login(make_staff_user())
    page = make_page()
    clean = make_article(page=page, title="干净", body=CLEAN)
    worst = make_article(page=page, title="最乱", body=NOISY)
    mild = make_article(page=page, title="稍乱", body="县里召开会议，研究部署今年的工作。\n县 里")
    make_article(page=page, title="已审核", body="县 里 召\n开", status="approved")
    make_article(page=page, title="已校对", body="县 里 召\n开", status="corrected")
    html = queue_html(client)
    positions = [html.index(a.title) for a in (worst, mild, clean)]
    assert positions == sorted(positions)
    assert "已审核</a>" not in html and "已校对</a>" not in html


def test_small_edits_do_not_take_an_article_out_of_the_queue_only_its_status_does(client):
    client.force_login(make_staff_user())
    article = make_article(title="待校对的报道", body=NOISY)
    editor = make_staff_user("editor2")
    for body in (CLEAN, CLEAN + "。"):  # the score drops to 0 …
        article.body = body
        save_correction(article, user=editor, expected_version=article.version)
    assert Article.objects.get(pk=article.pk).noise_score == 0.0
    assert "待校对的报道" in queue_html(client)  # … and it stays: status is 校对中

    article.status = Article.Status.CORRECTED
    save_correction(article, user=editor, expected_version=article.version)
    assert "待校对的报道" not in queue_html(client)


def test_queue_shows_open_reader_error_reports_and_puts_reported_articles_first(client):
    client.force_login(make_staff_user())
    noisy = make_article(title="噪声高", body=NOISY)
    reported = make_article(title="有人报错", body=CLEAN)
    ErrorReport.objects.create(article=reported, message="第二段有错字")
    ErrorReport.objects.create(article=reported, message="标题错了")
    ErrorReport.objects.create(article=reported, message="已改", resolved=True)
    html = queue_html(client)
    assert queue_row(html, "有人报错")[5] == "2"
    assert queue_row(html, "噪声高")[5] == "0"
    assert html.index("有人报错") < html.index(noisy.title)
