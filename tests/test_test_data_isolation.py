"""Tests never touch the data of the site a developer runs, whatever the shell exports."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from newsroom.settings.test import refuse_site_data

ROOT = Path(__file__).resolve().parent.parent
SITE_VAR = ROOT / "var"
# A test that writes to the search index: what `make test` used to do to the dev site's index.
INDEX_WRITING_TEST = "tests/search/test_index_follows_db.py::test_created_article_is_searchable_as_soon_as_it_commits"


def inside(path: str | Path, folder: Path) -> bool:
    path, folder = Path(path).resolve(), folder.resolve()
    return path == folder or folder in path.parents


def test_active_settings_keep_the_data_index_media_and_static_files_in_a_temporary_folder():
    data_dir = Path(settings.DATA_DIR)
    assert data_dir.name.startswith("newsroom-test-")
    assert not inside(data_dir, ROOT) and not inside(data_dir, SITE_VAR)
    index_path = settings.HAYSTACK_CONNECTIONS["default"].get("PATH", settings.WHOOSH_INDEX_PATH)
    for path in (settings.WHOOSH_INDEX_PATH, index_path, settings.STATIC_ROOT, settings.MEDIA_ROOT):
        assert inside(path, data_dir), path
    assert os.environ["NEWSROOM_DATA_DIR"] == str(data_dir)


@pytest.mark.django_db
def test_the_test_database_is_not_the_sites_database():
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite":
        assert connection.is_in_memory_db() or inside(name, Path(settings.DATA_DIR)), name
    else:
        assert name.startswith("test_"), name


def test_guard_refuses_an_index_or_database_inside_the_sites_data(tmp_path):
    site = tmp_path / "var"
    with pytest.raises(ImproperlyConfigured, match=r"WHOOSH_INDEX_PATH = .*var/whoosh_index"):
        refuse_site_data({"WHOOSH_INDEX_PATH": site / "whoosh_index"}, site_dirs=(site,))
    with pytest.raises(ImproperlyConfigured, match="site's data folder"):
        refuse_site_data({"NAME": site / "db.sqlite3"}, site_dirs=(site,))
    with pytest.raises(ImproperlyConfigured):
        refuse_site_data({"NEWSROOM_DATA_DIR": site}, site_dirs=(site,))
    # Temporary places and in-memory databases are fine.
    refuse_site_data(
        {"index": tmp_path / "other" / "whoosh_index", "db": ":memory:", "unset": None},
        site_dirs=(site,),
    )


def tree_fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        if path.is_file()
        else "dir"
        for path in sorted(folder.rglob("*"))
    }


def test_tests_run_with_the_dev_settings_exported_leave_the_site_data_untouched(tmp_path):
    """What ``make run`` then ``make test`` does: the shell exports the dev settings and the
    site's data folder; an index-writing test must leave that folder exactly as it was."""
    site = tmp_path / "site-data"
    (site / "whoosh_index").mkdir(parents=True)
    (site / "whoosh_index" / "notes.txt").write_text("the site index", encoding="utf-8")
    (site / "db.sqlite3").write_bytes(b"the site's database")
    before = tree_fingerprint(site)
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev",
        "NEWSROOM_DATA_DIR": str(site),
    }
    # The inner run must not compete with this one for the PostgreSQL test database.
    environment.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", INDEX_WRITING_TEST, "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "1 passed" in result.stdout
    assert tree_fingerprint(site) == before
