"""〇 (U+3007, the Chinese zero in written years) is a searchable character like any other."""

from __future__ import annotations

from archive.search.engine.analyzer import unit_runs
from archive.search.service import SearchRequest, search_articles
from tests.factories import make_article, make_page
from tests.search.conftest import index_articles


def titles(text: str) -> set[str]:
    page = search_articles(SearchRequest(text=text, per_page=100, with_facets=False))
    assert not page.error, page.error
    return {hit.article.title for hit in page.hits}


def test_chinese_zero_is_part_of_a_run_of_searchable_characters():
    assert unit_runs("二〇二三年春") == ["二〇二三年春"]


def test_a_year_written_with_chinese_zero_is_found_verbatim(search_backend):
    page = make_page()
    make_article(page=page, title="年鉴", body="二〇二三年，村里修通了环山公路。")
    make_article(page=page, title="别的年份", body="二期工程说了二三年前的旧事。")
    index_articles()
    assert titles('"二〇二三年"') == {"年鉴"}
    assert titles("二〇二三年") == {"年鉴"}
    assert titles("〇") == {"年鉴"}
