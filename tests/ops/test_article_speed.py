"""The article page: related articles are found once per article version, few queries."""

from __future__ import annotations

from unittest import mock

from django.core.cache import cache

from archive.corrections.editing import save_correction
from archive.models import Article
from archive.search.related import related_articles
from tests.factories import make_article, make_page, make_staff_user
from tests.search.conftest import index_articles


def make_related_archive():
    page = make_page()
    subject = make_article(
        page=page, title="怀山药丰收", body="怀山药种植户喜获丰收，怀山药价格上涨。"
    )
    close = make_article(page=page, title="怀山药加工", body="怀山药深加工项目投产。")
    make_article(page=page, title="篮球比赛", body="县篮球联赛开幕。")
    index_articles()
    return subject, close


def test_related_articles_are_looked_up_once_per_article_version(search_backend):
    subject, close = make_related_archive()
    from archive.search import whoosh_search

    with mock.patch.object(
        whoosh_search, "related_with_backend", side_effect=whoosh_search.related_with_backend
    ) as lookup:
        assert related_articles(subject) == [close]
        assert related_articles(Article.objects.get(pk=subject.pk)) == [close]
        assert lookup.call_count == 1
        corrected = Article.objects.get(pk=subject.pk)
        corrected.body = "篮球联赛开幕，篮球比赛精彩。"
        save_correction(corrected, user=make_staff_user(), expected_version=corrected.version)
        related_articles(Article.objects.get(pk=subject.pk))
        assert lookup.call_count == 2


def test_a_deleted_related_article_drops_out_of_the_cached_list(search_backend):
    subject, close = make_related_archive()
    assert related_articles(subject) == [close]
    close.delete()
    assert related_articles(subject) == []


def test_uncached_article_page_needs_few_queries(
    search_backend, client, django_assert_max_num_queries
):
    subject, _ = make_related_archive()
    cache.clear()
    # the article's issue (its cache token is read first), the article with its page, issue,
    # paper and county; two neighbours; the related ones' issues, then the articles; the row
    # behind the ETag, twice (before and after reading its token)
    with django_assert_max_num_queries(8):
        assert client.get(subject.get_absolute_url()).status_code == 200
