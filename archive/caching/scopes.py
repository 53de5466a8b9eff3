"""Scope tokens: what a correction changes, without making every cached page stale.

A saved correction changes what a few pages show: the article, its issue's pages (titles and
neighbours), its county's list, the pages that list it as related. Bumping the global content
generation for it (``generation.py``) threw away every cached page of the site, and a busy
site then re-rendered thousands of pages at once. Instead, a view reads the token of each
scope it shows (``depends_on``: ``issue:12``, ``county:3``) *before* it reads that scope's
rows, and a correction gives its issue and county new tokens. A page is stored only if its
tokens are still the same once it is rendered, and served only while they are.

No clock is compared: a token is only ever tested for equality. A correction bumps its tokens
at the save and again after the commit, so a page rendered from the rows before the commit
was rendered under a token that is gone by then. A token missing from the cache (never made,
or dropped by a full cache) is made anew before a rendering reads rows, and counts as
changed when a page is stored or served.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest

from archive.caching.changes import (
    add_or_get,
    note_change,
    remembered_values,
    stamped,
    unique_token,
)

SCOPE_PREFIX = "newsroom:scope:"


def issue_scope(issue_id: int) -> str:
    return f"issue:{issue_id}"


def county_scope(county_id: int) -> str:
    return f"county:{county_id}"


def token_time_ns(token: str) -> int:
    return int(token.split(".", 1)[0])


def _stored(scopes: list[str]) -> dict[str, str]:
    """The tokens the cache holds for ``scopes`` (missing ones left out)."""
    if not scopes:
        return {}
    found = cache.get_many([SCOPE_PREFIX + scope for scope in scopes])
    return {scope: found[SCOPE_PREFIX + scope] for scope in scopes if SCOPE_PREFIX + scope in found}


def current_tokens(scopes: Iterable[str]) -> tuple[str, ...] | None:
    """The scopes' tokens now (in the order given), or None if one is missing."""
    scopes = list(scopes)
    found = _stored(scopes)
    return None if len(found) < len(scopes) else tuple(found[scope] for scope in scopes)


def tokens_for_request(request: HttpRequest, scopes: Iterable[str]) -> tuple[str, ...] | None:
    """``current_tokens``, each scope read once per request: a cached article page checks the
    same scopes for its ETag and for its body (each read is a file with the file cache)."""
    seen = request.__dict__.setdefault("_newsroom_tokens_seen", {})
    scopes = list(scopes)
    unseen = [scope for scope in scopes if scope not in seen]
    # Remembered by this process while nothing changed (changes.py): a cache hit reads no token.
    found = remembered_values(request, [SCOPE_PREFIX + scope for scope in unseen])
    seen.update({scope: found.get(SCOPE_PREFIX + scope) for scope in unseen})
    tokens = tuple(seen[scope] for scope in scopes)
    return None if None in tokens else tokens


def read_tokens(scopes: Iterable[str]) -> dict[str, str]:
    """The scopes' tokens, a new one made for each scope without one."""
    scopes = list(scopes)
    tokens = _stored(scopes)
    made = False
    for scope in scopes:
        if scope not in tokens:
            tokens[scope] = add_or_get(SCOPE_PREFIX + scope, unique_token())
            made = True
    if made:
        # A process may remember the lost token (changes.py); it would never match again.
        note_change()
    return {scope: tokens[scope] for scope in scopes}


def depends_on(request: HttpRequest, *scopes: str) -> None:
    """Note that the page being rendered for ``request`` shows the content of ``scopes``.
    Call it before reading their rows: their tokens are read now."""
    recorded = getattr(request, "_newsroom_scopes", None)
    if recorded is None:
        recorded = request._newsroom_scopes = {}
    new = [scope for scope in dict.fromkeys(scopes) if scope not in recorded]
    recorded.update(read_tokens(new))


def recorded_tokens(request: HttpRequest) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(scopes, tokens)`` the rendering of ``request`` read, scopes sorted."""
    recorded = getattr(request, "_newsroom_scopes", {})
    scopes = tuple(sorted(recorded))
    return scopes, tuple(recorded[scope] for scope in scopes)


def bump_scopes(scopes: Iterable[str]) -> None:
    """New tokens for ``scopes`` now and again when the transaction commits (a page rendered
    from the old rows between the save and the commit must not be kept)."""
    scopes = list(scopes)
    if not scopes:
        return

    def bump() -> None:
        token = unique_token()
        cache.set_many(stamped({SCOPE_PREFIX + scope: token for scope in scopes}), timeout=None)

    bump()
    transaction.on_commit(bump)
