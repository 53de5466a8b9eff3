"""The search page is cached for anonymous readers, yet any change to the index shows at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from haystack import connections

from archive.corrections.editing import save_correction
from archive.models import Article
from tests.factories import make_article, make_county, make_issue, make_page, make_staff_user
from tests.search.conftest import index_articles


@pytest.fixture
def archive(search_backend):
    page = make_page("A08", make_issue("2023-01-10"), make_county("温县"))
    first = make_article(page=page, title="黄河滩区春耕忙", body="本报讯 农民开始春耕。")
    make_article(page=page, title="温县小麦长势好", body="本报讯 小麦返青，春耕在即。")
    index_articles()
    return first


def queries_for(client, params: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/search/", params).status_code == 200
    return len(queries)


def test_a_repeated_anonymous_search_is_served_from_the_cache(archive, client):
    first, second = queries_for(client, {"q": "春耕"}), queries_for(client, {"q": "春耕"})
    assert first > 0 and second == 0
    assert queries_for(client, {"q": "春耕", "sort": "newest"}) > 0  # another URL


def test_a_correction_shows_in_cached_search_results_at_once(
    archive, client, django_capture_on_commit_callbacks
):
    assert "已校正" not in client.get("/search/", {"q": "春耕"}).content.decode()
    article = Article.objects.get(pk=archive.pk)
    article.title = "黄河滩区春耕忙（已校正）"
    with django_capture_on_commit_callbacks(execute=True):  # the index is updated on commit
        save_correction(article, user=make_staff_user(), expected_version=article.version)
    assert "已校正" in client.get("/search/", {"q": "春耕"}).content.decode()


def test_an_index_change_made_without_a_save_shows_at_once(archive, client):
    """``update_index``, ``rebuild_index`` or another process change the index, not the
    rows: the cached answer depends on the index's own version."""
    link = f'href="{archive.get_absolute_url()}'
    assert link in client.get("/search/", {"q": "春耕"}).content.decode()
    connections["default"].get_backend().remove(archive)
    assert link not in client.get("/search/", {"q": "春耕"}).content.decode()


def test_nothing_is_cached_while_the_index_cannot_be_read(archive, client, monkeypatch):
    monkeypatch.setattr("archive.search.index_version", lambda using="default": None)
    assert queries_for(client, {"q": "春耕"}) > 0
    assert queries_for(client, {"q": "春耕"}) > 0


def test_staff_always_get_fresh_results(archive, client):
    client.force_login(make_staff_user())
    queries_for(client, {"q": "春耕"})
    assert queries_for(client, {"q": "春耕"}) > 2  # more than the session and user


def test_a_passing_index_fault_is_not_kept_in_the_cache(archive, client, monkeypatch):
    """The index version can be read while a search still fails (a damaged segment, too
    many open files): the 「需要重建」 page must not stay cached once the fault is gone."""
    from archive.search.engine.integrity import IndexDamaged

    def failing(backend):
        def run(request):
            raise IndexDamaged("segment unreadable")

        return run

    with monkeypatch.context() as patched:
        patched.setattr("archive.search.service.backend_runner", failing)
        broken = client.get("/search/", {"q": "春耕"})
        assert "检索索引需要重建" in broken.content.decode()
        assert "no-store" in broken["Cache-Control"]
    healed = client.get("/search/", {"q": "春耕"}).content.decode()
    assert "检索索引需要重建" not in healed and f'href="{archive.get_absolute_url()}' in healed


def api_queries(client, params: dict) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/search", params)
    assert response.status_code == 200
    return len(queries), response.json()


def test_the_search_api_is_cached_and_shows_a_correction_at_once(
    archive, client, django_capture_on_commit_callbacks
):
    first, found = api_queries(client, {"q": "春耕"})
    second, again = api_queries(client, {"q": "春耕"})
    assert first > 0 and second == 0 and again == found
    article = Article.objects.get(pk=archive.pk)
    article.title = "黄河滩区春耕忙（已校正）"
    with django_capture_on_commit_callbacks(execute=True):
        save_correction(article, user=make_staff_user(), expected_version=article.version)
    _, fresh = api_queries(client, {"q": "春耕"})
    assert "黄河滩区春耕忙（已校正）" in [result["title"] for result in fresh["results"]]
