"""Whole reader pages from the cache for anonymous readers, and conditional GET.

``cached_page`` keeps a rendered page under its absolute URL and the content generation, and
with the tokens of the scopes it shows (``scopes.py``: a correction bumps only its issue's and
county's), so any save shows at once; staff (who may be checking a correction) always get a
fresh page.
``article_conditional`` / ``page_conditional`` are Django's ``condition`` decorator with ETag
and Last-Modified from the row's ``version``/``updated_at`` and the generation."""

from __future__ import annotations

import datetime
import functools
import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import condition

from archive.caching.generation import content_generation, generation_time
from archive.caching.scopes import (
    issue_scope,
    recorded_scopes,
    scope_tokens,
    tokens_older_than,
)

View = Callable[..., HttpResponse]


def is_staff(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


def page_cache_key(request: HttpRequest, generation: str, extra: str = "") -> str:
    # The absolute URL: pages print their permalink, which differs between hosts and schemes.
    url = request.build_absolute_uri().encode("utf-8")
    digest = hashlib.sha256(url + extra.encode("utf-8")).hexdigest()
    # "page2": entries are (scopes, tokens, response); a cache written by the version before
    # (a bare response) is never read back.
    return f"newsroom:page2:{generation}:{digest}"


def cached_page(view: View, version: Callable[[], str | None] | None = None) -> View:
    """Serve ``view``'s 200 answers to anonymous GETs from the cache (``PAGE_CACHE_SECONDS``).
    ``version``: a further token the page depends on (None: do not cache this request)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or is_staff(request):
            return view(request, *args, **kwargs)
        extra = ""
        if version is not None:
            token = version()
            if token is None:
                return view(request, *args, **kwargs)
            extra = f":{token}"
        key = page_cache_key(request, request_generation(request), extra)
        entry = cache.get(key)
        if entry is not None:
            scopes, tokens, response = entry
            if not scopes or scope_tokens(scopes) == tokens:
                return response
        started = time.time_ns()
        response = view(request, *args, **kwargs)
        cacheable = response.status_code == 200 and not response.streaming
        if cacheable and not response.cookies and not forbids_caching(response):
            scopes = recorded_scopes(request)
            tokens = scope_tokens(scopes, new_token=str(started - 1))
            if tokens_older_than(tokens, started):  # else changed while it was rendered
                cache.set(key, (scopes, tokens, response), timeout=settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper


def forbids_caching(response: HttpResponse) -> bool:
    """The view marked its answer as not to be kept (``never_cache``: e.g. a passing fault)."""
    control = response.get("Cache-Control", "")
    return any(word in control for word in ("no-store", "no-cache", "private"))


def cached_search_page(view: View) -> View:
    """``cached_page`` keyed also by the search index's version: an index commit (a saved
    correction, an ``update_index`` batch, a switched rebuild) makes cached answers stale."""

    def version() -> str | None:
        from archive import search

        return search.index_version()

    return cached_page(view, version=version)


def request_generation(request: HttpRequest) -> str:
    """The content generation, read once per request."""
    if not hasattr(request, "_newsroom_generation"):
        request._newsroom_generation = content_generation()
    return request._newsroom_generation


def _validators(request: HttpRequest, name: str, lookup: Callable[[], tuple | None]):
    """(etag, last_modified) or None (no such row: the view answers 404), computed once per
    request (``condition`` asks twice) and kept in the cache for this content generation and
    the token of the row's scope, so a page served from the cache needs no database query."""
    if not hasattr(request, "_newsroom_validators"):
        generation = request_generation(request)
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()  # memcached: ASCII keys
        key = f"newsroom:validators2:{generation}:{digest}"  # (scope, token, validators)
        found = cache.get(key)
        if found is not None:
            scope, token, validators = found
            if scope_tokens([scope]) != (token,):
                found = None
        if found is None:
            started = time.time_ns()
            row = lookup()
            validators = None
            if row is not None:
                identity, changed_at, scope = row
                (token,) = scope_tokens([scope], new_token=str(started - 1))
                changed = max(changed_at, generation_time(generation), generation_time(token))
                validators = (f"{identity}-{generation}-{token}", changed)
                if tokens_older_than([token], started):  # else the row may predate it
                    entry = (scope, token, validators)
                    cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
        request._newsroom_validators = validators
    return request._newsroom_validators


def _article_row(pk: int) -> tuple[str, datetime.datetime, str] | None:
    from archive.models import Article

    # No ORDER BY (``first()`` would sort by the model's page/order, a join): one indexed row.
    rows = (
        Article.objects.filter(pk=pk)
        .order_by()
        .values_list("version", "updated_at", "page__issue_id")[:1]
    )
    row = next(iter(rows), None)
    return None if row is None else (f"a{pk}.{row[0]}", row[1], issue_scope(row[2]))


def _page_row(slug: str, day: str, label: str) -> tuple[str, datetime.datetime, str] | None:
    from archive.models import Page

    row = (
        Page.objects.filter(issue__newspaper__slug=slug, issue__date=day, label=label)
        .annotate(latest=Max("articles__updated_at"))
        .order_by()
        .values_list("pk", "imported_at", "latest", "issue_id")[:1]
    )
    row = next(iter(row), None)
    if row is None:
        return None
    pk, imported_at, latest, issue_id = row
    return f"p{pk}", max(imported_at, latest or imported_at), issue_scope(issue_id)


def conditional(lookup: Callable[..., tuple | None]) -> Callable[[View], View]:
    """Django's ``condition`` with ETag and Last-Modified from ``lookup(**view kwargs)``."""

    def validators(request, kwargs):
        name = f"{lookup.__name__}:" + ":".join(f"{k}={v}" for k, v in sorted(kwargs.items()))
        return _validators(request, name, lambda: lookup(**kwargs))

    def etag(request, **kwargs):
        found = validators(request, kwargs)
        return found and found[0]

    def last_modified(request, **kwargs):
        found = validators(request, kwargs)
        return found and found[1]

    return condition(etag_func=etag, last_modified_func=last_modified)


def _page_row_or_none(slug: str, day: str, label: str):
    try:
        datetime.date.fromisoformat(day)
    except ValueError:
        return None  # the view answers 404 for 2023-02-30
    return _page_row(slug, day, label)


article_conditional = conditional(_article_row)
page_conditional = conditional(_page_row_or_none)
