"""This process's copies of the front door's kept answers (``front.py``).

Reading a kept article page from the file cache (open, read, decompress) took ~100 µs of a
~240 µs answer. A worker keeps the entries it read or wrote, least recently used dropped past
``PAGE_MEMORY_CACHE_MB``; an entry is still checked against the tokens and the index version
on every use, exactly as one read from the shared cache, so a copy here is never staler."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict


class PagesInMemory:
    def __init__(self, budget_bytes: int) -> None:
        self.budget = budget_bytes
        self._entries: OrderedDict[str, tuple[float, int, tuple]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # gthread workers answer several requests at once

    def get(self, key: str) -> tuple | None:
        with self._lock:
            item = self._entries.get(key)
            if item is None:
                return None
            if item[0] <= time.time():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return item[2]

    def put(self, key: str, entry: tuple, size: int, expires: float) -> None:
        """Keep ``entry`` (about ``size`` bytes) until ``expires`` (a Unix time); one entry
        never takes more than an eighth of the budget, and a budget of 0 keeps nothing."""
        if size <= 0 or size * 8 > self.budget or expires <= time.time():
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = (expires, size, entry)
            self._bytes += size
            while self._bytes > self.budget:
                self._drop(next(iter(self._entries)))

    def discard(self, key: str) -> None:
        with self._lock:
            if key in self._entries:
                self._drop(key)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def _drop(self, key: str) -> None:
        _, size, _ = self._entries.pop(key)
        self._bytes -= size
