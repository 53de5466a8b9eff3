"""Fixtures for search tests: an empty index per test, and a way to index what is in the DB."""

from __future__ import annotations

import pytest
from haystack import connections

from archive.models import Article


def index_articles(queryset=None) -> int:
    """Index ``queryset`` (default: every article) synchronously; returns how many."""
    connection = connections["default"]
    index = connection.get_unified_index().get_index(Article)
    articles = list((queryset if queryset is not None else Article.objects.all()).with_context())
    return connection.get_backend().update(index, articles)


@pytest.fixture
def search_backend(db):
    """The configured backend with an empty index."""
    backend = connections["default"].get_backend()
    backend.clear()
    yield backend
    backend.clear()
