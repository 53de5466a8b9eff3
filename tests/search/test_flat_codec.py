"""The flat posting codec stores and reads back exactly what Whoosh's W3 codec does."""

from __future__ import annotations

import random

import numpy as np
import pytest
from whoosh import fields
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import RamStorage
from whoosh.writing import SegmentWriter

from archive.search.engine.codec import _CRCS, _HEAD, LZ4, LZ4_APART, FlatCodec, FlatLeafMatcher
from archive.search.engine.fields import GramsField, WordsField
from archive.search.engine.integrity import READ_ERRORS
from archive.search.engine.postings import posting_arrays
from archive.search.engine.writer import DirectSegmentWriter, merge_everything

WORDS = ["黄河", "小麦", "合作社", "灌溉", "集市", "老街", "书屋", "雨季"]


def documents(count: int, seed: int = 3) -> list[dict]:
    rng = random.Random(seed)
    docs = []
    for number in range(count):
        body = "，".join("".join(rng.choices(WORDS, k=rng.randint(1, 5))) for _ in range(4))
        docs.append({"key": str(number), "text": body, "grams": body})
    return docs


def schema() -> fields.Schema:
    return fields.Schema(key=fields.ID(stored=True), text=WordsField(), grams=GramsField())


def build(codec, docs: list[dict]):
    storage = RamStorage()
    index = storage.create_index(schema())
    writer = SegmentWriter(index, codec=codec)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return index


def postings(reader, fieldname: str, text: bytes):
    matcher = reader.postings(fieldname, text)
    out = []
    while matcher.is_active():
        out.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return out


@pytest.mark.parametrize("blocklimit", [3, 128, 1024, 4096])
def test_every_posting_reads_back_as_whoosh_wrote_it(blocklimit):
    docs = documents(400)
    theirs = build(W3Codec(), docs).reader()
    ours = build(FlatCodec(blocklimit=blocklimit), docs).reader()
    terms = list(theirs.all_terms())
    assert terms == list(ours.all_terms()) and len(terms) > 20
    for fieldname, text in terms:
        assert postings(ours, fieldname, text) == postings(theirs, fieldname, text)
        matcher = ours.postings(fieldname, text)
        if isinstance(matcher, FlatLeafMatcher):
            assert (
                matcher.value_as("positions" if fieldname == "grams" else "frequency") is not None
            )


def test_skip_to_lands_on_the_first_docnum_at_or_after_the_target():
    docs = documents(500)
    reader = build(FlatCodec(blocklimit=16), docs).reader()
    all_ids = [docnum for docnum, _, _ in postings(reader, "text", "黄河".encode())]
    rng = random.Random(1)
    for _ in range(200):
        matcher = reader.postings("text", "黄河".encode())
        target = rng.randrange(0, 520)
        expected = [d for d in all_ids if d >= target]
        matcher.skip_to(target)
        if expected:
            assert matcher.is_active() and matcher.id() == expected[0]
        else:
            assert not matcher.is_active()


def test_numpy_arrays_match_the_matcher_and_leave_out_deleted_documents():
    docs = documents(300)
    index = build(FlatCodec(blocklimit=32), docs)
    writer = index.writer()
    for key in ("3", "50", "299"):
        writer.delete_by_term("key", key)
    writer.commit(merge=False)
    reader = index.reader()
    for word in ("黄河", "合作社"):
        ids, weights = posting_arrays(reader, "text", word.encode())
        expected = postings(reader, "text", word.encode())  # Whoosh skips deleted documents
        assert ids.tolist() == [docnum for docnum, _, _ in expected]
        assert ids.dtype == np.int64 and not {3, 50, 299} & set(ids.tolist())
        weights = np.ones(len(ids)) if weights is None else weights
        assert weights.tolist() == [weight for _, weight, _ in expected]


def expected_positions(reader, text: bytes, candidates: set[int], start: int = 0):
    matcher = reader.postings("grams", text)
    docnums, positions = [], []
    while matcher.is_active():
        if matcher.id() in candidates and matcher.id() >= start:
            found = matcher.value_as("positions")
            docnums += [matcher.id()] * len(found)
            positions += list(found)
        matcher.next()
    return docnums, positions


@pytest.mark.parametrize("count", [0, 1, 3, 40, 400])
def test_a_lists_block_directory_reads_the_same_postings_of_candidates(count):
    """Only the blocks holding a candidate are read, in runs or in one piece."""
    reader = build(FlatCodec(blocklimit=8), documents(600, seed=5)).reader()
    rng = random.Random(count)
    for word in ("黄河", "书屋", "老街"):
        text = word[:2].encode()
        directory = reader.postings("grams", text).block_directory()
        assert int(directory.counts.sum()) == reader.doc_frequency("grams", text)
        assert len(directory.counts) > 20
        candidates = np.array(sorted(rng.sample(range(600), count)), np.int64)
        wanted = set(candidates.tolist())
        expected = expected_positions(reader, text, wanted)
        for given in (directory, None):
            docnums, positions = reader.postings("grams", text).remaining_positions(
                candidates, given
            )
            assert (docnums.tolist(), positions.tolist()) == expected
            ids = reader.postings("grams", text).remaining_ids(candidates, given)
            assert sorted(wanted & set(ids.tolist())) == sorted(set(expected[0]))


def test_a_matcher_moved_on_reads_from_where_it_is_despite_a_directory():
    reader = build(FlatCodec(blocklimit=8), documents(600, seed=5)).reader()
    text = "黄河".encode()
    directory = reader.postings("grams", text).block_directory()
    candidates = np.arange(0, 600, 7, dtype=np.int64)
    matcher = reader.postings("grams", text)
    matcher.skip_to(301)
    docnums, positions = matcher.remaining_positions(candidates, directory)
    expected = expected_positions(reader, text, set(candidates.tolist()), start=301)
    assert (docnums.tolist(), positions.tolist()) == expected and expected[0]


def test_w3_segments_merge_into_flat_ones_unchanged():
    docs = documents(200)
    index = build(W3Codec(), docs[:100])

    def keyed(reader, term) -> set:
        return {
            (reader.stored_fields(docnum)["key"], weight, value)
            for docnum, weight, value in postings(reader, *term)
        }

    old_reader = index.reader()
    before = {term: keyed(old_reader, term) for term in old_reader.all_terms()}
    writer = DirectSegmentWriter(index)
    for doc in docs[100:]:
        writer.add_document(**doc)
    writer.commit(mergetype=merge_everything)
    reader = index.reader()
    assert reader.doc_count() == 200 and len(index._segments()) == 1
    assert isinstance(reader.postings("text", "黄河".encode()), FlatLeafMatcher)
    for term, old in before.items():
        merged = {posting for posting in keyed(reader, term) if int(posting[0]) < 100}
        assert merged == old


def test_merging_flat_segments_by_block_copy_equals_writing_them_as_one():
    docs = documents(300, seed=8)
    codec = FlatCodec(blocklimit=16)  # many blocks, and part-filled ones mid-list after a merge

    def write(index, batch, **commit) -> None:
        writer = DirectSegmentWriter(index, codec=codec)
        for doc in batch:
            writer.add_document(**doc)
        writer.commit(**commit)

    merged = RamStorage().create_index(schema())
    write(merged, docs[:140], merge=False)
    write(merged, docs[140:], merge=False)
    assert len(merged._segments()) == 2
    write(merged, [], mergetype=merge_everything)
    whole = RamStorage().create_index(schema())
    write(whole, docs)

    ours, theirs = merged.reader(), whole.reader()
    assert len(merged._segments()) == 1 and ours.doc_count() == 300
    terms = list(theirs.all_terms())
    assert terms == list(ours.all_terms())
    for term in terms:
        assert postings(ours, *term) == postings(theirs, *term)
        ours_info, theirs_info = ours.term_info(*term), theirs.term_info(*term)
        assert ours_info.doc_frequency() == theirs_info.doc_frequency()
        assert ours_info.weight() == pytest.approx(theirs_info.weight())
        assert ours_info.max_weight() == theirs_info.max_weight()
        assert (ours_info.min_id(), ours_info.max_id()) == (
            theirs_info.min_id(),
            theirs_info.max_id(),
        )
    # (Field length totals differ: Whoosh copies per-document lengths quantised to a byte.)


@pytest.mark.parametrize("commit", [{}, {"optimize": True}])
def test_whooshs_own_commit_options_merge_without_closing_readers_too_early(commit):
    docs = documents(90, seed=4)
    index = RamStorage().create_index(schema())
    for start in range(0, 90, 10):  # nine segments: enough for the tiered policy to merge
        writer = DirectSegmentWriter(index, codec=FlatCodec(blocklimit=8))
        for doc in docs[start : start + 10]:
            writer.add_document(**doc)
        writer.commit(**commit)
    reader = index.reader()
    assert reader.doc_count() == 90
    assert len(index._segments()) < 9
    if commit:
        assert len(index._segments()) == 1
    expected = sum("黄河" in doc["text"] for doc in docs)
    assert len(posting_arrays(reader, "text", "黄河".encode())[0]) == expected


def block_sizes(reader, fieldname: str, text: bytes) -> list[int]:
    matcher = reader.postings(fieldname, text)
    sizes = []
    while matcher.is_active():
        sizes.append(matcher._blocklength)
        matcher._next_block()
    return sizes


def test_small_blocks_of_many_segments_are_gathered_into_full_ones_when_merged(monkeypatch):
    """Each small segment holds a few postings of a term: copied as they were, a merged
    term had one tiny block per segment (a thousand at a million articles)."""
    monkeypatch.setattr("archive.search.engine.writer.COPY_MIN_POSTINGS", 1)  # copy every list
    monkeypatch.setattr("archive.search.engine.writer.GATHER_MIN_DOCS", 600)
    docs = documents(600, seed=5)
    codec = FlatCodec(blocklimit=64)
    merged = RamStorage().create_index(schema())
    for start in range(0, 600, 15):  # 40 segments of 15 documents
        writer = DirectSegmentWriter(merged, codec=codec)
        for doc in docs[start : start + 15]:
            writer.add_document(**doc)
        writer.commit(merge=False)
    writer = DirectSegmentWriter(merged, codec=codec)
    writer.commit(mergetype=merge_everything)
    whole = RamStorage().create_index(schema())
    writer = DirectSegmentWriter(whole, codec=codec)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()

    ours, theirs = merged.reader(), whole.reader()
    assert len(merged._segments()) == 1
    terms = list(theirs.all_terms())
    assert terms == list(ours.all_terms())
    fields_seen = set()
    for term in terms:
        assert postings(ours, *term) == postings(theirs, *term)
        ours_info, theirs_info = ours.term_info(*term), theirs.term_info(*term)
        assert ours_info.doc_frequency() == theirs_info.doc_frequency()
        assert ours_info.weight() == pytest.approx(theirs_info.weight())
        assert (ours_info.min_id(), ours_info.max_id(), ours_info.max_weight()) == (
            theirs_info.min_id(),
            theirs_info.max_id(),
            theirs_info.max_weight(),
        )
        sizes = block_sizes(ours, *term)
        # Full blocks, except where a block of at least half the limit was copied whole.
        assert len(sizes) <= 2 * -(-sum(sizes) // 64), (term, sizes)
        fields_seen.add(term[0])
    assert fields_seen == {"key", "text", "grams"}  # no values, fixed-size, positions
    many = max(terms, key=lambda term: ours.doc_frequency(*term))
    assert len(block_sizes(ours, *many)) < 40 / 2


def test_gathered_and_copied_blocks_and_deleted_documents_merge_in_docnum_order(monkeypatch):
    monkeypatch.setattr("archive.search.engine.writer.COPY_MIN_POSTINGS", 1)
    monkeypatch.setattr("archive.search.engine.writer.GATHER_MIN_DOCS", 0)
    docs = documents(400, seed=6)
    codec = FlatCodec(blocklimit=32)
    index = RamStorage().create_index(schema())
    batches = [docs[:200], *(docs[n : n + 10] for n in range(200, 400, 10))]
    for batch in batches:  # one segment with full blocks, twenty with small ones
        writer = DirectSegmentWriter(index, codec=codec)
        for doc in batch:
            writer.add_document(**doc)
        writer.commit(merge=False)
    writer = index.writer()
    for key in ("5", "205", "399"):  # segments with deletions are re-written posting by posting
        writer.delete_by_term("key", key)
    writer.commit(merge=False)
    writer = DirectSegmentWriter(index, codec=codec)
    writer.commit(mergetype=merge_everything)
    reader = index.reader()
    assert len(index._segments()) == 1 and reader.doc_count() == 397
    keys = [reader.stored_fields(docnum)["key"] for docnum in range(reader.doc_count_all())]
    for word in ("黄河", "合作社", "雨季"):
        ids, _ = posting_arrays(reader, "text", word.encode())
        assert np.all(np.diff(ids) > 0)
        found = sorted(keys[docnum] for docnum in ids.tolist())
        expected = sorted(
            doc["key"]
            for doc in docs
            if word in doc["text"] and doc["key"] not in {"5", "205", "399"}
        )
        assert found == expected
        gram = word[:2].encode()
        positions = {keys[docnum]: value for docnum, _, value in postings(reader, "grams", gram)}
        assert len(positions) >= len(expected)
        for key, value in positions.items():
            text = docs[int(key)]["grams"]
            offsets = GramsField().format.decode_positions(value)
            assert offsets and all(text[offset : offset + 2] == word[:2] for offset in offsets)


def test_merges_into_small_segments_copy_blocks_without_gathering(monkeypatch):
    """Re-packing costs index time: a merged segment under ``GATHER_MIN_DOCS`` is merged
    again soon, so its blocks are copied as they are."""
    monkeypatch.setattr("archive.search.engine.writer.COPY_MIN_POSTINGS", 1)
    monkeypatch.setattr("archive.search.engine.writer.GATHER_MIN_DOCS", 601)
    docs = documents(600, seed=5)
    index = RamStorage().create_index(schema())
    for start in range(0, 600, 15):
        writer = DirectSegmentWriter(index, codec=FlatCodec(blocklimit=64))
        for doc in docs[start : start + 15]:
            writer.add_document(**doc)
        writer.commit(merge=False)
    DirectSegmentWriter(index, codec=FlatCodec(blocklimit=64)).commit(mergetype=merge_everything)
    reader = index.reader()
    many = max(reader.all_terms(), key=lambda term: reader.doc_frequency(*term))
    assert len(block_sizes(reader, *many)) == 40  # one block from each segment


def block_levels(reader, fieldname: str, text: bytes) -> set[int]:
    """How each block of a term's list is compressed (``_HEAD``'s third field), in every
    segment."""
    levels = set()
    for segment, _ in reader.leaf_readers():
        matcher = segment.postings(fieldname, text)
        while matcher.is_active():
            head = matcher._postfile.get(matcher._dataoffset, _HEAD.size)
            levels.add(_HEAD.unpack(head)[2])
            matcher._next_block()
    return levels


def test_new_blocks_are_lz4_and_zlib_segments_stay_readable_and_merge_with_them():
    """zlib blocks, and LZ4 blocks with one CRC of both sections, were written before."""
    docs = documents(600, seed=6)
    index = RamStorage().create_index(schema())
    for part, compression in ((docs[:200], 1), (docs[200:400], LZ4)):
        older = DirectSegmentWriter(index, codec=FlatCodec(blocklimit=64, compression=compression))
        for doc in part:
            older.add_document(**doc)
        older.commit(merge=False)
    assert block_levels(index.reader(), "grams", "黄河".encode()) == {1, LZ4}
    newer = DirectSegmentWriter(index)
    for doc in docs[400:]:
        newer.add_document(**doc)
    newer.commit(merge=False)
    whole = build(W3Codec(), docs).reader()
    for reader in (index.reader(), None):
        if reader is None:  # merged: zlib blocks copied as they are next to LZ4 ones
            DirectSegmentWriter(index).commit(mergetype=merge_everything)
            reader = index.reader()
            assert len(index._segments()) == 1
        for term in whole.all_terms():
            assert postings(reader, *term) == postings(whole, *term)
    assert block_levels(reader, "grams", "黄河".encode()) == {1, LZ4, LZ4_APART}


@pytest.mark.parametrize("reading", ["remaining_arrays", "matcher", "positions", "directory"])
@pytest.mark.parametrize("compression", [LZ4, LZ4_APART])
def test_any_damaged_byte_of_an_lz4_block_is_reported_not_decoded(reading, compression):
    """LZ4 has no checksum of its own: without the block's CRCs, most flipped bits decode
    into wrong postings silently. Ids and frequencies read from a block whose sections have
    a CRC each need (and check) only their own section: damage in the positions is
    reported when the positions are read."""
    index = build(FlatCodec(blocklimit=256, compression=compression), documents(600, seed=2))
    reader = index.reader()
    first = reader.postings("grams", "黄河".encode())
    start, end = first._dataoffset, first._nextoffset
    head = _HEAD.unpack(first._postfile.get(start, _HEAD.size))
    assert head[2] == compression and head[1] > 16
    clean = reader.postings("grams", "黄河".encode()).remaining_arrays()
    section_a = _HEAD.size + _CRCS.size, _HEAD.size + _CRCS.size + head[1]  # within the block
    positions_only = 0
    original = first._postfile.get(start, end - start)
    directory = reader.postings("grams", "黄河".encode()).block_directory()
    real_get = type(first._postfile).get
    rng = random.Random(4)
    for _ in range(60):
        damaged = bytearray(original)
        flipped = rng.randrange(_HEAD.size, len(damaged))
        damaged[flipped] ^= 1 << rng.randrange(8)
        unchecked = (
            compression == LZ4_APART
            and reading == "remaining_arrays"
            and not (
                _HEAD.size <= flipped < _HEAD.size + 4 or section_a[0] <= flipped < section_a[1]
            )
        )

        def get(postfile, offset, length, damaged=damaged):
            data = real_get(postfile, offset, length)
            if offset <= start < offset + length:  # the damaged block is in what is read
                at = start - offset
                data = data[:at] + bytes(damaged) + data[at + len(damaged) :]
            return data

        matcher = reader.postings("grams", "黄河".encode())
        matcher._postfile.get = get.__get__(matcher._postfile)
        try:
            if unchecked:  # positions' bytes or CRC: not read, and the ids come back right
                ids, weights = matcher.remaining_arrays()
                assert ids.tolist() == clean[0].tolist()
                assert (weights is None and clean[1] is None) or weights.tolist() == clean[
                    1
                ].tolist()
                positions_only += 1
                continue
            with pytest.raises(READ_ERRORS):
                if reading == "remaining_arrays":
                    matcher.remaining_arrays()
                elif reading == "positions":
                    matcher.all_positions()
                elif reading == "directory":
                    everything = np.arange(600, dtype=np.int64)
                    matcher.remaining_positions(everything, directory)
                else:  # Whoosh's own way, block by block
                    matcher.value_as("positions")
        finally:
            del matcher._postfile.get
    if compression == LZ4_APART and reading == "remaining_arrays":
        assert positions_only > 20  # most of a bigram block's bytes are positions


def test_block_ids_that_disagree_with_their_headers_are_reported_as_damage():
    """Ids are one running sum over the blocks, restarted at each block by its header's
    max id before it; headers are outside the sections' CRCs, so the sums are checked."""
    from array import array

    from archive.search.engine.codec import BlockChecksumError, _Blocks

    def steps(*values: int) -> bytes:
        return array("I", values).tobytes()

    blocks = _Blocks()
    blocks.add(3, 5, steps(1, 4), 0, 10)
    blocks.add(2, 40, steps(2), 1, 42)  # its first posting left out
    assert blocks.ids().tolist() == [5, 6, 10, 42]
    wrong_max = _Blocks()
    wrong_max.add(3, 5, steps(1, 4), 0, 11)
    with pytest.raises(BlockChecksumError):
        wrong_max.ids()
    out_of_order = _Blocks()
    out_of_order.add(3, 5, steps(1, 4), 0, 10)
    with pytest.raises(BlockChecksumError):
        out_of_order.add(2, 10, steps(2), 0, 12)
