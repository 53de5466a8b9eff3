"""Tests: fast hashing and a throwaway data directory (index, uploads) per test run."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import HAYSTACK_CONNECTIONS

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

DATA_DIR = Path(tempfile.mkdtemp(prefix="newsroom-test-"))
WHOOSH_INDEX_PATH = DATA_DIR / "whoosh_index"
if "PATH" in HAYSTACK_CONNECTIONS["default"]:
    HAYSTACK_CONNECTIONS["default"]["PATH"] = str(WHOOSH_INDEX_PATH)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One process, nothing on disk; tests/conftest.py empties it before every test.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
