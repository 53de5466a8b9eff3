"""The content generation: one token in the shared cache that changes whenever anything a
reader page shows (an article, page, issue, county or newspaper) is saved or deleted.

Every cached page's key contains it, so a change makes every cached page unreachable at once,
in every worker process, without knowing which pages showed the changed row. Tokens are
nanosecond timestamps, never reused: if the cache loses the token, a new one is made and no old
page can come back. The token is also when content last changed (for ``Last-Modified``)."""

from __future__ import annotations

import datetime
import time

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "newsroom:content-generation"


def _new_token() -> str:
    return str(time.time_ns())


def content_generation() -> str:
    """The current token, creating one when the cache has none."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        candidate = _new_token()
        # add(): two workers starting at once agree on one token.
        token = candidate if cache.add(GENERATION_KEY, candidate, timeout=None) else None
        token = token or cache.get(GENERATION_KEY) or candidate
    return token


def generation_time(token: str) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(int(token) / 1e9, tz=datetime.UTC)


def bump_content_generation() -> None:
    cache.set(GENERATION_KEY, _new_token(), timeout=None)


def content_changed(sender, **kwargs) -> None:
    """post_save/post_delete receiver for the models reader pages show.

    Bumped at once and again when the transaction commits: a page rendered from the old rows
    between the save and the commit would otherwise be cached under the new token."""
    bump_content_generation()
    transaction.on_commit(bump_content_generation)


def connect_signals() -> None:
    from django.db.models import signals

    from archive.models import Article, County, Issue, Newspaper, Page

    for model in (Article, Page, Issue, County, Newspaper):
        signals.post_save.connect(
            content_changed, sender=model, dispatch_uid=f"generation-save-{model.__name__}"
        )
        signals.post_delete.connect(
            content_changed, sender=model, dispatch_uid=f"generation-delete-{model.__name__}"
        )
