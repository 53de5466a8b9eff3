"""Each server process keeps copies of the front door's kept answers, within a byte budget,
and checks them like entries read from the shared cache (``archive/caching/memory.py``)."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache

from archive.caching import front
from archive.caching.front import FRONT_PREFIX
from archive.caching.memory import PagesInMemory
from tests.ops.conftest import correct

LATER = time.time() + 3600
EMPTY = front.Entry((), (), None, 200, (), b"", LATER)  # an entry with an empty body


@pytest.fixture
def entry_reads(monkeypatch) -> list[str]:
    read: list[str] = []
    get = cache.get

    def counting(key, *args, **kwargs):
        read.extend([key] if key.startswith(FRONT_PREFIX) else [])
        return get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting)
    return read


def test_a_kept_page_is_answered_from_memory_without_reading_the_cache(
    archive, client, entry_reads
):
    url = archive.get_absolute_url()
    first = client.get(url)
    entry_reads.clear()
    second = client.get(url)
    assert entry_reads == []
    assert second.content == first.content


def test_another_process_reads_the_shared_entry_once_then_keeps_it(archive, client, entry_reads):
    url = archive.get_absolute_url()
    client.get(url)
    front.in_memory().clear()  # as a worker that has not seen the page
    entry_reads.clear()
    client.get(url)
    client.get(url)
    assert len(entry_reads) == 1


def test_a_copy_in_memory_is_not_served_after_a_correction(
    archive, client, django_capture_on_commit_callbacks
):
    url = archive.get_absolute_url()
    client.get(url)
    correct(archive, django_capture_on_commit_callbacks, title="黄河滩区春耕正忙（已校正）")
    assert "已校正" in client.get(url).content.decode()


def test_no_memory_budget_keeps_nothing_in_memory(archive, client, settings, entry_reads):
    settings.PAGE_MEMORY_CACHE_MB = 0
    front.in_memory.cache_clear()
    try:
        url = archive.get_absolute_url()
        client.get(url)
        entry_reads.clear()
        client.get(url)
        assert len(entry_reads) == 1 and len(front.in_memory()) == 0
        front.in_memory().put("empty", ("",), size=front.entry_size("empty", EMPTY), expires=LATER)
        assert front.in_memory().get("empty") is None
    finally:
        front.in_memory.cache_clear()


def test_the_least_recently_used_copies_go_past_the_budget():
    pages = PagesInMemory(budget_bytes=800)
    for name in "abc":
        pages.put(name, (name,), size=100, expires=LATER)
    pages.get("a")  # used: b is now the oldest
    for name in "defghi":
        pages.put(name, (name,), size=100, expires=LATER)
    assert pages.used_bytes <= 800
    assert pages.get("b") is None and pages.get("a") == ("a",)
    assert pages.get("i") == ("i",)


def test_a_copy_larger_than_an_eighth_of_the_budget_is_not_kept():
    pages = PagesInMemory(budget_bytes=800)
    pages.put("big", ("big",), size=101, expires=LATER)
    assert pages.get("big") is None and pages.used_bytes == 0


def test_an_expired_copy_is_dropped(monkeypatch):
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    pages = PagesInMemory(budget_bytes=800)
    pages.put("a", ("a",), size=10, expires=now[0] + 5)
    now[0] += 6
    assert pages.get("a") is None and pages.used_bytes == 0
    pages.put("b", ("b",), size=10, expires=now[0] - 1)  # expired already: not kept
    assert pages.get("b") is None


def test_putting_a_key_again_replaces_its_copy():
    pages = PagesInMemory(budget_bytes=800)
    pages.put("a", ("old",), size=50, expires=LATER)
    pages.put("a", ("new",), size=70, expires=LATER)
    assert pages.get("a") == ("new",) and pages.used_bytes == 70
