"""The page cache's front door: a kept page answered before the rest of Django runs.

``cached_page`` keeps what a view returned, but every hit still went through the whole
middleware stack (sessions, CSRF, locale, authentication, axes, messages, whitenoise) and the
conditional-GET row lookups: about 1 ms of CPU for a cached article page, most of it not the
cache. ``PageCacheFront``, first in ``MIDDLEWARE``, keeps the *final* answer (status, headers,
body) of every page ``cached_page`` kept or served, with the same content generation, scopes
and tokens (and the search index's version for search pages), and answers the next GET of the
same URL from it while they are unchanged. So it is never staler than ``cached_page`` itself:
the same save that makes the inner entry stale makes this one stale.

``FrontDoor`` (``newsroom/wsgi.py``) answers from the same entries one step earlier, before
Django builds a request object and sends its signals; anything it cannot answer goes on to
Django unchanged, where the middleware looks again.

Only requests that could not see anything personal take this way: GET without a session,
messages or language cookie (staff always have a session), and without conditional headers
at the WSGI step. Everything else, and every answer ``cached_page`` did not keep, goes through
Django as before.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from http import HTTPStatus
from types import SimpleNamespace
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.cookie import parse_cookie
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from django.utils.module_loading import import_string

from archive.caching.deployment import deployment_fingerprint
from archive.caching.memory import PagesInMemory
from archive.caching.pages import request_generation, storable
from archive.caching.scopes import tokens_for_request

log = logging.getLogger(__name__)

# front5: ``Entry``; a cache written by a version before is never read back.
FRONT_PREFIX = "newsroom:front5:"
# Conditional headers: Django's validators answer these (304, 412).
CONDITIONAL = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_IF_RANGE",
)
# A failing cache is logged at most this often per process, not on every request.
FAULT_LOG_SECONDS = 60.0
# Cookies that change what a page shows or who may see it: a session (staff, logged-in
# readers), queued messages, a chosen language.
PERSONAL_COOKIES = ("messages",)
# What a page's answer may depend on besides its path (the WSGI environ's raw values, so that
# both doors compute the same key without Django's request object): host and scheme (pages
# print their permalink) as a proxy or the server gives them.
KEYED_ENVIRON = (
    "wsgi.url_scheme",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "PATH_INFO",
    "QUERY_STRING",
)


class Entry(NamedTuple):
    """A kept final answer and what it is valid under."""

    scopes: tuple[str, ...]
    tokens: tuple[str, ...]
    version: tuple[str, str] | None  # (dotted path of the version function, its value)
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    expires: float  # Unix time: when the view's entry it was kept from goes


@functools.lru_cache(maxsize=1)
def in_memory() -> PagesInMemory:
    """This process's copies of kept answers (``memory.py``)."""
    return PagesInMemory(int(settings.PAGE_MEMORY_CACHE_MB * 2**20))


@functools.lru_cache(maxsize=16)
def _version_function(path: str) -> Callable[[], str | None]:
    return import_string(path)


@functools.lru_cache(maxsize=1)
def _keyed_names() -> tuple[str, ...]:
    names = list(KEYED_ENVIRON)
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header:
        names.append(proxy_header[0])
    if settings.USE_X_FORWARDED_HOST:
        names.append("HTTP_X_FORWARDED_HOST")
    if settings.USE_X_FORWARDED_PORT:
        names.append("HTTP_X_FORWARDED_PORT")
    if len(settings.LANGUAGES) > 1:  # one language: LocaleMiddleware always picks it
        names.append("HTTP_ACCEPT_LANGUAGE")
    return tuple(names)


def front_key(environ: Mapping[str, object], generation: str) -> str:
    parts = [str(environ.get(name, "")) for name in _keyed_names()]
    # Kept under other settings (a host no longer allowed, the HTTPS redirect now on, other
    # security headers) or other code: never read again (deployment.py).
    parts.append(deployment_fingerprint())
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return f"{FRONT_PREFIX}{generation}:{digest}"


def personal(environ: Mapping[str, object], names: Iterable[str]) -> bool:
    header = environ.get("HTTP_COOKIE")
    if not header:
        return False
    cookies = parse_cookie(str(header))  # as Django reads request.COOKIES
    return any(name in cookies for name in names)


class _Gate:
    """Which requests may be answered at the front (shared by both doors)."""

    def __init__(self) -> None:
        # Never cached: static files, admin, and the health check (which must answer while the
        # cache is down).
        prefixes = [settings.STATIC_URL, settings.MEDIA_URL, "/admin/", "/healthz"]
        self.passing = tuple(str(prefix) for prefix in prefixes if prefix and prefix != "/")
        self.cookies = (
            settings.SESSION_COOKIE_NAME,
            settings.LANGUAGE_COOKIE_NAME,
            *PERSONAL_COOKIES,
        )

    def may_answer(self, environ: Mapping[str, object]) -> bool:
        if environ.get("REQUEST_METHOD") != "GET":
            return False
        if str(environ.get("PATH_INFO", "")).startswith(self.passing):
            return False
        return not personal(environ, self.cookies)


def find_entry(holder: object, key: str) -> Entry | None:
    """The kept entry for ``key`` while its tokens and version are current, else None.
    ``holder``: the request (or a stand-in) that remembers what it read."""
    memory = in_memory()
    entry = memory.get(key)
    if entry is None:
        entry = cache.get(key)
        if entry is None or entry.expires <= time.time():
            return None
        memory.put(key, entry, entry_size(key, entry), entry.expires)
    if still_valid(holder, entry):
        return entry
    memory.discard(key)
    return None


def entry_size(key: str, entry: Entry) -> int:
    """About what an entry takes in memory: body, headers, key, tokens and the tuple."""
    headers = sum(len(name) + len(value) for name, value in entry.headers)
    tokens = sum(len(token) for token in entry.tokens)
    return len(entry.body) + headers + len(key) + tokens + 512


def still_valid(holder: object, entry: Entry) -> bool:
    if entry.scopes and tokens_for_request(holder, entry.scopes) != entry.tokens:
        return False
    if entry.version is not None:
        path, value = entry.version
        if _version_function(path)() != value:
            return False
    return True


def keep(key: str, kept: tuple, response: HttpResponse) -> None:
    """Keep the final answer until the view's entry expires (``cached_page`` fixed when):
    re-keeping it from the view's entry never extends its life."""
    scopes, tokens, version, expires = kept
    remaining = expires - time.time()
    if remaining < 1:
        return
    headers = tuple(response.items())
    entry = Entry(scopes, tokens, version, response.status_code, headers, response.content, expires)
    cache.set(key, entry, int(remaining))
    in_memory().put(key, entry, entry_size(key, entry), expires)


def as_response(entry: Entry) -> HttpResponse:
    response = HttpResponse(entry.body, status=entry.status)
    for name, value in entry.headers:
        response[name] = value
    return response


class PageCacheFront:
    """Middleware, first in ``MIDDLEWARE``: keeps kept pages' final answers and serves them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.gate = _Gate()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.gate.may_answer(request.META):
            return self.get_response(request)
        key = None
        try:
            key = front_key(request.META, request_generation(request))
            entry = find_entry(request, key)
            if entry is not None:
                return conditional(request, as_response(entry))
        except Exception:
            cache_failed()
        response = self.get_response(request)
        kept = getattr(request, "_newsroom_kept", None)
        if key is not None and kept is not None and storable(response):
            try:
                keep(key, kept, response)
            except Exception:
                cache_failed()
        return response


def cache_failed() -> None:
    """The page cache could not be read or written: the page is rendered as if it were not
    kept. Logged with its traceback, at most once a minute per process."""
    global _last_fault_logged
    now = time.monotonic()
    if now - _last_fault_logged >= FAULT_LOG_SECONDS:
        _last_fault_logged = now
        log.exception("the page cache failed; pages are rendered without it for now")


_last_fault_logged = -FAULT_LOG_SECONDS


def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """304 for a matching conditional GET, else ``response``."""
    if any(name in request.META for name in CONDITIONAL):
        last_modified = response.get("Last-Modified")
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=last_modified and parse_http_date_safe(last_modified),
            response=response,
        )
    return response


class FrontDoor:
    """WSGI wrapper: answers a kept page from its entry before Django runs at all (no request
    object, no signals, no middleware: a third of the CPU of a cached answer). Conditional
    requests and anything not kept go on to Django; so does every request if the cache
    fails here."""

    def __init__(self, application: Callable) -> None:
        self.application = application
        self.gate = _Gate()

    def __call__(self, environ: dict, start_response: Callable):
        answer = None
        try:
            answer = self.answer(environ)
        except Exception:
            cache_failed()
        if answer is None:
            return self.application(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body]

    def answer(self, environ: dict) -> tuple[str, list[tuple[str, str]], bytes] | None:
        if not self.gate.may_answer(environ):
            return None
        if any(name in environ for name in CONDITIONAL):
            return None  # Django's validators answer 304 and 412
        holder = SimpleNamespace()  # remembers the stamp and tokens read, as a request would
        entry = find_entry(holder, front_key(environ, request_generation(holder)))
        if entry is None:
            return None
        code, headers, body = entry.status, list(entry.headers), entry.body
        if not any(name.lower() == "content-length" for name, _ in headers):
            headers.append(("Content-Length", str(len(body))))
        return f"{code} {HTTPStatus(code).phrase}", headers, body
