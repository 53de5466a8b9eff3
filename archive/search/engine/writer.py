"""Fast Whoosh writing: analyse documents without the index lock, write segments directly.

Whoosh's ``SegmentWriter`` sends every posting through a generic external-sort pool (size
bookkeeping, pickled spill files, a heap merge) and then looks each posting's field length up
again — for our documents (hundreds of bigrams each) over 80% of indexing time. Instead:

* :class:`PostingsBuffer` analyses documents into per-term posting lists in memory. It needs
  no lock, so several ``update_index --workers`` processes analyse in parallel.
* :class:`DirectSegmentWriter` takes buffers under the lock and writes the new segment term by
  term straight into the codec. Segments it merges in (see :func:`merge_tiers`) are streamed
  from their readers and combined in order, never pooled; long posting lists of flat-codec
  segments are copied block by block (only each block's header changes).

A buffer holds about 100 bytes a posting, so callers fill bounded batches.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from operator import itemgetter
from pathlib import Path

from whoosh.columns import TranslatingColumnReader
from whoosh.reading import SegmentReader
from whoosh.system import emptybytes
from whoosh.writing import SegmentWriter

from archive.search.engine.codec import LZ4_APART, FlatCodec, FlatFieldWriter, FlatLeafMatcher
from archive.search.engine.integrity import write_manifest
from archive.search.engine.postings import (
    LENGTH_OF_BYTE,
    is_leaf_matcher,
    leaf_blocks,
    length_codes,
    segment_postings,
)

MERGE_FACTOR = 8  # merge once this many segments of a similar size have piled up
GATHER_MIN_DOCS = 20_000  # merged segments at least this big get full posting blocks
# Merges copy the blocks of a term with at least this many postings in a segment (shorter
# lists are re-blocked: copying them leaves many small blocks, a bigger and slower index).
COPY_MIN_POSTINGS = 64


class PostingsBuffer:
    """Analysed documents, numbered 0, 1, … in the order added."""

    def __init__(self, schema) -> None:
        self.schema = schema
        self.terms: dict[str, dict[str | bytes, list]] = {}
        self.docs: list[list[tuple]] = []

    def __len__(self) -> int:
        return len(self.docs)

    def add_document(self, **fields) -> None:
        local = len(self.docs)
        per_doc = []
        for fieldname in sorted(name for name in fields if not name.startswith("_")):
            value = fields[fieldname]
            if value is None:
                continue
            field = self.schema[fieldname]
            length = 0
            if field.indexed:
                terms = self.terms.get(fieldname)
                if terms is None:
                    terms = self.terms[fieldname] = defaultdict(list)
                # Our Chinese fields give str terms (UTF-8 sorts like str, so the order holds).
                text_postings = getattr(field, "text_postings", None)
                postings = text_postings(value) if text_postings else field.index(value)
                for term, freq, weight, vbytes in postings:
                    terms[term].append((local, weight, vbytes))
                    length += freq
                if not field.scorable:
                    length = 0
            column = field.to_column_value(value) if field.column_type else None
            per_doc.append((fieldname, value if field.stored else None, length, column))
        self.docs.append(per_doc)

    def without(self, dropped: set[int]) -> PostingsBuffer:
        """This buffer without the documents numbered ``dropped`` (the rest renumbered in
        order); ``self`` when there are none to drop."""
        if not dropped:
            return self
        renumbered: dict[int, int] = {}
        copy = PostingsBuffer(self.schema)
        for local, doc in enumerate(self.docs):
            if local not in dropped:
                renumbered[local] = len(copy.docs)
                copy.docs.append(doc)
        for fieldname, terms in self.terms.items():
            kept_terms = defaultdict(list)
            for term, postings in terms.items():
                kept = [(renumbered[n], w, v) for n, w, v in postings if n in renumbered]
                if kept:
                    kept_terms[term] = kept
            if kept_terms:
                copy.terms[fieldname] = kept_terms
        return copy

    def field_lengths(self) -> dict[str, list[int]]:
        """Per field, every document's length (0 where the field is missing)."""
        per_doc = [{name: length for name, _, length, _ in doc} for doc in self.docs]
        return {name: [doc.get(name, 0) for doc in per_doc] for name in self.terms}

    def term_groups(self, base: int, order: int = 0):
        """(fieldname, term, order, (docnums, weights, values, lengths)) in term order, docnums
        offset by ``base`` (the shape :meth:`DirectSegmentWriter._write_groups` merges)."""
        all_lengths = self.field_lengths()
        for fieldname in sorted(self.terms):
            terms, lengths = self.terms[fieldname], all_lengths[fieldname]
            for term in sorted(terms):
                yield fieldname, _term_bytes(term), order, _columns(terms[term], base, lengths)

    def write_to(self, writer, base: int) -> None:
        """Write every posting into a flat-codec field writer, docnums offset by ``base``."""
        all_lengths = self.field_lengths()
        for fieldname in sorted(self.terms):
            writer.start_field(fieldname, self.schema[fieldname])
            terms, lengths = self.terms[fieldname], all_lengths[fieldname]
            for term in sorted(terms):
                writer.start_term(_term_bytes(term))
                writer.add_many(*_columns(terms[term], base, lengths))
                writer.finish_term()
            writer.finish_field()


def _term_bytes(term: str | bytes) -> bytes:
    return term.encode("utf-8") if isinstance(term, str) else term


def _columns(postings: list, base: int, lengths: list[int]) -> tuple:
    """A buffer's (local, weight, value) postings as the four columns the codec takes
    (transposed and looked up in C: this runs for every posting of a batch)."""
    locals_, weights, values = zip(*postings, strict=True)
    if None in values:
        values = tuple(value or emptybytes for value in values)
    found = itemgetter(*locals_)(lengths)
    return (
        tuple(base + local for local in locals_) if base else locals_,
        weights,
        values,
        found if len(locals_) > 1 else (found,),
    )


class DirectSegmentWriter(SegmentWriter):
    def __init__(self, ix, **kwargs) -> None:
        # Flat posting blocks (see archive.search.engine.codec), LZ4: zlib (Whoosh uses level 3)
        # was most of the time of reading a long list; no compression made the index ~3x larger.
        kwargs.setdefault("codec", FlatCodec(compression=LZ4_APART))
        super().__init__(ix, **kwargs)
        self._streams: list = []
        self._open_readers: list = []
        self._only_buffer: PostingsBuffer | None = None
        self._only_base = 0

    def add_buffer(self, buffer: PostingsBuffer) -> None:
        """Add every document of ``buffer`` (deleting older versions is the caller's job)."""
        self._check_state()
        schema, perdoc = self.schema, self.perdocwriter
        base = self.docnum
        for doc in buffer.docs:
            perdoc.start_doc(self.docnum)
            for fieldname, stored, length, column in doc:
                field = schema[fieldname]
                perdoc.add_field(fieldname, field, stored, length)
                if column is not None:
                    perdoc.add_column_value(fieldname, field.column_type, column)
            perdoc.finish_doc()
            self.docnum += 1
        self._streams.append(buffer.term_groups(base, order=len(self._streams)))
        self._only_buffer = buffer if len(self._streams) == 1 else None
        self._only_base = base
        self._added = True

    def add_document(self, **fields) -> None:
        buffer = PostingsBuffer(self.schema)
        buffer.add_document(**fields)
        self.add_buffer(buffer)

    def write_per_doc(self, fieldnames, reader):
        """Whoosh's copy of stored fields, lengths and columns for a merged segment, with each
        length column read once (Whoosh looks every length up with a file-system check)."""
        schema = self.schema
        if any(schema[name].vector for name in fieldnames if name in schema):
            return super().write_per_doc(fieldnames, reader)
        docmap = {} if reader.has_deletions() else None
        perdoc = self.perdocwriter
        fields = [(name, schema[name], _length_column(reader, name)) for name in fieldnames]
        columns = {}
        for name, field, _ in fields:
            if field.column_type and reader.has_column(name):
                column = reader.column_reader(name, field.column_type)
                if isinstance(column, TranslatingColumnReader):
                    column = column.raw_column()
                columns[name] = column
        for docnum, stored in reader.iter_docs():
            if docmap is not None:
                docmap[docnum] = self.docnum
            perdoc.start_doc(self.docnum)
            for name, field, lengths in fields:
                perdoc.add_field(name, field, stored.get(name), lengths[docnum] if lengths else 0)
                if name in columns:
                    perdoc.add_column_value(name, field.column_type, columns[name][docnum])
            perdoc.finish_doc()
            self.docnum += 1
        return docmap

    def add_postings_to_pool(self, reader, startdoc, docmap) -> None:
        # Called for each segment merged in: stream its postings at flush time instead.
        groups = reader_term_groups(reader, startdoc, docmap, self.schema, len(self._streams))
        self._streams.append(groups)
        self._only_buffer = None

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        if isinstance(self.fieldwriter, FlatFieldWriter):
            # Gathering small blocks re-compresses them: worth it where searches will read the
            # segment for long, not in the small segments of a bulk load that merge on soon.
            self.fieldwriter.gather_small = self.docnum >= GATHER_MIN_DOCS
        if len(self._streams) == 1 and self._only_buffer is not None:
            self._only_buffer.write_to(self.fieldwriter, self._only_base)
        else:
            self._write_groups(heapq.merge(*self._streams))
        self.fieldwriter.close()
        for reader in self._open_readers:
            reader.close()
        self._streams, self._open_readers = [], []

    def _write_groups(self, groups) -> None:
        """Write (fieldname, term, order, columns) groups; equal terms arrive consecutively,
        in segment order, so their postings concatenate in docnum order."""
        writer = self.fieldwriter
        current_field = current_term = None
        for fieldname, tbytes, _order, columns in groups:
            if fieldname != current_field:
                if current_term is not None:
                    writer.finish_term()
                if current_field is not None:
                    writer.finish_field()
                writer.start_field(fieldname, self.schema[fieldname])
                current_field, current_term = fieldname, None
            if tbytes != current_term:
                if current_term is not None:
                    writer.finish_term()
                writer.start_term(tbytes)
                current_term = tbytes
            if isinstance(columns, CopiedBlocks):
                writer.add_blocks(columns.matcher, columns.offset)
            else:
                writer.add_many(*columns)
        if current_term is not None:
            writer.finish_term()
        if current_field is not None:
            writer.finish_field()

    def commit(self, mergetype=None, optimize=None, merge=None):
        """Whoosh's ``commit``, with its built-in merge policies swapped for ours: they close
        the merged readers before this writer streams their postings at flush time."""
        if mergetype is None and merge is not False:
            mergetype = merge_everything if optimize else merge_tiers
        return super().commit(mergetype=mergetype, optimize=optimize, merge=merge)

    def keep_open(self, reader) -> None:
        self._open_readers.append(reader)

    def _commit_toc(self, segments) -> None:
        # The manifest first: once the TOC names the segment, searches check its files.
        folder = getattr(self.storage, "folder", None)
        if self._added and folder:
            write_manifest(Path(folder), self.newsegment.segment_id())
        super()._commit_toc(segments)


class CopiedBlocks:
    """A term's posting blocks in a flat segment, to be copied with docnums + ``offset``."""

    __slots__ = ("matcher", "offset")

    def __init__(self, matcher: FlatLeafMatcher, offset: int) -> None:
        self.matcher, self.offset = matcher, offset


def reader_term_groups(reader, startdoc: int, docmap, schema, order: int):
    """A segment's postings as (fieldname, term, order, postings) groups, docnums renumbered
    for the new segment, deleted documents dropped. Postings are columns read a whole block
    at a time, or, for a long list in a flat segment without deletions, :class:`CopiedBlocks`
    (copying short lists would leave a merged index full of tiny blocks: a third larger, and
    slower to read)."""
    copy_blocks = docmap is None and isinstance(reader.segment().codec(), FlatCodec)
    lengths = {
        name: _length_column(reader, name) for name in schema.names() if schema[name].scorable
    }
    deleted = frozenset(reader.segment().deleted_docs())
    for fieldname, tbytes, matcher, doc_frequency in segment_postings(reader):
        if (
            copy_blocks
            and doc_frequency >= COPY_MIN_POSTINGS
            and isinstance(matcher, FlatLeafMatcher)
        ):
            yield fieldname, tbytes, order, CopiedBlocks(matcher, startdoc)
            continue
        ids, weights, values = _matcher_columns(matcher)
        if deleted:
            keep = [n for n, docnum in enumerate(ids) if docnum not in deleted]
            ids = [ids[n] for n in keep]
            weights = [weights[n] for n in keep]
            values = [values[n] for n in keep]
        if not ids:
            continue
        field_lengths = lengths.get(fieldname)
        yield (
            fieldname,
            tbytes,
            order,
            (
                [docmap[d] for d in ids] if docmap is not None else [startdoc + d for d in ids],
                weights,
                [value or emptybytes for value in values],
                [field_lengths[d] for d in ids] if field_lengths else [0] * len(ids),
            ),
        )


def _length_column(reader, fieldname: str) -> list[int] | None:
    """Every document's (quantised) length of ``fieldname``, as ``doc_field_length`` gives."""
    codes = length_codes(reader, fieldname)
    return None if codes is None else LENGTH_OF_BYTE[codes].tolist()


def _matcher_columns(matcher) -> tuple[list, list, list]:
    """(docnums, weights, values) of every posting from the matcher's position on, a block at
    a time for Whoosh 2.7.4's leaf matcher, one at a time for anything else."""
    ids: list = []
    weights: list = []
    values: list = []
    if is_leaf_matcher(matcher):
        for block_ids, block_weights, block_values in leaf_blocks(matcher, values=True):
            ids.extend(block_ids)
            weights.extend(block_weights)
            values.extend(block_values)
        return ids, weights, values
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        values.append(matcher.value())
        matcher.next()
    return ids, weights, values


def merge_tiers(writer: DirectSegmentWriter, segments) -> list:
    """Merge policy: when ``MERGE_FACTOR`` segments of about the same size (same power of
    ``MERGE_FACTOR``) exist, merge them with everything smaller. Each document is thus
    rewritten about log_F(N / batch) times, a searcher sees few segments, and a one-article
    save merges only tiny segments."""

    def tier(segment) -> int:
        count, level = max(segment.doc_count_all(), 1), 0
        while count >= MERGE_FACTOR ** (level + 1):
            level += 1
        return level

    by_tier: dict[int, list] = {}
    for segment in segments:
        by_tier.setdefault(tier(segment), []).append(segment)
    full = [level for level, group in by_tier.items() if len(group) >= MERGE_FACTOR]
    if not full:
        return list(segments)
    top = max(full)
    merging = [s for s in segments if tier(s) <= top]
    for segment in merging:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        writer.keep_open(reader)
    return [s for s in segments if tier(s) > top]


def merge_everything(writer: DirectSegmentWriter, segments) -> list:
    """Merge policy for ``optimize``: stream every segment into the new one."""
    for segment in segments:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        writer.keep_open(reader)
    return []
