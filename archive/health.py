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
    """None if the search index can answer: present, of the current format, its segment files
    whole (the engine's own check, ``archive.search.index_health``, which never creates an
    index where the real one is missing); Elasticsearch is pinged."""
    options = settings.HAYSTACK_CONNECTIONS["default"]
    try:
        if "PATH" not in options:  # Elasticsearch: the client's own round trip
            from haystack import connections

            if not connections["default"].get_backend().conn.ping():
                return "Elasticsearch 无应答"
            return None
        from archive.search import index_health

        healthy, message = index_health()
        return None if healthy else message
    except Exception as error:
        log.exception("health check: search index unreadable")
        return f"索引无法读取 ({type(error).__name__})"


def health_report() -> tuple[bool, dict[str, str]]:
    """(healthy, JSON-ready report) with one entry per part checked."""
    problems = {"database": database_problem(), "search_index": search_index_problem()}
    healthy = not any(problems.values())
    report = {"status": "ok" if healthy else "error"}
    report.update({part: problem or "ok" for part, problem in problems.items()})
    return healthy, report
