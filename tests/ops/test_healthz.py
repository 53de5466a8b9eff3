"""``/healthz`` answers 200 only when the database and the search index can both be read."""

from __future__ import annotations

import shutil
from pathlib import Path
from unittest import mock

from django.db import OperationalError, connection

from tests.factories import make_article
from tests.search.conftest import index_articles


def test_healthy_site_reports_ok_for_every_part(search_backend, client):
    make_article(title="黄河滩区春耕")
    index_articles()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "search_index": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_database_failure_answers_503_naming_the_database(search_backend, client):
    index_articles()
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("disk I/O error")):
        response = client.get("/healthz")
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "error"
    assert "OperationalError" in report["database"]
    assert report["search_index"] == "ok"


def test_missing_index_answers_503_and_creates_nothing(search_backend, client):
    make_article(title="黄河滩区春耕")
    index_articles()
    shutil.rmtree(search_backend.root)
    response = client.get("/healthz")
    assert response.status_code == 503
    report = response.json()
    assert report["database"] == "ok"
    assert "rebuild_index" in report["search_index"]
    assert not Path(search_backend.root).exists()  # no new, empty index papers over it


def test_garbage_in_the_index_folder_answers_503(search_backend, client):
    make_article(title="黄河滩区春耕")
    index_articles()
    generation = search_backend.current_generation()
    for toc in generation.glob("*.toc"):
        toc.write_bytes(b"\x00not a whoosh table of contents\xff" * 10)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["search_index"] != "ok"


def test_truncated_segment_files_answer_503(search_backend, client):
    for n in range(3):
        make_article(title=f"春耕{n}", body="黄河滩区的农民开始春耕。" * 40)
    index_articles()
    generation = search_backend.current_generation()
    postings = max(generation.glob("*.pst"), key=lambda path: path.stat().st_size)
    with open(postings, "r+b") as damaged:
        damaged.truncate(postings.stat().st_size // 2)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "rebuild_index" in response.json()["search_index"]
