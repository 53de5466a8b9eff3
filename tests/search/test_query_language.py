"""The query language: AND, quotes, exclusion, OR, traditional characters, friendly errors."""

from __future__ import annotations

import pytest

from archive.search.query import QuerySyntaxError, parse_query
from archive.search.service import SearchRequest, search_articles
from tests.factories import make_article, make_page
from tests.search.conftest import index_articles


def titles(text: str) -> set[str]:
    page = search_articles(SearchRequest(text=text, per_page=100, with_facets=False))
    assert not page.error, page.error
    return {hit.article.title for hit in page.hits}


@pytest.fixture
def farm_news(search_backend):
    page = make_page()
    make_article(page=page, title="麦田", body="温县农民在麦田里浇水，小麦长势良好。")
    make_article(page=page, title="玉米", body="孟州农户收获玉米，产量创新高。")
    make_article(page=page, title="两样", body="温县的小麦和玉米都丰收了。")
    make_article(page=page, title="分开", body="小麦种在东边，温县在西边的良好土地上。")
    index_articles()


def test_words_are_anded(farm_news):
    assert titles("温县 玉米") == {"两样"}


def test_quoted_phrase_matches_only_verbatim(farm_news):
    assert titles('"小麦长势"') == {"麦田"}
    assert titles("“小麦长势”") == {"麦田"}
    assert titles('"温县小麦"') == set()


def test_unquoted_words_may_also_match_apart_but_verbatim_first(farm_news):
    page = search_articles(SearchRequest(text="温县小麦", with_facets=False))
    assert {hit.article.title for hit in page.hits} == {"麦田", "两样", "分开"}


def test_minus_excludes_articles_containing_the_word(farm_news):
    assert titles("小麦 -玉米") == {"麦田", "分开"}
    assert titles('温县 -"良好"') == {"两样"}


def test_or_matches_either_side(farm_news):
    assert titles("孟州 OR 东边") == {"玉米", "分开"}
    assert titles("温县 浇水 OR 东边") == {"麦田", "分开"}


def test_traditional_characters_find_simplified_text(farm_news):
    assert titles("溫縣 玉米") == {"两样"}
    assert titles("孟州農戶") == {"玉米"}


@pytest.mark.parametrize(
    "query, message_part",
    [
        ('"小麦', "引号"),
        ("“小麦", "引号"),
        ("OR", "OR"),
        ("小麦 OR", "OR"),
        ("OR 小麦", "OR"),
        ("-", "减号"),
        ("-小麦", "排除"),
        ("小" * 1000, "太长"),
        ("小麦\x00玉米", "控制字符"),
        ("小麦\x1b[31m", "控制字符"),
        ("，，。", "没有可以查找"),
        ('""', "引号"),
    ],
)
def test_malformed_queries_get_a_message_not_an_exception(query, message_part):
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(query)
    assert message_part in str(caught.value)


def test_malformed_query_page_shows_the_message(client, search_backend):
    for query in ['"小麦', "OR", "小" * 1000, "a\x00b"]:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        assert 'class="search-error"' in response.content.decode()


def test_and_keyword_and_extra_spaces_are_ignored():
    parsed = parse_query("  小麦   AND   玉米 ")
    assert [[term.text for term in group] for group in parsed.groups] == [["小麦"], ["玉米"]]


def test_lowercase_or_between_two_terms_matches_either_side(farm_news):
    assert titles("孟州 or 东边") == {"玉米", "分开"}


def test_lowercase_or_not_between_two_terms_is_an_ordinary_word():
    for query in ("or 小麦", "小麦 or", "小麦 -玉米 or 温县"):
        assert "or" in [term.text for term in parse_query(query).terms], query
    assert [[t.text for t in g] for g in parse_query("小麦 or 玉米").groups] == [["小麦", "玉米"]]


def test_uppercase_not_excludes_like_a_minus(farm_news):
    assert titles("小麦 NOT 玉米") == {"麦田", "分开"}
    assert titles('温县 NOT "良好"') == {"两样"}
    assert [t.text for t in parse_query("小麦 not 玉米").terms] == ["小麦", "not", "玉米"]


@pytest.mark.parametrize("query", ["NOT 温县", "NOT", "小麦 NOT", "小麦 OR NOT 玉米"])
def test_not_without_something_to_keep_gets_a_message(query):
    with pytest.raises(QuerySyntaxError):
        parse_query(query)
    assert "只有排除词" in _message("NOT 温县")


def _message(query: str) -> str:
    try:
        parse_query(query)
    except QuerySyntaxError as error:
        return str(error)
    return ""
