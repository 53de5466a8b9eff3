"""「报告错误」: readers tell staff what is wrong; reports are stored, never published, never
edit the article, and are limited per address."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from archive.models import Article, ErrorReport
from tests.factories import make_article, make_staff_user
from tests.search.conftest import search_backend  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()  # the per-address counters live there
    yield
    cache.clear()


def report(client, article, address="203.0.113.7", **fields):
    data = {"message": "第二段“摊区”应为“滩区”。", "contact": "", "website": "", **fields}
    return client.post(f"/articles/{article.pk}/report/", data, REMOTE_ADDR=address)


def test_every_article_links_to_its_report_form_with_csrf_and_a_hidden_honeypot(client):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="/articles/{article.pk}/report/"' in html and ">报告错误</a>" in html
    form = client.get(f"/articles/{article.pk}/report/").content.decode()
    assert f'action="/articles/{article.pk}/report/"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'class="field honeypot"' in form and 'name="website"' in form


@pytest.mark.usefixtures("search_backend")
def test_a_reader_who_saw_the_cached_article_page_can_send_a_report():
    """The article page is kept for every reader: the form (and its CSRF token, which must be
    the reader's own) is on the report page, which is never cached."""
    article = make_article()
    Client().get(article.get_absolute_url())  # cached now
    reader = Client(enforce_csrf_checks=True)
    reader.get(article.get_absolute_url())
    form = reader.get(f"/articles/{article.pk}/report/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = report(reader, article, csrfmiddlewaretoken=token)
    assert response.status_code == 302
    assert ErrorReport.objects.count() == 1


def test_a_report_is_stored_and_the_reader_is_thanked(client):
    article = make_article(body="黄河摊区的麦田。")
    response = report(client, article, contact="reader@example.org")
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}?reported=1#report"
    stored = ErrorReport.objects.get()
    assert stored.article == article and stored.message == "第二段“摊区”应为“滩区”。"
    assert stored.contact == "reader@example.org" and stored.resolved is False
    assert len(stored.ip_hash) == 64 and "203.0.113.7" not in stored.ip_hash
    assert "您的报告已送给档案馆工作人员" in client.get(response["Location"]).content.decode()


def test_a_report_never_changes_the_article_and_is_never_shown_to_readers(client):
    article = make_article(body="黄河摊区的麦田。")
    report(client, article, message="秘密备注：请改为滩区")
    article.refresh_from_db()
    assert article.body == "黄河摊区的麦田。" and article.version == 1
    assert "秘密备注" not in client.get(article.get_absolute_url()).content.decode()


def test_markup_in_a_report_is_stripped_before_it_is_stored(client):
    article = make_article()
    report(client, article, message="<script>alert(1)</script><b>标题</b>错了", contact="<i>x</i>")
    stored = ErrorReport.objects.get()
    assert stored.message == "标题错了" and stored.contact == "x"


def test_a_report_without_csrf_token_is_refused():
    article = make_article()
    response = report(Client(enforce_csrf_checks=True), article)
    assert response.status_code == 403
    assert not ErrorReport.objects.exists()


def test_an_empty_report_is_refused_with_a_message(client):
    article = make_article()
    response = report(client, article, message="   ")
    assert response.status_code == 400
    assert "请写下哪里有错。" in response.content.decode()
    assert not ErrorReport.objects.exists()


def test_a_filled_honeypot_looks_accepted_but_stores_nothing(client):
    article = make_article()
    response = report(client, article, website="http://spam.example")
    assert response.status_code == 302
    assert not ErrorReport.objects.exists()


@override_settings(ERROR_REPORTS_PER_HOUR=5)
def test_an_address_may_send_five_reports_an_hour(client):
    article = make_article()
    statuses = [report(client, article).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    refused = report(client, article)
    assert "一小时内已提交多次报告" in refused.content.decode()
    assert ErrorReport.objects.count() == 5
    assert report(client, article, address="198.51.100.2").status_code == 302
    assert ErrorReport.objects.count() == 6


def test_the_report_page_works_on_its_own(client):
    article = make_article(title="春耕")
    response = client.get(f"/articles/{article.pk}/report/")
    assert response.status_code == 200
    assert "<h1>报告错误</h1>" in response.content.decode()
    assert client.get("/articles/999999/report/").status_code == 404


def test_staff_see_reports_in_the_admin_and_readers_do_not(client):
    article = make_article(title="黄河滩区春耕")
    report(client, article, message="日期印错了")
    assert client.get("/admin/archive/errorreport/").status_code == 302  # to the login
    client.force_login(make_staff_user())
    html = client.get("/admin/archive/errorreport/").content.decode()
    assert "日期印错了" in html and "黄河滩区春耕" in html
    stored = ErrorReport.objects.get()
    client.post(
        "/admin/archive/errorreport/",
        {"action": "mark_resolved", "_selected_action": [stored.pk]},
    )
    stored.refresh_from_db()
    assert stored.resolved is True
    assert Article.objects.get(pk=article.pk).error_reports.unresolved().count() == 0


def test_article_page_needs_few_queries(client, django_assert_max_num_queries):
    article = make_article()
    with django_assert_max_num_queries(8):
        assert client.get(article.get_absolute_url()).status_code == 200
