"""Merging an index into one segment while saves go on (archive.search.engine.merging)."""

from __future__ import annotations

from pathlib import Path

from whoosh.filedb.filestore import FileStorage

from archive.search.engine.merging import SCRATCH_PREFIX, merge_segments
from archive.search.engine.writer import DirectSegmentWriter, merge_everything
from tests.search.test_flat_codec import documents, postings, schema


def segmented_index(folder: Path, docs: list[dict], batches: int = 4):
    index = FileStorage(str(folder)).create_index(schema())
    step = len(docs) // batches
    for start in range(0, len(docs), step):
        writer = DirectSegmentWriter(index, compound=False)
        for doc in docs[start : start + step]:
            writer.add_document(**doc)
        writer.commit(merge=False)
    return index


def keyed_postings(index) -> dict:
    """Every term's postings by document key (docnums change in a merge)."""
    reader = index.reader()
    found = {
        term: sorted(
            (reader.stored_fields(docnum)["key"], weight, value)
            for docnum, weight, value in postings(reader, *term)
        )
        for term in reader.all_terms()
    }
    return {term: listed for term, listed in found.items() if listed}  # not only deleted ones


def delete_keys(index, keys) -> None:
    writer = index.writer()
    for key in keys:
        writer.delete_by_term("key", key)
    writer.commit(merge=False)


def test_every_segment_merges_into_one_holding_the_same_postings(tmp_path):
    docs = documents(400, seed=11)
    index = segmented_index(tmp_path, docs)
    delete_keys(index, ["7", "250"])
    before = keyed_postings(index)
    assert len(index._segments()) == 4
    assert merge_segments(index, timeout=5)
    assert len(index._segments()) == 1 and index.doc_count() == 398
    assert keyed_postings(index) == before
    assert not list(tmp_path.glob(f"{SCRATCH_PREFIX}*"))


def test_saves_made_during_the_merge_are_kept_and_the_lock_is_free_meanwhile(tmp_path):
    docs = documents(400, seed=12)
    index = segmented_index(tmp_path, docs)

    def save_meanwhile() -> None:
        writer = DirectSegmentWriter(index, timeout=0)  # fails if the merge held the lock
        writer.delete_by_term("key", "3")
        writer.delete_by_term("key", "399")
        writer.add_document(**{**docs[3], "key": "3"})  # a correction: old deleted, new added
        writer.commit(merge=False)

    expected_keys = {doc["key"] for doc in docs} - {"399"}
    assert merge_segments(index, timeout=5, before_swap=save_meanwhile)
    reader = index.reader()
    assert len(index._segments()) == 2  # the merged one and the save's
    keys = [reader.stored_fields(n)["key"] for n in reader.all_doc_ids()]
    assert sorted(keys) == sorted(expected_keys)  # each once: the old "3" is gone
    assert "399" not in {key for key, _, _ in keyed_postings(index)[("text", "黄河".encode())]}


def test_a_merge_whose_segments_were_merged_meanwhile_changes_nothing(tmp_path):
    docs = documents(300, seed=13)
    index = segmented_index(tmp_path, docs, batches=3)
    before = keyed_postings(index)

    def merge_meanwhile() -> None:
        DirectSegmentWriter(index, compound=False).commit(mergetype=merge_everything)

    assert not merge_segments(index, timeout=5, before_swap=merge_meanwhile)
    assert keyed_postings(index) == before and len(index._segments()) == 1
    listed = {segment.segment_id() for segment in index._segments()}
    files = {path.name.split(".")[0] for path in tmp_path.glob("MAIN_*.*")}
    stray = files - listed
    assert not stray and not list(tmp_path.glob(f"{SCRATCH_PREFIX}*"))


def test_a_killed_merge_leaves_nothing_behind_after_the_next_one(tmp_path):
    index = segmented_index(tmp_path, documents(200, seed=14), batches=2)
    leftover = tmp_path / f"{SCRATCH_PREFIX}killed"
    leftover.mkdir()
    (leftover / "MAIN_abc.pst").write_bytes(b"half written")
    assert merge_segments(index, timeout=5)
    assert not leftover.exists()


def test_one_segment_without_deletions_is_left_as_it_is(tmp_path):
    index = segmented_index(tmp_path, documents(100, seed=15), batches=1)
    assert len(index._segments()) == 1
    assert not merge_segments(index, timeout=5)


def test_a_save_that_merges_the_old_segments_while_they_are_read_changes_nothing(
    tmp_path, monkeypatch
):
    """A save's commit may merge small segments (eight pile up) and delete their files while
    the merge still reads them: the merge reads its own links, and drops its result."""
    from archive.search.engine import merging

    docs = documents(300, seed=16)
    index = segmented_index(tmp_path, docs, batches=3)
    linked = merging._linked_segments

    def link_then_save(index_, scratch, timeout):
        toc = linked(index_, scratch, timeout)
        writer = DirectSegmentWriter(index, compound=False, timeout=1)
        writer.add_document(**{**docs[0], "key": "new"})
        writer.commit(mergetype=merge_everything)  # deletes the old segments' files
        return toc

    monkeypatch.setattr(merging, "_linked_segments", link_then_save)
    assert not merge_segments(index, timeout=5)
    reader = index.reader()
    keys = sorted(reader.stored_fields(n)["key"] for n in reader.all_doc_ids())
    assert keys == sorted([doc["key"] for doc in docs] + ["new"])
    assert not list(tmp_path.glob(f"{SCRATCH_PREFIX}*"))


def test_a_swap_that_cannot_get_the_lock_in_time_changes_nothing(tmp_path, caplog):
    index = segmented_index(tmp_path, documents(200, seed=17), batches=2)
    before = keyed_postings(index)
    lock = index.lock("WRITELOCK")

    def hold_the_lock() -> None:
        assert lock.acquire(blocking=False)

    try:
        assert not merge_segments(index, timeout=0.3, before_swap=hold_the_lock)
    finally:
        lock.release()
    assert "merge failed" in caplog.text
    assert keyed_postings(index) == before and len(index._segments()) == 2
    listed = {segment.segment_id() for segment in index._segments()}
    assert {path.name.split(".")[0] for path in tmp_path.glob("MAIN_*.*")} == listed
    assert index.lock("MERGELOCK").acquire(blocking=False)  # released
