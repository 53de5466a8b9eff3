"""Chinese full-text search: analysis, Whoosh/Elasticsearch backends, query language."""

from __future__ import annotations


def index_health(using: str = "default") -> tuple[bool, str]:
    """``(ok, message)``: whether the search index can answer (for ``/healthz``); when not,
    the message says what is wrong and what to run (``manage.py rebuild_index --noinput``)."""
    from haystack import connections

    backend = connections[using].get_backend()
    health = getattr(backend, "health", None)
    if health is None:  # e.g. Elasticsearch: its own cluster health applies
        return True, f"{type(backend).__name__} (not checked here)"
    return health()
