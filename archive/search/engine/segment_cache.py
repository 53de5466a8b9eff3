"""Data derived from one index segment, computed once and shared by every searcher thread:
segments never change once written (their deletions do, so nothing here depends on them)."""

from __future__ import annotations

import threading
from collections import OrderedDict

CACHE_ENTRIES = 512  # about 10 arrays a segment (norms per field, facets, dates)
_cache: OrderedDict[tuple, object] = OrderedDict()
_cache_lock = threading.Lock()


def clear_segment_cache() -> None:
    with _cache_lock:
        _cache.clear()


def segment_cached(reader, what: tuple, build):
    """Per-segment data computed once (segments never change once written), shared by every
    thread's searcher; the least recently used entries go first when the cache is full."""
    key = (reader.segment().segment_id(), *what)
    with _cache_lock:
        value = _cache.get(key)
        if value is not None:
            _cache.move_to_end(key)
            return value
    value = build()  # outside the lock: two threads may build the same entry, both correct
    with _cache_lock:
        _cache[key] = value
        while len(_cache) > CACHE_ENTRIES:
            _cache.popitem(last=False)
    return value
