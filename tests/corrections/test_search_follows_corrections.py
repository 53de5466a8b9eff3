"""The search index follows corrections, reverts, splits and merges."""

from __future__ import annotations

import pytest
from django.urls import reverse
from haystack import connections

from archive.corrections.boundaries import merge_with_next, split_article, undo_operation
from archive.corrections.editing import save_correction
from archive.corrections.history import revert_article, versions_of
from tests.factories import make_article, make_page, make_staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def empty_index():
    backend = connections["default"].get_backend()
    backend.clear()
    yield
    backend.clear()


def hits(client, word: str) -> str:
    return client.get(reverse("archive:search"), {"q": word}).content.decode()


def test_correction_and_revert_reach_the_index(
    client, empty_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title="果园新闻", body="村里新建葡萄园区。")
        article.body = "村里新建蘑菇大棚。"
        save_correction(article, user=make_staff_user(), expected_version=1)
    assert article.get_absolute_url() in hits(client, "蘑菇大棚")
    with django_capture_on_commit_callbacks(execute=True):
        revert_article(article, versions_of(article)[-1])
    assert article.get_absolute_url() not in hits(client, "蘑菇大棚")


def test_merge_split_and_undo_reach_the_index(
    client, empty_index, django_capture_on_commit_callbacks
):
    page = make_page()
    with django_capture_on_commit_callbacks(execute=True):
        first = make_article(page=page, order=1, title="前篇", body="前篇讲水稻插秧。")
        second = make_article(page=page, order=2, title="后篇", body="后篇讲蔬菜温室。")
        merge_with_next(first)
    assert first.get_absolute_url() in hits(client, "蔬菜温室")
    assert second.get_absolute_url() not in hits(client, "蔬菜温室")

    with django_capture_on_commit_callbacks(execute=True):
        undo_operation(versions_of(first)[0].revision)
    assert second.get_absolute_url() in hits(client, "蔬菜温室")

    with django_capture_on_commit_callbacks(execute=True):
        whole = make_article(
            page=page, order=3, title="合篇", body="说小麦收割。\n\n另说养殖肉牛。"
        )
        new = split_article(whole, 1)
    found = hits(client, "养殖肉牛")
    assert new.get_absolute_url() in found
