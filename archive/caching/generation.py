"""The content generation: one token in the shared cache that changes whenever anything a
reader page shows (an article, page, issue, county or newspaper) is saved or deleted; an
article corrected where it stands bumps only its issue's and county's scopes (``scopes.py``).

Every cached page's key contains it, so a change makes every cached page unreachable at once,
in every worker process, without knowing which pages showed the changed row. Tokens are
nanosecond timestamps, never reused: if the cache loses the token, a new one is made and no old
page can come back. The token is also when content last changed (for ``Last-Modified``)."""

from __future__ import annotations

import datetime
import time

from django.core.cache import cache
from django.db import transaction

from archive.caching.changes import add_or_get, note_change, stamped

GENERATION_KEY = "newsroom:content-generation"


def _new_token() -> str:
    return str(time.time_ns())


def content_generation() -> str:
    """The current token, creating one when the cache has none."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = add_or_get(GENERATION_KEY, _new_token())
        note_change()
    return token


def generation_time(token: str) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(int(token) / 1e9, tz=datetime.UTC)


def bump_content_generation() -> None:
    cache.set_many(stamped({GENERATION_KEY: _new_token()}), timeout=None)


def content_changed(sender, **kwargs) -> None:
    """post_save/post_delete receiver for the models reader pages show.

    Bumped at once and again when the transaction commits: a page rendered from the old rows
    between the save and the commit would otherwise be cached under the new token."""
    bump_content_generation()
    transaction.on_commit(bump_content_generation)


# Where an article stands: a change of page or county moves it between lists and counts. Its
# text, titles, kind, order and proofreading status show only on its issue's and county's pages.
PLACEMENT_FIELDS = ("page_id", "county_id")


def article_saving(sender, instance, raw: bool = False, **kwargs) -> None:
    """pre_save: note where the article stood (its page and county), to tell a correction in
    place from a move."""
    before = None
    if instance.pk is not None and not raw:
        before = sender.objects.filter(pk=instance.pk).values_list(*PLACEMENT_FIELDS).first()
    instance._newsroom_placement = before


def article_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """post_save: an article corrected where it stands changes the pages of its issue and
    county only (``scopes.py``); a new or moved article changes lists and counts all over the
    site."""
    from archive.caching.scopes import bump_scopes, county_scope, issue_scope
    from archive.models import Page

    before = getattr(instance, "_newsroom_placement", None)
    now = tuple(getattr(instance, field) for field in PLACEMENT_FIELDS)
    if created or raw or before != now:
        content_changed(sender)
        return
    issue_id = Page.objects.filter(pk=instance.page_id).values_list("issue_id", flat=True).first()
    scopes = [issue_scope(issue_id)]
    if instance.county_id:
        scopes.append(county_scope(instance.county_id))
    bump_scopes(scopes)


def connect_signals() -> None:
    from django.db.models import signals

    from archive.models import Article, County, Issue, Newspaper, Page

    signals.pre_save.connect(article_saving, sender=Article, dispatch_uid="placement-Article")
    signals.post_save.connect(article_saved, sender=Article, dispatch_uid="generation-save-Article")
    signals.post_delete.connect(
        content_changed, sender=Article, dispatch_uid="generation-delete-Article"
    )
    for model in (Page, Issue, County, Newspaper):
        signals.post_save.connect(
            content_changed, sender=model, dispatch_uid=f"generation-save-{model.__name__}"
        )
        signals.post_delete.connect(
            content_changed, sender=model, dispatch_uid=f"generation-delete-{model.__name__}"
        )
