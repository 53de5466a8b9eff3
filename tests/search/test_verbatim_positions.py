"""The verbatim check finds exactly the documents containing a string, across posting blocks."""

from __future__ import annotations

import random

import numpy as np
import pytest
from whoosh import fields
from whoosh.filedb.filestore import RamStorage

from archive.search.engine.analyzer import query_grams
from archive.search.engine.codec import FlatCodec
from archive.search.engine.decoded import DecodedList, decoded_lists
from archive.search.engine.fields import GramsField, WordsField, encode_positions
from archive.search.engine.verbatim import VerbatimGrams, covering_grams
from archive.search.engine.writer import DirectSegmentWriter

PIECES = ["黄河", "河滩", "滩区", "哈", "哈哈", "区委", "书记", "委书", "，", "春耕", "河"]


def test_positions_round_trip_through_the_field_format():
    field_format = GramsField().format
    for offsets in ([0], [7], [3, 9, 40], [5, 6], [12345], [70000, 2**31]):
        encoded = encode_positions(offsets)
        assert field_format.decode_positions(encoded) == offsets
        assert field_format.decode_frequency(encoded) == len(offsets)


@pytest.fixture(scope="module")
def corpus():
    """Random texts from overlapping pieces (near misses: all bigrams, not consecutive), in
    small posting blocks, with some documents deleted."""
    rng = random.Random(11)
    texts = ["".join(rng.choices(PIECES, k=rng.randint(2, 30))) for _ in range(600)]
    schema = fields.Schema(key=fields.ID(stored=True), text=WordsField(), grams=GramsField())
    index = RamStorage().create_index(schema)
    writer = DirectSegmentWriter(index, codec=FlatCodec(blocklimit=8))
    for key, text in enumerate(texts):
        writer.add_document(key=str(key), text=text, grams=text)
    writer.commit()
    deleted = set(range(0, 600, 37))
    writer = index.writer()
    for key in deleted:
        writer.delete_by_term("key", str(key))
    writer.commit(merge=False)
    return index.reader(), texts, deleted


NEEDLES = ["黄河滩区", "哈哈哈", "哈哈哈哈", "区委书记", "滩区委", "河河", "书记黄河", "春耕哈",
           "黄河滩区委", "哈哈哈哈哈哈", "区委书记黄河", "书记春耕哈哈", "黄河河滩区"]  # fmt: skip


@pytest.mark.parametrize("needle", NEEDLES)
@pytest.mark.parametrize("use_words", [False, True])
# 0: every bigram's ids narrow the candidates (block-skipping reads), 10**9: positions only
@pytest.mark.parametrize("few_candidates", [0, 64, 10**9])
# kept: every list decoded whole and kept in memory on first use (decoded.py), then reused
@pytest.mark.parametrize("kept", [False, True])
# 1: narrowing by lists ends after the second list; 10**9: it never stalls
@pytest.mark.parametrize("stalled", [1, 20, 10**9])
def test_verbatim_matches_are_exactly_the_texts_containing_the_string(
    corpus, needle, use_words, few_candidates, kept, stalled, monkeypatch
):
    monkeypatch.setattr("archive.search.engine.verbatim.FEW_CANDIDATES", few_candidates)
    monkeypatch.setattr("archive.search.engine.verbatim.STALLED", stalled)
    if kept:
        monkeypatch.setattr("archive.search.engine.postings.MIN_POSTINGS", 1)
        monkeypatch.setattr("archive.search.engine.postings.MANY_CANDIDATES", 1)
    reader, texts, deleted = corpus
    known_by = ("text", needle) if use_words else None
    query = VerbatimGrams("grams", query_grams(needle), known_by=known_by)
    found = {int(reader.stored_fields(docnum)["key"]) for docnum in query.matching_docnums(reader)}
    expected = {key for key, text in enumerate(texts) if needle in text and key not in deleted}
    assert expected, "the sample should contain the needle"
    assert found == expected
    if kept:  # asked again: answered from the kept lists
        again = VerbatimGrams("grams", query_grams(needle), known_by=known_by)
        assert len(decoded_lists) > 0
        assert {
            int(reader.stored_fields(d)["key"]) for d in again.matching_docnums(reader)
        } == found


@pytest.mark.parametrize("needle", ["黄河滩区", "哈哈哈", "区委书记黄河"])
@pytest.mark.parametrize("use_words", [False, True])
def test_asked_within_some_documents_it_finds_every_match_among_them(
    corpus, needle, use_words, monkeypatch
):
    """A verbatim part of an ``And`` is asked about its rarer parts' documents: it reads only
    their blocks, answers every match among them (never a non-match), and keeps nothing
    for the next whole question."""
    import archive.search.engine.verbatim as verbatim

    reader, texts, deleted = corpus
    keys = [int(reader.stored_fields(docnum)["key"]) for docnum in range(reader.doc_count_all())]
    live = [docnum for docnum in range(len(keys)) if keys[docnum] not in deleted]
    within = np.array(random.Random(len(needle)).sample(live, 150), np.int64)
    within.sort()
    asked_among = []
    real = verbatim.posting_ids

    def spy(*args, among=None):
        asked_among.append(among)
        return real(*args, among=among)

    monkeypatch.setattr(verbatim, "posting_ids", spy)
    known_by = ("text", needle) if use_words else None
    query = VerbatimGrams("grams", query_grams(needle), known_by=known_by)
    found = set(query.matching_docnums(reader, within).tolist())
    matching = {docnum for docnum in live if needle in texts[keys[docnum]]}
    assert matching & set(within.tolist())
    assert matching & set(within.tolist()) <= found <= matching
    assert asked_among[0] is within  # the rarest bigram: only the blocks holding these
    assert set(query.matching_docnums(reader).tolist()) == matching


@pytest.mark.parametrize(
    ("length", "fewest"), [(2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (7, 4), (11, 6)]
)
def test_covering_bigrams_touch_every_character_of_the_string(length, fewest):
    needle = "一二三四五六七八九十百"[:length]
    covering = covering_grams(query_grams(needle))
    assert len(covering) == fewest
    covered = {offset + i for offset, gram in covering for i in range(len(gram))}
    assert covered == set(range(length))
    assert all(needle[offset : offset + 2] == gram for offset, gram in covering)


def test_the_covering_bigrams_are_the_cheapest_that_touch_every_character():
    """The first and last bigrams are needed; a dear one between is replaced by its cheap
    neighbours, and a cheap one is not dropped just to have fewer."""
    cost = {"生态": 260, "态环": 3, "环保": 87, "保工": 2, "工作": 893, "作取": 22, "取得": 87,
            "得了": 40, "了一": 22}  # fmt: skip
    covering = covering_grams(query_grams("生态环保工作取得了一"), cost.__getitem__)
    assert [gram for _, gram in covering] == ["生态", "态环", "保工", "作取", "得了", "了一"]
    rng = random.Random(3)
    for _ in range(200):
        grams = query_grams("".join(rng.choices("一二三四五六", k=rng.randint(2, 9))))
        prices = {gram: rng.randint(1, 50) for gram in grams}
        covering = covering_grams(grams, prices.__getitem__)
        best = min(
            sum(prices[grams[i]] for i in chosen)
            for chosen in every_subset(len(grams))
            if {i + k for i in chosen for k in (0, 1)} == set(range(len(grams) + 1))
        )
        assert sum(prices[gram] for _, gram in covering) == best
        assert {o + k for o, _ in covering for k in (0, 1)} == set(range(len(grams) + 1))


def every_subset(size: int):
    for mask in range(1, 2**size):
        yield [i for i in range(size) if mask >> i & 1]


def test_a_few_candidates_are_read_block_by_block_not_decoded_whole(corpus, monkeypatch):
    """Decoding a whole long list pays only when the candidates fall in most of its blocks."""
    monkeypatch.setattr("archive.search.engine.postings.MIN_POSTINGS", 1)
    monkeypatch.setattr("archive.search.engine.postings.MANY_CANDIDATES", 1)
    monkeypatch.setattr("archive.search.engine.postings.BLOCK_LIMIT", 8)  # the corpus' blocks
    reader, texts, deleted = corpus
    rare = "书记春耕哈哈"  # a few documents; its bigrams' lists have tens of blocks each
    query = VerbatimGrams("grams", query_grams(rare))
    found = {int(reader.stored_fields(d)["key"]) for d in query.matching_docnums(reader)}
    assert found == {key for key, text in enumerate(texts) if rare in text and key not in deleted}
    assert len(found) < 20
    assert not kept_positions()  # (the rarest bigram's ids, all read anyway, are kept)
    VerbatimGrams("grams", query_grams("哈哈哈")).matching_docnums(reader)  # most documents
    assert kept_positions()


def kept_positions() -> list:
    return [entry for entry in decoded_lists.values() if isinstance(entry, DecodedList)]
