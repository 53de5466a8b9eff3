"""A missing or damaged index is reported (message on the page, 503 from the API, a log line
saying what to run), never answered with empty or partial results (issue #13, item 3)."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

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


def test_segments_another_commit_replaced_meanwhile_are_read_anew_not_called_damaged(
    search_backend, monkeypatch
):
    """Between reading the table of contents and checking its segments' files, another
    process may commit and merge those segments away: their files are gone, the index is
    fine. The newer segments are read; files missing from the newest are still damage."""
    from archive.search.engine import backend as backend_module
    from archive.search.engine.integrity import IndexDamaged

    indexed_archive(search_backend)
    search_backend.reset_searcher()
    real = backend_module.damaged_files
    calls = []

    def committed_meanwhile(directory, segment_ids):
        calls.append(segment_ids)
        if len(calls) == 1:  # the other process commits after our TOC was read
            make_article(title="春耕3", body="黄河滩区的农民开始春耕。")
            index_articles()
            return [f"{segment_ids[0]}.pst (missing)"]
        return real(directory, segment_ids)

    monkeypatch.setattr(backend_module, "damaged_files", committed_meanwhile)
    searcher = search_backend.searcher()
    assert searcher.doc_count() == 4 and len(calls) == 2
    assert searcher.up_to_date()

    monkeypatch.setattr(backend_module, "damaged_files", lambda directory, ids: ["x.pst (missing)"])
    search_backend.reset_searcher()
    with pytest.raises(IndexDamaged):
        search_backend.searcher()


def test_segments_deleted_by_a_newer_commit_while_opening_are_read_anew(
    search_backend, monkeypatch
):
    from archive.search.engine.integrity import IndexDamaged

    generation = indexed_archive(search_backend)
    search_backend.reset_searcher()
    index = search_backend.open_generation(generation)
    real = type(index).searcher
    opened = []

    def deleted_meanwhile(self, **kwargs):
        opened.append(1)
        if len(opened) == 1:  # another process commits and merges while we open
            make_article(title="春耕3", body="黄河滩区的农民开始春耕。")
            index_articles()
            raise FileNotFoundError("MAIN_gone.pst")
        return real(self, **kwargs)

    monkeypatch.setattr(type(index), "searcher", deleted_meanwhile)
    assert search_backend.searcher().doc_count() == 4 and len(opened) == 2

    def unreadable(self, **kwargs):
        raise FileNotFoundError("MAIN_gone.pst")

    monkeypatch.setattr(type(index), "searcher", unreadable)  # nothing committed: damage
    search_backend.reset_searcher()
    with pytest.raises(IndexDamaged):
        search_backend.searcher()
