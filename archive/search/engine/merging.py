"""Merging every segment of an index into one without holding the write lock for the merge.

A search reads each segment on its own (term lookups, posting lists, score arrays), so one
segment answers 20-30% faster than the eight a million-article build leaves. Whoosh's
``optimize`` merges under the index's write lock, and at a million articles the merge takes
minutes: every save would wait for it, and give up after ``WRITE_LOCK_TIMEOUT``. Here:

1. under the lock, briefly: the segment list is read and every file of those segments is
   hard-linked into a scratch directory (a save's commit may merge small segments and delete
   their files meanwhile; the links keep them readable, and commits never look into a
   dot-directory). Then, without the lock, the merged segment is written there from them;
2. under the lock, briefly: if every merged segment is still there, documents deleted from
   them meanwhile (corrections saved during the merge) are deleted from the merged one too,
   its files move in, and the new segment list is the merged segment plus every segment
   committed meanwhile. If a segment went away (another merge took it), nothing changes.

A killed merge leaves only its scratch directory, removed by the next merge. A merge that
fails (the lock not free in time, a file that cannot be read) changes nothing and is logged:
the index stays as it was, in several segments.
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
from whoosh.index import LockError
from whoosh.reading import SegmentReader
from whoosh.util.filelock import try_for

from archive.search.engine.integrity import READ_ERRORS, write_manifest
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
    held only to link its files and to swap the merged segment in (each time waiting at most
    ``timeout`` s). Returns whether the index changed: False when it already has one segment
    without deletions, when another merge is running, when the segments changed under it or
    when the merge failed (logged). ``before_swap``: called between the two steps (tests
    change the index there)."""
    merge_lock = index.lock(MERGE_LOCK)
    if not merge_lock.acquire(blocking=False):
        log.info("search index merge skipped: another merge is running")
        return False
    folder = Path(index.storage.folder)
    scratch = None
    try:
        for leftover in folder.glob(f"{SCRATCH_PREFIX}*"):  # from a killed merge
            shutil.rmtree(leftover, ignore_errors=True)
        scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=folder))
        toc = _linked_segments(index, scratch, timeout)
        segments = list(toc.segments)
        if len(segments) < 2 and not any(s.has_deletions() for s in segments):
            return False
        merged, renumbered = _write_merged(index, toc, segments, scratch)
        if before_swap is not None:
            before_swap()
        return _swap_in(index, segments, merged, renumbered, scratch, timeout)
    except (LockError, *READ_ERRORS) as error:
        log.warning("search index merge failed, the index is unchanged: %r", error)
        return False
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        merge_lock.release()


def _linked_segments(index, scratch: Path, timeout: float):
    """The index's table of contents, every file of its segments hard-linked into
    ``scratch``, both under the write lock (no commit deletes a file meanwhile)."""
    lock = index.lock("WRITELOCK")
    if not try_for(lock.acquire, timeout=timeout, delay=0.1):
        raise LockError("the index write lock was not free")
    try:
        toc = index._read_toc()
        folder = Path(index.storage.folder)
        for segment in toc.segments:
            for path in folder.glob(f"{segment.segment_id()}.*"):
                os.link(path, scratch / path.name)
        return toc
    finally:
        lock.release()


def _write_merged(index, toc, segments: list, scratch: Path) -> tuple[object, list]:
    """The merged segment, written into ``scratch`` from the linked files there, and per old
    segment ``(deleted docnums, new docnum of each old docnum)`` (the latter meaningful for
    the documents kept)."""
    storage = FileStorage(str(scratch))
    writer = DirectSegmentWriter(_ScratchIndex(index, storage, toc), _lk=False, compound=False)
    renumbered, base, readers = [], 0, []
    try:
        for segment in segments:
            deleted = np.fromiter(segment.deleted_docs(), np.int64)
            kept = np.ones(segment.doc_count_all(), bool)
            kept[deleted] = False
            renumbered.append((set(deleted.tolist()), base - 1 + np.cumsum(kept)))
            base += int(kept.sum())
            reader = SegmentReader(storage, toc.schema, segment)
            readers.append(reader)
            writer.add_reader(reader)
        merged = writer._finalize_segment()
    except BaseException:
        writer.cancel()
        raise
    finally:
        for reader in readers:
            reader.close()
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
    except BaseException as error:
        # Nothing names the merged segment yet: drop the files this writer opened for a
        # segment of its own, and any of the merged one already moved in.
        if not writer.is_closed:
            writer.cancel()
        for segment_id in (writer.newsegment.segment_id(), merged.segment_id()):
            for path in folder.glob(f"{segment_id}.*"):
                path.unlink(missing_ok=True)
        if isinstance(error, _SegmentsChanged):
            log.info("search index merge dropped: its segments were merged meanwhile")
            return False
        raise
    return True
