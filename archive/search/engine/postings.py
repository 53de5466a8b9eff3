"""Block-wise reading of Whoosh 2.7.4 posting lists.

Whoosh's leaf matcher decodes a whole block of postings at a time but hands them out one by
one; reading its block arrays directly is several times faster for the merge writer, the
ranking pass and the exact counts. These are private attributes of Whoosh 2.7.4 (pinned in
requirements.txt), kept in this one module.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Iterator

import numpy as np
from whoosh.analysis import IDTokenizer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import ID
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import ReaderClosed, SegmentReader, TermNotFound
from whoosh.util.numeric import byte_to_length

from archive.search.engine.codec import BLOCK_LIMIT, EMPTY_IDS, BlockDirectory, FlatLeafMatcher
from archive.search.engine.decoded import (
    MIN_POSTINGS,
    DecodedList,
    DecodedWeights,
    block_directories,
    decoded_lists,
)
from archive.search.engine.sorted_ids import in_sorted


def is_leaf_matcher(matcher) -> bool:
    return isinstance(matcher, W3LeafMatcher)


def without_deletions(matcher) -> tuple[object, Collection[int]]:
    """``(matcher, deleted docnums)``: a segment's deletion filter taken off, so the caller
    can read the leaf matcher block-wise and drop the deleted documents itself. The deleted
    docnums are the segment's own collection (not copied, once per term): read, never change."""
    if isinstance(matcher, FilterMatcher) and matcher._exclude:
        return matcher.child, matcher._ids
    return matcher, frozenset()


def leaf_blocks(matcher, *, weights: bool = True, values: bool = False) -> Iterator[tuple]:
    """``(ids, weights, values)`` slices of each remaining block of a leaf matcher, from its
    current position on; ``weights``/``values`` are None unless asked for. Exhausts it."""
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        if weights and matcher._weights is None:
            matcher._read_weights()
        if values and matcher._values is None:
            matcher._read_values()
        start = matcher._i
        yield (
            matcher._ids[start:],
            matcher._weights[start:] if weights else None,
            matcher._values[start:] if values else None,
        )
        matcher._next_block()


# (segment id, field, term bytes) → the term's W3TermInfo, or None when the segment lacks it.
# Segments never change once written, so entries never go stale; the dict is emptied when
# full. A query looks each term up several times (is it there, how common, its postings) in
# every segment, at ~20 µs a lookup in Whoosh's hash file: a tenth of a long query's time.
_TERM_INFOS: dict[tuple, object] = {}
TERM_INFO_ENTRIES = 50_000  # ~0.5 kB each: ~25 MB a process at most


def term_info(reader, fieldname: str, text):
    """The term's ``W3TermInfo`` in segment reader ``reader`` (None: not there), cached."""
    return _term_lookup(reader, fieldname, text)[0]


def _term_lookup(reader, fieldname: str, text) -> tuple[object, bytes]:
    """``(term info or None, the term as bytes)``."""
    if fieldname not in reader.schema:
        return None, b""
    if reader.is_closed:
        raise ReaderClosed
    tbytes = text if isinstance(text, bytes) else reader.schema[fieldname].to_bytes(text)
    key = (segment_key(reader), fieldname, tbytes)
    try:
        return _TERM_INFOS[key], tbytes
    except KeyError:
        pass
    try:
        info = reader._terms.term_info(fieldname, tbytes)
    except TermNotFound:
        info = None
    if len(_TERM_INFOS) >= TERM_INFO_ENTRIES:
        _TERM_INFOS.clear()
    _TERM_INFOS[key] = info
    return info, tbytes


def segment_key(reader) -> str:
    """The segment's id, made once per reader (Whoosh builds a new string on every call)."""
    key = getattr(reader, "_newsroom_segment_key", None)
    if key is None:
        key = reader._newsroom_segment_key = sys.intern(reader.segment().segment_id())
    return key


def clear_term_infos() -> None:
    """Forget every cached term info (tests that build indexes with a seeded ``random``
    can make two segments with the same id)."""
    _TERM_INFOS.clear()


def is_segment_reader(reader) -> bool:
    return isinstance(reader, SegmentReader)


def doc_frequency(reader, fieldname: str, text) -> int:
    """Like ``reader.doc_frequency`` (deleted documents counted), from the cached term info."""
    if not is_segment_reader(reader):
        return reader.doc_frequency(fieldname, text)
    info = term_info(reader, fieldname, text)
    return 0 if info is None else info.doc_frequency()


def mean_frequency(reader, fieldname: str, text) -> float:
    """How often the term occurs in a document that has it, on average (0.0: nowhere)."""
    if not is_segment_reader(reader):
        documents = reader.doc_frequency(fieldname, text)
        return reader.frequency(fieldname, text) / documents if documents else 0.0
    info = term_info(reader, fieldname, text)
    return 0.0 if info is None or not info.doc_frequency() else info.weight() / info.doc_frequency()


def has_term(reader, fieldname: str, text) -> bool:
    if not is_segment_reader(reader):
        return (fieldname, text) in reader
    return term_info(reader, fieldname, text) is not None


def deleted_array(reader) -> np.ndarray:
    """The segment's deleted docnums, sorted, read once per reader (Whoosh copies them into a
    new frozenset for every ``postings()`` call)."""
    if not is_segment_reader(reader):
        if not reader.has_deletions():
            return EMPTY_IDS
        return np.array(
            [n for n in range(reader.doc_count_all()) if reader.is_deleted(n)], np.int64
        )
    found = getattr(reader, "_newsroom_deleted", None)
    if found is None:
        deleted = reader._perdoc.deleted_docs() if reader.has_deletions() else ()
        found = np.sort(np.fromiter(deleted, np.int64))
        reader._newsroom_deleted = found
    return found


def leaf_postings(reader, fieldname: str, text):
    """``(matcher, deleted docnums)`` for a term of a segment (the matcher None when the term
    is not there), from the cached term info; other readers go through ``postings()``."""
    if not is_segment_reader(reader):
        if (fieldname, text) not in reader:
            return None, EMPTY_IDS
        matcher, deleted = without_deletions(reader.postings(fieldname, text))
        return matcher, np.sort(np.fromiter(deleted, np.int64, len(deleted)))
    info, tbytes = _term_lookup(reader, fieldname, text)
    if info is None:
        return None, EMPTY_IDS
    terms = reader._terms
    matcher = terms._codec.postings_reader(
        terms._postfile, info, reader.schema[fieldname].format, term=(fieldname, tbytes)
    )
    return matcher, deleted_array(reader)


def _drop(ids: np.ndarray, deleted: np.ndarray) -> np.ndarray:
    """A mask keeping the ids not in ``deleted`` (sorted)."""
    return ~in_sorted(ids, deleted)


def posting_arrays(
    reader, fieldname: str, text, deleted_too: bool = False
) -> tuple[np.ndarray, np.ndarray | None]:
    """``(docnums, weights)`` of a term in one segment as numpy arrays, deleted documents
    left out unless ``deleted_too`` (weights None when all are 1.0). Flat-codec blocks go to
    numpy without a Python object per posting; other segments are read through the matcher.
    With ``deleted_too`` a long list is not kept decoded here: the caller keeps what it
    derives from it."""
    matcher, deleted = leaf_postings(reader, fieldname, text)
    if matcher is None:
        return EMPTY_IDS, None
    if deleted_too:
        deleted = EMPTY_IDS
    if isinstance(matcher, FlatLeafMatcher):
        if deleted_too:
            ids, weights = matcher.remaining_arrays()
        else:
            ids, weights = _weights(reader, fieldname, text, matcher)
    else:
        id_list, weight_list = [], []
        if is_leaf_matcher(matcher):
            for block_ids, block_weights, _ in leaf_blocks(matcher):
                id_list.extend(block_ids)
                weight_list.extend(block_weights)
        else:
            while matcher.is_active():
                id_list.append(matcher.id())
                weight_list.append(matcher.weight())
                matcher.next()
        ids = np.array(id_list, dtype=np.int64)
        weights = np.array(weight_list, dtype=np.float64)
    if len(deleted) and len(ids):
        keep = _drop(ids, deleted)
        ids = ids[keep]
        weights = None if weights is None else weights[keep]
    return ids, weights


def posting_arrays_among(
    reader, fieldname: str, text, among: np.ndarray
) -> tuple[np.ndarray, np.ndarray | None]:
    """``(docnums, weights)`` of a term's postings in the blocks that can hold one of
    ``among`` (ascending docnums): a superset of its postings among them, deleted
    documents included (weights None when all are 1.0)."""
    matcher, _ = leaf_postings(reader, fieldname, text)
    if matcher is None:
        return EMPTY_IDS, None
    if not isinstance(matcher, FlatLeafMatcher):
        return posting_arrays(reader, fieldname, text, deleted_too=True)
    return matcher.remaining_arrays(among, _directory(reader, fieldname, text, matcher))


def posting_ids(reader, fieldname: str, text, among: np.ndarray | None = None) -> np.ndarray:
    """Docnums of a term in one segment, ascending, deleted documents left out. With
    ``among`` (ascending docnums, none deleted), flat-codec blocks holding none of them are
    not decoded: the result then covers at least the term's documents in ``among``
    (intersect it; deleted documents are not taken out, as ``among`` has none)."""
    matcher, deleted = leaf_postings(reader, fieldname, text)
    if matcher is None:
        return EMPTY_IDS
    if not isinstance(matcher, FlatLeafMatcher):
        return posting_arrays(reader, fieldname, text)[0]
    # Kept whole (deleted documents included): with ``among``, a superset of the term's
    # documents among them.
    ids = _kept_ids(reader, fieldname, text, matcher, among)
    if ids is None:
        directory = None if among is None else _directory(reader, fieldname, text, matcher)
        ids = matcher.remaining_ids(among, directory)
    if len(deleted) and among is None and len(ids):
        ids = ids[_drop(ids, deleted)]
    return ids


def segment_postings(reader) -> Iterator[tuple[str, bytes, object, int]]:
    """``(fieldname, term, matcher, doc frequency)`` for every term of a segment, in term
    order, deletions not applied. Walks the term table once: ``reader.postings()`` looks each
    term up again and checks the file system for deletions, ~50 µs a term, which was most of
    the time of merging segments with few postings a term."""
    terms = reader._terms
    codec, postfile, schema = reader.segment().codec(), terms._postfile, reader.schema
    for (fieldname, tbytes), terminfo in terms.items():
        matcher = codec.postings_reader(
            postfile, terminfo, schema[fieldname].format, term=(fieldname, tbytes)
        )
        yield fieldname, tbytes, matcher, terminfo.doc_frequency()


def _keepable(reader, fieldname: str, text) -> tuple[tuple, int] | None:
    """``(cache key, postings)`` of a term whose list is long enough to keep decoded
    (``decoded.py``); None: its list is read each time."""
    info, tbytes = _term_lookup(reader, fieldname, text)
    if info is None or not decoded_lists.budget_bytes:
        return None
    postings = info.doc_frequency()
    if postings < MIN_POSTINGS:
        return None
    return (segment_key(reader), fieldname, tbytes), postings


def _kept(key: tuple, kind: str, build=None):
    """The list kept under ``key`` as ``kind``; if none and ``build`` is given, built and
    kept now; else None."""
    found = decoded_lists.get((*key, kind))
    if found is None and build is not None:
        found = build()
        decoded_lists.put((*key, kind), found)
    return found


def kept_for_term(reader, fieldname: str, text, what: tuple, build):
    """``build()`` (an object with ``nbytes``) derived from a term's postings in a segment:
    kept with the decoded lists (``decoded.py``) under ``what`` when the term's list is long
    enough to be kept, else built on each call. Keep nothing that depends on the segment's
    deletions: they change without a new segment id."""
    keepable = _keepable(reader, fieldname, text)
    if keepable is None:
        return build()
    return _kept(keepable[0], what, build)


def kept_derived(reader, fieldname: str, text, what: tuple):
    """What :func:`kept_for_term` keeps under ``what`` for the term, if it is kept now."""
    keepable = _keepable(reader, fieldname, text)
    return None if keepable is None else _kept(keepable[0], what)


def _weights(reader, fieldname: str, text, matcher: FlatLeafMatcher):
    """``(ids, weights)`` of the whole list; a long one kept decoded."""
    keepable = _keepable(reader, fieldname, text)
    if keepable is None:
        return matcher.remaining_arrays()
    kept = _kept(keepable[0], "weights", lambda: DecodedWeights(*matcher.remaining_arrays()))
    return kept.ids, kept.weights


def _kept_ids(reader, fieldname: str, text, matcher: FlatLeafMatcher, among) -> np.ndarray | None:
    """A long list's ids, kept (from its kept positions if there are); decoded whole now if
    all are asked for or many candidates; None: read the blocks holding ``among``."""
    keepable = _keepable(reader, fieldname, text)
    if keepable is None:
        return None
    key, postings = keepable
    kept = _kept(key, "positions")
    if kept is None:
        whole = among is None or most_blocks(len(among), postings)
        build = (lambda: DecodedWeights(matcher.remaining_ids(None), None)) if whole else None
        kept = _kept(key, "ids", build)
    return None if kept is None else kept.ids


def most_blocks(candidates: int, postings: int) -> bool:
    """Whether ``candidates`` documents (spread over the list) fall in most of its blocks:
    then decoding it whole costs about what reading their blocks would, and it can be kept.
    Fewer are read block by block (at a million articles a common bigram has ~500 blocks)."""
    return candidates >= max(MANY_CANDIDATES, 2 * postings // BLOCK_LIMIT)


MANY_CANDIDATES = 256


def _directory(reader, fieldname: str, text, matcher: FlatLeafMatcher) -> BlockDirectory | None:
    """A long list's kept ``BlockDirectory`` (made now if none is); None for a short one."""
    keepable = _keepable(reader, fieldname, text)
    if keepable is None:
        return None
    key = keepable[0]
    found = block_directories.get(key)
    if found is None:
        found = matcher.block_directory()
        block_directories.put(key, found, found.nbytes)
    return found


def _decoded(reader, fieldname: str, text, matcher, candidates: int):
    """The term's kept ``DecodedList``; decoded now if the list is long and ``candidates``
    (how many documents are asked about) many; None: read the blocks instead."""
    keepable = _keepable(reader, fieldname, text)
    if keepable is None:
        return None
    key, postings = keepable
    whole = most_blocks(candidates, postings)
    return _kept(
        key, "positions", (lambda: DecodedList(*matcher.all_positions())) if whole else None
    )


def positions_kept(reader, fieldname: str, text) -> bool:
    """Whether the term's positions in this segment are kept decoded (``decoded.py``)."""
    keepable = _keepable(reader, fieldname, text)
    return keepable is not None and (*keepable[0], "positions") in decoded_lists


def posting_positions(reader, fieldname: str, text, candidates: np.ndarray):
    """``(docnums, positions)``, one pair per occurrence of a term, for the documents in
    ``candidates`` (ascending docnums, none deleted). A long flat-codec list is decoded once
    and kept (``decoded.py``); in a shorter one, blocks holding no candidate are skipped
    unread and the others decode in a few numpy calls."""
    matcher, _ = leaf_postings(reader, fieldname, text)
    if matcher is None:
        return EMPTY_IDS, EMPTY_IDS
    doc_parts, position_parts = [], []
    if isinstance(matcher, FlatLeafMatcher):
        decoded = _decoded(reader, fieldname, text, matcher, len(candidates))
        if decoded is None:
            directory = _directory(reader, fieldname, text, matcher)
            return matcher.remaining_positions(candidates, directory)
        return decoded.positions_of(candidates)
    else:  # other codecs: one candidate at a time
        for docnum in candidates.tolist():
            if not matcher.is_active():
                break
            matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                positions = matcher.value_as("positions")
                doc_parts.append(np.full(len(positions), docnum, np.int64))
                position_parts.append(np.array(positions, np.int64))
    if not doc_parts:
        return EMPTY_IDS, EMPTY_IDS
    return np.concatenate(doc_parts), np.concatenate(position_parts)


_NUMPY_TYPES = {"b": "i1", "B": "u1", "h": "i2", "H": "u2", "i": "i4", "I": "u4", "l": "i4",
                "L": "u4", "q": "i8", "Q": "u8"}  # fmt: skip


def numeric_column(column, doccount: int) -> np.ndarray:
    """The values of a Whoosh ``NumericColumn`` reader as an int64 array, read in one piece
    (iterating the reader reads the file once per document: ~2 µs each)."""
    typecode = getattr(column, "_typecode", None)
    if not isinstance(column, NumericColumn.Reader) or typecode not in _NUMPY_TYPES:
        return np.fromiter(column, np.int64, doccount)
    raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
    values = np.frombuffer(raw, np.dtype(">" + _NUMPY_TYPES[typecode])).astype(np.int64)
    if len(values) < doccount:  # documents after the last one written have the default
        values = np.concatenate([values, np.full(doccount - len(values), column._default)])
    return values[:doccount]


def column_codes(reader, fieldname: str) -> tuple[list, np.ndarray]:
    """A segment's sort column as (distinct values, per-document index into them). A
    keyword field's come from its posting lists (:func:`keyword_codes`); another
    ``VarBytesColumn`` is read in one piece and only its distinct values are decoded
    (iterating it reads the file and decodes once per document: ~1 µs each)."""
    column = reader.column_reader(fieldname, translate=False)
    field = reader.schema[fieldname]
    found = keyword_codes(reader, fieldname, column)
    if found is not None:
        return found
    if isinstance(column, VarBytesColumn.Reader):
        values, codes = var_bytes_codes(column)
        return [field.from_column_value(value) for value in values], codes
    raw = list(column)
    index: dict = {}
    codes = [index.setdefault(value, len(index)) for value in raw]
    labels = [field.from_column_value(value) for value in index]
    return labels, np.array(codes, dtype=np.int64)


FEW_MISSING = 1024  # documents without a term of the field, looked up in the column


def keyword_codes(reader, fieldname: str, column) -> tuple[list, np.ndarray] | None:
    """:func:`column_codes` of a field whose one term per document is its whole value (an
    ``ID`` field, not lowercased: the term and the column hold the same bytes), from its
    posting lists: a county or a year has a few terms, and their lists decode ~50 times
    faster than the column's million values hash (at a million articles the column took
    ~0.1 s a field, on the first search after every start). None when the field is not
    such a field, or a document has two terms or (more than a few) none."""
    field = reader.schema[fieldname]
    if not isinstance(field, ID) or type(field.analyzer) is not IDTokenizer:
        return None
    if not is_segment_reader(reader):
        return None
    size = reader.doc_count_all()
    codes = np.full(size, -1, np.int64)
    labels: list = []
    assigned = 0
    for tbytes in reader.lexicon(fieldname):
        ids = posting_arrays(reader, fieldname, tbytes, deleted_too=True)[0]
        if len(ids) and (codes[ids] >= 0).any():
            return None  # two values in one document: not what a column holds
        codes[ids] = len(labels)
        labels.append(field.from_column_value(tbytes))
        assigned += len(ids)
    if assigned < size:
        missing = np.flatnonzero(codes < 0)
        if len(missing) > FEW_MISSING:
            return None
        index = {label: number for number, label in enumerate(labels)}
        for docnum in missing.tolist():
            label = field.from_column_value(column[docnum])
            codes[docnum] = index.setdefault(label, len(index))
        labels = list(index)
    return labels, codes


def var_bytes_codes(column) -> tuple[list[bytes], np.ndarray]:
    """A ``VarBytesColumn``'s distinct values and each document's index into them, in numpy
    (a Python loop over a million documents took ~1 s, the first search's wait after a
    start): each value hashed with its length, one byte position at a time for all values (a
    padded copy of every value, with an 8-byte index per byte, was most of the time), and
    grouped by hash; a second, independent hash tells different values with one hash apart,
    and then the values are grouped exactly."""
    lengths = np.frombuffer(column._lengths, np.dtype(column._lengths.typecode)).astype(np.int64)
    offsets = np.frombuffer(column._offsets, np.dtype(column._offsets.typecode)).astype(np.int64)
    count = len(lengths)
    if not count:
        return [], EMPTY_IDS
    data = np.frombuffer(column._dbfile.get(column._basepos, int(lengths.sum())) + b"\0", np.uint8)
    padding = len(data) - 1  # the zero byte after the values: what short values read past

    def byte_at(step: int) -> np.ndarray:
        return data[np.where(step < lengths, offsets + step, padding)]

    widest = int(lengths.max())
    hashes = lengths.astype(np.uint64)
    checks = lengths.astype(np.uint64)  # a second, independent hash of the same bytes
    with np.errstate(over="ignore"):
        for step in range(widest):
            column_bytes = byte_at(step)
            hashes *= HASH_MULTIPLIER  # in place: no new million-entry array per byte
            hashes += column_bytes
            checks *= CHECK_MULTIPLIER
            checks += column_bytes
    _, first, codes = np.unique(hashes, return_index=True, return_inverse=True)
    codes = codes.astype(np.int64).ravel()
    # Different values with one hash differ in the second one too, but for a chance of
    # 2**-64 a pair (a byte-by-byte comparison with the group's first took longer than the
    # hashing); where they do, the values are grouped exactly.
    leaders = first[codes]
    if not ((checks == checks[leaders]) & (lengths == lengths[leaders])).all():
        index: dict = {}
        raw = data.tobytes()
        codes = np.array(
            [
                index.setdefault(raw[o : o + n], len(index))
                for o, n in zip(offsets, lengths, strict=True)
            ],
            np.int64,
        )
        first = np.unique(codes, return_index=True)[1]
    raw = data.tobytes()
    values = [raw[offsets[f] : offsets[f] + lengths[f]] for f in first.tolist()]
    return values, codes


HASH_MULTIPLIER = np.uint64(0x100000001B3)  # FNV-1's 64-bit prime
CHECK_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd, unrelated to the first


# A field length as stored (one byte, quantised) → the length Whoosh reports for it.
LENGTH_OF_BYTE = np.array([byte_to_length(code) for code in range(256)], dtype=np.int64)


def length_codes(reader, fieldname: str) -> np.ndarray | None:
    """Every document's one-byte length code of ``fieldname`` in this segment (None if the
    field has no length column); ``LENGTH_OF_BYTE[codes]`` gives ``doc_field_length``."""
    column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return None
    return numeric_column(column, reader.doc_count_all())
