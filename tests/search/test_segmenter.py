"""Segmentation: rjieba cuts exactly like jieba on the corpus; place names stay whole."""

from __future__ import annotations

import jieba
import pytest
import rjieba

from archive.search.engine.analyzer import PLACE_NAME_FREQUENCY, segmenter
from archive.search.userdict import database_place_names, shipped_place_names
from tests.factories import make_county
from tests.search.corpus import corpus_paragraphs


@pytest.fixture(scope="module")
def both_with_place_names():
    """jieba and rjieba, each taught the shipped place names the same way."""
    jieba.setLogLevel(60)
    reference = jieba.Tokenizer()
    fast = rjieba.Jieba()
    for name in shipped_place_names():
        reference.add_word(name, freq=PLACE_NAME_FREQUENCY)
        fast.add_word(name, PLACE_NAME_FREQUENCY, None)
    return reference, fast


def test_rjieba_cuts_the_corpus_exactly_like_jieba(both_with_place_names):
    reference, fast = both_with_place_names
    paragraphs = corpus_paragraphs()
    assert len(paragraphs) > 100
    differing = [p[:30] for p in paragraphs if reference.lcut(p) != fast.cut(p)]
    assert differing == []


def test_default_dictionaries_agree_too():
    reference = jieba.Tokenizer()
    fast = rjieba.Jieba()
    for paragraph in corpus_paragraphs():
        assert reference.lcut(paragraph) == fast.cut(paragraph)


def test_village_address_cuts_into_county_town_village():
    assert segmenter.words("温县黄庄镇南朱营村") == ["温县", "黄庄镇", "南朱营村"]


def test_stock_jieba_gets_that_address_wrong_which_is_why_the_list_exists():
    assert jieba.Tokenizer().lcut("温县黄庄镇南朱营村") != ["温县", "黄庄镇", "南朱营村"]


def test_county_names_from_the_database_are_learnt(db):
    make_county("虚构新县", city="虚构市")
    assert {"虚构新县", "虚构市"} <= set(database_place_names())
    segmenter.add_words(database_place_names())
    assert "虚构新县" in segmenter.words("虚构新县召开会议")
