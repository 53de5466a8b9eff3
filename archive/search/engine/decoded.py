"""Long posting lists, decoded once and kept in memory (least recently used first out, within
a byte budget): with positions (verbatim checks) or with weights (ranking).

Checking a string verbatim reads the positions of a few common bigrams for thousands of
candidate documents: every block of their lists is read, decompressed and decoded again on
every query (at 100,000 articles that was most of a long query's time). Common bigrams are
few and shared by most queries (工作, 建设, 书记 …), so their decoded lists are kept: the
positions of any candidates are then a binary search and a gather in numpy. Common words'
ids and frequencies, read for every query that has them, are kept the same way. Lists shorter
than ``MIN_POSTINGS`` are cheap to read each time and are never kept. Segments never change
once written, so an entry never goes stale; the key holds the segment's id.
"""

from __future__ import annotations

import numpy as np

from archive.budgeted_lru import BudgetedLRU
from archive.search.engine.codec import EMPTY_IDS
from archive.search.engine.sorted_ids import gather_runs, rows_of

MIN_POSTINGS = 2048  # shorter lists are read as needed (a block or two)
DEFAULT_BUDGET_MB = 128  # per process; HAYSTACK_CONNECTIONS option POSTINGS_CACHE_MB


class DecodedList:
    """One term's postings in one segment: ``ids`` ascending, the positions of ``ids[i]`` in
    ``positions[starts[i]:starts[i + 1]]`` (deleted documents included: callers ask only
    for documents that are not)."""

    __slots__ = ("ids", "starts", "positions", "nbytes")

    def __init__(self, ids: np.ndarray, counts: np.ndarray, positions: np.ndarray) -> None:
        self.ids = ids
        self.starts = np.zeros(len(ids) + 1, np.int64)
        np.cumsum(counts, out=self.starts[1:])
        narrow = positions.max(initial=0) < 2**31
        self.positions = positions.astype(np.int32) if narrow else positions
        self.nbytes = self.ids.nbytes + self.starts.nbytes + self.positions.nbytes
        freeze(self.ids, self.starts, self.positions)

    def positions_of(self, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(docnums, positions)``, one pair per occurrence, for the ``candidates``
        (ascending) that have the term; in docnum order, positions ascending within each."""
        ids = self.ids
        if not len(ids) or not len(candidates):
            return EMPTY_IDS, EMPTY_IDS
        rows = rows_of(ids, candidates)
        docnums = ids[rows]
        begins = self.starts[rows]
        counts = self.starts[rows + 1] - begins
        return np.repeat(docnums, counts), gather_runs(self.positions, begins, counts)


class DecodedWeights:
    """One term's postings in one segment: ``ids`` ascending and their ``weights`` (None: all
    1.0), deleted documents included."""

    __slots__ = ("ids", "weights", "nbytes")

    def __init__(self, ids: np.ndarray, weights: np.ndarray | None) -> None:
        self.ids, self.weights = ids, weights
        self.nbytes = ids.nbytes + (0 if weights is None else weights.nbytes)
        freeze(ids, weights)


def freeze(*arrays: np.ndarray | None) -> None:
    """Kept arrays are shared by every later query: writing into one is a bug, made loud."""
    for array in arrays:
        if array is not None:
            array.flags.writeable = False


class DecodedCache(BudgetedLRU):
    """Decoded lists, at most a quarter of the budget each."""

    def __init__(self, budget_bytes: int) -> None:
        super().__init__(budget_bytes, largest_share=4)

    def put(self, key: tuple, entry: DecodedList | DecodedWeights) -> None:
        if key not in self:  # segments never change: a list kept once is the same list
            super().put(key, entry, entry.nbytes)


decoded_lists = DecodedCache(DEFAULT_BUDGET_MB * 2**20)
# Where the blocks of long lists lie (``codec.BlockDirectory``, ~32 bytes a block): apart
# from the decoded lists, so that big lists passing through do not push them out.
DIRECTORY_SHARE = 16  # of the budget
block_directories = BudgetedLRU(DEFAULT_BUDGET_MB * 2**20 // DIRECTORY_SHARE, largest_share=16)


def set_budget_mb(megabytes: float) -> None:
    """The memory the decoded lists may take in this process (0: keep none), and a
    sixteenth of it their block directories."""
    decoded_lists.budget_bytes = int(megabytes * 2**20)
    block_directories.budget_bytes = decoded_lists.budget_bytes // DIRECTORY_SHARE
    if decoded_lists.used_bytes > decoded_lists.budget_bytes:
        decoded_lists.clear()
    if block_directories.used_bytes > block_directories.budget_bytes:
        block_directories.clear()
