from tests.search.conftest import search_backend  # noqa: F401  (the search feed needs an index)
