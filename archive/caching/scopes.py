"""Scope tokens: what a correction changes, without making every cached page stale.

A saved correction changes what a few pages show: the article, its issue's pages (titles and
neighbours), its county's list, the pages that list it as related. Bumping the global content
generation for it (``generation.py``) threw away every cached page of the site, and a busy
site then re-rendered thousands of pages at once. Instead, a page records the scopes it shows
(``depends_on``: ``issue:12``, ``county:3``), the cache keeps each scope's token, and a
correction bumps only the tokens of its issue and county. A cached page is served only while
every token it was rendered under is unchanged.

Tokens are nanosecond timestamps, never reused (a lost token is made anew, so no old page can
come back). A page is stored only if none of its tokens is newer than the start of its
rendering: a correction committed while the page was being rendered keeps it out of the cache
(servers sharing one cache need their clocks in step, as for the content generation). A scope
first seen after a rendering gets the rendering's start as its token, so the page is kept."""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest

SCOPE_PREFIX = "newsroom:scope:"


def issue_scope(issue_id: int) -> str:
    return f"issue:{issue_id}"


def county_scope(county_id: int) -> str:
    return f"county:{county_id}"


def depends_on(request: HttpRequest, *scopes: str) -> None:
    """Note that the page being rendered for ``request`` shows the content of ``scopes``."""
    found = getattr(request, "_newsroom_scopes", None)
    if found is None:
        found = request._newsroom_scopes = set()
    found.update(scopes)


def recorded_scopes(request: HttpRequest) -> tuple[str, ...]:
    return tuple(sorted(getattr(request, "_newsroom_scopes", ())))


def scope_tokens(scopes: Iterable[str], new_token: str | None = None) -> tuple[str, ...]:
    """The current token of each scope (in the order given), made for the ones without one
    (``new_token``, or the time now: a value no earlier token of the scope had)."""
    scopes = list(scopes)
    if not scopes:
        return ()
    keys = [SCOPE_PREFIX + scope for scope in scopes]
    found = cache.get_many(keys)
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            candidate = new_token or str(time.time_ns())
            # add(): two processes making the token at once agree on one.
            token = candidate if cache.add(key, candidate, timeout=None) else None
            token = token or cache.get(key) or candidate
        tokens.append(token)
    return tuple(tokens)


def tokens_older_than(tokens: Iterable[str], started_ns: int) -> bool:
    return all(int(token) < started_ns for token in tokens)


def bump_scopes(scopes: Iterable[str]) -> None:
    """New tokens for ``scopes`` now and again when the transaction commits (a page rendered
    from the old rows between the save and the commit must not be kept)."""
    scopes = list(scopes)
    if not scopes:
        return

    def bump() -> None:
        token = str(time.time_ns())
        cache.set_many({SCOPE_PREFIX + scope: token for scope in scopes}, timeout=None)

    bump()
    transaction.on_commit(bump)
