"""The recall guarantee: every article containing the query verbatim is found, and ranks
before articles that only contain the query's words apart."""

from __future__ import annotations

import random

import pytest

from archive.search.service import SearchRequest, search_articles
from tests.factories import make_article, make_page
from tests.search.conftest import index_articles
from tests.search.corpus import HAN_RUN, load_corpus_articles

SAMPLES = 320


def all_hits(text: str) -> list[int]:
    page = search_articles(SearchRequest(text=text, per_page=5000, with_facets=False))
    assert not page.error, page.error
    assert page.total == len(page.hits)
    return [hit.article.pk for hit in page.hits]


def sample_strings(articles, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    runs = [run for a in articles for run in HAN_RUN.findall(a.title + "\n" + a.body)]
    samples = []
    while len(samples) < count:
        run = rng.choice(runs)
        length = rng.randint(2, min(6, len(run)))
        start = rng.randint(0, len(run) - length)
        samples.append(run[start : start + length])
    return samples


@pytest.fixture
def corpus_index(search_backend):
    articles = load_corpus_articles()
    assert len(articles) > 100
    assert index_articles() == len(articles)
    return articles


def test_every_verbatim_match_is_found_and_ranked_first(corpus_index):
    articles = corpus_index
    failures = []
    for text in sample_strings(articles, SAMPLES, seed=20260123):
        expected = {a.pk for a in articles if text in a.title or text in a.body}
        assert expected, text  # sampled from the articles, so at least one contains it
        hits = all_hits(text)
        if set(hits[: len(expected)]) != expected:
            failures.append((text, len(expected), len(set(hits) & expected)))
    assert failures == []


def test_strings_jieba_cuts_across_words_are_found(search_backend):
    page = make_page()
    inside = make_article(page=page, title="", body="温县黄庄镇南朱营村群众喜迎新春")
    index_articles()
    # 县黄 and 镇南 straddle jieba's words (温县/黄庄镇/南朱营村), yet must be found.
    for text in ["县黄", "镇南朱", "庄镇南朱营"]:
        assert all_hits(text) == [inside.pk], text


def test_exact_phrase_outranks_the_same_words_apart(search_backend):
    page = make_page()
    apart = make_article(page=page, title="小麦与田间管理", body="管理好农田，小麦丰收。" * 3)
    exact = make_article(page=page, title="普通标题", body="冬季小麦田间管理要点")
    index_articles()
    assert all_hits("小麦田间管理") == [exact.pk, apart.pk]


def test_single_character_query_finds_it_anywhere_in_a_run(search_backend):
    page = make_page()
    end_of_run = make_article(page=page, title="", body="今年大丰收。")
    middle = make_article(page=page, title="", body="丰收在望")
    make_article(page=page, title="", body="没有这个字")
    index_articles()
    assert set(all_hits("收")) == {end_of_run.pk, middle.pk}
