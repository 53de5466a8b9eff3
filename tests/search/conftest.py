"""Fixtures for search tests: an empty index per test, and a way to index what is in the DB."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from haystack import connections

from archive.models import Article

REPO = Path(__file__).resolve().parent.parent.parent


def index_articles(queryset=None) -> int:
    """Index ``queryset`` (default: every article) synchronously; returns how many."""
    connection = connections["default"]
    index = connection.get_unified_index().get_index(Article)
    articles = list((queryset if queryset is not None else Article.objects.all()).with_context())
    return connection.get_backend().update(index, articles)


@pytest.fixture
def search_backend(db):
    """The configured backend with an empty index."""
    backend = connections["default"].get_backend()
    backend.clear()
    yield backend
    backend.clear()


def run_role(data_dir: Path, *args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tests.search.index_processes", *args],
        cwd=REPO, env=process_env(data_dir), capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


def process_env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "WHOOSH_INDEX_PATH"}}
    env.update(NEWSROOM_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="newsroom.settings.dev",
               ELASTICSEARCH_URL="", LOG_LEVEL="ERROR")  # fmt: skip
    return env


def manage(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=process_env(data_dir),
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip


@pytest.fixture
def archive_on_disk(tmp_path) -> Path:
    """A data directory with a migrated SQLite database, 120 articles and their index."""
    assert manage(tmp_path, "migrate", "-v", "0").returncode == 0
    seeded = run_role(tmp_path, "seed", "120")
    assert seeded.returncode == 0, seeded.stderr
    built = manage(tmp_path, "rebuild_index", "--noinput", "-v", "0")
    assert built.returncode == 0, built.stderr
    return tmp_path
