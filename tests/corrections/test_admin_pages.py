import datetime

import pytest
from django.urls import reverse

from archive.corrections.pages import PageMetadataError
from archive.models import Article, County, Issue, Newspaper, Page
from tests.factories import make_article, make_county, make_issue, make_page

pytestmark = pytest.mark.django_db


def page_form(page, **changes):
    data = {
        "date": page.issue.date.isoformat(),
        "label": page.label,
        "section": page.section,
        "county": page.county_id or "",
        "furniture": page.furniture,
        "articles-TOTAL_FORMS": 0,
        "articles-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


def test_changing_page_date_and_county_in_the_admin_moves_articles_along(client, editor):
    wen, meng = make_county("温县"), make_county("孟州市")
    page = make_page(county=wen, issue=make_issue("2023-01-10"))
    article = make_article(page=page, county=wen)
    url = reverse("admin:archive_page_change", args=[page.pk])
    response = client.post(url, page_form(page, date="2023-01-17", county=meng.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.issue.date == datetime.date(2023, 1, 17)
    moved = Article.objects.get(pk=article.pk)
    assert moved.county == meng and moved.date == datetime.date(2023, 1, 17)


def test_page_form_refuses_a_label_taken_on_the_new_date(client, editor):
    make_page("A08", issue=make_issue("2023-01-17"))
    page = make_page("A08", issue=make_issue("2023-01-10"))
    url = reverse("admin:archive_page_change", args=[page.pk])
    response = client.post(url, page_form(page, date="2023-01-17"))
    assert response.status_code == 200
    assert "已有版次 A08" in response.content.decode()
    page.refresh_from_db()
    assert page.issue.date == datetime.date(2023, 1, 10)


def test_page_form_shows_the_original_ocr_read_only(client, editor):
    page = make_page(ocr_text="整 版 原 文")
    html = client.get(reverse("admin:archive_page_change", args=[page.pk])).content.decode()
    assert "整 版 原 文</pre>" in html
    assert 'name="ocr_text"' not in html


@pytest.mark.parametrize(
    "model", [Newspaper, County, Issue, Page, Article], ids=lambda m: m._meta.model_name
)
def test_changelists_answer_in_few_queries(client, editor, model, django_assert_max_num_queries):
    county = make_county()
    for day in range(1, 8):
        page = make_page(issue=make_issue(f"2023-01-{day:02d}"), county=county)
        make_article(page=page)
        make_article(page=page)
    url = reverse(f"admin:archive_{model._meta.model_name}_changelist")
    with django_assert_max_num_queries(12):
        response = client.get(url, {"q": ""})
    assert response.status_code == 200
    assert model._meta.verbose_name in response.content.decode()


def test_changelist_search_finds_articles_by_body_text(client, editor):
    make_article(title="要找的", body="独一无二的词语")
    make_article(page=make_page("A09"), title="别的", body="无关内容")
    html = client.get(
        reverse("admin:archive_article_changelist"), {"q": "独一无二"}
    ).content.decode()
    assert "要找的" in html and "别的" not in html


def test_a_label_clash_is_shown_on_the_label_field(client, editor):
    make_page("A08", issue=make_issue("2023-01-17"))
    page = make_page("A08", issue=make_issue("2023-01-10"))
    url = reverse("admin:archive_page_change", args=[page.pk])
    response = client.post(url, page_form(page, date="2023-01-17"))
    assert "已有版次 A08" in str(response.context["adminform"].form.errors["label"])


def test_a_correction_refused_while_saving_is_reported_not_called_a_success(
    client, editor, monkeypatch
):
    def taken_meanwhile(page, **changes):
        raise PageMetadataError("版次 A09 刚被他人占用")

    monkeypatch.setattr("archive.admin.pages.correct_page_metadata", taken_meanwhile)
    page = make_page("A08")
    url = reverse("admin:archive_page_change", args=[page.pk])
    response = client.post(url, page_form(page, label="A09"), follow=True)
    shown = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert [tag for tag, _ in shown] == ["error"]
    assert "刚被他人占用" in shown[0][1]
    assert Page.objects.get(pk=page.pk).label == "A08"


@pytest.mark.parametrize("label", ["A/08", "A 08"])
def test_page_form_shows_one_clear_label_error_for_a_slash_or_space(client, editor, label):
    page = make_page("A08")
    url = reverse("admin:archive_page_change", args=[page.pk])
    response = client.post(url, page_form(page, label=label))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["label"]
    assert len(errors) == 1 and "斜杠或空白" in errors[0]
    assert Page.objects.get(pk=page.pk).label == "A08"
