"""Scores, totals and facets in one pass: BM25F over whole posting blocks, no matcher tree.

Whoosh's collector walks a matcher tree document by document and scores each match through
several layers of Python objects (~25 µs a match); a common word matches thousands of
articles, so that was most of the search time. Here every leaf of our query tree becomes a
``{docnum: score}`` dict read a posting block at a time (ids and frequencies decoded in bulk,
field lengths from a per-segment list read once), and Or/And/AndNot become dict merges. The
formula is Whoosh's own BM25F (same idf, average lengths and length quantisation), so the
ranking is the one Whoosh would give. Queries with a node we do not know return ``None`` and
the caller falls back to Whoosh.
"""

from __future__ import annotations

import heapq

from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

from archive.search.docsets import column_values, query_docset
from archive.search.postings import is_leaf_matcher, leaf_blocks, without_deletions
from archive.search.verbatim import VerbatimGrams

LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]
_norms: dict[tuple, list] = {}


class Unsupported(Exception):
    """The query has a node this module does not score; use Whoosh's collector."""


def length_norms(reader, fieldname: str, b: float, k1: float, avgfl: float) -> list:
    """Per document of this segment, BM25's ``K1 * ((1 - B) + B * fl / avgfl)`` for its
    (quantised) length of ``fieldname``, computed exactly as Whoosh's ``bm25()`` does.
    Cached per segment and average length (segments never change once written); lengths
    are one byte, so the list shares 256 float objects."""
    key = (id(reader.segment()), reader.segment().segment_id(), fieldname, b, k1, avgfl)
    values = _norms.get(key)
    if values is None:
        if len(_norms) > 64:
            _norms.clear()
        by_byte = [k1 * ((1 - b) + b * (LENGTH_OF_BYTE[n] if n else 1) / avgfl) for n in range(256)]
        column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            values = [by_byte[0]] * reader.doc_count_all()
        else:
            values = [by_byte[n] for n in column]
        _norms[key] = values
    return values


def _postings(reader, fieldname: str, text) -> tuple[list[int], list[float], set[int]]:
    """(docnums, term frequencies, deleted docnums) of a term in one segment."""
    matcher = reader.postings(fieldname, text)
    matcher, deleted = without_deletions(matcher)
    ids: list[int] = []
    weights: list[float] = []
    if is_leaf_matcher(matcher):
        for block_ids, block_weights, _ in leaf_blocks(matcher):
            ids.extend(block_ids)
            weights.extend(block_weights)
    else:
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
    return ids, weights, deleted


def term_scores(term: wq.Term, top, sub) -> dict[int, float]:
    reader = sub.reader()
    fieldname, text = term.fieldname, term.text
    if fieldname not in sub.schema or (fieldname, text) not in reader:
        return {}
    ids, weights, deleted = _postings(reader, fieldname, text)
    boost = term.boost
    if not sub.schema[fieldname].scorable:  # Whoosh scores these by frequency alone
        scores = {docnum: weight * boost for docnum, weight in zip(ids, weights, strict=True)}
    else:
        weighting = top.weighting
        b, k1 = weighting.B, weighting.K1
        if fieldname in getattr(weighting, "_field_B", {}):
            b = weighting._field_B[fieldname]
        idf = top.idf(fieldname, text)
        avgfl = top.avg_field_length(fieldname) or 1
        norms = length_norms(reader, fieldname, b, k1, avgfl)
        # Whoosh's bm25(), term for term, so equal documents get equal scores.
        scores = {
            docnum: idf * ((tf * (k1 + 1)) / (tf + norms[docnum])) * boost
            for docnum, tf in zip(ids, weights, strict=True)
        }
    for docnum in deleted:
        scores.pop(docnum, None)
    return scores


def _constant(docnums, score: float) -> dict[int, float]:
    return dict.fromkeys(docnums, score)


def query_scores(query: wq.Query, top, sub) -> dict[int, float]:
    """``{docnum: score}`` of the documents in segment searcher ``sub`` matching ``query``."""
    if isinstance(query, wq.Term):
        return term_scores(query, top, sub)
    if isinstance(query, VerbatimGrams):
        return _constant(query.matching_docnums(sub.reader()), query.score * query.boost)
    if isinstance(query, wq.ConstantScoreQuery):
        return _constant(query_docset(query.child, sub), query.score)
    if isinstance(query, wq.NumericRange):
        if not query.constantscore:
            raise Unsupported(query)
        return _constant(query_docset(query, sub), query.boost)
    if query.boost != 1.0:
        raise Unsupported(query)
    if isinstance(query, wq.AndNot):
        scores = query_scores(query.a, top, sub)
        for docnum in query_docset(query.b, sub):
            scores.pop(docnum, None)
        return scores
    if type(query) is wq.Or:
        if not query.subqueries:
            return {}
        children = iter(query.subqueries)
        merged = query_scores(next(children), top, sub)  # a fresh dict: ours to extend
        for child in children:
            for docnum, score in query_scores(child, top, sub).items():
                merged[docnum] = merged.get(docnum, 0.0) + score
        return merged
    if type(query) is wq.And:
        result: dict[int, float] | None = None
        for child in query.subqueries:
            child_scores = query_scores(child, top, sub)
            if result is None:
                result = child_scores
            else:
                result = {d: s + child_scores[d] for d, s in result.items() if d in child_scores}
            if not result:
                return {}
        return result or {}
    raise Unsupported(query)


def rank(searcher, query: wq.Query, limit: int, facet_fields: tuple[str, ...]):
    """``(top, total, facets)``: the ``limit`` best (global docnum, score) pairs ordered as
    Whoosh orders them (score descending, then docnum ascending), the exact number of matches
    and ``{field: {value: count}}``; raises :class:`Unsupported` for queries we cannot score."""
    from collections import Counter

    total = 0
    facets = {name: Counter() for name in facet_fields}
    best: list[tuple[float, int]] = []
    for sub, offset in searcher.leaf_searchers():
        scores = query_scores(query, searcher, sub)
        if not scores:
            continue
        total += len(scores)
        reader = sub.reader()
        for name in facet_fields:
            values = column_values(reader, name)
            facets[name].update(map(values.__getitem__, scores))
        # The limit-th best score first (floats only, C speed), then tuples for the few
        # documents at or above it (ties broken by docnum as Whoosh does).
        threshold = min(heapq.nlargest(limit, scores.values()), default=0.0)
        segment_best = heapq.nlargest(
            limit,
            [(score, -(docnum + offset)) for docnum, score in scores.items() if score >= threshold],
        )
        best = heapq.nlargest(limit, best + segment_best)
    return [(-negative, score) for score, negative in best], total, facets
