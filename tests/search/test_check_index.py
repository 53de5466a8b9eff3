"""``manage.py check_index [--repair]`` and ``update_index --remove`` (issue #13, item 4)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from archive.models import Article
from archive.search.service import SearchRequest, search_articles
from tests.factories import make_article
from tests.search.conftest import index_articles


def check(*args: str) -> str:
    out = io.StringIO()
    call_command("check_index", *args, stdout=out)
    return out.getvalue()


def test_check_index_finds_missing_stale_and_extra_documents_and_repairs_only_those(
    search_backend,
):
    articles = [make_article(title=f"春耕{n}", body="黄河滩区开始春耕。") for n in range(6)]
    index_articles()
    assert "missing 0, stale 0, extra 0" in check()
    # Changed behind the index's back (bulk SQL: no signals).
    Article.objects.filter(pk=articles[0].pk).update(body="黄河滩区开始秋收。")
    Article.objects.filter(pk=articles[1].pk).delete()
    search_backend.remove(articles[2])
    with pytest.raises(CommandError) as failed:
        check()
    assert "check_index --repair" in str(failed.value)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_index", stdout=out)
    report = out.getvalue()
    assert "5 in the database, 5 in the index; missing 1, stale 1, extra 1" in report
    assert f"missing: archive.article.{articles[2].pk}" in report
    assert f"stale: archive.article.{articles[0].pk}" in report
    assert f"extra: archive.article.{articles[1].pk}" in report

    repaired = check("--repair")
    assert "Repaired 3 documents." in repaired and "The index equals the database." in repaired
    assert search_articles(SearchRequest(text="秋收")).total == 1
    assert search_articles(SearchRequest(text="春耕", per_page=50)).total == 5


def test_update_index_remove_drops_documents_deleted_in_sql(search_backend):
    for n in range(8):
        make_article(title=f"春耕{n}", body="黄河滩区开始春耕。")
    index_articles()
    Article.objects.filter(title__in=["春耕1", "春耕2", "春耕3"]).delete()  # signals run: undo
    index_articles(Article.objects.none())
    search_backend.clear()
    index_articles()
    gone = list(Article.objects.filter(title__in=["春耕4", "春耕5"]).values_list("pk", flat=True))
    Article.objects.filter(pk__in=gone)._raw_delete(Article.objects.db)  # SQL, no signals
    assert search_articles(SearchRequest(text="春耕")).total == 5
    call_command("update_index", remove=True, using=["default"], verbosity=0)
    assert search_articles(SearchRequest(text="春耕")).total == 3
