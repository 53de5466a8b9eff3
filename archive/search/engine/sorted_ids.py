"""Membership and intersection of ascending docnum arrays, without ``np.isin``'s sort, and
gathering the runs of values that belong to some of them."""

from __future__ import annotations

import numpy as np


def in_sorted(values: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """A mask of the ``values`` (non-negative) found in ascending ``sorted_values``.

    Two ways, both cheaper than ``np.isin`` (which sorts or hashes both): a binary search per
    value when ``values`` is much the shorter, else a flag per possible value — docnums are
    bounded by the segment's size, and setting then reading flags is one pass over each array
    in memory order, ~8x faster than the searches when both arrays are long (a million
    articles: 100,000 candidates against a 500,000-posting list)."""
    if not len(sorted_values) or not len(values):
        return np.zeros(len(values), bool)
    if _dense_is_cheaper(len(values), len(sorted_values)):
        upper = max(int(values.max()), int(sorted_values[-1])) + 1
        if upper <= DENSE_SPREAD * (len(values) + len(sorted_values)):
            flags = np.zeros(upper, bool)
            flags[sorted_values] = True
            return flags[values]
    at = np.minimum(np.searchsorted(sorted_values, values), len(sorted_values) - 1)
    return sorted_values[at] == values


DENSE_SPREAD = 64  # flags at most this many bytes per value looked up or set


def _dense_is_cheaper(looked_up: int, sorted_count: int) -> bool:
    """Binary searches cost ~log2(sorted) cache misses per value; flags cost a write per
    sorted value and a read per value (measured on 125,000-document segments)."""
    return looked_up >= 1024 and looked_up * 8 >= sorted_count


def intersect_sorted(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The values of ascending, duplicate-free ``a`` also in ``b`` (same kind), without the
    sort ``np.intersect1d`` does."""
    if len(a) > len(b):
        a, b = b, a
    return a[in_sorted(a, b)]


def rows_of(ids: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """Indices (ascending) of the ``ids`` that are among ``candidates`` (both ascending and
    without repeats): a binary search per candidate when they are few, else flags (600,000
    ids: 43,000 candidates 1.9 ms searching, 0.8 ms by flags; 5,000 candidates 0.3 ms
    searching, 0.5 ms by flags)."""
    if not len(ids) or not len(candidates):
        return np.zeros(0, np.int64)
    if len(candidates) * 32 >= len(ids):
        return np.flatnonzero(in_sorted(ids, candidates))
    at = np.minimum(np.searchsorted(ids, candidates), len(ids) - 1)
    return at[ids[at] == candidates]


def gather_runs(values: np.ndarray, begins: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``values[begins[i] : begins[i] + counts[i]]`` for each i, laid end to end, as int64:
    one arange shifted per run (the positions of the postings asked about)."""
    total = int(counts.sum())
    shift = np.repeat(begins - (np.cumsum(counts) - counts), counts)
    return values[np.arange(total, dtype=np.int64) + shift].astype(np.int64)
