""" "More like this" for the article page."""

from __future__ import annotations

import logging

from django.core.cache import cache

log = logging.getLogger(__name__)

# Finding the distinctive words looks up every word of the article in the term tables (most of
# an uncached article page's time); the answer only changes when the article is corrected
# (its version) or, slowly, as the archive grows, hence per version and for a day.
RELATED_CACHE_SECONDS = 24 * 3600


def related_articles(article, limit: int = 5, before_loading=None) -> list:
    """Up to ``limit`` other articles sharing ``article``'s most distinctive words, best first.
    ``before_loading(issue ids)`` is called before their rows are read (page caching).

    Returns [] if the search backend is unavailable: the article page must still render."""
    from haystack import connections

    from archive.models import Article

    key = f"newsroom:related:{article.pk}:{article.version}:{limit}"
    ids = cache.get(key)
    if ids is None:
        backend = connections["default"].get_backend()
        try:
            if hasattr(backend, "related_article_ids"):  # Elasticsearch
                ids = backend.related_article_ids(article, limit)
            else:
                from archive.search.whoosh_search import related_with_backend

                ids = related_with_backend(backend, article, limit)
        except Exception:
            log.exception("related articles unavailable for article %s", article.pk)
            return []
        cache.set(key, ids, timeout=RELATED_CACHE_SECONDS)
    if before_loading is not None:
        issue_ids = Article.objects.filter(pk__in=ids).values_list("page__issue_id", flat=True)
        before_loading(sorted(set(issue_ids)))
    found = Article.objects.with_context().in_bulk(ids)  # deleted ones simply drop out
    return [found[pk] for pk in ids if pk in found]
