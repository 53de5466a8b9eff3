"""A fast "contains this string verbatim" query over the bigram field.

Whoosh's ``Phrase`` checks candidates through its generic span machinery (span objects,
sorting, bisecting: ~40 µs a candidate document); the profiler showed it was most of the
search time at 20,000 articles. Our phrases are simple — consecutive bigrams — so: take the
rarest bigram's documents, set aside those that have the term as a jieba word (they contain
it for sure), narrow the others by the other bigrams' lists, rarest first (each decoded only
in the blocks that can hold a candidate: at a million articles a common bigram has hundreds
of blocks), and check their positions in numpy for the cheapest set of bigrams that covers
the string, reading only the posting blocks that hold them. Every match gets the same
constant score.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher

from archive.search.engine.codec import EMPTY_IDS
from archive.search.engine.postings import (
    doc_frequency,
    has_term,
    mean_frequency,
    positions_kept,
    posting_ids,
    posting_positions,
)
from archive.search.engine.sorted_ids import in_sorted, intersect_sorted

# Below this many candidate documents, checking positions costs less than reading the ids of
# the remaining bigrams.
FEW_CANDIDATES = 64
# A bigram list that leaves more than (STALLED - 1) / STALLED of the candidates ends the
# narrowing by lists.
STALLED = 20


def covering_grams(grams: list[str], cost=None) -> list[tuple[int, str]]:
    """``(offset, gram)`` of the cheapest set of bigrams that together cover every character
    of the string (``cost(gram)``: what checking it costs; default 1 each, the fewest).
    Positions are character offsets in one text, so covering bigrams at their offsets from
    one start spell the string exactly; the others add nothing to the check (they were used
    to narrow the candidates). The first and last bigrams are always in; between them a
    rare neighbour can stand in for a common bigram: "生态环保工作取得了一" is covered
    without 工作, whose positions at a million articles took 0.1 s to decode."""
    cost = cost or (lambda gram: 1)
    # Bigram i covers characters i and i + 1. best[covered]: the cheapest choice among the
    # bigrams so far that covers every character before the next bigram's first, and covers
    # that one too or not.
    best: dict[bool, tuple[float, tuple[int, ...]] | None] = {False: (0, ()), True: None}
    for offset, gram in enumerate(grams):
        step: dict[bool, tuple[float, tuple[int, ...]] | None] = {False: None, True: None}
        for covered, found in best.items():
            if found is None:
                continue
            total, chosen = found
            taken = (total + cost(gram), (*chosen, offset))
            if step[True] is None or taken[0] < step[True][0]:
                step[True] = taken
            if covered and (step[False] is None or total < step[False][0]):
                step[False] = (total, chosen)  # the character after this bigram: not yet
        best = step
    return [(offset, grams[offset]) for offset in best[True][1]]


class VerbatimGrams(wq.Query):
    """Documents whose ``fieldname`` has ``grams[i]`` at position ``p + i`` for some p."""

    def __init__(
        self,
        fieldname: str,
        grams: list[str],
        score: float = 1.0,
        known_by: tuple[str, str] | None = None,
    ) -> None:
        """``known_by=(words_field, word)``: documents with that jieba word (cut from the same
        text) contain the string for sure, so only the others need their positions checked."""
        self.fieldname = fieldname
        self.grams = list(grams)
        self.score = score
        self.known_by = known_by
        self.boost = 1.0
        self._found: dict[int, np.ndarray] = {}  # per reader: the hits are also counted

    def __repr__(self) -> str:
        return f"VerbatimGrams({self.fieldname!r}, {self.grams!r}, {self.score!r})"

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and (self.fieldname, self.grams, self.score) == (
            other.fieldname,
            other.grams,
            other.score,
        )

    def __hash__(self) -> int:
        return hash((self.fieldname, tuple(self.grams), self.score))

    def is_leaf(self) -> bool:
        return True

    def terms(self, phrases: bool = False):
        for gram in self.grams:
            yield self.fieldname, gram

    def estimate_size(self, ixreader) -> int:
        return min(doc_frequency(ixreader, self.fieldname, gram) for gram in self.grams)

    def matching_docnums(self, reader, within: np.ndarray | None = None) -> np.ndarray:
        """Docnums (in this reader) containing the grams consecutively, ascending. With
        ``within`` (ascending docnums, none deleted): those among them, maybe with others (a
        part of an ``And`` is asked only about what its rarer parts matched)."""
        key = id(reader)
        found = self._found.get(key)
        if found is not None:
            return found
        if within is not None:
            return self._find(reader, within)  # not kept: it is not every match
        found = self._found[key] = self._find(reader)
        return found

    def _find(self, reader, within: np.ndarray | None = None) -> np.ndarray:
        fieldname = self.fieldname
        unique = list(dict.fromkeys(self.grams))
        if not all(has_term(reader, fieldname, gram) for gram in unique):
            return EMPTY_IDS
        rarity = {gram: doc_frequency(reader, fieldname, gram) for gram in unique}
        unique.sort(key=rarity.__getitem__)
        candidates = posting_ids(reader, fieldname, unique[0], among=within)
        if within is not None:
            candidates = intersect_sorted(candidates, within)
        # Documents with the term as a jieba word contain it for sure: set aside before the
        # other bigrams' lists are read, which then narrow only the rest (a common word:
        # 311,000 documents of the rarest bigram's 312,000 at a million articles).
        sure = candidates[:0]
        if self.known_by and len(candidates) and has_term(reader, *self.known_by):
            word = in_sorted(candidates, posting_ids(reader, *self.known_by, among=candidates))
            sure, candidates = candidates[word], candidates[~word]
        # The others: documents with every bigram, rarest first; each further list is read
        # only in the blocks that can hold a candidate (sorted arrays, never archive-sized).
        for gram in unique[1:]:
            if len(candidates) <= FEW_CANDIDATES:
                break  # the position check below narrows these as cheaply
            found = posting_ids(reader, fieldname, gram, among=candidates)
            narrowed = intersect_sorted(candidates, found)
            stalled = len(narrowed) * STALLED > len(candidates) * (STALLED - 1)
            candidates = narrowed
            if stalled:
                # Nearly every candidate had this bigram too: most contain the string, and the
                # lists left would drop almost none. The position check decides (its bigrams
                # spell the whole string, so it needs none of the others).
                break
        found, unsure = sure, candidates
        if len(unsure):
            # A list kept decoded answers in time of the candidates; another is read.
            cost = {
                gram: min(rarity[gram], len(unsure))
                if positions_kept(reader, fieldname, gram)
                else rarity[gram]
                for gram in unique
            }
            covering = covering_grams(self.grams, cost.__getitem__)
            # Fewest expected occurrences first: the first bigram's positions are the starts
            # every later one is matched against (for 会议和焦作市两会精神 at 100,000
            # articles, 会议 had 28,444 positions in the 6,537 candidates, 和焦 6,671).
            covering.sort(
                key=lambda pair: cost[pair[1]] * mean_frequency(reader, fieldname, pair[1])
            )
            verified = self._consecutive(reader, unsure, covering)
            # Disjoint sorted runs: a stable sort merges them (union1d hashed them all).
            found = np.sort(np.concatenate((found, verified)), kind="stable")
        return found

    def _consecutive(self, reader, candidates: np.ndarray, grams: list[tuple[int, str]]):
        """The ``candidates`` where each ``(offset, gram)`` occurs at ``p + offset`` for some
        p: each occurrence votes for start ``p``; a start every gram voted for is a match."""
        starts = None
        for offset, gram in grams:
            # Each gram narrows the candidates, so later grams read fewer posting blocks.
            docnums, positions = posting_positions(reader, self.fieldname, gram, candidates)
            keep = positions >= offset
            # Ascending already: postings come in docnum order, positions in text order.
            keys = (docnums[keep] << 32) | (positions[keep] - offset)
            if starts is None:
                starts = keys
            else:
                starts = starts[in_sorted(starts, keys)]
            if not len(starts):
                return starts >> 32
            docnums = starts >> 32  # ascending: the keys were
            candidates = docnums[np.concatenate(([True], docnums[1:] != docnums[:-1]))]
        return candidates

    def matcher(self, searcher, context=None):
        docnums = self.matching_docnums(searcher.reader())
        if not len(docnums):
            return NullMatcher()
        return ListMatcher(docnums.tolist(), all_weights=self.score * self.boost)
