import pytest
from django.urls import reverse

from archive.corrections.history import versions_of
from archive.corrections.pages import correct_page_metadata
from archive.models import Article
from tests.factories import make_article, make_page

pytestmark = pytest.mark.django_db


def boundaries_url(article):
    return reverse("admin:archive_article_boundaries", args=[article.pk])


def test_boundaries_page_offers_each_operation_per_paragraph(client, editor):
    page = make_page()
    make_article(page=page, order=1)
    article = make_article(page=page, order=2, body="甲段\n\n乙段")
    make_article(page=page, order=3)
    html = client.get(boundaries_url(article)).content.decode()
    for operation in ("split", "move_previous", "move_next", "headline", "merge"):
        assert f'value="{operation}"' in html


def test_merge_button_then_undo_from_revisions_brings_both_back(client, editor):
    page = make_page()
    first = make_article(page=page, order=1, body="前半篇")
    second = make_article(page=page, order=2, title="后半", body="后半篇")
    client.post(boundaries_url(first), {"operation": "merge", "version": first.version})
    assert not Article.objects.filter(pk=second.pk).exists()

    operation = versions_of(first)[0].revision
    revisions = client.get(
        reverse("admin:archive_article_revisions", args=[first.pk])
    ).content.decode()
    undo_url = reverse("admin:archive_article_undo", args=[first.pk, operation.pk])
    assert undo_url in revisions
    client.post(undo_url, {"version": Article.objects.get(pk=first.pk).version})

    assert Article.objects.get(pk=first.pk).body == "前半篇"
    assert Article.objects.get(pk=second.pk).body == "后半篇"


def test_split_button_creates_the_new_article(client, editor):
    article = make_article(body="甲段\n\n乙段")
    client.post(boundaries_url(article), {"operation": "split", "paragraph": 1, "version": 1})
    assert list(Article.objects.order_by("order").values_list("body", flat=True)) == [
        "甲段",
        "乙段",
    ]


def test_boundary_operation_on_a_stale_version_is_refused(client, editor):
    article = make_article(body="甲段\n\n乙段")
    client.post(boundaries_url(article), {"operation": "headline", "paragraph": 1, "version": 7})
    assert Article.objects.get(pk=article.pk).body == "甲段\n\n乙段"


def test_bad_paragraph_shows_an_error_and_changes_nothing(client, editor):
    article = make_article(body="独段")
    response = client.post(
        boundaries_url(article), {"operation": "split", "paragraph": 5, "version": 1}, follow=True
    )
    assert "只能在" in response.content.decode()
    assert Article.objects.count() == 1


def test_merge_admin_action_merges_selected_articles(client, editor):
    page = make_page()
    first = make_article(page=page, order=1, body="一")
    make_article(page=page, order=2, title="", body="二")
    client.post(
        reverse("admin:archive_article_changelist"),
        {"action": "merge_selected_with_next", "_selected_action": [first.pk]},
    )
    assert Article.objects.get(pk=first.pk).body == "一\n\n二"
    assert Article.objects.count() == 1


def test_undo_ignores_a_revision_of_a_page_that_shares_the_articles_id(client, editor):
    page = make_page("A08")
    article = make_article(page=page, pk=page.pk)
    correct_page_metadata(page, label="A09", user=editor)
    page_revision = versions_of(page)[0].revision
    url = reverse("admin:archive_article_undo", args=[article.pk, page_revision.pk])
    assert client.post(url, {"version": article.version}).status_code == 404
