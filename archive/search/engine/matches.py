"""The documents of one segment matching a query node, with their scores: sparse or dense.

Sparse (ascending docnums and their scores) for the few, dense (a flag and a score for every
document of the segment) for the many. Dense arrays of a million-document segment are 9 MB a
node, freshly allocated and page-faulted: a query of five words in three fields each made
thirty of them, most of the time of a long query. Sums are taken child by child, in the
query's order, whichever form each child has, so that equal documents get bit-equal scores
(``np.bincount`` adds its weights in input order, onto 0.0 as the dense sums start).
"""

from __future__ import annotations

import numpy as np

from archive.search.engine.codec import EMPTY_IDS
from archive.search.engine.sorted_ids import in_sorted

SPARSE_SHARE = 8  # a union stays sparse while it has at most size / SPARSE_SHARE entries
_NO_SCORES = np.zeros(0)


class Matches:
    """``ids`` (ascending) and ``scores`` aligned with them (sparse, ``matched`` None), or
    ``matched`` and ``scores`` over the whole segment, 0.0 where unmatched (dense, ``ids``
    None)."""

    __slots__ = ("size", "ids", "matched", "scores")

    def __init__(self, size: int, ids=None, matched=None, scores=None) -> None:
        self.size, self.ids, self.matched, self.scores = size, ids, matched, scores

    @classmethod
    def sparse(cls, size: int, ids: np.ndarray, scores: np.ndarray) -> Matches:
        return cls(size, ids=ids, scores=scores)

    @classmethod
    def dense(cls, matched: np.ndarray, scores: np.ndarray) -> Matches:
        return cls(len(matched), matched=matched, scores=scores)

    @classmethod
    def empty(cls, size: int) -> Matches:
        return cls.sparse(size, EMPTY_IDS, _NO_SCORES)

    @classmethod
    def constant(cls, size: int, docnums, score: float) -> Matches:
        ids = np.asarray(docnums, dtype=np.int64)
        if len(ids) > 1 and not (ids[1:] > ids[:-1]).all():  # most come ascending already
            ids = np.sort(ids)  # np.unique hashes: many times slower on long arrays
            ids = ids[np.concatenate(([True], ids[1:] != ids[:-1]))]
        return cls.sparse(size, ids, np.full(len(ids), score))

    @property
    def is_dense(self) -> bool:
        return self.ids is None

    def __len__(self) -> int:
        return int(np.count_nonzero(self.matched)) if self.is_dense else len(self.ids)

    def docnums(self) -> np.ndarray:
        return np.flatnonzero(self.matched) if self.is_dense else self.ids

    def scores_at(self, docnums: np.ndarray) -> np.ndarray:
        """The scores of ``docnums`` (ascending, all matched)."""
        if self.is_dense:
            return self.scores[docnums]
        return self.scores[np.searchsorted(self.ids, docnums)]

    def has(self, docnums: np.ndarray) -> np.ndarray:
        """A mask of the ``docnums`` matched."""
        return self.matched[docnums] if self.is_dense else in_sorted(docnums, self.ids)

    def only(self, keep: np.ndarray) -> Matches:
        """These matches, restricted to the documents where ``keep`` (a mask over
        :meth:`docnums`) is true."""
        if self.is_dense:
            dropped = self.docnums()[~keep]
            self.matched[dropped] = False
            self.scores[dropped] = 0.0
            return self
        return Matches.sparse(self.size, self.ids[keep], self.scores[keep])

    def with_scores(self, score: float) -> Matches:
        """The same documents, each scored ``score``."""
        if self.is_dense:
            return Matches.dense(self.matched, np.where(self.matched, score, 0.0))
        return Matches.sparse(self.size, self.ids, np.full(len(self.ids), score))


def union(parts: list[Matches], size: int, scored: bool) -> Matches:
    """Documents matching any part, each scored the sum of its parts' scores in order."""
    # Parts matching nothing add nothing: most Or nodes have one (the OCR fields hold only
    # what corrections changed), and a single part left is the union itself.
    parts = [part for part in parts if part.is_dense or len(part.ids)]
    if not parts:
        return Matches.empty(size)
    if len(parts) == 1:
        return parts[0]
    if all(not part.is_dense for part in parts):
        total = sum(len(part.ids) for part in parts)
        if total * SPARSE_SHARE <= size:
            unique, at = _merged(np.concatenate([part.ids for part in parts]))
            if not scored:
                return Matches.sparse(size, unique, np.zeros(len(unique)))
            weights = np.concatenate([part.scores for part in parts])
            return Matches.sparse(size, unique, np.bincount(at, weights, len(unique)))
    if parts[0].is_dense:
        # Dense nodes are made for this query (none is kept): the first is summed into,
        # as 0.0 + x is x, the sums stay those of a fresh accumulator.
        found, rest = parts[0], parts[1:]
    else:
        found, rest = Matches.dense(np.zeros(size, bool), np.zeros(size)), parts
    for part in rest:
        if part.is_dense:
            found.matched |= part.matched
            if scored:
                found.scores += part.scores  # unmatched documents add 0.0: sums stay exact
        else:
            found.matched[part.ids] = True
            if scored:
                found.scores[part.ids] += part.scores
    return found


def intersection(parts: list[Matches], size: int, scored: bool) -> Matches:
    """Documents matching every part, each scored the sum of its parts' scores in order."""
    sparse = [part for part in parts if not part.is_dense]
    if not sparse:  # every part was made for this query: the first one is summed into
        found = parts[0]
        for part in parts[1:]:
            found.matched &= part.matched
            if scored:
                found.scores += part.scores
        if scored:
            found.scores[~found.matched] = 0.0
        return found
    smallest = min(sparse, key=len)
    ids = smallest.ids
    for part in parts:
        if not len(ids):
            break
        if part is not smallest:
            ids = ids[part.has(ids)]
    if not scored:
        return Matches.sparse(size, ids, np.zeros(len(ids)))
    scores = parts[0].scores_at(ids)
    for part in parts[1:]:
        scores = scores + part.scores_at(ids)
    return Matches.sparse(size, ids, scores)


def _merged(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(ids, return_inverse=True)`` for ascending runs laid end to end: a stable
    sort finds the runs and merges them (~7x faster than ``np.unique``, which hashes)."""
    order = np.argsort(ids, kind="stable")
    ordered = ids[order]
    first = np.ones(len(ordered), bool)
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    group = np.cumsum(first) - 1
    at = np.empty_like(group)
    at[order] = group
    return ordered[first], at
