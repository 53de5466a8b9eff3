"""A kept page is answered first, before the middleware stack, and never when it is stale or
personal (``archive/caching/front.py``)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.middleware import SessionMiddleware

from archive.caching import front
from archive.caching.front import PageCacheFront
from archive.caching.pages import storable
from archive.models import Article
from tests.factories import make_article, make_county, make_issue, make_page, make_staff_user
from tests.ops.conftest import correct


@pytest.fixture
def stack_runs(monkeypatch) -> list[str]:
    """The paths the middleware stack behind the front door handled."""
    handled: list[str] = []
    process_request = SessionMiddleware.process_request

    def counting(self, request):
        handled.append(request.path)
        return process_request(self, request)

    monkeypatch.setattr(SessionMiddleware, "process_request", counting)
    return handled


def reader_urls(article: Article) -> list[str]:
    return [
        "/",
        article.page.issue.get_absolute_url(),
        article.page.get_absolute_url(),
        article.get_absolute_url(),
        article.county.get_absolute_url(),
    ]


def test_a_kept_page_is_answered_before_the_middleware_stack(archive, client, stack_runs):
    for url in reader_urls(archive):
        first = client.get(url)
        stack_runs.clear()
        second = client.get(url)
        assert stack_runs == [], url
        assert second.status_code == 200 and second.content == first.content, url
        # The headers the stack added the first time come back too.
        assert second["X-Frame-Options"] == first["X-Frame-Options"], url


def test_a_search_page_is_answered_from_the_front_until_the_index_changes(
    archive, client, stack_runs, monkeypatch
):
    from archive import search

    monkeypatch.setattr(search, "index_version", lambda using="default": "v1")
    client.get("/search/?q=春耕")
    stack_runs.clear()
    client.get("/search/?q=春耕")
    assert stack_runs == []
    monkeypatch.setattr(search, "index_version", lambda using="default": "v2")
    client.get("/search/?q=春耕")
    assert stack_runs == ["/search/"]


def test_a_correction_makes_the_kept_answer_stale_at_once(
    archive, client, stack_runs, django_capture_on_commit_callbacks
):
    url = archive.page.get_absolute_url()
    client.get(url)
    client.get(url)
    correct(archive, django_capture_on_commit_callbacks, title="黄河滩区春耕正忙（已校正）")
    stack_runs.clear()
    assert "已校正" in client.get(url).content.decode()
    assert stack_runs == [url]


def test_staff_and_readers_with_a_session_always_go_through_the_stack(archive, client, stack_runs):
    url = archive.get_absolute_url()
    client.get(url)
    client.get(url)
    client.force_login(make_staff_user())
    stack_runs.clear()
    client.get(url)
    assert stack_runs == [url]


@pytest.mark.parametrize("cookie", ["messages", "django_language"])
def test_a_reader_with_messages_or_a_language_cookie_goes_through_the_stack(
    archive, client, stack_runs, cookie
):
    url = archive.get_absolute_url()
    client.get(url)
    client.cookies[cookie] = "x"
    stack_runs.clear()
    client.get(url)
    assert stack_runs == [url]


def test_an_unrelated_cookie_still_gets_the_kept_answer(archive, client, stack_runs):
    url = archive.get_absolute_url()
    client.get(url)
    client.cookies["_ga"] = "GA1.1.1"
    stack_runs.clear()
    client.get(url)
    assert stack_runs == []


def test_a_conditional_get_of_a_kept_page_answers_304_from_the_front(archive, client, stack_runs):
    url = archive.get_absolute_url()
    etag = client.get(url)["ETag"]
    stack_runs.clear()
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304 and response["ETag"] == etag
    assert stack_runs == []
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_head_and_post_go_through_the_stack(archive, client, stack_runs):
    url = archive.get_absolute_url()
    client.get(url)
    stack_runs.clear()
    client.head(url)
    client.post(url)
    assert stack_runs == [url, url]


def test_a_page_the_view_did_not_keep_is_not_kept_by_the_front(db, client, stack_runs):
    for _ in range(2):
        assert client.get("/articles/999999/").status_code == 404
    assert stack_runs == ["/articles/999999/"] * 2


def test_answers_with_cookies_or_no_store_are_not_storable():
    from django.http import HttpResponse

    plain = HttpResponse("x")
    with_cookie = HttpResponse("x")
    with_cookie.set_cookie("csrftoken", "abc")
    no_store = HttpResponse("x", headers={"Cache-Control": "no-store"})
    assert storable(plain)
    assert not storable(with_cookie) and not storable(no_store)
    assert not storable(HttpResponse("x", status=302))


def test_static_and_admin_addresses_pass_by_without_a_cache_read(settings, rf, monkeypatch):
    reads: list[str] = []
    monkeypatch.setattr(front.cache, "get", lambda key, *a, **k: reads.append(key))
    door = PageCacheFront(lambda request: "passed")
    for path in (f"{settings.STATIC_URL}site.css", "/admin/login/"):
        assert door(rf.get(path)) == "passed"
    assert reads == []


def test_pages_of_other_hosts_are_kept_apart(archive, client, settings, stack_runs):
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    url = archive.get_absolute_url()
    first = client.get(url, HTTP_HOST="a.example")
    stack_runs.clear()
    second = client.get(url, HTTP_HOST="b.example")
    assert stack_runs == [url]
    assert b"a.example" in first.content and b"a.example" not in second.content


def test_the_other_issues_pages_stay_in_the_front_after_a_correction(
    archive, client, stack_runs, django_capture_on_commit_callbacks
):
    other = make_article(
        page=make_page("A01", issue=make_issue("2023-02-14"), county=make_county("孟州市")),
        title="孟州莲藕上市",
    )
    url = other.page.get_absolute_url()
    client.get(url)
    correct(archive, django_capture_on_commit_callbacks, title="已校正")
    stack_runs.clear()
    client.get(url)
    assert stack_runs == []


def test_no_kept_reader_page_carries_a_csrf_token_or_sets_a_cookie(archive, client):
    """A kept page goes to every reader: a CSRF token in it would be the first reader's."""
    for url in reader_urls(archive) + ["/search/?q=春耕", f"/api/articles/{archive.pk}"]:
        for response in (client.get(url), client.get(url)):
            assert response.status_code == 200, url
            assert "csrfmiddlewaretoken" not in response.content.decode(), url
            assert not response.cookies, url


def test_if_match_on_a_kept_page_is_answered_412(archive, client):
    url = archive.get_absolute_url()
    client.get(url)
    assert client.get(url, headers={"If-Match": '"nope"'}).status_code == 412


def test_a_page_kept_for_https_is_not_answered_over_http(archive, client, stack_runs):
    url = archive.get_absolute_url()
    assert b"https://testserver" in client.get(url, secure=True).content
    stack_runs.clear()
    plain = client.get(url)
    assert stack_runs == [url] and b"https://testserver" not in plain.content


def test_pages_that_need_no_cache_answer_while_it_is_down(db, client, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache server down")

    for name in ("get", "get_many", "set", "set_many", "add"):
        monkeypatch.setattr(cache, name, broken)
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/healthz").status_code in (200, 503)
