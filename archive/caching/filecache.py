"""Django's file cache, culling expired and surplus entries now and then instead of every set."""

from __future__ import annotations

import random

from django.core.cache.backends.filebased import FileBasedCache


class FileCache(FileBasedCache):
    """``FileBasedCache`` lists the whole folder on every ``set`` to see whether it is full; with
    tens of thousands of cached pages that listing costs more than rendering the page. Checking on
    one set in ``CULL_EVERY`` (default 200) keeps the folder near ``MAX_ENTRIES`` all the same."""

    def __init__(self, directory, params):
        super().__init__(directory, params)
        options = params.get("OPTIONS", {})
        self._cull_every = int(options.get("CULL_EVERY", 200))

    def _cull(self):
        if random.randrange(self._cull_every) == 0:
            super()._cull()
