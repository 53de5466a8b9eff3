"""Exact totals and facet counts without scoring (sorted searches take their order from
Whoosh, but every match still has to be counted): the unscored form of the ranking pass."""

from __future__ import annotations

from collections import Counter

from whoosh import query as wq

from archive.search.engine.ranking import add_facet_counts, query_docnums


def query_docset(query: wq.Query, searcher) -> set[int]:
    """Docnums in ``searcher`` (a segment's searcher) matching ``query``."""
    return set(query_docnums(query, searcher).tolist())


def count_matches(searcher, query: wq.Query, facet_fields: tuple[str, ...]) -> tuple[int, dict]:
    """(total, {facet field: Counter of values}) over every segment."""
    total = 0
    facets = {name: Counter() for name in facet_fields}
    for subsearcher, _offset in searcher.leaf_searchers():
        docnums = query_docnums(query, subsearcher)
        total += len(docnums)
        add_facet_counts(facets, subsearcher.reader(), docnums)
    return total, facets
