"""``CACHE_URL`` → a Django ``CACHES['default']`` entry (read by the settings; no Django imports).

(unset)                           file cache in $NEWSROOM_DATA_DIR/cache
file:///var/cache/newsroom        file cache in that folder
redis://127.0.0.1:6379/1          Redis (pip install redis), also rediss://
memcached://127.0.0.1:11211       Memcached via pymemcache (pip install pymemcache);
                                  several servers: memcached://h1:11211,h2:11211
db://newsroom_cache               a database table (run manage.py createcachetable)
locmem://   dummy://              one process only / no caching at all
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

FILE_CACHE = "archive.caching.filecache.FileCache"
# A cached article page is ~20–40 kB on disk: 20,000 entries stay under a gigabyte.
FILE_CACHE_ENTRIES = 20_000


def cache_config(url: str, default_dir: Path) -> dict:
    """The CACHES entry for ``url``; ValueError naming the variable for anything unknown."""
    url = url.strip()
    if not url:
        return file_cache(str(default_dir))
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "file":
        if not parts.path:
            raise ValueError(f"CACHE_URL={url!r}: give a folder, e.g. file:///var/cache/newsroom")
        return file_cache(parts.path)
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme in {"memcached", "pymemcache"}:
        servers = [server for server in parts.netloc.split(",") if server]
        if not servers:
            raise ValueError(
                f"CACHE_URL={url!r}: name the server, e.g. memcached://127.0.0.1:11211"
            )
        return {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
                "LOCATION": servers}  # fmt: skip
    if scheme == "db":
        table = parts.netloc or parts.path.strip("/")
        if not table.isidentifier():
            raise ValueError(f"CACHE_URL={url!r}: name the table, e.g. db://newsroom_cache")
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ValueError(
        f"CACHE_URL={url!r}: unknown kind {scheme!r} (file, redis, rediss, memcached, db, locmem, dummy)"
    )


def file_cache(directory: str) -> dict:
    return {"BACKEND": FILE_CACHE, "LOCATION": directory,
            "OPTIONS": {"MAX_ENTRIES": FILE_CACHE_ENTRIES}}  # fmt: skip
