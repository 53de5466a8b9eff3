"""Keep the index in step with the database.

Saving or deleting an Article (or the Page, Issue, County or Newspaper it hangs on) queues the
affected article ids; when the surrounding transaction commits — at once under autocommit —
they are (re)indexed in one writer commit, so a changed article is searchable well within a
second, and an import of a thousand articles in one transaction costs one commit, not a
thousand. Indexing errors are logged, never raised: a save must not fail because of search.
"""

from __future__ import annotations

import logging
import threading

from django.db import transaction
from django.db.models import signals
from haystack.signals import BaseSignalProcessor

log = logging.getLogger(__name__)


class PendingChanges(threading.local):
    def __init__(self) -> None:
        self.saved: set[int] = set()
        self.deleted: set[int] = set()


pending = PendingChanges()


def apply_changes(saved: set[int], deleted: set[int]) -> int:
    """Index the articles ``saved`` (ids) and drop ``deleted``; returns how many were indexed."""
    from haystack import connections

    from archive.models import Article

    connection = connections["default"]
    backend = connection.get_backend()
    index = connection.get_unified_index().get_index(Article)
    for pk in sorted(deleted - saved):
        backend.remove(f"archive.article.{pk}")
    if not saved:
        return 0
    articles = list(Article.objects.with_context().filter(pk__in=saved))
    for pk in saved - {article.pk for article in articles}:  # saved then deleted in one go
        backend.remove(f"archive.article.{pk}")
    backend.update(index, articles)
    return len(articles)


def flush_pending() -> None:
    saved, deleted = set(pending.saved), set(pending.deleted)
    pending.saved.clear()
    pending.deleted.clear()
    if not (saved or deleted):
        return
    try:
        apply_changes(saved, deleted)
    except Exception:  # the save itself succeeded; the next update_index repairs the index
        log.exception("could not update the search index for articles %s", sorted(saved | deleted))


def _schedule() -> None:
    # One callback per change: the first to run flushes everything queued, the rest find
    # nothing to do. (A single flag would get stuck when a transaction rolls back.)
    transaction.on_commit(flush_pending)


class ArticleSignalProcessor(BaseSignalProcessor):
    """Haystack signal processor for articles and everything their index entry shows."""

    def _models(self):
        from archive.models import Article, County, Issue, Newspaper, Page

        return Article, County, Issue, Newspaper, Page

    def setup(self) -> None:
        article, *parents = self._models()
        signals.post_save.connect(self.article_saved, sender=article)
        signals.post_delete.connect(self.article_deleted, sender=article)
        for model in parents:
            signals.post_save.connect(self.parent_saved, sender=model)

    def teardown(self) -> None:
        article, *parents = self._models()
        signals.post_save.disconnect(self.article_saved, sender=article)
        signals.post_delete.disconnect(self.article_deleted, sender=article)
        for model in parents:
            signals.post_save.disconnect(self.parent_saved, sender=model)

    def article_saved(self, sender, instance, raw=False, **kwargs) -> None:
        if raw:  # loaddata: rebuild_index afterwards
            return
        pending.saved.add(instance.pk)
        _schedule()

    def article_deleted(self, sender, instance, **kwargs) -> None:
        pending.deleted.add(instance.pk)
        pending.saved.discard(instance.pk)
        _schedule()

    def parent_saved(self, sender, instance, created=False, raw=False, **kwargs) -> None:
        if created or raw:  # a new page/issue/county has no articles yet
            return
        from archive.models import Article, County, Issue, Newspaper, Page

        lookup = {
            Page: "page",
            Issue: "page__issue",
            County: "county",
            Newspaper: "page__issue__newspaper",
        }[sender]
        ids = Article.objects.filter(**{lookup: instance}).values_list("pk", flat=True)
        pending.saved.update(ids)
        if pending.saved:
            _schedule()
