"""Exact totals and facet counts without scoring: set algebra on posting lists.

Showing "N articles, per county, per year" needs every match, but not every match's score.
Whoosh's collector scores each match in Python; here each leaf of our query tree becomes a
set of docnums read a whole posting block at a time, and Or/And/AndNot become C-speed set
union/intersection/difference. Top hits still come from Whoosh (with its block-skipping
optimisations), so a query costs roughly "read the posting lists once".
"""

from __future__ import annotations

from collections import Counter

from whoosh import query as wq

from archive.search.postings import is_leaf_matcher, leaf_blocks, without_deletions
from archive.search.verbatim import VerbatimGrams


def posting_ids(reader, fieldname: str, text) -> set[int]:
    """Docnums of ``text`` in ``fieldname`` (deleted documents excluded)."""
    if (fieldname, text) not in reader:
        return set()
    matcher = reader.postings(fieldname, text)
    matcher, deleted = without_deletions(matcher)
    if is_leaf_matcher(matcher):
        found: set[int] = set()
        for ids, _, _ in leaf_blocks(matcher, weights=False):
            found.update(ids)
    else:
        found = set(matcher.all_ids())
    return found - deleted if deleted else found


def query_docset(query: wq.Query, searcher) -> set[int]:
    """Docnums in ``searcher`` (a segment's searcher) matching ``query``."""
    reader = searcher.reader()
    if isinstance(query, wq.Term):
        return posting_ids(reader, query.fieldname, query.text)
    if isinstance(query, VerbatimGrams):
        return set(query.matching_docnums(reader))
    if isinstance(query, wq.ConstantScoreQuery):
        return query_docset(query.child, searcher)
    if isinstance(query, wq.Prefix):
        found: set[int] = set()
        for text in reader.expand_prefix(query.fieldname, query.text):
            found |= posting_ids(reader, query.fieldname, text)
        return found
    if isinstance(query, wq.AndNot):
        return query_docset(query.a, searcher) - query_docset(query.b, searcher)
    if isinstance(query, wq.Or):
        found = set()
        for child in query.subqueries:
            found |= query_docset(child, searcher)
        return found
    if isinstance(query, wq.And):
        result: set[int] | None = None
        for child in query.subqueries:
            child_set = query_docset(child, searcher)
            result = child_set if result is None else result & child_set
            if not result:
                return set()
        return result or set()
    return set(query.matcher(searcher).all_ids())  # anything else (e.g. NumericRange)


_columns: dict[tuple, list] = {}


def column_values(reader, fieldname: str) -> list:
    """A segment's sort column as a list (cached: segments never change once written)."""
    key = (id(reader.segment()), reader.segment().segment_id(), fieldname)
    values = _columns.get(key)
    if values is None:
        if len(_columns) > 64:
            _columns.clear()
        values = _columns[key] = list(reader.column_reader(fieldname))
    return values


def count_matches(searcher, query: wq.Query, facet_fields: tuple[str, ...]) -> tuple[int, dict]:
    """(total, {facet field: Counter of values}) over every segment."""
    total = 0
    facets = {name: Counter() for name in facet_fields}
    for subsearcher, _offset in searcher.leaf_searchers():
        docs = query_docset(query, subsearcher)
        total += len(docs)
        reader = subsearcher.reader()
        for name in facet_fields:
            values = column_values(reader, name)
            facets[name].update(map(values.__getitem__, docs))
    return total, facets
