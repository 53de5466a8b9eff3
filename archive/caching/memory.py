"""This process's copies of the front door's kept answers (``front.py``).

Reading a kept article page from the file cache (open, read, decompress) took ~100 µs of a
~240 µs answer. A worker keeps the entries it read or wrote, least recently used dropped past
``PAGE_MEMORY_CACHE_MB``; an entry is still checked against the tokens and the index version
on every use, exactly as one read from the shared cache, so a copy here is never staler."""

from __future__ import annotations

from archive.budgeted_lru import BudgetedLRU


class PagesInMemory(BudgetedLRU):
    """Kept answers, at most an eighth of the budget each, until they expire."""

    def __init__(self, budget_bytes: int) -> None:
        super().__init__(budget_bytes, largest_share=8)
