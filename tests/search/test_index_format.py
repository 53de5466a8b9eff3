"""Our fast indexing writes exactly what Whoosh's generic path would."""

from __future__ import annotations

from whoosh import formats

from archive.search.fields import encode_positions


def test_position_encoding_matches_whoosh():
    whoosh_positions = formats.Positions()
    for offsets in ([0], [7], [3, 9, 40], [5, 6], [12345]):
        assert encode_positions(offsets) == whoosh_positions.encode(offsets)
        assert whoosh_positions.decode_positions(encode_positions(offsets)) == offsets


def test_merged_segments_answer_exactly_like_the_separate_ones(search_backend):
    from archive.models import Article
    from archive.search.service import SearchRequest, search_articles
    from tests.factories import make_article, make_page
    from tests.search.conftest import index_articles

    page = make_page()
    bodies = ["小麦丰收了", "玉米丰收了", "大豆长势好", "小麦和玉米", "花生上市"]
    for n in range(12):  # twelve one-article segments: the tiered policy merges eight of them
        article = make_article(page=page, title=f"第{n}篇", body=bodies[n % 5], ocr_text="")
        index_articles(Article.objects.filter(pk=article.pk))
    edited = Article.objects.get(title="第0篇")
    edited.body = "芝麻开花"
    edited.save()
    index_articles(Article.objects.filter(pk=edited.pk))  # deletes the old version

    def answers():
        return {
            q: sorted(
                h.article.title for h in search_articles(SearchRequest(text=q, per_page=50)).hits
            )
            for q in ["小麦", "丰收", "玉米", "芝麻", "麦丰收", "花"]
        }

    segments_before = len(search_backend.index.refresh()._segments())
    before = answers()
    assert before["芝麻"] == ["第0篇"] and "第0篇" not in before["小麦"]
    search_backend.optimize()
    assert len(search_backend.index.refresh()._segments()) == 1 < segments_before
    assert answers() == before
    assert search_backend.searcher().doc_count() == 12
