"""A new worker warms the search engine before its first reader, and starts even without one."""

from __future__ import annotations

from archive.search import warm_up
from archive.search.engine import segment_cache
from tests.factories import make_article, make_county, make_issue, make_page
from tests.search.conftest import index_articles


def test_warm_up_decodes_the_facet_columns_before_the_first_search(search_backend):
    page = make_page("A01", make_issue("2023-01-10"), make_county("温县"))
    make_article(page=page, title="新闻一则", body="县里的新闻。")
    index_articles()
    segment_cache.clear_segment_cache()
    assert warm_up() is True
    assert any(key[1] == "facet" for key in segment_cache._cache)


def test_warm_up_reports_a_missing_index_without_raising(search_backend, monkeypatch):
    from archive.search.engine.integrity import IndexMissing

    def missing(backend):
        def run(request):
            raise IndexMissing("no index yet")

        return run

    monkeypatch.setattr("archive.search.service.backend_runner", missing)
    assert warm_up() is False
