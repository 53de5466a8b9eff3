"""The index follows the database: saves, edits and deletes are searchable within a second."""

from __future__ import annotations

import logging
import multiprocessing

from django.core.management import call_command

from archive.search.service import SearchRequest, search_articles
from tests.factories import make_article, make_county, make_page
from tests.search.conftest import index_articles


def hit_ids(text: str) -> list[int]:
    page = search_articles(SearchRequest(text=text, with_facets=False))
    return [hit.article.pk for hit in page.hits]


def test_created_article_is_searchable_as_soon_as_it_commits(
    search_backend, django_capture_on_commit_callbacks
):
    # No wall-clock assertion here (speed belongs in bench/): the point is that the index is
    # written when the transaction commits, with no queue or delay in between.
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title="新建", body="石榴园里果实累累")
    assert hit_ids("石榴园") == [article.pk]


def test_edited_article_is_found_by_new_text_not_old(
    search_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title="旧题", body="山药丰收", ocr_text="")
    with django_capture_on_commit_callbacks(execute=True):
        article.body = "怀菊花盛开"
        article.save()
    assert hit_ids("怀菊花") == [article.pk]
    assert hit_ids("山药") == []


def test_deleted_article_disappears(search_backend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title="将删", body="地黄加工厂")
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert hit_ids("地黄") == []


def test_renaming_a_county_reindexes_its_articles(
    search_backend, django_capture_on_commit_callbacks
):
    county = make_county("示例县")
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(page=make_page(county=county), title="县里", body="牛膝种植")
    with django_capture_on_commit_callbacks(execute=True):
        county.slug = "shili-new"
        county.save()
    page = search_articles(SearchRequest(text="牛膝"))
    assert page.county_counts == [("shili-new", 1)]
    assert page.hits[0].article.pk == article.pk


def test_many_saves_in_one_transaction_are_indexed_in_one_commit(
    search_backend, django_capture_on_commit_callbacks
):
    page = make_page()
    generation = search_backend.index.latest_generation()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(30):
            make_article(page=page, title=f"批量{n}", body="冬小麦越冬管理")
    assert search_articles(SearchRequest(text="越冬")).total == 30
    assert search_backend.index.latest_generation() == generation + 1


def test_rebuild_and_update_index_report_progress(search_backend, capsys):
    page = make_page()
    for n in range(3):
        make_article(page=page, title=f"进度{n}", body="蔬菜大棚")
    call_command("rebuild_index", interactive=False, verbosity=2, batchsize=2)
    output = capsys.readouterr().out
    assert "Indexing 3" in output
    assert "indexed 1 - 2 of 3" in output
    assert search_articles(SearchRequest(text="大棚")).total == 3
    index_articles()
    call_command("update_index", verbosity=2, batchsize=10)
    assert "indexed 1 - 3 of 3" in capsys.readouterr().out
    # -v 2 turns multiprocessing's logger up; put it back so its exit message stays quiet.
    multiprocessing.get_logger().setLevel(logging.WARNING)


def test_a_thread_that_searched_before_a_change_still_searches_after_it(
    search_backend, django_capture_on_commit_callbacks
):
    # Long-lived worker threads (gunicorn, uWSGI) keep their searcher between requests.
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title="旧题", body="柿子红了满山坡", ocr_text="")
    assert hit_ids("柿子") == [article.pk]
    with django_capture_on_commit_callbacks(execute=True):
        article.body = "核桃林里收获忙"
        article.save()
    assert hit_ids("核桃") == [article.pk]
    assert hit_ids("柿子") == []
    with django_capture_on_commit_callbacks(execute=True):
        make_article(title="另一篇", body="核桃加工厂投产")
    assert len(hit_ids("核桃")) == 2
