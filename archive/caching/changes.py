"""One stamp for "a page-cache token changed", so a cache hit reads one key, not one per token.

A cached article page is valid while the content generation (``generation.py``) and the
tokens of the scopes it shows (``scopes.py``: its issue, the related articles' issues) are
unchanged: with the file cache that was a file read each, eight for an article page, about
half the cost of answering it. Every write of the generation or of a scope token comes with
a new, never reused stamp, written after it. A process remembers the values it read under the stamp it saw
before reading them; while a request sees the same stamp, nothing was written since, and the
remembered values are the cache's (a write whose stamp is not written yet is still going on:
the request counts as having come before it, as a request reading the tokens themselves
could).

Only answering from the cache uses remembered values. Rendering a page reads its tokens
afresh, as does the check before a rendered page is stored.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterable

from django.core.cache import cache
from django.http import HttpRequest

STAMP_KEY = "newsroom:changed"
# Scopes are issues and counties; past this many remembered values (a very large archive),
# start again rather than grow.
MAX_REMEMBERED = 100_000
# And start again after this long whatever the stamp says: should a stamp write ever be lost,
# a remembered token outlives its change by seconds, not until the next change.
MAX_REMEMBERED_SECONDS = 5.0

_remembered: tuple[str | None, dict[str, object], float] = (None, {}, 0.0)
_lock = threading.Lock()  # gthread workers answer several requests at once


def unique_token() -> str:
    """A value never made before (scope tokens, stamps); the time part only serves
    Last-Modified."""
    return f"{time.time_ns()}.{secrets.token_hex(4)}"


def add_or_get(key: str, candidate: str) -> str:
    """The value under ``key`` after making it ``candidate`` unless one is there: ``add``, so
    that two processes making it at once agree on one."""
    if cache.add(key, candidate, timeout=None):
        return candidate
    return cache.get(key) or candidate


def stamped(values: dict[str, object]) -> dict[str, object]:
    """``values`` (generation or scope tokens) and a new stamp after them, for one
    ``set_many``: the stamp is written with the tokens (last), not in a call that could fail
    on its own."""
    return {**values, STAMP_KEY: unique_token()}


def note_change() -> None:
    """Call after writing the generation or a scope token by other means than ``stamped``:
    every process's remembered values are stale from now on."""
    cache.set(STAMP_KEY, unique_token(), timeout=None)


def current_stamp() -> str:
    stamp = cache.get(STAMP_KEY)
    if stamp is None:
        # Lost (a full cache) or never made: a new one, so nothing remembered is used.
        stamp = add_or_get(STAMP_KEY, unique_token())
    return stamp


def request_stamp(request: HttpRequest) -> str:
    """The stamp, read once per request."""
    if "_newsroom_stamp" not in request.__dict__:
        request._newsroom_stamp = current_stamp()
    return request._newsroom_stamp


def remembered_values(request: HttpRequest, keys: Iterable[str]) -> dict[str, object]:
    """The cache's values of ``keys`` (missing ones left out), remembered in this process
    while the stamp is the one this request saw."""
    global _remembered
    stamp = request_stamp(request)
    now = time.monotonic()
    with _lock:
        seen_under, values, since = _remembered
        stale = now - since > MAX_REMEMBERED_SECONDS or len(values) > MAX_REMEMBERED
        if seen_under != stamp or stale:
            values = {}
            _remembered = (stamp, values, now)
        keys = list(keys)
        unknown = [key for key in keys if key not in values]
    # Read after the stamp was: a value written before it is at least this new.
    found = cache.get_many(unknown) if unknown else {}
    with _lock:
        if _remembered[0] == stamp:
            _remembered[1].update(found)
    known = {key: values[key] for key in keys if key in values}
    known.update(found)
    return known


def forget_remembered() -> None:
    """Drop this process's remembered values (tests: the cache was emptied under them)."""
    global _remembered
    with _lock:
        _remembered = (None, {}, 0.0)
