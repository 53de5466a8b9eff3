"""The page cache's front door: a kept page answered before any other middleware runs.

``cached_page`` keeps what a view returned, but every hit still went through the whole
middleware stack (sessions, CSRF, locale, authentication, axes, messages, whitenoise) and the
conditional-GET row lookups: about 1 ms of CPU for a cached article page, most of it not the
cache. ``PageCacheFront``, first in ``MIDDLEWARE``, keeps the *final* answer of every page
``cached_page`` kept or served, with the same content generation, scopes and tokens (and the
search index's version for search pages), and answers the next GET of the same URL from it
while they are unchanged. So it is never staler than ``cached_page`` itself: the same save
that makes the inner entry stale makes this one stale.

Only requests that could not see anything personal take this way: GET without a session,
messages or language cookie (staff always have a session). Everything else, and every
answer ``cached_page`` did not keep, goes through Django as before.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from django.utils.module_loading import import_string

from archive.caching.memory import PagesInMemory
from archive.caching.pages import forbids_caching, request_generation
from archive.caching.scopes import tokens_for_request

FRONT_PREFIX = "newsroom:front2:"  # front2: (scopes, tokens, version, pickled answer)
# Cookies that change what a page shows or who may see it: a session (staff, logged-in
# readers), queued messages, a chosen language.
PERSONAL_COOKIES = ("messages",)


@functools.lru_cache(maxsize=1)
def in_memory() -> PagesInMemory:
    """This process's copies of kept answers (``memory.py``)."""
    return PagesInMemory(int(settings.PAGE_MEMORY_CACHE_MB * 2**20))


@functools.lru_cache(maxsize=16)
def _version_function(path: str) -> Callable[[], str | None]:
    return import_string(path)


class PageCacheFront:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        prefixes = [settings.STATIC_URL, settings.MEDIA_URL, "/admin/"]
        self.passing = tuple(str(prefix) for prefix in prefixes if prefix and prefix != "/")
        self.cookies = (
            settings.SESSION_COOKIE_NAME,
            settings.LANGUAGE_COOKIE_NAME,
            *PERSONAL_COOKIES,
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.may_answer(request):
            return self.get_response(request)
        key = front_key(request, request_generation(request))
        entry = in_memory().get(key)
        if entry is None:
            entry = cache.get(key)
            if entry is not None:
                in_memory().put(key, entry, len(entry[3]), settings.PAGE_CACHE_SECONDS)
        if entry is not None:
            response = still_valid(request, entry)
            if response is not None:
                return response
            in_memory().discard(key)
        response = self.get_response(request)
        kept = getattr(request, "_newsroom_kept", None)
        if kept is not None and storable(response):
            scopes, tokens, version = kept
            # The answer pickled once: read back whole on every hit, never shared as an object.
            entry = (scopes, tokens, version, pickle.dumps(response, pickle.HIGHEST_PROTOCOL))
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            in_memory().put(key, entry, len(entry[3]), settings.PAGE_CACHE_SECONDS)
        return response

    def may_answer(self, request: HttpRequest) -> bool:
        if request.method != "GET" or request.path_info.startswith(self.passing):
            return False
        if "HTTP_COOKIE" in request.META:
            cookies = request.COOKIES
            return not any(name in cookies for name in self.cookies)
        return True


def front_key(request: HttpRequest, generation: str) -> str:
    # The absolute URL, as cached_page: pages print their permalink (host and scheme).
    parts = [request.build_absolute_uri()]
    if len(settings.LANGUAGES) > 1:  # one language: LocaleMiddleware always picks it
        parts.append(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
    return f"{FRONT_PREFIX}{generation}:{digest}"


def still_valid(request: HttpRequest, entry: tuple) -> HttpResponse | None:
    """The kept answer (or 304 for a matching conditional GET) while its scopes' tokens and
    its version are unchanged; None when it is stale."""
    scopes, tokens, version, pickled = entry
    if scopes and tokens_for_request(request, scopes) != tokens:
        return None
    if version is not None:
        path, value = version
        if _version_function(path)() != value:
            return None
    response = pickle.loads(pickled)
    if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
        last_modified = response.get("Last-Modified")
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=last_modified and parse_http_date_safe(last_modified),
            response=response,
        )
    return response


def storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not forbids_caching(response)
    )
