"""Long posting lists kept decoded in memory answer like the lists read from disk."""

from __future__ import annotations

import numpy as np
import pytest

from archive.search.engine.decoded import DecodedCache, DecodedList, DecodedWeights


def test_positions_of_candidates_are_each_ones_run_in_order():
    ids = np.array([2, 5, 9, 14], np.int64)
    counts = np.array([1, 3, 0, 2])
    positions = np.array([7, 1, 4, 30, 8, 9], np.int64)
    kept = DecodedList(ids, counts, positions)
    docnums, found = kept.positions_of(np.array([1, 5, 9, 14, 20], np.int64))
    assert docnums.tolist() == [5, 5, 5, 14, 14]
    assert found.tolist() == [1, 4, 30, 8, 9]
    docnums, found = kept.positions_of(np.array([2], np.int64))
    assert (docnums.tolist(), found.tolist()) == ([2], [7])
    assert kept.positions_of(np.array([3, 4], np.int64))[0].tolist() == []


def test_kept_arrays_cannot_be_written_to():
    kept = DecodedWeights(np.arange(5, dtype=np.int64), np.ones(5))
    with pytest.raises(ValueError):
        kept.ids[0] = 9
    with pytest.raises(ValueError):
        kept.weights[0] = 2.0


def test_the_cache_keeps_within_its_budget_dropping_the_least_recently_used():
    one = DecodedWeights(np.arange(100, dtype=np.int64), None)  # 800 bytes
    cache = DecodedCache(budget_bytes=4 * one.nbytes)
    for key in "abcd":
        cache.put((key,), DecodedWeights(np.arange(100, dtype=np.int64), None))
    assert cache.get(("a",)) is not None  # a used again: b is now the oldest
    cache.put(("e",), DecodedWeights(np.arange(100, dtype=np.int64), None))
    assert cache.get(("b",)) is None
    assert all(cache.get((key,)) is not None for key in "acde")
    assert cache.used_bytes <= cache.budget_bytes


def test_a_list_bigger_than_a_quarter_of_the_budget_is_not_kept():
    cache = DecodedCache(budget_bytes=1000)
    cache.put(("big",), DecodedWeights(np.arange(100, dtype=np.int64), None))  # 800 bytes
    assert cache.get(("big",)) is None and cache.used_bytes == 0


def test_the_budget_comes_from_the_connection_options(settings, tmp_path):
    from archive.search.engine.backend import ChineseWhooshSearchBackend
    from archive.search.engine.decoded import DEFAULT_BUDGET_MB, decoded_lists, set_budget_mb

    try:
        ChineseWhooshSearchBackend("other", PATH=str(tmp_path), POSTINGS_CACHE_MB=3)
        assert decoded_lists.budget_bytes == 3 * 2**20
    finally:
        set_budget_mb(DEFAULT_BUDGET_MB)
