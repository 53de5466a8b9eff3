"""The FTS5 peer of the search benchmark answers only what trigrams can, and counts right."""

from __future__ import annotations

import pytest

from tests.benchmarks import load_bench


@pytest.fixture(scope="module")
def peer():
    return load_bench("fts5_peer")


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("人民代表大会", ["人民代表大会"]),
        ('"黄河滩区" 合作社', ["黄河滩区", "合作社"]),
        ("温县 小麦", None),  # two-character words: trigrams cannot find them
        ("2023", ["2023"]),
        ("", None),
    ],
)
def test_only_terms_of_three_or_more_characters_are_answerable(peer, query, terms):
    assert peer.fts5_terms(query) == terms


def test_search_counts_every_text_containing_all_terms(peer, tmp_path):
    rows = [
        (1, "黄河滩区的合作社开始春耕"),
        (2, "合作社里的黄河滩区农民"),
        (3, "黄河大桥通车"),
        (4, "滩区合作社"),
    ]
    stats = peer.build(tmp_path / "fts.sqlite3", rows)
    assert stats["docs"] == 4
    searcher = peer.Searcher(tmp_path / "fts.sqlite3")
    assert searcher.search("黄河滩区 合作社") == 2
    assert searcher.search('"滩区合作社"') == 1
    assert searcher.search("黄河大") == 1
    with pytest.raises(ValueError, match="cannot answer"):
        searcher.search("黄河")
