"""Chinese full-text search: the archive's search service on top of the storage engine
(``archive.search.engine``); Elasticsearch as an alternative backend."""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys

# Modules that moved into the engine package; their old import paths keep working.
MOVED_TO_ENGINE = frozenset(
    {"analyzer", "audit", "backend", "codec", "docsets", "fields", "generations", "index_fields",
     "integrity", "places", "postings", "ranking", "similar", "spelling", "verbatim",
     "verified_writes", "writer"}
)  # fmt: skip


class _EngineAliases(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """``archive.search.ranking`` → the module ``archive.search.engine.ranking`` itself."""

    def find_spec(self, fullname, path, target=None):
        package, _, name = fullname.rpartition(".")
        if package == __name__ and name in MOVED_TO_ENGINE:
            return importlib.util.spec_from_loader(fullname, self)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        # The import system returns whatever sys.modules holds under the name afterwards.
        name = module.__name__.rpartition(".")[2]
        sys.modules[module.__name__] = importlib.import_module(f"{__name__}.engine.{name}")


if not any(isinstance(finder, _EngineAliases) for finder in sys.meta_path):
    sys.meta_path.append(_EngineAliases())


def index_health(using: str = "default") -> tuple[bool, str]:
    """``(ok, message)``: whether the search index can answer (for ``/healthz``); when not,
    the message says what is wrong and what to run (``manage.py rebuild_index --noinput``)."""
    from haystack import connections

    backend = connections[using].get_backend()
    health = getattr(backend, "health", None)
    if health is None:  # e.g. Elasticsearch: its own cluster health applies
        return True, f"{type(backend).__name__} (not checked here)"
    return health()


def index_version(using: str = "default") -> str | None:
    """A token that changes whenever search answers may change (see the engine backend's
    ``index_version``), or None when answers cannot be cached: the backend has no such token
    (Elasticsearch) or the index cannot be read."""
    from haystack import connections

    from archive.search.engine.integrity import IndexUnavailable

    version = getattr(connections[using].get_backend(), "index_version", None)
    if version is None:
        return None
    try:
        return version()
    except IndexUnavailable:
        return None


WARM_UP_QUERY = "新闻"


def warm_up() -> bool:
    """Do once what the first search after a start would: import the engine, open the index,
    decode the facet columns, load the segmenter's dictionary (at a million articles ~1 s a
    process). Returns whether it worked; a missing or damaged index is only logged here."""
    import logging

    from archive.search.service import SearchRequest, search_articles

    try:
        page = search_articles(SearchRequest(text=WARM_UP_QUERY, with_facets=True))
    except Exception:  # a worker must start even when search cannot answer yet
        logging.getLogger(__name__).exception("search warm-up failed")
        return False
    return not page.error
