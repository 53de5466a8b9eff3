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

from archive.caching.changes import remembered_values
from archive.caching.deployment import deployment_fingerprint
from archive.caching.generation import GENERATION_KEY, content_generation, generation_time
from archive.caching.scopes import (
    current_tokens,
    issue_scope,
    read_tokens,
    recorded_tokens,
    token_time_ns,
    tokens_for_request,
)

View = Callable[..., HttpResponse]


def is_staff(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


def page_cache_key(request: HttpRequest, generation: str, extra: str = "") -> str:
    # The absolute URL: pages print their permalink, which differs between hosts and schemes.
    url = request.build_absolute_uri().encode("utf-8")
    made_by = deployment_fingerprint().encode("ascii")  # pages of other settings or code
    digest = hashlib.sha256(url + extra.encode("utf-8") + made_by).hexdigest()
    # "page3": entries are (scopes, tokens, response, expires); a cache written by a version
    # before is never read back.
    return f"newsroom:page3:{generation}:{digest}"


def cached_page(view: View, version: Callable[[], str | None] | None = None) -> View:
    """Serve ``view``'s 200 answers to anonymous GETs from the cache (``PAGE_CACHE_SECONDS``).
    ``version``: a further token the page depends on (None: do not cache this request)."""

    # Where the front door finds the version function again (front.py).
    version_path = version and f"{version.__module__}.{version.__qualname__}"

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or is_staff(request):
            return view(request, *args, **kwargs)
        extra, versioned = "", None
        if version is not None:
            token = version()
            if token is None:
                return view(request, *args, **kwargs)
            extra = f":{token}"
            versioned = (version_path, token)
        generation = request_generation(request)
        key = page_cache_key(request, generation, extra)
        entry = cache.get(key)
        if entry is not None:
            scopes, tokens, response, expires = entry
            if not scopes or tokens_for_request(request, scopes) == tokens:
                mark_kept(request, scopes, tokens, versioned, expires)
                return response
        response = view(request, *args, **kwargs)
        if storable(response):
            scopes, tokens = recorded_tokens(request)
            # The tokens were read before the rows, so a page is served only while they are
            # unchanged; one already changed could never be served: not worth the write.
            if not scopes or current_tokens(scopes) == tokens:
                # When it goes is fixed now: the front door's copies never outlive it.
                expires = time.time() + settings.PAGE_CACHE_SECONDS
                cache.set(key, (scopes, tokens, response, expires), settings.PAGE_CACHE_SECONDS)
                _remember_scopes(request, generation, scopes)
                mark_kept(request, scopes, tokens, versioned, expires)
        return response

    return wrapper


def mark_kept(
    request: HttpRequest,
    scopes: tuple[str, ...],
    tokens: tuple[str, ...],
    version: tuple[str, str] | None,
    expires: float,
) -> None:
    """This request's page was kept (or served) under ``scopes``/``tokens`` until ``expires``
    (a Unix time), for the front door (``front.py``) to keep its final answer alike;
    ``version``: (dotted path of the version function, its value) for a versioned page."""
    request._newsroom_kept = (scopes, tokens, version, expires)


def storable(response: HttpResponse) -> bool:
    """A whole 200 answer without cookies that the view did not mark as not to be kept."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not forbids_caching(response)
    )


def forbids_caching(response: HttpResponse) -> bool:
    """The view marked its answer as not to be kept (``never_cache``: e.g. a passing fault)."""
    control = response.get("Cache-Control", "")
    return any(word in control for word in ("no-store", "no-cache", "private"))


def cached_search_page(view: View) -> View:
    """``cached_page`` keyed also by the search index's version: an index commit (a saved
    correction, an ``update_index`` batch, a switched rebuild) makes cached answers stale."""

    return cached_page(view, version=search_index_version)


def search_index_version() -> str | None:
    from archive import search

    return search.index_version()


def request_generation(request: HttpRequest) -> str:
    """The content generation, read once per request."""
    if not hasattr(request, "_newsroom_generation"):
        # Remembered by this process while nothing changed (changes.py).
        found = remembered_values(request, [GENERATION_KEY]).get(GENERATION_KEY)
        request._newsroom_generation = found or content_generation()
    return request._newsroom_generation


def _path_key(kind: str, request: HttpRequest, generation: str) -> str:
    digest = hashlib.sha256(request.path.encode("utf-8")).hexdigest()  # memcached: ASCII keys
    return f"newsroom:{kind}:{generation}:{digest}"


def _remember_scopes(request: HttpRequest, generation: str, scopes: tuple[str, ...]) -> None:
    """What the page at this path shows, for its ETag (``_validators``), which is computed
    before the view runs; the ETag made from what it showed before is dropped."""
    if not scopes or cache.get(_path_key("scopes", request, generation)) == scopes:
        return
    cache.set(_path_key("scopes", request, generation), scopes, settings.PAGE_CACHE_SECONDS)
    validators = cache.get(_path_key("validators3", request, generation))
    if validators is not None and validators[0] != scopes:
        cache.delete(_path_key("validators3", request, generation))


def _validators(request: HttpRequest, lookup: Callable[[], tuple | None]):
    """(etag, last_modified) or None (no such row: the view answers 404), computed once per
    request (``condition`` asks twice) and kept in the cache while the tokens of what the
    page shows are unchanged, so a page served from the cache needs no database query."""
    if not hasattr(request, "_newsroom_validators"):
        generation = request_generation(request)
        key = _path_key("validators3", request, generation)
        found = cache.get(key)  # (scopes, tokens, validators)
        if found is not None and tokens_for_request(request, found[0]) == found[1]:
            validators = found[2]
        else:
            validators = _fresh_validators(request, generation, key, lookup)
        request._newsroom_validators = validators
    return request._newsroom_validators


def _fresh_validators(request: HttpRequest, generation: str, key: str, lookup):
    # The scopes the page showed when it was last cached (its issue, the related articles'
    # issues), else the row's own; their tokens are read before the row, as a view does.
    scopes = cache.get(_path_key("scopes", request, generation))
    if scopes is None:
        row = lookup()
        if row is None:
            return None
        scopes = (row[2],)
    tokens = tuple(read_tokens(scopes).values())
    row = lookup()
    if row is None:
        return None
    identity, changed_at, _ = row
    digest = hashlib.sha256("|".join(tokens).encode("ascii")).hexdigest()[:16]
    latest = max(token_time_ns(token) for token in tokens)
    changed = max(changed_at, generation_time(generation), generation_time(str(latest)))
    validators = (f"{identity}-{generation}-{digest}", changed)
    if current_tokens(scopes) == tokens:
        cache.set(key, (scopes, tokens, validators), timeout=settings.PAGE_CACHE_SECONDS)
    return validators


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
        return _validators(request, lambda: lookup(**kwargs))

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
