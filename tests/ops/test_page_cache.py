"""Reader pages come from the cache for anonymous readers, yet every change shows at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.corrections.editing import save_correction
from archive.models import Article
from tests.factories import make_article, make_county, make_issue, make_page, make_staff_user
from tests.ops.conftest import correct


def reader_urls(article: Article) -> list[str]:
    page = article.page
    return [
        "/",
        page.issue.newspaper.get_absolute_url(),
        f"{page.issue.newspaper.get_absolute_url()}2023/",
        page.issue.get_absolute_url(),
        page.get_absolute_url(),
        article.get_absolute_url(),
        "/counties/",
        article.county.get_absolute_url(),
        f"/api/articles/{article.pk}",
    ]


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_second_anonymous_visit_is_served_from_the_cache(archive, client):
    for url in reader_urls(archive):
        first, second = queries_for(client, url), queries_for(client, url)
        assert first > 0 and second == 0, (url, first, second)


def test_staff_always_get_a_freshly_rendered_page(archive, client):
    client.force_login(make_staff_user())
    url = archive.get_absolute_url()
    first, second = queries_for(client, url), queries_for(client, url)
    # Rendered again (the ETag's row lookups, up to three queries, are kept after the first).
    assert second >= first - 3 > 1


def test_a_correction_shows_at_once_on_every_cached_page(
    archive, client, django_capture_on_commit_callbacks
):
    urls = [archive.get_absolute_url(), archive.page.get_absolute_url(), "/"]
    urls += [archive.page.issue.get_absolute_url(), f"/api/articles/{archive.pk}"]
    for url in urls:
        client.get(url)  # cached now
    correct(archive, django_capture_on_commit_callbacks, title="黄河滩区春耕正忙（已校正）")
    assert "已校正" in client.get(archive.get_absolute_url()).content.decode()
    for url in urls[1:]:
        if url == "/":
            continue  # the home page lists issues and counties, not article titles
        assert "已校正" in client.get(url).content.decode(), url


def test_a_deleted_article_leaves_the_cached_page_at_once(archive, client):
    page_url = archive.page.get_absolute_url()
    assert "黄河滩区春耕忙" in client.get(page_url).content.decode()
    archive.delete()
    assert "黄河滩区春耕忙" not in client.get(page_url).content.decode()
    assert client.get(f"/articles/{archive.pk}/").status_code == 404


def test_an_imported_page_appears_on_the_cached_issue_page(archive, client):
    issue_url = archive.page.issue.get_absolute_url()
    assert "A09" not in client.get(issue_url).content.decode()
    make_article(page=make_page("A09", issue=archive.page.issue), title="新版面的文章")
    assert "新版面的文章" in client.get(issue_url).content.decode()


def test_article_answers_304_while_unchanged_and_200_after_a_correction(
    archive, client, django_capture_on_commit_callbacks
):
    url = archive.get_absolute_url()
    response = client.get(url)
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304

    correct(archive, django_capture_on_commit_callbacks, title="黄河滩区春耕正忙")
    fresh = client.get(url, headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and "春耕正忙" in fresh.content.decode()
    assert fresh["ETag"] != etag


def test_page_answers_304_on_if_none_match(archive, client):
    url = archive.page.get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    make_article(page=archive.page, title="又一篇")
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_unknown_article_and_page_still_answer_404(db, client):
    assert client.get("/articles/999999/").status_code == 404
    assert client.get("/papers/nothing/2023-02-30/A01/").status_code == 404


@pytest.fixture
def two_issues(archive):
    """``archive`` (温县, 2023-01-10) and an article of another issue and county."""
    other_page = make_page("A01", issue=make_issue("2023-02-14"), county=make_county("孟州市"))
    other = make_article(page=other_page, title="孟州莲藕上市", body="本报讯 莲藕大量上市。")
    return archive, other


def test_a_correction_leaves_the_other_issues_pages_in_the_cache(
    two_issues, client, django_capture_on_commit_callbacks
):
    corrected, other = two_issues
    elsewhere = reader_urls(other)
    for url in elsewhere:
        client.get(url)
    correct(corrected, django_capture_on_commit_callbacks, body="本报讯 农民开始春耕（校正）。")
    for url in elsewhere:
        assert queries_for(client, url) == 0, url
    assert "（校正）" in client.get(corrected.get_absolute_url()).content.decode()


def test_a_correction_shows_on_its_county_page_and_on_its_neighbours_pages(
    archive, client, django_capture_on_commit_callbacks
):
    neighbour = Article.objects.exclude(pk=archive.pk).get()
    urls = [archive.county.get_absolute_url(), neighbour.get_absolute_url()]
    for url in urls:
        assert "黄河滩区春耕忙" in client.get(url).content.decode()
    correct(archive, django_capture_on_commit_callbacks, title="黄河滩区春耕正忙")
    for url in urls:
        html = client.get(url).content.decode()
        assert "黄河滩区春耕正忙" in html and "黄河滩区春耕忙<" not in html, url


def test_moving_an_article_to_another_county_refreshes_the_county_counts(
    two_issues, client, django_capture_on_commit_callbacks
):
    moved, other = two_issues
    assert queries_for(client, "/counties/") > 0
    assert queries_for(client, "/counties/") == 0
    correct(moved, django_capture_on_commit_callbacks, county=other.county)
    assert queries_for(client, "/counties/") > 0  # a move changes counts: every page renders


def test_a_page_rendered_while_its_issue_changes_is_not_kept(archive, client, monkeypatch):
    from archive.caching import scopes
    from archive.views import browse

    url = archive.page.issue.get_absolute_url()
    render = browse.render

    def render_then_correct(*args, **kwargs):
        response = render(*args, **kwargs)  # rendered from the rows before the correction
        monkeypatch.setattr(browse, "render", render)
        scopes.bump_scopes([scopes.issue_scope(archive.page.issue_id)])
        return response

    monkeypatch.setattr(browse, "render", render_then_correct)
    client.get(url)
    assert queries_for(client, url) > 0  # not served from the cache
    assert queries_for(client, url) == 0


def test_an_article_etag_changes_when_a_neighbour_is_retitled(
    archive, client, django_capture_on_commit_callbacks
):
    neighbour = Article.objects.exclude(pk=archive.pk).get()
    url = neighbour.get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    correct(archive, django_capture_on_commit_callbacks, title="黄河滩区春耕正忙")
    fresh = client.get(url, headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and "黄河滩区春耕正忙" in fresh.content.decode()


def test_a_page_whose_token_is_lost_while_it_renders_is_not_kept(archive, client, monkeypatch):
    """A full cache may drop a token: the page cannot tell what it was rendered under."""
    from django.core.cache import cache

    from archive.caching import scopes
    from archive.views import browse

    url = archive.page.get_absolute_url()
    render = browse.render

    def render_then_lose_the_token(*args, **kwargs):
        monkeypatch.setattr(browse, "render", render)
        cache.delete(scopes.SCOPE_PREFIX + scopes.issue_scope(archive.page.issue_id))
        return render(*args, **kwargs)

    monkeypatch.setattr(browse, "render", render_then_lose_the_token)
    client.get(url)
    assert queries_for(client, url) > 0
    assert queries_for(client, url) == 0


def test_a_correction_bumps_its_tokens_again_when_it_commits(
    archive, django_capture_on_commit_callbacks
):
    """A page rendered between the save and the commit read the old rows under the token of
    the save: the second bump, after the commit, retires it."""
    from archive.caching import scopes

    scope = scopes.issue_scope(archive.page.issue_id)
    article = Article.objects.get(pk=archive.pk)
    article.title = "黄河滩区春耕正忙"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        save_correction(article, user=make_staff_user(), expected_version=article.version)
    at_save = scopes.current_tokens([scope])
    assert at_save is not None
    for callback in callbacks:
        callback()
    assert scopes.current_tokens([scope]) not in (None, at_save)


def test_a_cached_article_reads_each_scope_token_once(archive, client, monkeypatch):
    """Its ETag and its body depend on the same scopes: one read each (a file apiece)."""
    from django.core.cache import cache

    from archive.caching.changes import forget_remembered
    from archive.caching.scopes import SCOPE_PREFIX

    url = archive.get_absolute_url()
    client.get(url)
    client.get(url)  # cached, with its ETag
    forget_remembered()  # as in a process that has not read them yet (test_page_cache_changes)
    read: list[str] = []
    get_many = cache.get_many

    def counting(keys, *args, **kwargs):
        read.extend(key for key in keys if key.startswith(SCOPE_PREFIX))
        return get_many(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", counting)
    assert queries_for(client, url) == 0
    assert read and len(read) == len(set(read))
