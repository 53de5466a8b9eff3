"""The index never goes back in time: whatever runs at once, each article's latest committed
text is what the index ends up holding (issue #13, item 1)."""

from __future__ import annotations

import subprocess
import sys

from haystack import connections

from archive.models import Article
from archive.search.service import SearchRequest, search_articles
from tests.factories import make_article
from tests.search.conftest import REPO, manage, process_env


def total(text: str) -> int:
    return search_articles(SearchRequest(text=text)).total


def test_a_batch_read_before_a_correction_does_not_overwrite_it(search_backend):
    article = make_article(title="滩区消息", body="黄河滩区开始春耕。", ocr_text="")
    index = connections["default"].get_unified_index().get_index(Article)
    read_by_update_index = list(Article.objects.with_context().filter(pk=article.pk))
    # A correction commits while update_index is still analysing its batch (no signal: the
    # correction's own index update is what this test must not depend on).
    Article.objects.filter(pk=article.pk).update(body="黄河滩区开始秋收。")
    search_backend.update(index, read_by_update_index)
    assert total("秋收") == 1
    assert total("开始春耕") == 0


def test_a_batch_read_before_a_deletion_does_not_bring_it_back(search_backend):
    article = make_article(title="滩区消息", body="黄河滩区开始春耕。", ocr_text="")
    index = connections["default"].get_unified_index().get_index(Article)
    read_by_update_index = list(Article.objects.with_context().filter(pk=article.pk))
    Article.objects.filter(pk=article.pk).delete()
    assert total("春耕") == 0
    search_backend.update(index, read_by_update_index)
    assert total("春耕") == 0


def test_saves_imports_update_and_rebuild_together_leave_the_index_equal_to_the_database(
    archive_on_disk,
):
    roles = [("save", "6"), ("save", "6"), ("import", "6"), ("update", "6"), ("rebuild", "6")]
    running = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.search.index_processes", *role],
            cwd=REPO,
            env=process_env(archive_on_disk),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for role in roles
    ]
    for role, process in zip(roles, running, strict=True):
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, f"{role}: {errors}"
        assert "could not update the search index" not in errors, f"{role}: {errors}"
    checked = manage(archive_on_disk, "check_index")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "The index equals the database." in checked.stdout
    assert "missing 0, stale 0, extra 0" in checked.stdout
