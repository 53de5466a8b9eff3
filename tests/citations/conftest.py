from tests.search.conftest import search_backend  # noqa: F401  (search exports need an index)
