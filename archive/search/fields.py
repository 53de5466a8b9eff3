"""Whoosh field types for Chinese text, with a fast ``index()``.

Whoosh's generic path builds a Token object per token and runs it through filters; for
character bigrams that is most of the indexing time. These fields compute their postings
directly from :mod:`archive.search.analyzer` (same tokens the analyzers below produce for
queries), which is what makes bulk indexing several times faster than the stock approach.
"""

from __future__ import annotations

from pickle import dumps

from whoosh import fields
from whoosh.analysis import Token, Tokenizer
from whoosh.system import pack_uint

from archive.search.analyzer import UNIT_RUN, fold, gram_positions, segmenter

_ONE_POSITION: dict[int, bytes] = {}


def encode_positions(offsets: list[int]) -> bytes:
    """The bytes ``whoosh.formats.Positions.encode`` makes, memoised for the common case of a
    bigram occurring once in a document (pickling was ~7% of indexing time)."""
    if len(offsets) == 1:
        encoded = _ONE_POSITION.get(offsets[0])
        if encoded is None:
            encoded = _ONE_POSITION[offsets[0]] = pack_uint(1) + dumps(offsets, 2)
        return encoded
    deltas = [offsets[0]] + [b - a for a, b in zip(offsets, offsets[1:], strict=False)]
    return pack_uint(len(deltas)) + dumps(deltas, 2)


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
        boost = self.format.field_boost
        for word, freq in segmenter.word_counts(value).items():
            yield word.encode("utf-8"), freq, freq * boost, pack_uint(freq)


class GramsField(fields.TEXT):
    """Character bigrams with positions (exact matches get a constant score).

    Kept "scorable" (a length column per document) although the score is never used:
    Whoosh 2.7 looks for a missing length column with a file-system call per posting."""

    def __init__(self) -> None:
        super().__init__(analyzer=GramTokenizer(), phrase=True)

    def index(self, value, **kwargs):
        encode = encode_positions
        for gram, offsets in gram_positions(value).items():
            yield gram.encode("utf-8"), len(offsets), float(len(offsets)), encode(offsets)
