"""Merging every segment of an index into one without holding the write lock for the merge.

A search reads each segment on its own (term lookups, posting lists, score arrays), so one
segment answers 20-30% faster than the eight a million-article build leaves. Whoosh's
``optimize`` merges under the index's write lock, and at a million articles the merge takes
minutes: every save would wait for it, and give up after ``WRITE_LOCK_TIMEOUT``. Here:

1. the segment list is read once, and the merged segment is written from it into a scratch
   directory (concurrent commits delete any unlisted segment file in the index directory;
   they never look into a dot-directory), without the lock;
2. under the lock, briefly: if every merged segment is still there, documents deleted from
   them meanwhile (corrections saved during the merge) are deleted from the merged one too,
   its files move in, and the new segment list is the merged segment plus every segment
   committed meanwhile. If a segment went away (another merge took it), nothing changes.

A killed merge leaves only its scratch directory, removed by the next merge.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader

from archive.search.engine.integrity import write_manifest
from archive.search.engine.writer import DirectSegmentWriter

log = logging.getLogger(__name__)

SCRATCH_PREFIX = ".merging-"
MERGE_LOCK = "MERGELOCK"


class _SegmentsChanged(Exception):
    """A merged segment is no longer in the index: another merge took it."""


class _ScratchIndex:
    """What ``SegmentWriter`` reads of an index: its name and table of contents, with files
    created in a scratch storage instead of the index's own."""

    def __init__(self, index, storage: FileStorage, toc) -> None:
        self.storage, self.indexname, self._toc = storage, index.indexname, toc

    def _read_toc(self):
        return self._toc


def merge_segments(index, *, timeout: float, before_swap: Callable[[], None] | None = None) -> bool:
    """Merge every segment of ``index`` (a Whoosh ``FileIndex``) into one, the write lock
    held only to swap it in (waiting at most ``timeout`` s). Returns whether the index
    changed: False when it already has one segment without deletions, when another merge is
    running, or when the segments changed under it. ``before_swap``: called between the two
    steps (tests change the index there)."""
    merge_lock = index.lock(MERGE_LOCK)
    if not merge_lock.acquire(blocking=False):
        log.info("search index merge skipped: another merge is running")
        return False
    try:
        folder = Path(index.storage.folder)
        for leftover in folder.glob(f"{SCRATCH_PREFIX}*"):  # from a killed merge
            shutil.rmtree(leftover, ignore_errors=True)
        toc = index._read_toc()
        segments = list(toc.segments)
        if len(segments) < 2 and not any(s.has_deletions() for s in segments):
            return False
        scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=folder))
        try:
            merged, renumbered = _write_merged(index, toc, segments, scratch)
            if before_swap is not None:
                before_swap()
            return _swap_in(index, segments, merged, renumbered, scratch, timeout)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    finally:
        merge_lock.release()


def _write_merged(index, toc, segments: list, scratch: Path) -> tuple[object, list]:
    """The merged segment, written into ``scratch``, and per old segment ``(deleted docnums,
    new docnum of each old docnum)`` (the latter meaningful for the documents kept)."""
    writer = DirectSegmentWriter(
        _ScratchIndex(index, FileStorage(str(scratch)), toc), _lk=False, compound=False
    )
    renumbered, base = [], 0
    for segment in segments:
        deleted = np.fromiter(segment.deleted_docs(), np.int64)
        kept = np.ones(segment.doc_count_all(), bool)
        kept[deleted] = False
        renumbered.append((set(deleted.tolist()), base - 1 + np.cumsum(kept)))
        base += int(kept.sum())
        reader = SegmentReader(index.storage, toc.schema, segment)
        writer.add_reader(reader)
        writer.keep_open(reader)
    merged = writer._finalize_segment()
    writer._finish()
    return merged, renumbered


def _swap_in(index, segments: list, merged, renumbered: list, scratch: Path, timeout: float):
    merged_ids = {segment.segment_id() for segment in segments}
    folder = Path(index.storage.folder)

    def swap(writer, current: list) -> list:
        by_id = {segment.segment_id(): segment for segment in current}
        if not merged_ids <= by_id.keys():
            raise _SegmentsChanged
        for old, (deleted, new_numbers) in zip(segments, renumbered, strict=True):
            for docnum in set(by_id[old.segment_id()].deleted_docs()) - deleted:
                merged.delete_document(int(new_numbers[docnum]))
        for path in scratch.iterdir():
            if path.name.startswith(f"{merged.segment_id()}."):
                os.replace(path, folder / path.name)
        write_manifest(folder, merged.segment_id())
        return [merged] + [s for s in current if s.segment_id() not in merged_ids]

    writer = DirectSegmentWriter(index, timeout=timeout)
    try:
        writer.commit(mergetype=swap)
    except _SegmentsChanged:
        writer.cancel()  # which leaves the files it opened for a segment of its own
        for path in folder.glob(f"{writer.newsegment.segment_id()}.*"):
            path.unlink(missing_ok=True)
        log.info("search index merge dropped: its segments were merged meanwhile")
        return False
    return True
