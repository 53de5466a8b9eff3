from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from archive.corrections.history import versions_of
from archive.models import Article
from tests.factories import make_article, make_staff_user

pytestmark = pytest.mark.django_db

FORM_DEFAULTS = ("title", "subtitle", "byline", "credit", "kind", "status", "continues_from")


def change_url(article):
    return reverse("admin:archive_article_change", args=[article.pk])


def form_data(article, **changes):
    data = {field: getattr(article, field) for field in FORM_DEFAULTS}
    data.update(body=article.body, county=article.county_id or "", expected_version=article.version)
    data.update(changes)
    return data


def test_change_form_shows_original_ocr_beside_the_editable_body(client, editor):
    article = make_article(body="校对后的正文", ocr_text="原 始 识 别")
    html = client.get(change_url(article)).content.decode()
    assert 'class="ocr-original">原 始 识 别</pre>' in html
    assert 'name="body"' in html and 'name="expected_version"' in html
    for name in ("title", "subtitle", "byline", "kind", "county", "status"):
        assert f'name="{name}"' in html


def test_saving_the_form_stores_a_revision_and_marks_corrected(client, editor):
    article = make_article(body="县委书纪")
    response = client.post(
        change_url(article), form_data(article, body="县委书记", change_comment="改错字")
    )
    assert response.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert stored.body == "县委书记" and stored.corrected and stored.version == 2
    latest = versions_of(stored)[0]
    assert (latest.revision.user, latest.revision.comment) == (editor, "改错字")


def test_second_concurrent_save_is_refused_with_the_other_editors_changes(client, editor):
    article = make_article(body="今年粮食丰收")
    opened_by_both = Article.objects.get(pk=article.pk)
    client.post(change_url(article), form_data(opened_by_both, body="今年棉花丰收"))

    response = client.post(change_url(article), form_data(opened_by_both, body="今年小麦丰收"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "保存被拒绝" in html
    assert "<del>粮食</del><ins>棉花</ins>" in html
    assert Article.objects.get(pk=article.pk).body == "今年棉花丰收"
    # Having seen the changes, a deliberate second click saves over them.
    resubmitted = form_data(opened_by_both, body="今年小麦丰收", expected_version=2)
    assert client.post(change_url(article), resubmitted).status_code == 302
    assert Article.objects.get(pk=article.pk).body == "今年小麦丰收"


def test_proofreader_cannot_set_approved_in_the_form(client, editor):
    article = make_article()
    response = client.post(change_url(article), form_data(article, status="approved"))
    assert response.status_code == 200
    assert "只有审核员" in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == "unreviewed"


def test_reviewer_can_set_approved(client):
    client.force_login(make_staff_user("reviewer", groups=("审核员",)))
    article = make_article()
    assert (
        client.post(change_url(article), form_data(article, status="approved")).status_code == 302
    )
    assert Article.objects.get(pk=article.pk).status == "approved"


def test_html_typed_into_the_form_is_stored_as_plain_text(client, editor):
    article = make_article()
    payload = '<img src=x onerror="alert(1)"><b>真标题</b>'
    client.post(
        change_url(article), form_data(article, title=payload, byline=payload, body=payload)
    )
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.byline, stored.body) == ("真标题", "真标题", "真标题")


def test_diff_view_shows_character_changes_between_two_revisions(client, editor):
    article = make_article(body="今年粮食丰收")
    client.post(change_url(article), form_data(article, body="今年棉花丰收"))
    new, old = versions_of(article)
    url = reverse("admin:archive_article_diff", args=[article.pk])
    html = client.get(url, {"from": old.pk, "to": new.pk}).content.decode()
    assert "<span>今年</span><del>粮食</del><ins>棉花</ins><span>丰收</span>" in html


def test_one_click_revert_from_the_revisions_page(client, editor):
    article = make_article(body="原来的正文")
    client.post(change_url(article), form_data(article, body="改坏了的正文"))
    baseline = versions_of(article)[-1]
    revisions = client.get(reverse("admin:archive_article_revisions", args=[article.pk]))
    revert_url = reverse("admin:archive_article_revert", args=[article.pk, baseline.pk])
    assert revert_url in revisions.content.decode()
    assert client.post(revert_url, {"version": 2}).status_code == 302
    assert Article.objects.get(pk=article.pk).body == "原来的正文"


def test_revert_needs_post(client, editor):
    article = make_article()
    client.post(change_url(article), form_data(article, body="改"))
    url = reverse("admin:archive_article_revert", args=[article.pk, versions_of(article)[-1].pk])
    assert client.get(url).status_code == 405


def test_changelist_query_count_does_not_grow_with_articles(
    client, editor, django_assert_max_num_queries
):
    first = make_article()
    for _ in range(30):
        make_article(page=first.page)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:archive_article_changelist"))
    assert response.status_code == 200
    assert response.content.decode().count('class="field-display_title"') == 31


def test_admin_is_for_staff_only(client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("reader", password="x"))
    response = client.get(reverse("admin:archive_article_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_adding_an_article_in_the_admin_records_a_revision(client, editor):
    from tests.factories import make_page

    page = make_page()
    response = client.post(
        reverse("admin:archive_article_add"),
        {
            "page": page.pk,
            "order": 9,
            "title": "补录的<b>标题</b>",
            "body": "补录正文",
            "kind": "article",
            "status": "unreviewed",
            "county": "",
            "subtitle": "",
            "byline": "",
            "credit": "",
            "continues_from": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(page=page, order=9)
    assert article.title == "补录的标题" and article.corrected
    assert versions_of(article)[0].revision.user == editor


def test_admin_index_shows_workflow_counts_and_the_review_queue(client, editor):
    make_article(status="in_progress")
    html = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:archive_article_review") in html
    assert "校对中</a></th><td>1 篇" in html
    assert "已审核</a></th><td>0 篇" in html


def test_adding_an_article_in_the_admin_records_when_it_was_corrected(client, editor):
    page = make_article().page
    data = {"page": page.pk, "order": 9, "title": "新加的稿件", "body": "补录的正文"}
    data.update(kind="article", status="in_progress", subtitle="", byline="", credit="")
    data.update(county="", continues_from="")
    response = client.post(reverse("admin:archive_article_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    added = Article.objects.get(title="新加的稿件")
    assert added.corrected and added.corrected_at is not None


def test_revert_message_shows_the_time_in_the_newsroom_time_zone(client, editor):
    article = make_article(body="原来的正文")
    client.post(change_url(article), form_data(article, body="改坏了的正文"))
    baseline = versions_of(article)[-1]
    url = reverse("admin:archive_article_revert", args=[article.pk, baseline.pk])
    html = client.post(url, {"version": 2}, follow=True).content.decode()
    local = timezone.localtime(baseline.revision.date_created, ZoneInfo("Asia/Shanghai"))
    assert f"已恢复到 {local:%Y-%m-%d %H:%M} 的修订" in html
