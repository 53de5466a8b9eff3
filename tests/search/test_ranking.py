"""Block-wise ranking (archive.search.engine.ranking) gives Whoosh's own scores, order and counts."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from haystack import connections
from whoosh import query as wq

from archive.models import Article
from archive.search.engine import ranking
from archive.search.engine.docsets import query_docset
from archive.search.engine.ranking import Unsupported, rank
from archive.search.query import parse_query
from archive.search.service import SearchFilters
from archive.search.whoosh_query import compile_query
from tests.factories import make_article, make_county, make_issue, make_newspaper, make_page
from tests.search.conftest import index_articles

WORDS = ["黄河", "滩区", "春耕", "农民", "合作社", "小麦", "灌溉", "渠道", "村委会", "集市",
         "黄河滩", "修缮", "老街", "书屋", "志愿者", "雨季"]  # fmt: skip
QUERIES = [
    "黄河",
    "合作社",
    "黄河滩",
    "农民 小麦",
    "春耕 -灌溉",
    "老街 OR 书屋",
    '"黄河滩区"',
    "河",
    "麦 农民",
    "合作社 黄河滩",
    "村委会 志愿者 黄河",
]


@pytest.fixture
def searcher(search_backend):
    rng = random.Random(5)
    paper = make_newspaper("怀川日报")
    counties = [make_county("温县"), make_county("孟州市")]
    for number in range(60):
        page = make_page(f"A{number:02d}", make_issue(f"20{10 + number % 12}-03-0{1 + number % 8}", paper),
                         counties[number % 2])  # fmt: skip
        body = "，".join("".join(rng.sample(WORDS, rng.randint(1, 4))) for _ in range(6)) + "。"
        make_article(page=page, title="".join(rng.sample(WORDS, 2)), body=body)
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    # Two segments, and deleted documents in the first (re-indexed articles are deletions).
    index_articles(Article.objects.filter(pk__in=ids[:40]))
    index_articles(Article.objects.filter(pk__in=ids[40:] + ids[:5]))
    return search_backend.searcher()


def whoosh_ranking(searcher, query) -> list[tuple[int, float]]:
    """Every match scored by Whoosh's collector (no limit: no block skipping), restricted to
    the exact matches (Whoosh's matcher tree lets an excluded article through, see below)."""
    exact = set()
    for sub, offset in searcher.leaf_searchers():
        exact.update(docnum + offset for docnum in query_docset(query, sub))
    results = searcher.search(query, limit=None)
    pairs = [(hit.docnum, hit.score) for hit in results if hit.docnum in exact]
    return sorted(pairs, key=lambda p: (-p[1], p[0]))


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("kept", [False, True])  # posting lists kept decoded (decoded.py)
# A term's BM25 parts per document, kept sparse (ids) or dense (the whole segment).
@pytest.mark.parametrize("dense_share", [1, 10**9])
# Unions of sparse parts kept sparse, or made dense.
@pytest.mark.parametrize("sparse_share", [0, 10**9])
# Parts of an And asked about their rarer parts' documents: read there only, or read whole.
@pytest.mark.parametrize("within_share", [0, 10**9])
def test_rank_orders_every_match_by_whooshs_score(
    searcher, text, kept, dense_share, sparse_share, within_share, monkeypatch
):
    monkeypatch.setattr("archive.search.engine.term_scores.DENSE_SHARE", dense_share)
    monkeypatch.setattr("archive.search.engine.matches.SPARSE_SHARE", sparse_share)
    monkeypatch.setattr("archive.search.engine.term_scores.WITHIN_SHARE", within_share)
    if kept:
        monkeypatch.setattr("archive.search.engine.postings.MIN_POSTINGS", 1)
        monkeypatch.setattr("archive.search.engine.postings.MANY_CANDIDATES", 1)
        rank(searcher, compile_query(parse_query(text), SearchFilters()), 5, ())  # fills them
    expected = whoosh_ranking(searcher, compile_query(parse_query(text), SearchFilters()))
    assert expected, "the query should match something"
    query = compile_query(parse_query(text), SearchFilters())
    top, total, _ = rank(searcher, query, len(expected) + 5, ())
    assert total == len(expected)
    assert [docnum for docnum, _ in top] == [docnum for docnum, _ in expected]
    for (_, ours), (_, theirs) in zip(top, expected, strict=True):
        assert ours == pytest.approx(theirs, rel=1e-12)


@pytest.mark.parametrize("sort", ["newest", "oldest"])
@pytest.mark.parametrize("text", ["黄河", "农民 小麦", "老街 OR 书屋"])
def test_sorted_rank_orders_like_whooshs_date_sort(searcher, text, sort):
    from archive.search.whoosh_search import sort_facet

    query = compile_query(parse_query(text), SearchFilters())
    exact = {d for d, _ in whoosh_ranking(searcher, query)}
    results = searcher.search(query, limit=None, sortedby=sort_facet(sort))
    expected = [hit.docnum for hit in results if hit.docnum in exact]
    for limit in (len(expected), 4):
        top, total, _ = rank(searcher, query, limit, (), sort=sort)
        assert total == len(expected)
        assert [docnum for docnum, _ in top] == expected[:limit]


def test_rank_limit_keeps_the_best(searcher):
    query = compile_query(parse_query("黄河"), SearchFilters())
    expected = whoosh_ranking(searcher, query)
    top, total, _ = rank(searcher, query, 3, ())
    assert [docnum for docnum, _ in top] == [docnum for docnum, _ in expected[:3]]
    assert total == len(expected) > 3


@pytest.mark.parametrize("text", ["小麦", "河", "村委会 老街"])
# Facets counted on the matches, or as the whole segment's counts less the others'.
@pytest.mark.parametrize("complement_share", [0, 10**9])
# Combinations of values numbered as one integer, or found row by row.
@pytest.mark.parametrize("joint_limit", [2**62, 1])
def test_rank_counts_facets_exactly(searcher, text, complement_share, joint_limit, monkeypatch):
    monkeypatch.setattr("archive.search.engine.ranking.COMPLEMENT_SHARE", complement_share)
    monkeypatch.setattr("archive.search.engine.ranking.JOINT_LIMIT", joint_limit)
    query = compile_query(parse_query(text), SearchFilters())
    _, total, facets = rank(searcher, query, 20, ("county", "year", "month"))
    hits = searcher.search(query, limit=None)
    expected = {"county": Counter(), "year": Counter(), "month": Counter()}
    for sub, _ in searcher.leaf_searchers():
        reader = sub.reader()
        county, year = list(reader.column_reader("county")), list(reader.column_reader("year"))
        dates = reader.column_reader("date", translate=False)
        decode = reader.schema["date"].from_column_value
        for docnum in sub.search(query, limit=None).docs():
            expected["county"][county[docnum]] += 1
            expected["year"][year[docnum]] += 1
            expected["month"][(decode(dates[docnum]) or 0) // 100] += 1
    assert total == len(hits) > 0
    assert {name: dict(counts) for name, counts in facets.items()} == {
        name: dict(counts) for name, counts in expected.items()
    }


@pytest.mark.parametrize("sample", [4096, 2])
@pytest.mark.parametrize("limit", [1, 20, 700])
@pytest.mark.parametrize("values", ["random", "ties", "equal", "descending", "ascending"])
def test_best_candidates_are_every_key_up_to_the_limit_th(values, limit, sample, monkeypatch):
    """The sampled bound only narrows what is partitioned: the answer is the plain one."""
    import numpy as np

    from archive.search.engine.ranking import best_candidates

    monkeypatch.setattr("archive.search.engine.ranking.SAMPLE", sample)
    rng = np.random.default_rng(limit)
    size = 70_000 if sample == 4096 else 1_000
    keys = {
        "random": rng.random(size),
        "ties": rng.integers(0, 40, size).astype(float),
        "equal": np.full(size, -3.0),
        "descending": -np.arange(size, dtype=float),
        "ascending": np.arange(size, dtype=float),
    }[values]
    threshold = np.sort(keys)[limit - 1]
    assert best_candidates(keys, limit).tolist() == np.flatnonzero(keys <= threshold).tolist()


def test_rank_respects_filters(searcher):
    everything = compile_query(parse_query("黄河"), SearchFilters())
    only_wen = compile_query(parse_query("黄河"), SearchFilters(county="wenxian"))
    _, total_all, _ = rank(searcher, everything, 20, ())
    top, total_wen, _ = rank(searcher, only_wen, 100, ())
    assert 0 < total_wen < total_all
    assert [d for d, _ in top] == [d for d, _ in whoosh_ranking(searcher, only_wen)]


def test_unknown_query_nodes_are_left_to_whoosh(searcher):
    with pytest.raises(Unsupported):
        rank(searcher, wq.FuzzyTerm("text", "黄河"), 20, ())


def test_search_page_uses_the_same_ranking(searcher):
    from archive.search.service import SearchRequest, search_articles

    query = compile_query(parse_query("合作社"), SearchFilters())
    expected = whoosh_ranking(searcher, query)
    page = search_articles(SearchRequest(text="合作社", per_page=5))
    stored = [int(searcher.stored_fields(docnum)["django_id"]) for docnum, _ in expected[:5]]
    assert [hit.article.pk for hit in page.hits] == stored
    assert page.total == len(expected)
    assert connections["default"].get_backend().searcher().doc_count() == 60


def test_excluded_words_never_appear_in_the_hits(searcher):
    from archive.search.service import SearchRequest, search_articles

    page = search_articles(SearchRequest(text="春耕 -灌溉"))
    texts = {a.pk: a.title + a.body for a in Article.objects.all()}
    expected = sorted(pk for pk, text in texts.items() if "春耕" in text and "灌溉" not in text)
    assert page.total == len(expected) > 0
    assert sorted(hit.article.pk for hit in page.hits) == expected


@pytest.fixture
def near_misses(search_backend):
    """One article with 黄河滩区迁建 verbatim; several with all its words and bigrams, each
    word many times, but never the whole string (黄河滩上，滩区迁建)."""
    page = make_page("A01", make_issue("2023-03-01", make_newspaper("怀川日报")))
    exact = make_article(
        page=page, title="通讯", body="村里开会说起黄河滩区迁建。" + "天气晴。" * 40
    )
    for number in range(6):
        make_article(page=page, title=f"简讯{number}", body="黄河滩上，滩区迁建。" * (3 + number))
    index_articles(Article.objects.all())
    return search_backend.searcher(), exact


def test_a_candidate_without_the_string_loses_its_exact_score(near_misses):
    searcher, exact = near_misses
    expected = whoosh_ranking(searcher, compile_query(parse_query("黄河滩区迁建"), SearchFilters()))
    for limit in (1, 3, len(expected)):
        query = compile_query(parse_query("黄河滩区迁建"), SearchFilters())
        top, total, _ = rank(searcher, query, limit, ())
        assert total == len(expected) == 7
        assert [docnum for docnum, _ in top] == [docnum for docnum, _ in expected[:limit]]
        assert [score for _, score in top] == pytest.approx([s for _, s in expected[:limit]])
    first = top[0][0]
    assert int(searcher.stored_fields(first)["django_id"]) == exact.pk


@pytest.mark.parametrize("dense_share", [1, 10**9])
def test_kept_term_scores_never_bring_back_a_document_deleted_later(
    search_backend, dense_share, monkeypatch
):
    """Kept lists are keyed by segment, and a deletion does not make a new segment."""
    monkeypatch.setattr("archive.search.engine.term_scores.DENSE_SHARE", dense_share)
    monkeypatch.setattr("archive.search.engine.postings.MIN_POSTINGS", 1)
    articles = [make_article(title=f"春耕{n}", body="黄河滩区的农民开始春耕。") for n in range(6)]
    index_articles()
    query = compile_query(parse_query("春耕"), SearchFilters())
    top, total, _ = rank(search_backend.searcher(), query, 10, ("county",))
    assert total == 6
    search_backend.remove(articles[2])
    searcher = search_backend.searcher()
    top, total, facets = rank(searcher, query, 10, ("county",))
    stored = [searcher.stored_fields(docnum)["django_id"] for docnum, _ in top]
    assert total == 5 and sum(facets["county"].values()) == 5
    assert str(articles[2].pk) not in stored and len(stored) == 5


def test_a_part_matching_nothing_ends_an_and_before_the_common_parts_are_read(
    searcher, monkeypatch
):
    """The rarest part is asked first; the sums still follow the query's order (above)."""
    read = []
    real = ranking.term_matches

    def spy(term, *args, **kwargs):
        read.append(term.text)
        return real(term, *args, **kwargs)

    monkeypatch.setattr(ranking, "term_matches", spy)
    query = wq.And([wq.Term("text", "黄河"), wq.Term("text", "农民"), wq.Term("text", "火星")])
    top, total, facets = rank(searcher, query, 10, ("county",))
    assert (top, total, sum(facets["county"].values())) == ([], 0, 0)
    assert "黄河" not in read and "农民" not in read and "火星" in read
    top, total, _ = rank(
        searcher, wq.And([wq.Term("text", "黄河"), wq.Term("text", "农民")]), 5, ()
    )
    assert total > 0 and {"黄河", "农民"} <= set(read)


@pytest.mark.parametrize("text", [*QUERIES, "黄河滩区合作社 老街", "火星"])
def test_and_estimates_are_whooshs_own(searcher, text):
    """An ``And`` orders its parts by estimate from cached term infos: the very numbers
    Whoosh's ``estimate_size`` gives, for every node of a real query and per segment."""
    query = compile_query(parse_query(text), SearchFilters(county="温县"))
    nodes = [query]
    for node in nodes:
        nodes.extend(node.children())
    extra = [wq.Term("no_such_field", "黄河"), wq.Term("year", "not a number")]
    for sub, _ in searcher.leaf_searchers():
        reader = sub.reader()
        for node in [*nodes, *extra]:
            try:
                expected = node.estimate_size(reader)
            except (NotImplementedError, ValueError):
                expected = 0
            assert ranking._estimated(node, reader) == expected, node


@pytest.mark.parametrize("seed", range(40))
def test_a_union_sums_its_parts_in_order_and_ignores_empty_ones(seed):
    """Each document's score is 0.0 plus its parts' scores in query order (bit for bit), an
    empty part changes nothing, and a union of one part is that part."""
    import numpy as np

    from archive.search.engine.matches import Matches, union

    rng = random.Random(seed)
    size = 200
    parts, reference = [], {}
    for _ in range(rng.randint(1, 4)):
        ids = sorted(rng.sample(range(size), rng.choice([0, 0, 1, 5, 40])))
        scores = [rng.random() * 10 ** rng.randint(-3, 7) for _ in ids]
        for docnum, score in zip(ids, scores, strict=True):
            reference[docnum] = reference.get(docnum, 0.0) + score
        part = Matches.sparse(size, np.array(ids, np.int64), np.array(scores))
        if rng.random() < 0.3:
            matched = np.zeros(size, bool)
            matched[part.ids] = True
            dense_scores = np.zeros(size)
            dense_scores[part.ids] = part.scores
            part = Matches.dense(matched, dense_scores)
        parts.append(part)
    found = union(parts, size, scored=True)
    docnums = found.docnums()
    assert docnums.tolist() == sorted(reference)
    assert found.scores_at(docnums).tolist() == [reference[d] for d in sorted(reference)]
