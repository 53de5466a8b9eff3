"""Elasticsearch path: the same tokens as Whoosh, and (with a server) the same answers.

The tests marked ``elasticsearch`` run only when ``ELASTICSEARCH_URL`` is set; the others
check what we send without a server.
"""

from __future__ import annotations

import os
import uuid

import pytest
from haystack.utils.loading import UnifiedIndex

from archive.search.analyzer import segmenter
from archive.search.elastic import ChineseElasticsearchSearchBackend, gram_runs, to_tokens
from archive.search.query import parse_query
from archive.search.service import SearchFilters, SearchRequest
from archive.search_indexes import ArticleIndex
from tests.factories import make_article, make_county, make_page

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")


def backend(index_name: str = "newsroom-test") -> ChineseElasticsearchSearchBackend:
    return ChineseElasticsearchSearchBackend(
        "default", URL=ES_URL or "http://127.0.0.1:1", INDEX_NAME=index_name
    )


def test_word_fields_are_sent_as_jieba_tokens():
    assert to_tokens("text", "温县黄庄镇南朱营村") == "温县 黄庄镇 南朱营村"
    assert to_tokens("text", "温县黄庄镇") == " ".join(segmenter.words("温县黄庄镇"))


def test_gram_fields_are_sent_one_value_per_run_so_phrases_cannot_cross_punctuation():
    assert gram_runs("温县，孟州") == ["温县 县", "孟州 州"]
    assert gram_runs("小麦丰收") == ["小麦 麦丰 丰收 收"]


def test_mapping_uses_whitespace_analysis_for_our_tokens():
    unified = UnifiedIndex()
    unified.build(indexes=[ArticleIndex()])
    _, mapping = backend().build_schema(unified.all_searchfields())
    assert mapping["grams"]["analyzer"] == "whitespace"
    assert mapping["text"]["analyzer"] == "whitespace"
    assert mapping["county"] == {"type": "keyword"}
    assert mapping["date"] == {"type": "date"}


def test_query_body_has_exact_phrase_tier_filters_and_facets():
    request = SearchRequest(
        text="温县小麦 -玉米",
        parsed=parse_query("温县小麦 -玉米"),
        filters=SearchFilters(county="wenxian"),
        sort="newest",
    )
    body = backend().build_body(request)
    text = str(body)
    assert "'match_phrase': {'grams': '温县 县小 小麦'}" in text
    assert body["query"]["bool"]["must_not"] == [{"match_phrase": {"grams": "玉米"}}]
    assert {"term": {"county": "wenxian"}} in body["query"]["bool"]["filter"]
    assert body["sort"][0] == {"date": "desc"}
    assert set(body["aggs"]) == {"county", "year", "month"}  # month: hits over time
    assert body["track_total_hits"] is True


@pytest.mark.elasticsearch
@pytest.mark.skipif(not ES_URL, reason="needs ELASTICSEARCH_URL")
def test_live_server_finds_verbatim_first_and_counts(db):
    es = backend(f"newsroom-test-{uuid.uuid4().hex[:8]}")
    try:
        page = make_page(county=make_county("温县"))
        exact = make_article(page=page, title="甲", body="温县黄庄镇南朱营村小麦丰收")
        apart = make_article(page=page, title="乙", body="小麦在南朱营村，温县也丰收")
        other = make_article(page=page, title="丙", body="无关的内容")
        es.update(ArticleIndex(), [exact, apart, other])
        es.conn.indices.refresh(index=es.index_name)
        result = es.search_articles(SearchRequest(text="县黄庄", parsed=parse_query("县黄庄")))
        assert [hit.article.pk for hit in result.hits] == [exact.pk]
        result = es.search_articles(
            SearchRequest(text="南朱营村小麦", parsed=parse_query("南朱营村小麦"))
        )
        assert [hit.article.pk for hit in result.hits] == [exact.pk, apart.pk]
        assert result.total == 2
        assert result.county_counts == [("wenxian", 2)]
    finally:
        es.conn.indices.delete(index=es.index_name, ignore=[404])
