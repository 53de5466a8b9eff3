"""A term's BM25 scores in one segment, as Whoosh's ``BM25F`` computes them, from whole
posting lists in numpy (see ``ranking.py``)."""

from __future__ import annotations

import numpy as np
from whoosh import query as wq

from archive.search.engine.decoded import freeze
from archive.search.engine.matches import Matches
from archive.search.engine.postings import (
    LENGTH_OF_BYTE,
    deleted_array,
    doc_frequency,
    has_term,
    kept_derived,
    kept_for_term,
    length_codes,
    most_blocks,
    posting_arrays,
    posting_arrays_among,
)
from archive.search.engine.segment_cache import segment_cached
from archive.search.engine.sorted_ids import in_sorted, rows_of


def length_norms(
    reader, fieldname: str, b: float, k1: float, avgfl: float, docnums: np.ndarray
) -> np.ndarray:
    """For ``docnums`` of this segment, BM25's ``K1 * ((1 - B) + B * fl / avgfl)`` for their
    (quantised) length of ``fieldname``, computed exactly as Whoosh's ``bm25()`` does. Only
    the one-byte length codes are kept per segment: the average length changes with every
    save, and norms kept per average were 8 MB a segment of a million documents each."""
    by_byte = k1 * ((1 - b) + b * np.where(np.arange(256) == 0, 1.0, LENGTH_OF_BYTE) / avgfl)
    codes = segment_cached(reader, ("length codes", fieldname), lambda: _codes(reader, fieldname))
    return by_byte[0] if codes is False else by_byte[codes[docnums]]


def _codes(reader, fieldname: str) -> np.ndarray | bool:
    codes = length_codes(reader, fieldname)
    return False if codes is None else codes.astype(np.uint8)  # False: kept, unlike None


class TermParts:
    """A term's BM25 in one segment before idf and boost, ``tf * (K1 + 1) / (tf + norm)``
    per document that has it (deleted ones included). Sparse (``ids``, ``parts``) for most
    terms; dense (``matched`` and ``parts`` over the whole segment, 0.0 where absent) for a
    term in more than half the documents — there the dense form takes less memory than ids
    and parts, and a copy and a product replace scattering every posting (at a million
    articles a common word's list has 300,000 postings in one segment)."""

    __slots__ = ("ids", "parts", "matched", "nbytes")

    def __init__(self, ids: np.ndarray, parts: np.ndarray, size: int) -> None:
        if len(ids) * DENSE_SHARE > size:
            self.matched = np.zeros(size, bool)
            self.matched[ids] = True
            dense = np.zeros(size)
            dense[ids] = parts
            self.ids, self.parts = None, dense
            self.nbytes = self.matched.nbytes + dense.nbytes
        else:
            self.ids, self.parts, self.matched = ids, parts, None
            self.nbytes = ids.nbytes + parts.nbytes
        freeze(self.ids, self.parts, self.matched)  # kept and shared by later queries


DENSE_SHARE = 2  # dense when the term is in more than 1/DENSE_SHARE of the documents


def term_parts(reader, fieldname: str, text, b: float, k1: float, avgfl: float) -> TermParts:
    """The term's :class:`TermParts` in this segment, kept for long lists."""

    def build() -> TermParts:
        ids, tf = posting_arrays(reader, fieldname, text, deleted_too=True)
        parts = bm25_parts(reader, fieldname, b, k1, avgfl, ids, tf)
        return TermParts(ids, parts, reader.doc_count_all())

    return kept_for_term(reader, fieldname, text, ("bm25", b, k1, avgfl), build)


def bm25_parts(
    reader, fieldname: str, b: float, k1: float, avgfl: float, ids: np.ndarray, tf
) -> np.ndarray:
    """``tf * (K1 + 1) / (tf + norm)`` for the documents ``ids`` (tf None: all 1.0): one
    computation for whole lists and parts of them, so that their scores agree to the bit."""
    if tf is None:
        tf = np.ones(len(ids))
    norms = length_norms(reader, fieldname, b, k1, avgfl, ids)
    return (tf * (k1 + 1)) / (tf + norms)


def term_matches(
    term: wq.Term, top, sub, size: int, scored: bool, within: np.ndarray | None = None
) -> Matches:
    """A term's matches in one segment, BM25-scored as Whoosh scores them; with ``within``
    (ascending docnums), at least those among them (see :func:`term_parts_within`)."""
    reader = sub.reader()
    fieldname, text = term.fieldname, term.text
    if fieldname not in sub.schema:
        return Matches.empty(size)
    if not scored or not sub.schema[fieldname].scorable:
        return _frequency_matches(term, reader, size, scored)
    if not has_term(reader, fieldname, text):  # and no idf: it fails on an empty index
        return Matches.empty(size)
    weighting = top.weighting
    b, k1 = weighting.B, weighting.K1
    if fieldname in getattr(weighting, "_field_B", {}):
        b = weighting._field_B[fieldname]
    idf = top.idf(fieldname, text)
    avgfl = top.avg_field_length(fieldname) or 1
    deleted = deleted_array(reader)
    found = (
        None if within is None else term_parts_within(reader, fieldname, text, b, k1, avgfl, within)
    )
    if found is not None:
        ids, scores = found[0], idf * found[1] * term.boost
        if len(deleted):
            keep = ~in_sorted(ids, deleted)
            ids, scores = ids[keep], scores[keep]
        return Matches.sparse(size, ids, scores)
    parts = term_parts(reader, fieldname, text, b, k1, avgfl)
    # Whoosh's bm25() is idf * parts * boost, in that order: the same products here give
    # equal documents equal scores.
    if parts.matched is None:
        ids, scores = parts.ids, idf * parts.parts * term.boost
        if len(deleted):
            keep = ~in_sorted(ids, deleted)
            ids, scores = ids[keep], scores[keep]
        return Matches.sparse(size, ids, scores)
    matches = Matches.dense(parts.matched.copy(), np.multiply(parts.parts, idf))
    if term.boost != 1.0:
        matches.scores *= term.boost
    if len(deleted):
        matches.matched[deleted] = False
        matches.scores[deleted] = 0.0
    return matches


WITHIN_SHARE = 4  # read a list only where asked when asked about < 1/WITHIN_SHARE of it


def term_parts_within(
    reader, fieldname: str, text, b: float, k1: float, avgfl: float, within: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """``(ids, parts)`` of :func:`term_parts` for the term's documents among ``within``
    only; None when reading the whole list costs about as much (it is then kept whole).

    A part of an ``And`` is asked only about the documents its rarer parts matched: of a
    common word's 80,000 postings, the few hundred among them (from the kept parts, or
    from the blocks that can hold them). The parts are computed as :func:`term_parts`
    computes them, document by document, so the scores are the same to the bit."""
    kept = kept_derived(reader, fieldname, text, ("bm25", b, k1, avgfl))
    if kept is not None:
        if kept.ids is not None:
            rows = rows_of(kept.ids, within)
            return kept.ids[rows], kept.parts[rows]
        ids = within[kept.matched[within]]
        return ids, kept.parts[ids]
    postings = doc_frequency(reader, fieldname, text)
    if len(within) * WITHIN_SHARE >= postings or most_blocks(len(within), postings):
        return None  # read whole, and kept: as cheap now, and cheaper for the next query
    ids, tf = posting_arrays_among(reader, fieldname, text, within)
    rows = rows_of(ids, within)
    ids = ids[rows]
    return ids, bm25_parts(reader, fieldname, b, k1, avgfl, ids, None if tf is None else tf[rows])


def _frequency_matches(term: wq.Term, reader, size: int, scored: bool) -> Matches:
    """Matches of a term unscored, or scored by frequency alone (Whoosh's way for fields
    that are not scorable)."""
    ids, tf = posting_arrays(reader, term.fieldname, term.text)
    if not scored:
        return Matches.sparse(size, ids, np.zeros(len(ids)))
    return Matches.sparse(size, ids, (np.ones(len(ids)) if tf is None else tf) * term.boost)
