"""Tests: fast hashing and a throwaway data directory (database file, index, static) per run.

The tests must never touch the data of the site a developer runs (``./var`` or whatever
``NEWSROOM_DATA_DIR`` names): every path base.py derives from the data directory is pointed at
a fresh temporary folder *before* base.py is read, and :func:`refuse_site_data` stops the run
if any configured path still lies inside the site's data.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_BASE_DIR = Path(__file__).resolve().parent.parent.parent
# The site's data as the developer configured it, remembered before it is replaced below.
SITE_DATA_DIRS = tuple(
    {
        (_BASE_DIR / "var").resolve(),
        Path(os.environ.get("NEWSROOM_DATA_DIR") or _BASE_DIR / "var").resolve(),
    }
)

_temporary = Path(tempfile.mkdtemp(prefix="newsroom-test-")).resolve()
atexit.register(shutil.rmtree, _temporary, ignore_errors=True)
# Set in the environment, not only here, so that paths base.py derives from the data directory
# (and those other modules add later) land in the temporary folder, and so do the commands
# tests run in subprocesses.
os.environ["NEWSROOM_DATA_DIR"] = str(_temporary)
for _variable in ("WHOOSH_INDEX_PATH", "STATIC_ROOT", "MEDIA_ROOT"):
    os.environ.pop(_variable, None)

from .base import *  # noqa: E402, F403
from .base import DATA_DIR, DATABASES, HAYSTACK_CONNECTIONS, STATIC_ROOT, STORAGES  # noqa: E402

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

WHOOSH_INDEX_PATH = DATA_DIR / "whoosh_index"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A DATABASE_URL naming the site's SQLite file must not lead the tests to it.
    DATABASES["default"]["NAME"] = str(DATA_DIR / "db.sqlite3")
MEDIA_ROOT = DATA_DIR / "media"
if "PATH" in HAYSTACK_CONNECTIONS["default"]:
    HAYSTACK_CONNECTIONS["default"]["PATH"] = str(WHOOSH_INDEX_PATH)
    # Damage tests truncate a file and search at once: check segment files every search.
    HAYSTACK_CONNECTIONS["default"]["INTEGRITY_CHECK_SECONDS"] = 0
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One process, nothing on disk; tests/conftest.py empties it before every test.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# A test-only model and a second Whoosh connection holding only its index, to test our engine
# through Haystack's API with Haystack's stock field types (tests/search/test_haystack_*.py).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.contract_app"]  # noqa: F405
if "PATH" in HAYSTACK_CONNECTIONS["default"]:
    HAYSTACK_CONNECTIONS["default"]["EXCLUDED_INDEXES"] = [
        "tests.contract_app.search_indexes.NoteIndex"
    ]
    HAYSTACK_CONNECTIONS["contract"] = {
        "ENGINE": "archive.search.engine.backend.ChineseWhooshEngine",
        "PATH": str(DATA_DIR / "contract_index"),
        "EXCLUDED_INDEXES": ["archive.search_indexes.ArticleIndex"],
        "INCLUDE_SPELLING": True,
    }


def refuse_site_data(paths: dict[str, str | Path | None], site_dirs=SITE_DATA_DIRS) -> None:
    """Raise ImproperlyConfigured naming the first of ``paths`` inside one of ``site_dirs``."""
    for name, value in paths.items():
        if not value or str(value) == ":memory:" or str(value).startswith("file:memorydb"):
            continue
        path = Path(value).resolve()
        for site in site_dirs:
            if path == site or site in path.parents:
                raise ImproperlyConfigured(
                    f"test settings: {name} = {path} is inside the site's data folder {site}; "
                    "tests must only use temporary data"
                )


def _paths_tests_write() -> dict[str, str | Path | None]:
    paths: dict[str, str | Path | None] = {
        "NEWSROOM_DATA_DIR": DATA_DIR,
        "WHOOSH_INDEX_PATH": WHOOSH_INDEX_PATH,
        "STATIC_ROOT": STATIC_ROOT,
        "MEDIA_ROOT": MEDIA_ROOT,
        "HAYSTACK_CONNECTIONS['default']['PATH']": HAYSTACK_CONNECTIONS["default"].get("PATH"),
    }
    database = DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        paths["DATABASES['default']['NAME']"] = database["NAME"]
        paths["DATABASES['default']['TEST']['NAME']"] = database.get("TEST", {}).get("NAME")
    return paths


refuse_site_data(_paths_tests_write())
