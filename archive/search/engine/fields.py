"""Whoosh field types for Chinese text, with a fast ``index()``.

Whoosh's generic path builds a Token object per token and runs it through filters; for
character bigrams that is most of the indexing time. These fields compute their postings
directly from :mod:`archive.search.engine.analyzer` (same tokens the analyzers below produce for
queries), which is what makes bulk indexing several times faster than the stock approach.
"""

from __future__ import annotations

import sys
from array import array
from struct import Struct

from whoosh import fields, formats
from whoosh.analysis import Token, Tokenizer
from whoosh.system import pack_uint

from archive.search.engine.analyzer import UNIT_RUN, fold, gram_positions, segmenter

_ONE_POSITION: dict[int, bytes] = {}


def encode_positions(offsets: list[int]) -> bytes:
    """Positions as little-endian uint32s (see :class:`ArrayPositions`), memoised for the
    common case of a bigram occurring once in a document."""
    if len(offsets) == 1:
        encoded = _ONE_POSITION.get(offsets[0])
        if encoded is None:
            encoded = _ONE_POSITION[offsets[0]] = POSITION.pack(offsets[0])
        return encoded
    return array_bytes(offsets)


def array_bytes(offsets: list[int]) -> bytes:
    values = array("I", offsets)
    if sys.byteorder == "big":  # pragma: no cover - x86 and ARM are little-endian
        values.byteswap()
    return values.tobytes()


class ArrayPositions(formats.Positions):
    """Whoosh's ``Positions`` format with the positions as a flat uint32 array instead of a
    pickled list of deltas: a whole posting block's positions then decode in one numpy call
    (see ``archive.search.engine.postings.posting_positions``), and encoding needs no pickling."""

    def encode(self, poslist) -> bytes:
        return encode_positions(list(poslist))

    def decode_positions(self, valuestring: bytes) -> list[int]:
        values = array("I")
        values.frombytes(valuestring)
        if sys.byteorder == "big":  # pragma: no cover
            values.byteswap()
        return values.tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4


POSITION = Struct("<I")


class JiebaTokenizer(Tokenizer):
    """Whoosh tokenizer yielding the searchable jieba words (used when parsing queries)."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, mode="", **kwargs):  # fmt: skip
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for position, word in enumerate(segmenter.words(value)):
            token.text = token.original = word
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + position
            yield token


class GramTokenizer(Tokenizer):
    """Whoosh tokenizer yielding the bigrams of ``analyzer.gram_positions`` in text order."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, mode="", **kwargs):  # fmt: skip
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for match in UNIT_RUN.finditer(fold(value)):
            run, start = match.group(), match.start()
            pieces = [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]
            for offset, piece in enumerate(pieces):
                token.text = token.original = piece
                token.boost = 1.0
                token.stopped = False
                if positions:
                    token.pos = start_pos + start + offset
                yield token


class WordsField(fields.TEXT):
    """jieba words with frequencies (no positions: phrases are answered by the grams)."""

    def __init__(self, field_boost: float = 1.0) -> None:
        super().__init__(analyzer=JiebaTokenizer(), phrase=False, field_boost=field_boost)

    def index(self, value, **kwargs):
        for word, freq, weight, vbytes in self.text_postings(value):
            yield word.encode("utf-8"), freq, weight, vbytes

    def text_postings(self, value) -> list[tuple[str, int, float, bytes]]:
        """``index()`` with the terms left as ``str`` (the bulk writer encodes each distinct
        term once per batch, not once per posting)."""
        boost = self.format.field_boost
        return [
            (word, freq, freq * boost, pack_uint(freq))
            for word, freq in segmenter.word_counts(value).items()
        ]


class GramsField(fields.TEXT):
    """Character bigrams with positions (exact matches get a constant score).

    Kept "scorable" (a length column per document) although the score is never used:
    Whoosh 2.7 looks for a missing length column with a file-system call per posting."""

    def __init__(self) -> None:
        super().__init__(analyzer=GramTokenizer(), phrase=True)
        self.format = ArrayPositions(field_boost=self.format.field_boost)

    def index(self, value, **kwargs):
        for gram, freq, weight, vbytes in self.text_postings(value):
            yield gram.encode("utf-8"), freq, weight, vbytes

    def text_postings(self, value) -> list[tuple[str, int, float, bytes]]:
        """``index()`` with the terms left as ``str`` (see ``WordsField.text_postings``)."""
        encode = encode_positions
        return [
            (gram, len(offsets), float(len(offsets)), encode(offsets))
            for gram, offsets in gram_positions(value).items()
        ]
