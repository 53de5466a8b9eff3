"""Reverting an article past a split/merge/move it took part in would lose text: refused."""

import pytest
from django.urls import reverse

from archive.corrections.boundaries import merge_with_next, move_paragraph, undo_operation
from archive.corrections.editing import save_correction
from archive.corrections.history import (
    BASELINE_COMMENT,
    SNAPSHOT_PREFIX,
    RevertRefused,
    revert_article,
    versions_of,
)
from archive.models import Article
from tests.factories import make_article, make_page, make_staff_user

pytestmark = pytest.mark.django_db


def merged_pair():
    page = make_page()
    first = make_article(page=page, order=1, title="甲题", body="甲文")
    second = make_article(page=page, order=2, title="乙题", body="乙文独有的句子")
    merge_with_next(first)
    return Article.objects.get(pk=first.pk), second


def version_with_comment(article, prefix):
    return next(v for v in versions_of(article) if v.revision.comment.startswith(prefix))


@pytest.mark.parametrize("prefix", [SNAPSHOT_PREFIX, BASELINE_COMMENT])
def test_revert_to_a_version_before_a_merge_is_refused_and_keeps_the_merged_text(prefix):
    first, second = merged_pair()
    with pytest.raises(RevertRefused, match="撤销此操作"):
        revert_article(first, version_with_comment(first, prefix))
    assert "乙文独有的句子" in Article.objects.get(pk=first.pk).body


def test_after_a_refused_revert_the_merge_can_still_be_undone():
    first, second = merged_pair()
    with pytest.raises(RevertRefused):
        revert_article(first, version_with_comment(first, BASELINE_COMMENT))
    undo_operation(versions_of(first)[0].revision)
    assert Article.objects.get(pk=second.pk).body == "乙文独有的句子"


def test_revert_before_the_merge_is_allowed_once_the_merge_is_undone():
    first, second = merged_pair()
    undo_operation(versions_of(first)[0].revision)
    first.refresh_from_db()
    first.body = "改坏"
    save_correction(first, user=make_staff_user(), expected_version=first.version)
    revert_article(first, version_with_comment(first, BASELINE_COMMENT))
    assert Article.objects.get(pk=first.pk).body == "甲文"


def test_revert_to_a_version_after_the_merge_is_allowed():
    first, _ = merged_pair()
    merged_body = first.body
    first.body = "合并后又改错"
    save_correction(first, user=make_staff_user(), expected_version=first.version)
    merge_version = versions_of(first)[1]
    revert_article(Article.objects.get(pk=first.pk), merge_version)
    assert Article.objects.get(pk=first.pk).body == merged_body


def test_revert_of_the_receiving_article_before_a_paragraph_move_is_refused():
    page = make_page()
    first = make_article(page=page, order=1, body="甲文")
    second = make_article(page=page, order=2, body="漂来的段落\n\n乙文")
    move_paragraph(second, 0, "previous")
    first = Article.objects.get(pk=first.pk)
    with pytest.raises(RevertRefused):
        revert_article(first, version_with_comment(first, BASELINE_COMMENT))


def test_revisions_page_offers_revert_only_where_it_loses_nothing(client):
    client.force_login(make_staff_user())
    first, _ = merged_pair()
    html = client.get(reverse("admin:archive_article_revisions", args=[first.pk])).content.decode()
    for prefix in (SNAPSHOT_PREFIX, BASELINE_COMMENT):
        old = version_with_comment(first, prefix)
        assert reverse("admin:archive_article_revert", args=[first.pk, old.pk]) not in html
    undo = reverse("admin:archive_article_undo", args=[first.pk, versions_of(first)[0].revision.pk])
    assert undo in html


def test_revert_button_posted_anyway_shows_the_refusal_and_changes_nothing(client):
    client.force_login(make_staff_user())
    first, _ = merged_pair()
    baseline = version_with_comment(first, BASELINE_COMMENT)
    url = reverse("admin:archive_article_revert", args=[first.pk, baseline.pk])
    response = client.post(url, {"version": first.version}, follow=True)
    assert "撤销此操作" in response.content.decode()
    assert "乙文独有的句子" in Article.objects.get(pk=first.pk).body
