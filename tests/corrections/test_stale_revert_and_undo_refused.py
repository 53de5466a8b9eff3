"""The 恢复到此版本 and 撤销此操作 buttons send the version the page showed; a click on a page
that is out of date is refused, like a stale save or boundary operation."""

import pytest
from django.urls import reverse

from archive.corrections.boundaries import BoundaryError, merge_with_next, undo_operation
from archive.corrections.editing import save_correction
from archive.corrections.history import RevertRefused, revert_article, versions_of
from archive.models import Article
from tests.factories import make_article, make_page, make_staff_user

pytestmark = pytest.mark.django_db


def corrected_twice(user):
    article = make_article(body="原文")
    for body in ("第一次改", "第二次改"):
        article.body = body
        save_correction(article, user=user, expected_version=article.version)
    return Article.objects.get(pk=article.pk)


def merged(user):
    page = make_page()
    first = make_article(page=page, order=1, body="甲文")
    second = make_article(page=page, order=2, body="乙文")
    merge_with_next(first, user=user)
    return Article.objects.get(pk=first.pk), second


def revert_url(article, version):
    return reverse("admin:archive_article_revert", args=[article.pk, version.pk])


def undo_url(article):
    return reverse(
        "admin:archive_article_undo", args=[article.pk, versions_of(article)[0].revision.pk]
    )


def test_revisions_page_buttons_carry_the_version_shown(client, editor):
    article, _ = merged(editor)
    html = client.get(reverse("admin:archive_article_revisions", args=[article.pk])).content
    assert f'name="version" value="{article.version}"'.encode() in html


def test_revert_from_an_out_of_date_page_is_refused(client, editor):
    article = corrected_twice(editor)
    baseline = versions_of(article)[-1]
    response = client.post(
        revert_url(article, baseline), {"version": article.version - 1}, follow=True
    )
    assert "已被修改" in response.content.decode()
    assert Article.objects.get(pk=article.pk).body == "第二次改"


def test_revert_without_a_version_is_refused(client, editor):
    article = corrected_twice(editor)
    client.post(revert_url(article, versions_of(article)[-1]))
    assert Article.objects.get(pk=article.pk).body == "第二次改"


def test_revert_with_the_current_version_goes_through(client, editor):
    article = corrected_twice(editor)
    client.post(revert_url(article, versions_of(article)[-1]), {"version": article.version})
    assert Article.objects.get(pk=article.pk).body == "原文"


def test_undo_from_an_out_of_date_page_is_refused(client, editor):
    article, second = merged(editor)
    response = client.post(undo_url(article), {"version": article.version - 1}, follow=True)
    assert "已被修改" in response.content.decode()
    assert not Article.objects.filter(pk=second.pk).exists()


def test_revert_article_refuses_a_stale_expected_version_and_stores_nothing():
    user = make_staff_user()
    article = corrected_twice(user)
    count = len(versions_of(article))
    with pytest.raises(RevertRefused, match="第 2 版"):
        revert_article(article, versions_of(article)[-1], user=user, expected_version=2)
    stored = Article.objects.get(pk=article.pk)
    assert (stored.body, stored.version, len(versions_of(stored))) == ("第二次改", 3, count)


def test_revert_with_the_expected_version_advances_it_once():
    user = make_staff_user()
    article = corrected_twice(user)
    revert_article(article, versions_of(article)[-1], user=user, expected_version=3)
    assert Article.objects.get(pk=article.pk).version == 4


def test_refused_undo_leaves_every_version_as_it_was():
    user = make_staff_user()
    article, _ = merged(user)
    operation = versions_of(article)[0].revision
    article.body = "合并后又改"
    save_correction(article, user=user, expected_version=article.version)
    with pytest.raises(BoundaryError, match="又被修改过"):
        undo_operation(operation)
    assert Article.objects.get(pk=article.pk).version == article.version
