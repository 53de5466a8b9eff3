"""The WSGI front door answers kept pages before Django runs, and hands everything else to
Django (``archive/caching/front.py``, ``FrontDoor``)."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory

from archive.caching import front
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
    return CountingDjango()


def call(app, path: str, **headers) -> tuple[str, dict, bytes]:
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

    monkeypatch.setattr(front.cache, "get", broken)
    monkeypatch.setattr(cache, "get_many", broken)
    django_app.paths.clear()
    with caplog.at_level(logging.ERROR, logger="archive.caching.front"):
        try:
            call(door, url)
        except ConnectionError:
            pass  # Django's own cache reads fail too: what matters is who was asked
    assert django_app.paths == [url]
    assert "front door could not read the page cache" in caplog.text


def test_the_production_application_has_the_front_door():
    from newsroom import wsgi

    assert isinstance(wsgi.application, FrontDoor)
