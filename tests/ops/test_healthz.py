"""``/healthz`` answers 200 only when the database and the search index can both be read."""

from __future__ import annotations

import shutil
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.db import OperationalError, connection
from django.test import override_settings

from tests.factories import make_article
from tests.search.conftest import index_articles


def whoosh_at(path: Path) -> dict:
    return {"default": {**settings.HAYSTACK_CONNECTIONS["default"], "PATH": str(path)}}


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


def test_missing_index_answers_503_and_creates_nothing(db, client, tmp_path):
    empty = tmp_path / "whoosh_index"
    empty.mkdir()
    with override_settings(HAYSTACK_CONNECTIONS=whoosh_at(empty)):
        response = client.get("/healthz")
    assert response.status_code == 503
    report = response.json()
    assert report["database"] == "ok"
    assert "rebuild_index" in report["search_index"]
    assert list(empty.iterdir()) == []  # the check must not paper over it with a new index


def test_garbage_in_the_index_folder_answers_503(db, client, tmp_path):
    garbage = tmp_path / "whoosh_index"
    garbage.mkdir()
    (garbage / "_MAIN_3.toc").write_bytes(b"\x00not a whoosh table of contents\xff" * 10)
    with override_settings(HAYSTACK_CONNECTIONS=whoosh_at(garbage)):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["search_index"] != "ok"


def test_truncated_segment_files_answer_503(search_backend, client, tmp_path):
    for n in range(3):
        make_article(title=f"春耕{n}", body="黄河滩区的农民开始春耕。")
    index_articles()
    damaged = tmp_path / "whoosh_index"
    shutil.copytree(search_backend.path, damaged)
    for stored in damaged.glob("*_stored.col"):  # stored fields: what every hit reads
        stored.write_bytes(stored.read_bytes()[:8])
    with override_settings(HAYSTACK_CONNECTIONS=whoosh_at(damaged)):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert "索引无法读取" in response.json()["search_index"]
