"""The search tests' empty-index fixture, for the operations tests that need an index."""

from tests.search.conftest import search_backend  # noqa: F401
