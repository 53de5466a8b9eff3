"""The format marker of an index directory: an index written by another version of the files
(codec blocks, position encoding, stored fields) must be rebuilt, not misread."""

from __future__ import annotations

import os
import threading

from archive.search.engine.integrity import IndexUnavailable

# Bump when the files change shape.
INDEX_FORMAT = "newsroom-flat-3"
FORMAT_FILENAME = "NEWSROOM_FORMAT"


class IndexFormatError(IndexUnavailable):
    """The index on disk was written in another format; ``rebuild_index`` fixes it."""


def index_format_ok(index) -> bool:
    """Whether ``index`` is in :data:`INDEX_FORMAT`; a new, empty index is marked as such."""
    storage = index.storage
    if storage.file_exists(FORMAT_FILENAME):
        with storage.open_file(FORMAT_FILENAME) as marker:
            return marker.read().decode("ascii", "replace").strip() == INDEX_FORMAT
    if index.doc_count_all() == 0:
        mark_format(storage)
        return True
    return False


def mark_format(storage) -> None:
    # Written aside and renamed: another process never reads a half-written marker.
    temporary = f"{FORMAT_FILENAME}.{os.getpid()}.{threading.get_ident()}"
    with storage.create_file(temporary) as marker:
        marker.write(INDEX_FORMAT.encode("ascii"))
    storage.rename_file(temporary, FORMAT_FILENAME)
