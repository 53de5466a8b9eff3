"""Scores, totals and facets in one pass: BM25F on numpy arrays, no matcher tree.

Whoosh's collector walks a matcher tree document by document and scores each match through
several layers of Python objects (~25 µs a match); a common word matches most of the archive,
so that was most of the search time. Here, per segment, every leaf of our query tree becomes
its matching documents and their scores (:class:`~archive.search.engine.matches.Matches`,
sparse or over the whole segment), from whole posting lists (``term_scores.py``); Or/And/AndNot
become array sums and masks, an And asking its common parts only about the documents its
rarer parts matched. The formula is Whoosh's own BM25F (same idf, average lengths,
length quantisation and order of operations per term), so the ranking is the one Whoosh would
give; sums of three or more clauses may differ in the last bit, as Whoosh adds them in a tree
(``tests/search/test_ranking.py`` compares to 1e-12). Queries with a node we do not know
raise :class:`Unsupported` and the caller falls back to Whoosh.
"""

from __future__ import annotations

from collections import Counter
from functools import partial

import numpy as np
from whoosh import query as wq

from archive.search.engine.codec import EMPTY_IDS
from archive.search.engine.decoded import freeze
from archive.search.engine.matches import Matches, intersection, union
from archive.search.engine.postings import (
    column_codes,
    doc_frequency,
    numeric_column,
    posting_arrays,
)
from archive.search.engine.segment_cache import segment_cached
from archive.search.engine.sorted_ids import intersect_sorted
from archive.search.engine.term_scores import term_matches
from archive.search.engine.verbatim import VerbatimGrams


class Unsupported(Exception):
    """The query has a node this module does not score; use Whoosh's collector."""


def facet_codes(reader, fieldname: str) -> tuple[list, np.ndarray]:
    """A segment's sort column as (distinct values, per-document index into them); ``month``
    (``202303``) is derived from the ``date`` column, so counting it needs no index field."""
    if fieldname == MONTH_FACET:
        return segment_cached(reader, ("facet", fieldname), lambda: month_codes(reader))
    return segment_cached(reader, ("facet", fieldname), lambda: column_codes(reader, fieldname))


MONTH_FACET = "month"


def month_codes(reader) -> tuple[list, np.ndarray]:
    """Per document of this segment, its month ``yyyymm`` as (distinct months, index)."""
    values, per_document = distinct_ints(sort_column(reader, "date"))
    decode = reader.schema["date"].from_column_value  # the column's sortable encoding
    months = np.array([(decode(int(value)) or 0) // 100 for value in values], dtype=np.int64)
    labels, per_value = np.unique(months, return_inverse=True)
    return [int(label) for label in labels], per_value[per_document].astype(np.int64)


def distinct_ints(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_inverse=True)``; by a table of the range when the values
    span little more than there are of them (dates: ~10x faster than unique's sort)."""
    if not len(values):
        return values, EMPTY_IDS
    low, high = int(values.min()), int(values.max())
    if high - low > 4 * len(values) + 65_536:
        found, inverse = np.unique(values, return_inverse=True)
        return found, inverse.ravel()
    present = np.zeros(high - low + 1, bool)
    present[values - low] = True
    index = np.cumsum(present) - 1
    return np.flatnonzero(present) + low, index[values - low]


def add_facet_counts(
    facets: dict[str, Counter], reader, docnums: np.ndarray, matched: np.ndarray | None = None
) -> None:
    """Add the column values of ``docnums`` (in this segment) to each field's Counter;
    ``matched``: the same documents as flags over the segment, if the caller has them.

    The documents are counted once, by their combination of values (:func:`joint_facets`),
    and each field's counts summed from the combinations': one gather and one count where a
    field each took one (~1 ms a field for 300,000 matches at a million articles). When most
    of the segment matches, the counts are the whole segment's, kept, less those of the
    documents that do not match: gathering and counting a tenth as many codes."""
    if not facets:
        return
    size = reader.doc_count_all()
    names = tuple(facets)
    joint, combinations = joint_facets(reader, names)
    if len(docnums) * COMPLEMENT_SHARE > size:
        if matched is None:
            matched = np.zeros(size, bool)
            matched[docnums] = True
        whole = segment_cached(
            reader,
            ("joint facet counts", names),
            partial(_frozen_counts, joint, len(combinations[0])),
        )
        counts = whole - np.bincount(joint[np.flatnonzero(~matched)], minlength=len(whole))
    else:
        counts = np.bincount(joint[docnums], minlength=len(combinations[0]))
    for name, per_combination in zip(names, combinations, strict=True):
        labels = facet_codes(reader, name)[0]
        # Float sums of integer counts below 2**53: exact.
        per_label = np.bincount(per_combination, weights=counts, minlength=len(labels))
        present = np.flatnonzero(per_label)  # a month facet has hundreds of labels, few present
        facets[name].update({labels[n]: int(per_label[n]) for n in present.tolist()})


JOINT_LIMIT = 2**62  # combinations numbered as one int64 below this many possible


def joint_facets(reader, names: tuple[str, ...]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Per document of this segment, the index of its combination of the ``names`` fields'
    values among the combinations present, and per field each combination's value index
    (a county and a month: ~15 x 900 combinations, though a million documents)."""

    def build() -> tuple[np.ndarray, list[np.ndarray]]:
        fields = [facet_codes(reader, name) for name in names]
        sizes = [max(len(labels), 1) for labels, _ in fields]
        if float(np.prod(sizes, dtype=np.float64)) >= JOINT_LIMIT:  # no room for one number
            rows, joint = np.unique(
                np.column_stack([codes for _, codes in fields]), axis=0, return_inverse=True
            )
            return joint.ravel(), [rows[:, i] for i in range(len(fields))]
        key = np.zeros(reader.doc_count_all(), np.int64)
        stride = 1
        for (_, codes), width in zip(fields, sizes, strict=True):
            key += codes * stride
            stride *= width
        present, joint = distinct_ints(key)
        combinations = []
        for width in sizes:
            combinations.append(present % width)
            present = present // width
        return joint, combinations

    return segment_cached(reader, ("joint facets", names), build)


COMPLEMENT_SHARE = 2  # count what does not match when more than 1/COMPLEMENT_SHARE matches


def _frozen_counts(codes: np.ndarray, labels: int) -> np.ndarray:
    counts = np.bincount(codes, minlength=labels)
    freeze(counts)
    return counts


def query_matches(
    query: wq.Query, top, sub, scored: bool = True, within: np.ndarray | None = None
) -> Matches:
    """Documents of segment searcher ``sub`` matching ``query`` (``scores`` meaningful only
    when ``scored``); raises :class:`Unsupported` for nodes it cannot score. With ``within``
    (ascending docnums): every match among them, and maybe others (an ``And`` asks its
    common parts only about what its rarer parts matched)."""
    size = sub.reader().doc_count_all()
    if isinstance(query, wq.Term):
        return term_matches(query, top, sub, size, scored, within)
    if isinstance(query, VerbatimGrams):
        return Matches.constant(
            size, query.matching_docnums(sub.reader(), within), query.score * query.boost
        )
    if isinstance(query, wq.ConstantScoreQuery):
        found = query_matches(query.child, top, sub, scored=False, within=within)
        return found.with_scores(query.score)
    if isinstance(query, wq.NumericRange):
        if scored and not query.constantscore:
            raise Unsupported(query)
        return Matches.constant(size, list(query.matcher(sub).all_ids()), query.boost)
    if isinstance(query, wq.Prefix):
        if scored:
            raise Unsupported(query)
        reader = sub.reader()
        # Flags, not a sort of every list's ids: a one-character prefix expands to hundreds
        # of bigrams, millions of postings at a million articles.
        flags = np.zeros(size, bool)
        for text in reader.expand_prefix(query.fieldname, query.text):
            flags[posting_arrays(reader, query.fieldname, text)[0]] = True
        return Matches.dense(flags, np.zeros(size))
    if scored and query.boost != 1.0:
        raise Unsupported(query)
    if isinstance(query, wq.AndNot):
        found = query_matches(query.a, top, sub, scored, within)
        docnums = found.docnums()
        excluded = query_matches(query.b, top, sub, scored=False, within=docnums)
        return found.only(~excluded.has(docnums))
    if type(query) is wq.Or:
        parts = [query_matches(child, top, sub, scored, within) for child in query.subqueries]
        return union(parts, size, scored)
    if type(query) is wq.And:
        return _all_of(query.subqueries, top, sub, scored, within)
    if scored:
        raise Unsupported(query)
    # anything else, unscored: ask Whoosh for the documents
    return Matches.constant(size, list(query.matcher(sub).all_ids()), 0.0)


def _all_of(children: list, top, sub, scored: bool, within: np.ndarray | None) -> Matches:
    """An ``And``: its likely smallest part first (Whoosh's estimate), and each further part
    asked only about the documents every part before matched, so a common word is read only
    where the rare ones are. A part matching nothing ends it before the common ones are read
    (a place with a town that never appears in it). Scores are summed in the query's order."""
    size = sub.reader().doc_count_all()
    order = sorted(range(len(children)), key=lambda i: _estimated(children[i], sub.reader()))
    parts: list[Matches | None] = [None] * len(children)
    candidates = within
    for step, i in enumerate(order):
        part = query_matches(children[i], top, sub, scored, candidates)
        if not len(part):
            return Matches.empty(size)
        parts[i] = part
        if step < len(order) - 1:  # the last part's documents: the intersection's business
            docnums = part.docnums()
            candidates = docnums if candidates is None else intersect_sorted(candidates, docnums)
            if not len(candidates):
                return Matches.empty(size)
    return intersection(parts, size, scored) if parts else Matches.empty(size)


def _estimated(query: wq.Query, reader) -> int:
    """Whoosh's upper estimate of how many documents ``query`` matches (0 if it has none),
    its terms' document counts taken from the cached term infos (Whoosh looks each one up in
    the term file again: a fifth of a long query's ``And`` went to its estimates)."""
    if type(query) is wq.Term:
        try:
            return doc_frequency(reader, query.fieldname, query.text)
        except ValueError:  # a value the field cannot encode: Whoosh's estimate is 0 too
            return 0
    if type(query) is wq.Or:
        total = sum(_estimated(child, reader) for child in query.subqueries)
        return min(total, reader.doc_count())
    if type(query) is wq.And:
        return min(_estimated(child, reader) for child in query.subqueries)
    try:
        return query.estimate_size(reader)
    except NotImplementedError:
        return 0


def query_docnums(query: wq.Query, sub) -> np.ndarray:
    """Docnums (ascending) in segment searcher ``sub`` matching ``query``."""
    return query_matches(query, sub, sub, scored=False).docnums()


def sort_column(reader, fieldname: str) -> np.ndarray:
    """A segment's numeric sort column as an int64 array in the column's own encoding
    (Whoosh shifts signed numbers to sort as unsigned ones: the order is what counts here)."""

    def build() -> np.ndarray:
        column = reader.column_reader(fieldname, translate=False)
        return numeric_column(column, reader.doc_count_all())

    return segment_cached(reader, ("sort", fieldname), build)


SORTS = ("relevance", "newest", "oldest")
SAMPLE = 4096  # values sampled to guess a bound on the limit-th smallest key


def best_candidates(first: np.ndarray, limit: int) -> np.ndarray:
    """Indices of every value of ``first`` at most its ``limit``-th smallest (ties included).

    A partition of a million keys took ~4 ms a search. A strided sample's small order
    statistic bounds the answer from above; if at least ``limit`` keys fall under it, the
    exact threshold is among them, so only those few are partitioned (else all are)."""
    candidates = None
    if len(first) > 16 * SAMPLE:
        step = len(first) // SAMPLE
        sample = first[::step]
        rank = min(len(sample) - 1, max(4 * limit, 1024) // step)
        guess = np.partition(sample, rank)[rank]
        candidates = np.flatnonzero(first <= guess)
        if len(candidates) < limit:
            candidates = None
    if candidates is None:
        threshold = np.partition(first, limit - 1)[limit - 1]
        return np.flatnonzero(first <= threshold)
    values = first[candidates]
    threshold = np.partition(values, limit - 1)[limit - 1]
    return candidates[values <= threshold]


def rank(
    searcher,
    query: wq.Query,
    limit: int,
    facet_fields: tuple[str, ...],
    sort: str = "relevance",
):
    """``(top, total, facets)``: the first ``limit`` (global docnum, score) pairs, the exact
    number of matches and ``{field: Counter(value: count)}``; raises :class:`Unsupported` for
    queries we cannot score.

    The order is Whoosh's: by score descending (``relevance``), or by date (``newest`` /
    ``oldest``) then score descending; ties by docnum ascending."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    total = 0
    facets = {name: Counter() for name in facet_fields}
    best: list[tuple] = []
    for sub, offset in searcher.leaf_searchers():
        found = query_matches(query, searcher, sub)
        docnums = found.docnums()
        if not len(docnums):
            continue
        total += len(docnums)
        reader = sub.reader()
        add_facet_counts(facets, reader, docnums, found.matched)
        scores = found.scores[docnums] if found.is_dense else found.scores
        keys = [-scores]  # most significant last, as np.lexsort takes them
        if sort != "relevance":
            dates = sort_column(reader, "date")[docnums]
            keys.append(-dates if sort == "newest" else dates)
        if len(docnums) > limit > 0:
            keep = best_candidates(keys[-1], limit)
            docnums, scores, keys = docnums[keep], scores[keep], [key[keep] for key in keys]
        order = np.lexsort([docnums, *keys])[:limit]
        for i in order.tolist():
            sort_key = tuple(float(key[i]) for key in reversed(keys))
            best.append((sort_key, int(docnums[i]) + offset, float(scores[i])))
    best.sort(key=lambda item: (item[0], item[1]))
    return [(docnum, score) for _, docnum, score in best[:limit]], total, facets
