"""``rebuild_index`` is all-or-nothing: the old index answers until the new one is complete,
a killed rebuild leaves it serving, and saves made meanwhile are not lost (issue #13, item 2)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import pytest
from django.core.management import call_command

from archive.models import Article
from archive.search.engine import generations
from archive.search.service import SearchRequest, search_articles
from tests.factories import make_article
from tests.search.conftest import REPO, index_articles, process_env, run_role


def total(text: str) -> int:
    return search_articles(SearchRequest(text=text)).total


def test_searches_see_the_old_index_until_the_rebuild_completes(search_backend):
    for n in range(5):
        make_article(title=f"春耕{n}", body="黄河滩区开始春耕。")
    index_articles()
    with search_backend.rebuilding() as building:
        index_articles(Article.objects.filter(title="春耕0"))  # the first batch of the rebuild
        assert total("春耕") == 5
        assert search_backend.current_generation() != building
    assert total("春耕") == 1  # switched: the new index holds what the rebuild wrote


def test_a_failed_rebuild_leaves_the_old_index_serving(search_backend):
    for n in range(5):
        make_article(title=f"春耕{n}", body="黄河滩区开始春耕。")
    index_articles()
    before = search_backend.current_generation()
    with pytest.raises(RuntimeError), search_backend.rebuilding() as building:
        index_articles(Article.objects.filter(title="春耕0"))
        raise RuntimeError("killed halfway")
    assert search_backend.current_generation() == before and not building.exists()
    assert total("春耕") == 5


def test_a_save_during_a_rebuild_reaches_the_new_index(search_backend):
    first = make_article(title="滩区消息", body="黄河滩区开始春耕。", ocr_text="")
    index_articles()
    with search_backend.rebuilding():
        import os

        rebuilding_here = os.environ.pop("NEWSROOM_REBUILD_GENERATION")
        try:  # a save made by another process (which writes to both indexes)
            first.body = "黄河滩区开始秋收。"
            first.save()
            index_articles(Article.objects.filter(pk=first.pk))
        finally:
            os.environ["NEWSROOM_REBUILD_GENERATION"] = rebuilding_here
    assert total("秋收") == 1 and total("开始春耕") == 0


def test_rebuild_index_command_switches_atomically(search_backend):
    make_article(title="春耕", body="黄河滩区开始春耕。")
    call_command("rebuild_index", interactive=False, verbosity=0)
    first = search_backend.current_generation()
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert search_backend.current_generation() != first
    assert total("春耕") == 1
    assert generations.building_generation(search_backend.root) is None


def test_a_killed_rebuild_process_leaves_the_old_index_answering(archive_on_disk):
    def search_total() -> int:
        found = run_role(archive_on_disk, "search", "新闻")
        assert found.returncode == 0, found.stderr
        answer = json.loads(found.stdout)
        assert not answer["error"]
        return answer["total"]

    before = search_total()
    assert before == 120
    root = archive_on_disk / "whoosh_index"
    rebuild = subprocess.Popen(
        [sys.executable, "-m", "tests.search.index_processes", "rebuild", "0"],
        cwd=REPO, env=process_env(archive_on_disk),
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # midway: the new generation has a segment
        building = generations.building_generation(root)
        if building is not None and list(building.glob("*.sizes")):
            break
        time.sleep(0.05)
    else:
        pytest.fail("the rebuild never started writing")
    rebuild.send_signal(signal.SIGKILL)
    rebuild.wait()
    assert search_total() == before


def test_rebuild_index_leaves_one_segment(search_backend):
    for n in range(30):
        make_article(title=f"春耕{n}", body="黄河滩区开始春耕。")
    call_command("rebuild_index", interactive=False, verbosity=0, batchsize=7)
    index = search_backend.open_generation(search_backend.current_generation())
    assert len(index._segments()) == 1
    assert total("春耕") == 30


def test_a_failed_merge_still_switches_to_the_rebuilt_index(search_backend, monkeypatch):
    from archive.search.engine import merging

    def unreadable(*args, **kwargs):
        raise OSError("disk error")

    monkeypatch.setattr(merging, "_write_merged", unreadable)
    for n in range(30):
        make_article(title=f"春耕{n}", body="黄河滩区开始春耕。")
    index_articles()
    first = search_backend.current_generation()
    call_command("rebuild_index", interactive=False, verbosity=0, batchsize=7)
    assert search_backend.current_generation() != first
    index = search_backend.open_generation(search_backend.current_generation())
    assert len(index._segments()) > 1 and total("春耕") == 30
