"""A Whoosh codec whose posting blocks are flat arrays, not pickled tuples.

Whoosh 2.7's W3 codec stores each block of 128 postings as one zlib-compressed pickle of
``(ids, weights, values)``: reading a posting list means unpickling a Python int, float and
(for our bigram field) a positions ``bytes`` object per posting, even when only the ids and
term frequencies are wanted. At 100,000 articles a common bigram has ~100,000 postings, and
unpickling them was the largest single cost of a search.

:class:`FlatCodec` keeps everything else of W3 (term index, per-document columns, block
headers with max id / weight / lengths for skipping) and changes only the block body:

* a header with the block's first id and total weight, uncompressed, so that a merge copies
  a block by rewriting its header alone;
* section A: the other ids as deltas (uint32) and the weights (float32, or none when all are
  1.0), compressed together; readers of ids and frequencies decompress nothing else;
* section B: the values (positions), compressed apart and only read when asked for.

Blocks hold up to 4,096 postings (1,024 before December 2026): fewer per-block costs (header,
checksums, a decompression call), an index 10% smaller at 100,000 articles, and common lists
~7% faster to read whole; most of a long list's reading is decompression and numpy, by the
posting. ``skip_to`` bisects inside a block. Lists written with smaller blocks read the same.
Arrays are little-endian. Segments remember their codec, so an index written by the plain W3
codec stays readable and merges into flat segments.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from io import BytesIO
from itertools import accumulate
from operator import sub
from pickle import dumps, load
from struct import Struct

import lz4.block
import numpy as np
from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3LeafMatcher,
    W3PostingsWriter,
)
from whoosh.matching import ReadTooFar
from whoosh.system import emptybytes
from whoosh.util.numeric import length_to_byte

from archive.search.engine.sorted_ids import gather_runs, rows_of

BLOCK_LIMIT = 4096
SMALL_BLOCK_BYTES = 64  # blocks smaller than this are stored uncompressed
# weights kind (0: all 1.0, 1: one value for all, 2: one float32 each), compressed length of
# section A, compression (0: sections stored as they are, 1-9: zlib at that level, LZ4),
# first id, total weight
_HEAD = Struct("<BIBId")
_BLOCK_LENGTH = Struct("!i")  # before each block: its length, negative for the last one
# LZ4 decompresses a block ~5x (ids) to ~10x (positions) faster than zlib level 1: reading a
# common term's list cold was two-thirds zlib. Its blocks are ~1.4x larger, and it writes
# faster. Blocks already written with zlib stay readable, and merges copy them as they are.
LZ4 = 200
# LZ4 blocks carry CRC-32s of their stored sections after the header: LZ4 has no checksum
# of its own, and damaged bytes must be reported, not decoded into wrong postings (zlib's
# own checksum did that for zlib blocks). ``LZ4`` blocks (written before December 2026)
# have one CRC of both sections; ``LZ4_APART`` blocks one each, so that reading ids and
# frequencies checks only theirs: in a bigram's list the positions are three quarters of
# the bytes (a common bigram at a million articles: 12.6 MB, of which ids 3 MB).
LZ4_APART = 201
_LZ4_LEVELS = frozenset((LZ4, LZ4_APART))
_CRC = Struct("<I")
_CRCS = Struct("<II")


class BlockChecksumError(ValueError):
    """A posting block's bytes are not those written (the index file is damaged)."""


def sections(data, start: int = 0, end: int | None = None, with_b: bool = True) -> tuple:
    """``(kind, level, first, weight total, section A, section B)`` of a block's data as
    stored (sections compressed as ``level`` says), its checksum checked; ``with_b``
    False: section B is neither wanted (None) nor, where it has its own CRC, checked."""
    end = len(data) if end is None else end
    kind, length_a, level, first, weight_total = _HEAD.unpack_from(data, start)
    at = start + _HEAD.size
    if level == LZ4_APART:
        crc_a, crc_b = _CRCS.unpack_from(data, at)
        at += _CRCS.size
        view = memoryview(data)
        if zlib.crc32(view[at : at + length_a]) != crc_a or (
            with_b and zlib.crc32(view[at + length_a : end]) != crc_b
        ):
            raise BlockChecksumError("posting block checksum mismatch: the index is damaged")
    elif level == LZ4:
        (expected,) = _CRC.unpack_from(data, at)
        at += _CRC.size
        if zlib.crc32(memoryview(data)[at:end]) != expected:
            raise BlockChecksumError("posting block checksum mismatch: the index is damaged")
    section_b = data[at + length_a : end] if with_b else None
    return kind, level, first, weight_total, data[at : at + length_a], section_b


def compress(section: bytes, level: int) -> bytes:
    if level in _LZ4_LEVELS:
        return lz4.block.compress(section, store_size=True)
    return zlib.compress(section, level)


def decompress(section: bytes, level: int) -> bytes:
    """A stored section's bytes (``level`` 0: stored as they are)."""
    if not level or not section:
        return section
    if level in _LZ4_LEVELS:
        return lz4.block.decompress(section)
    return zlib.decompress(section)


_BIG_ENDIAN = sys.byteorder == "big"
U32 = np.dtype("<u4")
F32 = np.dtype("<f4")
_ONE_F32 = np.array([1.0], F32).tobytes()


def _le(values: array) -> bytes:
    if _BIG_ENDIAN:  # pragma: no cover - x86 and ARM are little-endian
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _from_le(typecode: str, data: bytes) -> array:
    values = array(typecode)
    values.frombytes(data)
    if _BIG_ENDIAN:  # pragma: no cover
        values.byteswap()
    return values


class _BlockStats:
    """What ``W3TermInfo.add_block`` reads of a block, for a block copied as it is."""

    def __init__(self, count, weight_total, min_id, max_id, max_weight, min_length, max_length):
        self._count, self._weights = count, (weight_total,)
        self._min_id, self._max_id, self._max_weight = min_id, max_id, max_weight
        self._min_length, self._max_length = min_length, max_length

    def __len__(self) -> int:
        return self._count

    def min_id(self):
        return self._min_id

    def max_id(self):
        return self._max_id

    def max_weight(self):
        return self._max_weight

    def min_length(self):
        return self._min_length

    def max_length(self):
        return self._max_length


class FlatCodec(W3Codec):
    def __init__(
        self, blocklimit: int = BLOCK_LIMIT, compression: int = LZ4_APART, inlinelimit: int = 1
    ):
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def field_writer(self, storage, segment):
        return FlatFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        if byteids:  # term vectors (not used by our schema): Whoosh's own format
            return super().postings_writer(dbfile, byteids=True)
        return FlatPostingsWriter(dbfile, blocklimit=self._blocklimit,
                                  compression=self._compression,
                                  inlinelimit=self._inlinelimit)  # fmt: skip

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return FlatLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class FlatFieldWriter(W3FieldWriter):
    def add_many(self, ids, weights, values, lengths) -> None:
        """The current term's postings, all at once (see ``FlatPostingsWriter.add_postings``)."""
        self._postwriter.add_postings(ids, weights, values, lengths)

    # Whether copied blocks under half full are gathered into full ones (see ``_Gathered``);
    # the segment writer turns it off for small segments, read few times before merging on.
    gather_small = True

    def add_blocks(self, matcher: FlatLeafMatcher, offset: int) -> None:
        """The current term's postings copied from a flat segment (see ``FlatPostingsWriter``)."""
        self._postwriter.add_blocks(matcher, offset, gather=self.gather_small)


class FlatPostingsWriter(W3PostingsWriter):
    def start_postings(self, format_, terminfo):
        super().start_postings(format_, terminfo)
        self._pending = None  # a copied block not yet written: the term may end with it
        self._gathered: _Gathered | None = None  # small copied blocks, to write as one

    def add_posting(self, id_, weight, vbytes, length=None):
        # Whoosh's version also asserts every argument's type; this runs once per posting.
        if self._pending or self._gathered is not None:
            self._flush_copied()
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        self._values.append(vbytes)  # empty values kept: they stay aligned with the ids
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

    def add_postings(self, ids, weights, values, lengths) -> None:
        """Add many postings (docnums ascending) at once: block-sized slices, statistics
        from C-speed min/max (merges and segment writes go through here)."""
        if self._pending or self._gathered is not None:
            self._flush_copied()
        count, start = len(ids), 0
        while start < count:
            room = self._blocklimit - len(self._ids)
            if room <= 0:
                self._write_block()
                continue
            end = min(count, start + room)
            self._ids.extend(ids[start:end])
            block_weights = weights[start:end]
            self._weights.extend(block_weights)
            self._values.extend(values[start:end])
            heaviest = max(block_weights)
            if heaviest > self._maxweight:
                self._maxweight = heaviest
            known = [length for length in lengths[start:end] if length]
            if known:
                shortest, longest = min(known), max(known)
                if self._minlength is None or shortest < self._minlength:
                    self._minlength = shortest
                if longest > self._maxlength:
                    self._maxlength = longest
            start = end

    def _write_block(self, last: bool = False) -> None:
        self._terminfo.add_block(self)

        ids, weights = self._ids, self._weights
        count = len(ids)
        deltas = array("I", map(sub, ids[1:], ids[:-1]))
        if weights.count(1.0) == count:
            kind, weight_bytes = 0, emptybytes
        elif weights.count(weights[0]) == count:
            kind, weight_bytes = 1, _le(weights[:1])
        else:
            kind, weight_bytes = 2, _le(weights)
        databytes = _block_bytes(kind, _le(deltas) + weight_bytes, self._values_section(),
                                 ids[0], sum(weights), self._compression)  # fmt: skip
        info = (count, ids[-1], self._maxweight, 0, length_to_byte(self._minlength),
                length_to_byte(self._maxlength))  # fmt: skip
        self._emit(info, databytes, last)
        self._new_block()

    def _emit(self, info: tuple, databytes: bytes, last: bool) -> None:
        postfile = self._postfile
        if not self._blockcount:
            postfile.write(WHOOSH3_HEADER_MAGIC)
        infobytes = dumps(info, 2)
        blocklength = len(infobytes) + len(databytes)
        postfile.write_int(-blocklength if last else blocklength)
        postfile.write(infobytes)
        postfile.write(databytes)
        self._blockcount += 1

    def add_blocks(self, matcher: FlatLeafMatcher, offset: int, gather: bool = True) -> None:
        """Copy every block of ``matcher`` (a segment without deletions), docnums + ``offset``.

        Only the first id delta of a block is absolute, so a merge rewrites section A's first
        four bytes and copies the positions (section B) as they are: no Python object per
        posting, which made merges several times faster."""
        if self._ids:
            self._write_block()
        fixedsize = self._format.fixed_value_size()
        small = self._blocklimit // 2 if gather else 0  # fuller blocks: copied as they are
        while matcher.is_active():
            if matcher._blocklength < small and self._gather(matcher, offset, fixedsize):
                matcher._next_block()
                continue
            self._flush_copied()
            self._pending = self._shifted_block(matcher, offset)
            matcher._next_block()

    def _flush_copied(self) -> None:
        """Write what copying left unwritten: a copied block or gathered small blocks."""
        if self._pending:
            self._write_pending(last=False)
        if self._gathered is not None:
            self._write_gathered(last=False)

    def _gather(self, matcher: FlatLeafMatcher, offset: int, fixedsize: int | None) -> bool:
        """Add the matcher's (small) block to the gathered postings, decoded to arrays;
        False if its values cannot be re-packed (the caller copies it as it is)."""
        block = _DecodedBlock.read(matcher, offset, fixedsize)
        if block is None:
            return False
        if self._pending:
            self._write_pending(last=False)
        gathered = self._gathered
        if gathered is not None and gathered.count + block.count > self._blocklimit:
            self._write_gathered(last=False)
            gathered = None
        if gathered is None:
            gathered = self._gathered = _Gathered(fixedsize)
        gathered.add(block)
        return True

    def _write_gathered(self, last: bool) -> None:
        gathered, self._gathered = self._gathered, None
        info, databytes, stats = gathered.encode(self._compression)
        self._terminfo.add_block(stats)
        self._emit(info, databytes, last)

    def _shifted_block(self, matcher: FlatLeafMatcher, offset: int) -> tuple:
        data = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
        kind, length_a, level, first, weight_total = _HEAD.unpack_from(data)
        first += offset
        databytes = _HEAD.pack(kind, length_a, level, first, weight_total) + data[_HEAD.size :]
        max_id = matcher._maxid + offset
        stats = _BlockStats(matcher._blocklength, weight_total, first, max_id, matcher._maxweight,
                            matcher._minlength or None, matcher._maxlength)  # fmt: skip
        self._terminfo.add_block(stats)
        info = (matcher._blocklength, max_id, matcher._maxweight, 0,
                length_to_byte(matcher._minlength), length_to_byte(matcher._maxlength))  # fmt: skip
        return info, databytes

    def _write_pending(self, last: bool) -> None:
        info, databytes = self._pending
        self._pending = None
        self._emit(info, databytes, last)

    def finish_postings(self):
        terminfo = self._terminfo
        if self._ids:
            self._flush_copied()
            self._write_block(last=True)
        elif self._pending:
            self._write_pending(last=True)
        elif self._gathered is not None:
            self._write_gathered(last=True)
        terminfo.set_extent(self._startoffset, self._postfile.tell() - self._startoffset)
        self._terminfo = None
        return terminfo

    def _values_section(self) -> bytes:
        fixedsize = self._format.fixed_value_size()
        values = self._values
        if fixedsize == 0 or not any(values):
            return emptybytes
        if fixedsize is not None and fixedsize > 0:
            return emptybytes.join(values)
        return _le(array("I", map(len, values))) + emptybytes.join(values)


def _block_bytes(kind: int, section_a: bytes, section_b: bytes, first: int,
                 weight_total: float, compression: int) -> bytes:  # fmt: skip
    """A block's data as stored: the header, then sections A and B, compressed unless small."""
    # Most terms are rare: their few bytes would not shrink, and a compressor call costs µs.
    level = compression if len(section_a) + len(section_b) > SMALL_BLOCK_BYTES else 0
    if level:
        section_a = compress(section_a, level)
        if section_b:
            section_b = compress(section_b, level)
    head = _HEAD.pack(kind, len(section_a), level, first, weight_total)
    if level == LZ4_APART:
        head += _CRCS.pack(zlib.crc32(section_a), zlib.crc32(section_b))
    elif level == LZ4:
        head += _CRC.pack(zlib.crc32(section_b, zlib.crc32(section_a)))
    return head + section_a + section_b


class _DecodedBlock:
    """One copied block as arrays: absolute ids, float32 weights (None: all 1.0), and its
    values as (per-posting byte lengths, concatenated bytes)."""

    __slots__ = ("count", "ids", "weights", "weight_total", "lengths", "payload", "stats")

    @classmethod
    def read(cls, matcher: FlatLeafMatcher, offset: int, fixedsize: int | None):
        if matcher._data is None:
            matcher._read_data()
        kind, section_a, section_b, level, first, weight_total = matcher._data
        section_b = decompress(section_b, level)
        count = matcher._blocklength
        if fixedsize is not None and fixedsize > 0 and len(section_b) != count * fixedsize:
            return None  # fixed-size values stored empty: keep the block as it is
        block = cls()
        block.count, block.weight_total = count, weight_total
        ids = np.empty(count, np.int64)
        ids[0] = first + offset
        ids[1:] = np.frombuffer(section_a, U32, count - 1)
        block.ids = np.cumsum(ids)
        at = 4 * (count - 1)
        if kind == 0:
            block.weights = None
        elif kind == 1:
            block.weights = np.repeat(np.frombuffer(section_a, F32, 1, at), count)
        else:
            block.weights = np.frombuffer(section_a, F32, count, at)
        if fixedsize is None:  # variable size: a uint32 length each, then the bytes
            block.lengths = section_b[: 4 * count] if section_b else bytes(4 * count)
            block.payload = section_b[4 * count :]
        else:
            block.lengths, block.payload = b"", section_b
        block.stats = (matcher._maxweight, matcher._minlength or None, matcher._maxlength)
        return block


class _Gathered:
    """Small blocks of one term copied from several segments, written as one block.

    A segment of a few hundred documents holds a block of a few postings for most terms,
    and copying blocks as they are kept them that small through every merge: at a million
    articles a term of 1% of documents had a thousand blocks, and reading a block costs
    ~10 µs whatever its size. Gathering re-packs only small blocks, so common terms are
    still copied without decoding."""

    def __init__(self, fixedsize: int | None) -> None:
        self.fixedsize = fixedsize
        self.blocks: list[_DecodedBlock] = []
        self.count = 0

    def add(self, block: _DecodedBlock) -> None:
        self.blocks.append(block)
        self.count += block.count

    def encode(self, compression: int) -> tuple[tuple, bytes, _BlockStats]:
        blocks = self.blocks
        ids = np.concatenate([block.ids for block in blocks])
        deltas = np.diff(ids).astype(U32).tobytes()
        if all(block.weights is None for block in blocks):
            kind, weight_bytes = 0, b""
        else:
            weights = np.concatenate(
                [np.ones(b.count, F32) if b.weights is None else b.weights for b in blocks]
            ).astype(F32)
            if (weights == weights[0]).all():
                kind, weight_bytes = 1, weights[:1].tobytes()
            else:
                kind, weight_bytes = 2, weights.tobytes()
        payload = b"".join(block.payload for block in blocks)
        if self.fixedsize is None:
            section_b = b"".join(block.lengths for block in blocks) + payload if payload else b""
        else:
            section_b = payload
        weight_total = sum(block.weight_total for block in blocks)
        first, last = int(ids[0]), int(ids[-1])
        databytes = _block_bytes(
            kind, deltas + weight_bytes, section_b, first, weight_total, compression
        )
        max_weight = max(block.stats[0] for block in blocks)
        known = [block.stats[1] for block in blocks if block.stats[1]]
        min_length = min(known) if known else None
        max_length = max(block.stats[2] for block in blocks)
        stats = _BlockStats(self.count, weight_total, first, last, max_weight, min_length,
                            max_length)  # fmt: skip
        info = (self.count, last, max_weight, 0, length_to_byte(min_length or 0),
                length_to_byte(max_length))  # fmt: skip
        return info, databytes, stats


class FlatLeafMatcher(W3LeafMatcher):
    """Reads :class:`FlatPostingsWriter` blocks; ``remaining_arrays`` and
    ``remaining_positions`` hand whole posting lists to numpy."""

    def _read_data(self) -> None:
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        kind, level, first, weight_total, section_a, section_b = sections(data)
        self._data = (kind, decompress(section_a, level), section_b, level, first, weight_total)

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        count = self._blocklength
        deltas = _from_le("I", self._data[1][: 4 * (count - 1)])
        self._ids = list(accumulate(deltas, initial=self._data[4]))

    def _read_weights(self) -> None:
        if self._data is None:
            self._read_data()
        kind, section_a = self._data[0], self._data[1]
        count = self._blocklength
        if kind == 0:
            self._weights = array("f", [1.0]) * count
        elif kind == 1:
            self._weights = _from_le("f", section_a[4 * count - 4 : 4 * count]) * count
        else:
            self._weights = _from_le("f", section_a[4 * count - 4 : 8 * count - 4])

    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        count = self._blocklength
        section_b, level = self._data[2], self._data[3]
        fixedsize = self._fixedsize
        if not section_b:
            self._values = (emptybytes if fixedsize is None else None,) * count
            return
        section_b = decompress(section_b, level)
        if fixedsize is not None and fixedsize > 0:
            self._values = [
                section_b[i : i + fixedsize] for i in range(0, count * fixedsize, fixedsize)
            ]
            return
        lengths = _from_le("I", section_b[: 4 * count])
        ends = list(accumulate(lengths, initial=4 * count))
        self._values = [section_b[a:b] for a, b in zip(ends, ends[1:], strict=False)]

    def skip_to(self, targetid: int) -> None:
        if not self.is_active():
            raise ReadTooFar
        if targetid <= self.id():
            return
        if targetid > self._maxid:
            self._skip_to_block(lambda: targetid > self._maxid)
            if not self.is_active():
                return
        if self._ids is None:
            self._read_ids()
        self._i = bisect_left(self._ids, targetid, self._i)
        if self._i == self._blocklength:
            self._next_block()

    def _raw_blocks(
        self,
        candidates: np.ndarray | None = None,
        directory: BlockDirectory | None = None,
        with_b: bool = True,
    ) -> Iterator[tuple]:
        """``(skip, count, first, kind, section A, section B, level, max id)`` of each block
        from the current one to the end (sections as stored), only of the blocks whose id
        range holds one of ``candidates`` (ascending; None: every block); ``skip``: how many
        of the block's first postings precede the current one; section B None unless
        ``with_b``.
        Exhausts the matcher.

        The rest of the list is read in one piece and its block headers parsed here: Whoosh's
        ``_goto`` reads each block's length, info and data apart, ~15 µs a block, which was
        most of the time of reading a long list once blocks decompressed fast. With the
        list's ``directory`` (the matcher at the list's start), only the blocks holding a
        candidate are read, and no header is parsed."""
        if not self.is_active():
            return
        if directory is not None and candidates is not None and self._at_start(directory):
            yield from directory.blocks(self._postfile, candidates, with_b)
            self._atend = True
            return
        data = self._rest()[1]
        skip = self._i
        # bisect on a list: a numpy call per block cost more than the block's own decoding.
        listed = None if candidates is None else candidates.tolist()
        previous_max = -1
        for count, maxid, start, end in self._spans(data):
            if listed is None or bisect_right(listed, maxid) > bisect_right(listed, previous_max):
                kind, level, first, _, section_a, section_b = sections(data, start, end, with_b)
                yield skip, count, first, kind, section_a, section_b, level, maxid
            previous_max, skip = maxid, 0
        self._atend = True

    def _rest(self) -> tuple[int, bytes]:
        """The file offset of the current block's data, and the list's bytes from there."""
        base = self._dataoffset
        extent = self._length  # a 1-tuple once read back from the term index (Whoosh 2.7.4)
        extent = extent[0] if isinstance(extent, tuple) else extent
        return base, self._postfile.get(base, self._startoffset + extent - base)

    def _spans(self, data: bytes) -> Iterator[tuple[int, int, int, int]]:
        """``(count, max id, start, end)`` of each block in ``data`` (:meth:`_rest`), from
        the current one; start and end delimit its stored data within ``data``."""
        stream = BytesIO(data)
        count, maxid, last = self._blocklength, self._maxid, self._lastblock
        start, end = 0, self._nextoffset - self._dataoffset
        while True:
            yield count, maxid, start, end
            if last:
                return
            length = _BLOCK_LENGTH.unpack_from(data, end)[0]
            last = length < 0
            stream.seek(end + _BLOCK_LENGTH.size)
            count, maxid = load(stream)[:2]  # Whoosh's block info tuple
            start, end = stream.tell(), end + _BLOCK_LENGTH.size + abs(length)

    def _at_start(self, directory: BlockDirectory) -> bool:
        return self._i == 0 and self._dataoffset == int(directory.starts[0])

    def block_directory(self) -> BlockDirectory:
        """Where each block of the list lies, from the current one (the list's first, for
        :meth:`_raw_blocks` to use it)."""
        base, data = self._rest()
        spans = np.array(list(self._spans(data)), np.int64).reshape(-1, 4)
        return BlockDirectory(spans[:, 0], spans[:, 1], spans[:, 2] + base, spans[:, 3] + base)

    def remaining_arrays(
        self, candidates: np.ndarray | None = None, directory: BlockDirectory | None = None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """(ids, weights) of every posting from the current one to the end, decoded with a
        few numpy calls for the whole list (not per block: a common term has hundreds of
        blocks); weights None when all are 1.0. With ``candidates``, only the blocks that
        can hold one (a superset of their postings). Exhausts the matcher."""
        blocks, weight_bytes, all_ones = _Blocks(), [], True
        for skip, count, first, kind, section_a, _, level, max_id in self._raw_blocks(
            candidates, directory, with_b=False
        ):
            section_a = decompress(section_a, level)
            blocks.add(count, first, section_a, skip, max_id)
            if kind == 0:
                weight_bytes.append(_ONE_F32 * (count - skip))
            else:
                all_ones = False
                at = 4 * (count - 1)
                if kind == 1:
                    weight_bytes.append(section_a[at : at + 4] * (count - skip))
                else:
                    weight_bytes.append(memoryview(section_a)[at + 4 * skip : at + 4 * count])
        if not blocks.counts:
            return EMPTY_IDS, None
        ids = blocks.ids()
        if all_ones:
            return ids, None
        return ids, np.frombuffer(b"".join(weight_bytes), F32).astype(np.float64)

    def remaining_ids(
        self, candidates: np.ndarray | None = None, directory: BlockDirectory | None = None
    ) -> np.ndarray:
        """Ids of the postings from the current one on; with ``candidates`` (ascending),
        only the blocks whose id range holds one are decoded (the others may be left out
        or not: the caller intersects). Exhausts the matcher."""
        blocks = _Blocks()
        for skip, count, first, _, section_a, _, level, max_id in self._raw_blocks(
            candidates, directory, with_b=False
        ):
            blocks.add(count, first, decompress(section_a, level), skip, max_id)
        return blocks.ids() if blocks.counts else EMPTY_IDS

    def all_positions(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(ids, counts, positions)`` of the whole list (from its first posting; deleted
        documents included): ``counts[i]`` positions of ``ids[i]``, laid end to end."""
        self.reset()
        return self._block_positions(None)

    def remaining_positions(
        self, candidates: np.ndarray, directory: BlockDirectory | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """``(docnums, positions)``, one pair per occurrence, for the postings (from the
        current one on) whose docnum is in ``candidates`` (ascending). Blocks holding no
        candidate are skipped unread; the rest decode together, and only the candidates'
        positions are gathered (a few candidates may share blocks with 100 times as many
        postings that are not asked for)."""
        ids, counts, raw = self._block_positions(candidates, directory, as_bytes=True)
        if not len(ids):
            return EMPTY_IDS, EMPTY_IDS
        rows = rows_of(ids, candidates)
        wanted = counts[rows]
        begins = np.cumsum(counts)[rows] - wanted
        positions = gather_runs(np.frombuffer(raw, U32), begins, wanted)
        return np.repeat(ids[rows], wanted), positions

    def _block_positions(
        self,
        candidates: np.ndarray | None,
        directory: BlockDirectory | None = None,
        as_bytes: bool = False,
    ) -> tuple:
        """``(ids, counts, positions)`` of the postings, from the current one on, in the
        blocks that can hold one of ``candidates`` (None: every block); ``as_bytes``: the
        positions as their uint32 bytes, not decoded."""
        blocks, length_bytes, position_bytes = _Blocks(), [], []
        for skip, count, first, _, section_a, section_b, level, max_id in self._raw_blocks(
            candidates, directory
        ):
            blocks.add(count, first, decompress(section_a, level), skip, max_id)
            section_b = decompress(section_b, level)
            # Views, not copies: the join below copies each once.
            view = memoryview(section_b)
            length_bytes.append(view[4 * skip : 4 * count])
            skipped = sum(_from_le("I", section_b[: 4 * skip])) if skip else 0
            position_bytes.append(view[4 * count + skipped :])
        if not blocks.counts:
            return EMPTY_IDS, EMPTY_IDS, EMPTY_IDS
        counts = np.frombuffer(b"".join(length_bytes), U32).astype(np.int64) // 4
        raw = b"".join(position_bytes)
        if as_bytes:
            return blocks.ids(), counts, raw
        return blocks.ids(), counts, np.frombuffer(raw, U32).astype(np.int64)


EMPTY_IDS = np.zeros(0, np.int64)


class BlockDirectory:
    """Where each block of one posting list lies: postings ``counts``, ``max_ids``, and
    the file offsets of its stored data (``starts``, ``ends``). Kept for long lists, so
    that checking a few candidates reads only their blocks: without it the whole list is
    read and every block header parsed (a common bigram at a million articles: 800 blocks,
    3 MB, for 146 candidates in 132 blocks)."""

    __slots__ = ("counts", "max_ids", "starts", "ends", "nbytes")

    def __init__(self, counts, max_ids, starts, ends) -> None:
        self.counts, self.max_ids, self.starts, self.ends = counts, max_ids, starts, ends
        self.nbytes = sum(column.nbytes for column in (counts, max_ids, starts, ends))
        for column in (counts, max_ids, starts, ends):
            column.flags.writeable = False

    def holding(self, candidates: np.ndarray) -> np.ndarray:
        """Indices (ascending) of the blocks whose id range holds one of ``candidates``."""
        at = np.searchsorted(self.max_ids, candidates)  # the first block reaching each
        at = at[at < len(self.max_ids)]
        if len(at) > 1:
            at = at[np.concatenate(([True], at[1:] != at[:-1]))]
        return at

    def blocks(self, postfile, candidates: np.ndarray, with_b: bool = True) -> Iterator[tuple]:
        """:meth:`FlatLeafMatcher._raw_blocks` tuples of the blocks holding a candidate;
        runs of adjacent blocks are read in one piece, and all in one when they are many."""
        wanted = self.holding(candidates)
        if not len(wanted):
            return
        if len(wanted) * 4 > len(self.max_ids):
            runs = [(int(wanted[0]), int(wanted[-1]) + 1)]
        else:
            breaks = np.flatnonzero(wanted[1:] != wanted[:-1] + 1) + 1
            firsts = wanted[np.concatenate(([0], breaks))]
            lasts = wanted[np.concatenate((breaks - 1, [len(wanted) - 1]))]
            runs = list(zip(firsts.tolist(), (lasts + 1).tolist(), strict=True))
        keep = set(wanted.tolist())
        starts, ends, counts = self.starts.tolist(), self.ends.tolist(), self.counts.tolist()
        max_ids = self.max_ids.tolist()
        for first_block, end_block in runs:
            base = starts[first_block]
            data = postfile.get(base, ends[end_block - 1] - base)
            for block in range(first_block, end_block):
                if block in keep:
                    kind, level, first, _, section_a, section_b = sections(
                        data, starts[block] - base, ends[block] - base, with_b
                    )
                    yield 0, counts[block], first, kind, section_a, section_b, level, max_ids[block]


class _Blocks:
    """Ids of several posting blocks (in order, not necessarily adjacent) decoded together:
    each block's stored steps (from one id to the next), preceded by the step from the last
    id of the block before it (its header's max id) to its own first id, laid end to end
    make one cumulative sum of the whole list. Per-block corrections of one sum cost five
    passes over the list's ids (~5 ns a posting); a plain sum is one."""

    def __init__(self) -> None:
        self.counts: list[int] = []
        self.max_ids: list[int] = []
        self.steps: list[bytes | memoryview] = []
        self.skips: list[int] = []

    def add(self, count: int, first: int, section_a: bytes, skip: int, max_id: int) -> None:
        """A block of ``count`` postings from ``first`` to ``max_id`` (section A
        decompressed), its first ``skip`` postings left out of :meth:`ids`."""
        previous = self.max_ids[-1] if self.max_ids else 0
        if self.max_ids and first <= previous:
            raise BlockChecksumError("posting blocks out of order: the index is damaged")
        self.counts.append(count)
        self.max_ids.append(max_id)
        self.steps.append(_STEP.pack(first - previous))
        self.steps.append(memoryview(section_a)[: 4 * (count - 1)])  # joined (copied) once
        self.skips.append(skip)

    def ids(self) -> np.ndarray:
        ids = np.frombuffer(b"".join(self.steps), U32).astype(np.int64)
        np.cumsum(ids, out=ids)
        ends = np.cumsum(self.counts) - 1
        # The headers' max ids are not under the sections' CRCs: a sum that does not end
        # each block on its max id means a damaged header or section.
        if len(ids) != ends[-1] + 1 or not np.array_equal(ids[ends], self.max_ids):
            raise BlockChecksumError("posting block ids disagree with their headers")
        if any(self.skips):
            keep = np.ones(len(ids), bool)
            for block_start, skip in zip((ends + 1 - self.counts).tolist(), self.skips,
                                         strict=True):  # fmt: skip
                keep[block_start : block_start + skip] = False
            ids = ids[keep]
        return ids


_STEP = Struct("<I")
