""" "More like this" for the article page."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def related_articles(article, limit: int = 5) -> list:
    """Up to ``limit`` other articles sharing ``article``'s most distinctive words, best first.

    Returns [] if the search backend is unavailable: the article page must still render."""
    from haystack import connections

    from archive.models import Article

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
    found = Article.objects.with_context().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
