"""Whole reader pages from the cache for anonymous readers, and conditional GET.

``cached_page`` keeps a rendered page under its absolute URL and the content generation, so
any save shows at once; staff (who may be checking a correction) always get a fresh page.
``article_validators`` / ``page_validators`` give ETag and Last-Modified for Django's
``condition`` decorator from the row's ``version``/``updated_at`` and the generation."""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import condition

from archive.caching.generation import content_generation, generation_time

View = Callable[..., HttpResponse]


def is_staff(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


def page_cache_key(request: HttpRequest, generation: str) -> str:
    # The absolute URL: pages print their permalink, which differs between hosts and schemes.
    url = request.build_absolute_uri().encode("utf-8")
    return f"newsroom:page:{generation}:{hashlib.sha256(url).hexdigest()}"


def cached_page(view: View) -> View:
    """Serve ``view``'s 200 answers to anonymous GETs from the cache (``PAGE_CACHE_SECONDS``)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or is_staff(request):
            return view(request, *args, **kwargs)
        key = page_cache_key(request, content_generation())
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            cacheable = response.status_code == 200 and not response.streaming
            if cacheable and not response.cookies:
                cache.set(key, response, timeout=settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper


def _validators(request: HttpRequest, lookup: Callable[[], tuple | None]) -> tuple | None:
    """(etag, last_modified) computed once per request (``condition`` asks twice)."""
    if not hasattr(request, "_newsroom_validators"):
        row = lookup()
        if row is None:
            request._newsroom_validators = None  # the view answers 404
        else:
            generation = content_generation()
            identity, changed_at = row
            changed_at = max(changed_at, generation_time(generation))
            request._newsroom_validators = (f"{identity}-{generation}", changed_at)
    return request._newsroom_validators


def _article_row(pk: int) -> tuple[str, datetime.datetime] | None:
    from archive.models import Article

    row = Article.objects.filter(pk=pk).values_list("version", "updated_at").first()
    return None if row is None else (f"a{pk}.{row[0]}", row[1])


def _page_row(slug: str, day: str, label: str) -> tuple[str, datetime.datetime] | None:
    from archive.models import Page

    row = (
        Page.objects.filter(issue__newspaper__slug=slug, issue__date=day, label=label)
        .annotate(latest=Max("articles__updated_at"))
        .values_list("pk", "imported_at", "latest")
        .first()
    )
    if row is None:
        return None
    pk, imported_at, latest = row
    return f"p{pk}", max(imported_at, latest or imported_at)


def conditional(lookup: Callable[..., tuple | None]) -> Callable[[View], View]:
    """Django's ``condition`` with ETag and Last-Modified from ``lookup(**view kwargs)``."""

    def etag(request, **kwargs):
        found = _validators(request, lambda: lookup(**kwargs))
        return found and found[0]

    def last_modified(request, **kwargs):
        found = _validators(request, lambda: lookup(**kwargs))
        return found and found[1]

    return condition(etag_func=etag, last_modified_func=last_modified)


def _safe_page_row(slug: str, day: str, label: str):
    try:
        datetime.date.fromisoformat(day)
    except ValueError:
        return None  # the view answers 404 for 2023-02-30
    return _page_row(slug, day, label)


article_conditional = conditional(lambda pk: _article_row(pk))
page_conditional = conditional(lambda slug, day, label: _safe_page_row(slug, day, label))
