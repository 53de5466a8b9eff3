"""Membership of docnums in an ascending list, both ways, equals numpy's ``isin``."""

from __future__ import annotations

import numpy as np
import pytest

from archive.search.engine.sorted_ids import in_sorted, intersect_sorted


def random_ids(rng, count: int, upper: int) -> np.ndarray:
    return np.unique(rng.integers(0, upper, count)).astype(np.int64)


@pytest.mark.parametrize("seed", range(40))
def test_in_sorted_equals_isin(seed):
    rng = np.random.default_rng(seed)
    upper = int(rng.choice([50, 5_000, 500_000]))
    looked_up = rng.integers(0, upper, int(rng.choice([0, 3, 2_000, 50_000])))
    listed = random_ids(rng, int(rng.choice([0, 1, 40, 3_000, 200_000])), upper)
    assert in_sorted(looked_up, listed).tolist() == np.isin(looked_up, listed).tolist()


@pytest.mark.parametrize("looked_up", [10, 5_000])  # binary searches, or flags
def test_both_ways_agree_on_values_past_the_lists_end(looked_up):
    listed = np.array([3, 9, 20], np.int64)
    values = np.arange(looked_up, dtype=np.int64) % 25
    assert in_sorted(values, listed).tolist() == np.isin(values, listed).tolist()


def test_intersect_sorted_keeps_the_common_ids_in_order():
    rng = np.random.default_rng(1)
    a, b = random_ids(rng, 3_000, 10_000), random_ids(rng, 8_000, 10_000)
    assert intersect_sorted(a, b).tolist() == np.intersect1d(a, b).tolist()
    assert intersect_sorted(b, a).tolist() == np.intersect1d(a, b).tolist()


@pytest.mark.parametrize("seed", range(20))
def test_rows_of_are_the_indices_of_the_ids_among_the_candidates(seed):
    from archive.search.engine.sorted_ids import rows_of

    rng = np.random.default_rng(seed)
    ids = random_ids(rng, int(rng.choice([0, 5, 2_000, 60_000])), 100_000)
    candidates = random_ids(rng, int(rng.choice([0, 1, 30, 5_000, 50_000])), 100_000)
    expected = np.flatnonzero(np.isin(ids, candidates))
    assert rows_of(ids, candidates).tolist() == expected.tolist()
