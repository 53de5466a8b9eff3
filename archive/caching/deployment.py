"""What a cached page was rendered by: the settings that shape its headers and the code.

A kept page, and especially the front door's kept *final* answer (with what SecurityMiddleware
and XFrameOptionsMiddleware added), must not outlive the settings and code that made it: after
an operator turns on the HTTPS redirect or an upgrade changes a template, the caches (file,
Redis, Memcached) still hold pages made before. Every page-cache key carries this fingerprint,
so such pages are never read again."""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from django.conf import settings

# Settings that change what a kept answer says or who may get it.
KEY_SETTINGS = (
    "ALLOWED_HOSTS",
    "MIDDLEWARE",
    "LANGUAGES",
    "LANGUAGE_CODE",
    "SECURE_SSL_REDIRECT",
    "SECURE_SSL_HOST",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "USE_X_FORWARDED_HOST",
    "USE_X_FORWARDED_PORT",
    "FORCE_SCRIPT_NAME",
    "STATIC_URL",
    "DEBUG",
)
# The code a page is rendered by: the project's Python files and templates.
CODE_DIRS = ("archive", "newsroom", "templates")
CODE_SUFFIXES = (".py", ".html", ".txt", ".xml", ".json")


def deployment_fingerprint() -> str:
    """Short hash of the key settings and of the code files' names, sizes and times (a stat
    of each: ~4 ms), once per process; on every request under DEBUG, so that a developer's
    edit of a template shows at once."""
    if settings.DEBUG:
        return _fingerprint()
    return _fingerprint_once()


def forget_fingerprint() -> None:
    """Work it out again (tests that change the settings, as a restarted process would)."""
    _fingerprint_once.cache_clear()


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in KEY_SETTINGS:
        digest.update(f"{name}={getattr(settings, name, None)!r}\n".encode())
    root = Path(settings.BASE_DIR)
    for folder in CODE_DIRS:
        for dirpath, dirnames, filenames in os.walk(root / folder):
            dirnames.sort()
            for filename in sorted(filenames):
                if filename.endswith(CODE_SUFFIXES):
                    path = Path(dirpath) / filename
                    stat = path.stat()
                    relative = path.relative_to(root)
                    digest.update(f"{relative}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


_fingerprint_once = functools.lru_cache(maxsize=1)(_fingerprint)
