"""Values kept in memory within a byte budget, the least recently used dropped first.

Shared by the search engine's decoded posting lists (``search/engine/decoded.py``) and the
page cache's per-process copies (``caching/memory.py``). No Django, no project imports: the
engine stays usable on its own."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable


class BudgetedLRU:
    def __init__(self, budget_bytes: int, largest_share: int) -> None:
        """``largest_share``: one value never takes more than this fraction (1/n) of the
        budget, so that it cannot push out everything else; a budget of 0 keeps nothing."""
        self.budget_bytes = budget_bytes
        self.largest_share = largest_share
        self.used_bytes = 0
        # key → (expires, size, value)
        self._entries: OrderedDict[Hashable, tuple[float, int, object]] = OrderedDict()
        self._lock = threading.Lock()  # threaded servers use one from several threads

    def get(self, key: Hashable):
        """The value (now the most recently used), or None: never kept, dropped, expired."""
        with self._lock:
            item = self._entries.get(key)
            if item is None:
                return None
            if item[0] <= time.time():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return item[2]

    def put(self, key: Hashable, value: object, size: int, expires: float = math.inf) -> None:
        """Keep ``value`` (about ``size`` bytes) until ``expires`` (a Unix time), in place of
        any value under ``key``."""
        too_big = size * self.largest_share > self.budget_bytes
        if size <= 0 or too_big or expires <= time.time():
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = (expires, size, value)
            self.used_bytes += size
            while self.used_bytes > self.budget_bytes and self._entries:
                self._drop(next(iter(self._entries)))

    def discard(self, key: Hashable) -> None:
        with self._lock:
            if key in self._entries:
                self._drop(key)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.used_bytes = 0

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def values(self) -> list[object]:
        with self._lock:
            return [item[2] for item in self._entries.values()]

    def _drop(self, key: Hashable) -> None:
        _, size, _ = self._entries.pop(key)
        self.used_bytes -= size
