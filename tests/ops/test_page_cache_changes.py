"""A cache hit reads one stamp, not every token, and still never serves a changed page
(``archive/caching/changes.py``)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from archive.caching import changes
from archive.caching.changes import STAMP_KEY, note_change, remembered_values
from archive.caching.generation import GENERATION_KEY
from archive.caching.scopes import SCOPE_PREFIX, bump_scopes, issue_scope, read_tokens
from tests.ops.conftest import correct


@pytest.fixture
def token_reads(monkeypatch) -> list[str]:
    """Keys of generation and scope tokens read from the cache."""
    read: list[str] = []
    get, get_many = cache.get, cache.get_many

    def is_token(key: str) -> bool:
        return key == GENERATION_KEY or key.startswith(SCOPE_PREFIX)

    def counting_get(key, *args, **kwargs):
        read.extend([key] if is_token(key) else [])
        return get(key, *args, **kwargs)

    def counting_get_many(keys, *args, **kwargs):
        read.extend(key for key in keys if is_token(key))
        return get_many(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)
    monkeypatch.setattr(cache, "get_many", counting_get_many)
    return read


def test_a_cached_page_reads_no_token_while_nothing_changed(archive, client, token_reads):
    url = archive.get_absolute_url()
    client.get(url)
    client.get(url)
    token_reads.clear()
    assert client.get(url).status_code == 200
    assert token_reads == []


def test_after_any_token_changes_the_tokens_are_read_again(archive, client, token_reads):
    url = archive.get_absolute_url()
    client.get(url)
    client.get(url)
    bump_scopes([issue_scope(999)])  # another issue: this page stays valid
    token_reads.clear()
    before = client.get(url)
    assert (
        GENERATION_KEY in token_reads
        and SCOPE_PREFIX + issue_scope(archive.page.issue_id) in token_reads
    )
    assert before.status_code == 200


def test_a_correction_saved_after_the_tokens_were_remembered_shows_at_once(
    archive, client, django_capture_on_commit_callbacks
):
    urls = [archive.get_absolute_url(), archive.page.get_absolute_url()]
    for url in urls * 2:
        client.get(url)
    correct(archive, django_capture_on_commit_callbacks, title="黄河滩区春耕正忙（已校正）")
    for url in urls:
        assert "已校正" in client.get(url).content.decode(), url


def test_a_value_remembered_under_an_old_stamp_is_never_used(db):
    factory = RequestFactory()
    cache.set("newsroom:scope:issue:1", "old", timeout=None)
    assert remembered_values(factory.get("/"), ["newsroom:scope:issue:1"]) == {
        "newsroom:scope:issue:1": "old"
    }
    cache.set("newsroom:scope:issue:1", "new", timeout=None)
    # Not announced: a request under the same stamp still sees what was remembered ...
    assert (
        remembered_values(factory.get("/"), ["newsroom:scope:issue:1"])["newsroom:scope:issue:1"]
        == "old"
    )
    note_change()
    # ... announced: the next request reads it again.
    assert (
        remembered_values(factory.get("/"), ["newsroom:scope:issue:1"])["newsroom:scope:issue:1"]
        == "new"
    )


def test_a_lost_stamp_is_made_anew_and_nothing_remembered_is_used(db):
    factory = RequestFactory()
    cache.set("newsroom:scope:issue:1", "old", timeout=None)
    remembered_values(factory.get("/"), ["newsroom:scope:issue:1"])
    cache.delete(STAMP_KEY)  # a full cache dropped it
    cache.set("newsroom:scope:issue:1", "new", timeout=None)
    found = remembered_values(factory.get("/"), ["newsroom:scope:issue:1"])
    assert found == {"newsroom:scope:issue:1": "new"}
    assert cache.get(STAMP_KEY) is not None


def test_missing_values_are_not_remembered(db):
    factory = RequestFactory()
    assert remembered_values(factory.get("/"), ["newsroom:scope:issue:7"]) == {}
    cache.set("newsroom:scope:issue:7", "made", timeout=None)
    assert remembered_values(factory.get("/"), ["newsroom:scope:issue:7"]) == {
        "newsroom:scope:issue:7": "made"
    }


def test_a_token_made_for_a_lost_one_changes_the_stamp(db):
    before = changes.current_stamp()
    read_tokens([issue_scope(5)])  # none yet: made now
    assert changes.current_stamp() != before
    same = changes.current_stamp()
    read_tokens([issue_scope(5)])  # there now: nothing made
    assert changes.current_stamp() == same


def test_every_generation_and_scope_write_changes_the_stamp(db):
    from archive.caching.generation import bump_content_generation

    stamps = {changes.current_stamp()}
    bump_content_generation()
    stamps.add(changes.current_stamp())
    bump_scopes([issue_scope(1)])
    stamps.add(changes.current_stamp())
    assert len(stamps) == 3


def test_the_stamp_is_written_last_in_the_same_call_as_the_tokens(db, monkeypatch):
    """A stamp write that could fail on its own would leave every process with old tokens."""
    from archive.caching.generation import bump_content_generation

    written: list[list[str]] = []
    set_many = cache.set_many

    def recording(values, *args, **kwargs):
        written.append(list(values))
        return set_many(values, *args, **kwargs)

    monkeypatch.setattr(cache, "set_many", recording)
    bump_scopes([issue_scope(1), issue_scope(2)])
    bump_content_generation()
    assert written == [
        [SCOPE_PREFIX + issue_scope(1), SCOPE_PREFIX + issue_scope(2), STAMP_KEY],
        [GENERATION_KEY, STAMP_KEY],
    ]


def test_remembered_values_are_read_again_after_a_few_seconds(db, monkeypatch):
    import time

    now = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    factory = RequestFactory()
    key = "newsroom:scope:issue:3"
    cache.set(key, "old", timeout=None)
    assert remembered_values(factory.get("/"), [key]) == {key: "old"}
    cache.set(key, "new", timeout=None)  # a write whose stamp was lost
    now[0] += changes.MAX_REMEMBERED_SECONDS / 2
    assert remembered_values(factory.get("/"), [key]) == {key: "old"}
    now[0] += changes.MAX_REMEMBERED_SECONDS
    assert remembered_values(factory.get("/"), [key]) == {key: "new"}
