"""What ``/healthz`` reports: can the site read its database and its search index?

Each check returns None when healthy or a short reason; nothing here raises."""

from __future__ import annotations

import logging

from django.conf import settings

log = logging.getLogger(__name__)


def database_problem() -> str | None:
    """None if a query on the articles table answers (so the schema is there too)."""
    from archive.models import Article

    try:
        Article.objects.order_by().values_list("pk").first()
    except Exception as error:
        log.exception("health check: database query failed")
        return f"查询失败 ({type(error).__name__})"
    return None


def search_index_problem() -> str | None:
    """None if the search index opens and a document count and a stored document can be read.

    The Whoosh index is opened afresh from disk (not through the Haystack backend, whose
    set-up would quietly create a new, empty index where the real one is missing)."""
    options = settings.HAYSTACK_CONNECTIONS["default"]
    try:
        if "PATH" not in options:  # Elasticsearch: the client's own round trip
            from haystack import connections

            if not connections["default"].get_backend().conn.ping():
                return "Elasticsearch 无应答"
            return None
        return _whoosh_index_problem(options["PATH"])
    except Exception as error:
        log.exception("health check: search index unreadable")
        return f"索引无法读取 ({type(error).__name__})"


def _whoosh_index_problem(path: str) -> str | None:
    from whoosh import index as whoosh_index

    from archive.search.backend import index_format_ok

    if not whoosh_index.exists_in(path):
        return "索引不存在，请运行 manage.py rebuild_index --noinput"
    index = whoosh_index.open_dir(path)
    try:
        if not index_format_ok(index):
            return "索引格式过旧，请运行 manage.py rebuild_index --noinput"
        with index.searcher() as searcher:
            if searcher.doc_count():
                # Read a real document: truncated segment files fail here, not at the count.
                first = next(searcher.document_numbers())
                searcher.stored_fields(first)
    finally:
        index.close()
    return None


def health_report() -> tuple[bool, dict[str, str]]:
    """(healthy, JSON-ready report) with one entry per part checked."""
    problems = {"database": database_problem(), "search_index": search_index_problem()}
    healthy = not any(problems.values())
    report = {"status": "ok" if healthy else "error"}
    report.update({part: problem or "ok" for part, problem in problems.items()})
    return healthy, report
