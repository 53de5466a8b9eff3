"""A missing or damaged index is reported (message on the page, 503 from the API, a log line
saying what to run), never answered with empty or partial results (issue #13, item 3)."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from archive.search.service import INDEX_UNUSABLE, SearchRequest, search_articles
from tests.factories import make_article
from tests.search.conftest import index_articles


def indexed_archive(search_backend) -> Path:
    for n in range(3):
        make_article(title=f"春耕{n}", body="黄河滩区的农民开始春耕。" * 40)
    index_articles()
    assert search_articles(SearchRequest(text="春耕")).total == 3
    return search_backend.current_generation()


def assert_reported(client, caplog) -> None:
    with caplog.at_level(logging.ERROR):
        page = search_articles(SearchRequest(text="春耕"))
        assert page.error == INDEX_UNUSABLE and page.total == 0
        api = client.get("/api/search", {"q": "春耕"})
        assert api.status_code == 503 and api.json()["error"] == INDEX_UNUSABLE
        html = client.get("/search/", {"q": "农民"})
        assert html.status_code == 200 and "检索索引需要重建" in html.content.decode()
    assert "manage.py rebuild_index --noinput" in caplog.text


def test_a_truncated_segment_file_is_reported_not_answered(search_backend, client, caplog):
    generation = indexed_archive(search_backend)
    postings = max(generation.glob("*.pst"), key=lambda path: path.stat().st_size)
    with open(postings, "r+b") as damaged:
        damaged.truncate(postings.stat().st_size // 2)
    assert_reported(client, caplog)


def test_a_deleted_index_directory_is_reported_and_not_recreated(search_backend, client, caplog):
    indexed_archive(search_backend)
    shutil.rmtree(search_backend.root)
    assert_reported(client, caplog)
    assert not search_backend.root.exists()


def test_index_health_says_what_to_run(search_backend):
    from archive.search import index_health

    indexed_archive(search_backend)
    ok, message = index_health()
    assert ok and "3 documents" in message
    shutil.rmtree(search_backend.root)
    ok, message = index_health()
    assert not ok and "rebuild_index --noinput" in message
