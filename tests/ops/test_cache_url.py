"""CACHE_URL chooses the cache; the default is a file cache in the data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsroom.cache_url import cache_config


def test_default_is_a_file_cache_in_the_data_folder():
    config = cache_config("", Path("/srv/newsroom/cache"))
    assert config["BACKEND"].endswith("FileCache") and config["LOCATION"] == "/srv/newsroom/cache"


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("file:///var/cache/newsroom", "archive.caching.filecache.FileCache", "/var/cache/newsroom"),
        ("redis://127.0.0.1:6379/1", "django.core.cache.backends.redis.RedisCache",
         "redis://127.0.0.1:6379/1"),
        ("memcached://10.0.0.5:11211,10.0.0.6:11211",
         "django.core.cache.backends.memcached.PyMemcacheCache",
         ["10.0.0.5:11211", "10.0.0.6:11211"]),
        ("db://newsroom_cache", "django.core.cache.backends.db.DatabaseCache", "newsroom_cache"),
    ],
)  # fmt: skip
def test_cache_url_kinds(url, backend, location):
    config = cache_config(url, Path("/unused"))
    assert config["BACKEND"] == backend and config["LOCATION"] == location


@pytest.mark.parametrize("url", ["ftp://cache.example", "memcached://", "db://no such table"])
def test_unusable_cache_url_names_the_variable(url):
    with pytest.raises(ValueError, match="CACHE_URL"):
        cache_config(url, Path("/unused"))
