"""The WSGI front door answers kept pages before Django runs, and hands everything else to
Django (``archive/caching/front.py``, ``FrontDoor``)."""

from __future__ import annotations

import logging
import time

import pytest
from django.core import signals
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import RequestFactory

from archive.caching import deployment, front
from archive.caching.front import FrontDoor
from tests.ops.conftest import correct


class CountingDjango:
    """Django's WSGI application, counting the requests that reach it."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.paths: list[str] = []

    def __call__(self, environ, start_response):
        self.paths.append(environ["PATH_INFO"])
        return self.handler(environ, start_response)


@pytest.fixture
def django_app() -> CountingDjango:
    # As Django's test client does: a request must not close the test's database connection
    # (the test runs in a transaction; PostgreSQL then fails every later query).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield CountingDjango()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def call(app, path: str, **headers) -> tuple[str, dict, bytes]:
    """``(status, headers, body)`` of a GET of ``path`` through the WSGI application ``app``."""
    environ = RequestFactory().get(path, **headers).environ
    answered: list = []

    def start_response(status, response_headers, exc_info=None):
        answered.extend([status, dict(response_headers)])

    body = b"".join(app(environ, start_response))
    return answered[0], answered[1], body


def test_a_kept_page_is_answered_without_django(archive, django_app):
    door = FrontDoor(django_app)
    url = archive.get_absolute_url()
    status, headers, body = call(door, url)
    django_app.paths.clear()
    again_status, again_headers, again_body = call(door, url)
    assert django_app.paths == []
    assert again_status == status == "200 OK" and again_body == body
    assert again_headers["Content-Length"] == str(len(body))
    for name in ("Content-Type", "ETag", "Last-Modified", "X-Frame-Options"):
        assert again_headers[name] == headers[name], name


def test_a_correction_sends_the_next_request_to_django(
    archive, django_app, django_capture_on_commit_callbacks
):
    door = FrontDoor(django_app)
    url = archive.page.get_absolute_url()
    call(door, url)
    correct(archive, django_capture_on_commit_callbacks, title="黄河滩区春耕正忙（已校正）")
    django_app.paths.clear()
    _, _, body = call(door, url)
    assert "已校正" in body.decode() and django_app.paths == [url]


def test_conditional_and_personal_requests_go_to_django(archive, django_app):
    door = FrontDoor(django_app)
    url = archive.get_absolute_url()
    _, headers, _ = call(door, url)
    django_app.paths.clear()
    status, _, _ = call(door, url, HTTP_IF_NONE_MATCH=headers["ETag"])
    assert status.startswith("304")
    call(door, url, HTTP_COOKIE="sessionid=abc")
    call(door, url, HTTP_COOKIE="messages=x")
    assert django_app.paths == [url] * 3
    call(door, url, HTTP_COOKIE="_ga=GA1.1.1")
    assert django_app.paths == [url] * 3


def test_a_host_no_longer_allowed_gets_nothing_kept_for_it(archive, django_app, settings):
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    door = FrontDoor(django_app)
    url = archive.get_absolute_url()
    assert call(door, url, HTTP_HOST="b.example")[0] == "200 OK"
    settings.ALLOWED_HOSTS = ["a.example"]
    deployment.forget_fingerprint()  # as a restarted process
    django_app.paths.clear()
    assert call(door, url, HTTP_HOST="b.example")[0].startswith("400")
    assert django_app.paths == [url]


def test_a_failing_cache_hands_the_request_to_django(archive, django_app, monkeypatch, caplog):
    door = FrontDoor(django_app)
    url = archive.get_absolute_url()
    call(door, url)
    front.in_memory().clear()

    def broken(*args, **kwargs):
        raise ConnectionError("cache server down")

    for name in ("get", "get_many", "set", "set_many", "add"):
        monkeypatch.setattr(cache, name, broken)
    monkeypatch.setattr(front, "_last_fault_logged", -front.FAULT_LOG_SECONDS)
    django_app.paths.clear()
    with caplog.at_level(logging.ERROR, logger="archive.caching.front"):
        robots = call(door, "/robots.txt")
        health = call(door, "/healthz")
    # Pages that never needed the cache still answer; the fault is logged once, not per request.
    assert robots[0] == "200 OK" and health[0] in ("200 OK", "503 Service Unavailable")
    assert django_app.paths == ["/robots.txt", "/healthz"]
    assert caplog.text.count("the page cache failed") == 1


def test_the_production_application_has_the_front_door():
    from newsroom import wsgi

    assert isinstance(wsgi.application, FrontDoor)


def test_if_match_and_if_unmodified_since_go_to_django(archive, django_app):
    door = FrontDoor(django_app)
    url = archive.get_absolute_url()
    call(door, url)
    assert call(door, url, HTTP_IF_MATCH='"nope"')[0].startswith("412")
    since = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert call(door, url, HTTP_IF_UNMODIFIED_SINCE=since)[0].startswith("412")


def test_a_page_kept_for_https_is_not_answered_over_http(archive, django_app, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    door = FrontDoor(django_app)
    url = archive.get_absolute_url()
    _, _, secure = call(door, url, HTTP_X_FORWARDED_PROTO="https")
    assert b"https://testserver" in secure
    django_app.paths.clear()
    _, _, plain = call(door, url)
    assert django_app.paths == [url] and b"https://testserver" not in plain


def test_a_page_kept_under_other_security_settings_is_not_answered(archive, django_app, settings):
    door = FrontDoor(django_app)
    url = archive.get_absolute_url()
    assert call(door, url)[1]["X-Frame-Options"] == "DENY"
    settings.X_FRAME_OPTIONS = "SAMEORIGIN"
    deployment.forget_fingerprint()  # as a restarted process
    django_app.paths.clear()
    assert call(door, url)[1]["X-Frame-Options"] == "SAMEORIGIN"
    assert django_app.paths == [url]


def test_a_kept_answer_never_outlives_the_page_it_was_kept_from(
    archive, django_app, settings, monkeypatch
):
    """Re-kept from the view's entry (another spelling of the host, a second worker), its
    life still ends when the view's entry was due to end."""
    settings.PAGE_CACHE_SECONDS = 10
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    door = FrontDoor(django_app)
    url = archive.get_absolute_url()
    call(door, url)
    now[0] += 6
    front.in_memory().clear()
    # The Host header spelled out: another front key, the same page (the view's entry), kept
    # again from that entry.
    call(door, url, HTTP_HOST="testserver")
    now[0] += 5  # 11 s after the page was rendered
    django_app.paths.clear()
    call(door, url, HTTP_HOST="testserver")
    call(door, url)
    assert django_app.paths == [url, url]
