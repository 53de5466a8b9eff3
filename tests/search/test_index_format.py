"""Merged index segments answer exactly like the separate ones they came from."""

from __future__ import annotations


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


def test_an_index_in_another_format_is_refused_until_rebuilt(search_backend, client):
    from archive.search.engine.index_format import FORMAT_FILENAME
    from archive.search.service import INDEX_UNUSABLE, SearchRequest, search_articles
    from tests.factories import make_article
    from tests.search.conftest import index_articles

    make_article(title="黄河滩区春耕", body="黄河滩区的农民开始春耕。")
    index_articles()
    assert search_articles(SearchRequest(text="春耕")).total == 1
    with search_backend.index.storage.create_file(FORMAT_FILENAME) as marker:
        marker.write(b"newsroom-flat-1")
    search_backend.setup_complete = False  # as a freshly started process would find it

    page = search_articles(SearchRequest(text="春耕"))
    assert page.error == INDEX_UNUSABLE and page.total == 0
    response = client.get("/api/search", {"q": "春耕"})
    assert response.status_code == 503 and response.json()["error"] == INDEX_UNUSABLE
    assert "需要重建" in client.get("/search/", {"q": "春耕"}).content.decode()

    search_backend.clear()  # what rebuild_index does first
    index_articles()
    assert search_articles(SearchRequest(text="春耕")).total == 1


def test_a_rebuild_by_another_process_is_noticed_without_a_restart(search_backend):
    from django.conf import settings
    from haystack import connections

    from archive.models import Article
    from archive.search.engine.index_format import FORMAT_FILENAME
    from archive.search.service import INDEX_UNUSABLE, SearchRequest, search_articles
    from tests.factories import make_article
    from tests.search.conftest import index_articles

    make_article(title="黄河滩区春耕", body="黄河滩区的农民开始春耕。")
    index_articles()
    with search_backend.index.storage.create_file(FORMAT_FILENAME) as marker:
        marker.write(b"newsroom-flat-1")
    search_backend.setup_complete = False  # the web process starts on the old index
    assert search_articles(SearchRequest(text="春耕")).error == INDEX_UNUSABLE

    # `manage.py rebuild_index` in another process has a backend object of its own.
    other = type(search_backend)("default", **settings.HAYSTACK_CONNECTIONS["default"])
    other.clear()
    index = connections["default"].get_unified_index().get_index(Article)
    other.update(index, list(Article.objects.all().with_context()))

    page = search_articles(SearchRequest(text="春耕"))  # the same web process, not restarted
    assert not page.error and page.total == 1
