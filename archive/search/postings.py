"""Block-wise reading of Whoosh 2.7.4 posting lists.

Whoosh's leaf matcher decodes a whole block of postings at a time but hands them out one by
one; reading its block arrays directly is several times faster for the merge writer, the
ranking pass and the exact counts. These are private attributes of Whoosh 2.7.4 (pinned in
requirements.txt), kept in this one module.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher


def is_leaf_matcher(matcher) -> bool:
    return isinstance(matcher, W3LeafMatcher)


def without_deletions(matcher) -> tuple[object, Collection[int]]:
    """``(matcher, deleted docnums)``: a segment's deletion filter taken off, so the caller
    can read the leaf matcher block-wise and drop the deleted documents itself. The deleted
    docnums are the segment's own collection (not copied, once per term): read, never change."""
    if isinstance(matcher, FilterMatcher) and matcher._exclude:
        return matcher.child, matcher._ids
    return matcher, frozenset()


def leaf_blocks(matcher, *, weights: bool = True, values: bool = False) -> Iterator[tuple]:
    """``(ids, weights, values)`` slices of each remaining block of a leaf matcher, from its
    current position on; ``weights``/``values`` are None unless asked for. Exhausts it."""
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        if weights and matcher._weights is None:
            matcher._read_weights()
        if values and matcher._values is None:
            matcher._read_values()
        start = matcher._i
        yield (
            matcher._ids[start:],
            matcher._weights[start:] if weights else None,
            matcher._values[start:] if values else None,
        )
        matcher._next_block()
