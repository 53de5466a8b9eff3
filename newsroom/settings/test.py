"""Tests: fast hashing and a throwaway data directory (index, uploads) per test run."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import HAYSTACK_CONNECTIONS, STORAGES

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

DATA_DIR = Path(tempfile.mkdtemp(prefix="newsroom-test-"))
WHOOSH_INDEX_PATH = DATA_DIR / "whoosh_index"
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
