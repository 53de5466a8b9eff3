"""A backup restored into an empty database brings back every article and every revision,
and search works on it; restore never overwrites data unless told to."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import override_settings
from haystack import connections
from reversion.models import Version

from archive.backup import BackupError, restore_backup, write_backup
from archive.corrections.editing import save_correction
from archive.models import Article
from archive.search.service import SearchRequest, search_articles
from tests.factories import make_article, make_county, make_page, make_staff_user

ROOT = Path(__file__).resolve().parents[2]


def correct(article: Article, user, **changes) -> Article:
    for field, value in changes.items():
        setattr(article, field, value)
    return save_correction(article, user=user, expected_version=article.version)


def archive_state() -> tuple[dict, dict]:
    """Every article's stored fields, and every article version's serialized content."""
    articles = {
        a["id"]: a
        for a in Article.objects.values(
            "id", "page_id", "title", "body", "ocr_text", "status", "corrected", "county_id"
        )
    }
    article_type = ContentType.objects.get_for_model(Article)
    versions = {
        v.pk: (v.object_id, v.revision.comment, v.revision.user_id, v.serialized_data)
        for v in Version.objects.filter(content_type=article_type).select_related("revision")
    }
    return articles, versions


@pytest.fixture(autouse=True)
def own_media_folder(tmp_path):
    """An empty MEDIA_ROOT of this test's own: other tests leave scans in the shared one."""
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield


@pytest.fixture
def archive(db):
    """Three articles on two pages; two of them corrected by staff (with revisions)."""
    editor = make_staff_user("editor")
    wenxian = make_county("温县")
    page = make_page("A08", county=wenxian)
    first = make_article(page=page, title="温县小麦喜获丰收", body="温县小麦亩产创新高")
    second = make_article(page=page, title="黄河滩区迁建", body="滩区群众住上新房")
    make_article(page=make_page("A09", issue=page.issue), title="孟州简讯", body="孟州市召开会议")
    correct(first, editor, body="温县小麦亩产创新高，农民增收")
    correct(first, editor, title="温县小麦再获丰收")
    correct(second, editor, body="滩区群众喜迁新居")
    return editor


def empty_the_database_and_index() -> None:
    call_command("flush", interactive=False, verbosity=0)
    connections["default"].get_backend().clear()


def titles_found(text: str) -> list[str]:
    page = search_articles(SearchRequest(text=text, with_facets=False))
    assert not page.error, page.error
    return [hit.article.title for hit in page.hits]


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_empty_database_brings_back_every_article_and_revision(archive, tmp_path):
    articles, versions = archive_state()
    assert len(articles) == 3 and len(versions) >= 5  # baselines plus three corrections
    summary = write_backup(tmp_path / "backup")
    assert (summary.articles, summary.revisions) == (3, len(versions))

    empty_the_database_and_index()
    assert Article.objects.count() == 0
    restored = restore_backup(tmp_path / "backup")

    assert archive_state() == (articles, versions)
    assert (restored.articles, restored.revisions) == (3, len(versions))
    # The index was rebuilt from the restored articles: corrected text is found.
    assert titles_found("农民增收") == ["温县小麦再获丰收"]
    assert titles_found("喜迁新居") == ["黄河滩区迁建"]


@pytest.mark.django_db(transaction=True)
def test_articles_jsonl_holds_each_article_with_its_revisions(archive, tmp_path):
    write_backup(tmp_path / "backup")
    lines = (tmp_path / "backup" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    records = {record["title"]: record for record in map(json.loads, lines)}
    assert set(records) == {"温县小麦再获丰收", "黄河滩区迁建", "孟州简讯"}
    first = records["温县小麦再获丰收"]
    assert first["body"] == "温县小麦亩产创新高，农民增收"
    assert first["ocr_text"] == "温县小麦亩产创新高"  # the original OCR, never overwritten
    bodies = [revision["fields"]["body"] for revision in first["revisions"]]
    assert bodies == ["温县小麦亩产创新高", "温县小麦亩产创新高，农民增收", bodies[-1]]
    assert {revision["user"] for revision in first["revisions"][1:]} == {"editor"}
    assert records["孟州简讯"]["revisions"] == []
    manifest = json.loads((tmp_path / "backup" / "backup.json").read_text(encoding="utf-8"))
    assert manifest["articles"] == 3
    assert manifest["revisions"] == sum(len(r["revisions"]) for r in records.values())


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_holding_data_unless_forced(archive, tmp_path):
    write_backup(tmp_path / "backup")
    newer = make_article(title="备份之后的新文章")
    with pytest.raises(CommandError, match="already holds data .*--force"):
        call_command("restore", str(tmp_path / "backup"))
    assert Article.objects.filter(pk=newer.pk).exists()

    call_command("restore", str(tmp_path / "backup"), "--force", verbosity=0)
    assert not Article.objects.filter(pk=newer.pk).exists()
    assert Article.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_backup_refuses_a_folder_that_is_not_empty(archive, tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(CommandError, match="not an empty folder"):
        call_command("backup", str(tmp_path / "old"))
    assert [p.name for p in (tmp_path / "old").iterdir()] == ["notes.txt"]


@pytest.mark.django_db(transaction=True)
def test_unfinished_or_damaged_backups_are_refused(archive, tmp_path):
    write_backup(tmp_path / "backup")
    empty_the_database_and_index()
    jsonl = tmp_path / "backup" / "articles.jsonl"
    jsonl.write_text(jsonl.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(BackupError, match="articles.jsonl: damaged"):
        restore_backup(tmp_path / "backup")
    (tmp_path / "backup" / "backup.json").unlink()
    with pytest.raises(BackupError, match="not a finished backup"):
        restore_backup(tmp_path / "backup")
    assert Article.objects.count() == 0


def manage(data_dir: Path, *arguments: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "NEWSROOM_DATA_DIR": str(data_dir)}
    for variable in ("DATABASE_URL", "WHOOSH_INDEX_PATH", "ELASTICSEARCH_URL"):
        environment.pop(variable, None)
    environment["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.dev"
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"{arguments}: {result.stderr[-3000:]}"
    return result


def test_the_readme_procedure_restores_a_site_into_an_empty_data_folder(tmp_path):
    """The commands of the README's "Backups" section, on SQLite data folders."""
    site, backup, fresh = tmp_path / "site", tmp_path / "backup", tmp_path / "fresh"
    manage(site, "migrate", "--noinput")
    manage(site, "import_pages", "demo/pages", "--manifest", "demo/pages/manifest.csv")
    written = manage(site, "backup", str(backup)).stdout
    assert "articles with" in written
    restored = manage(fresh, "restore", str(backup)).stdout
    assert "search index rebuilt" in restored
    exported = manage(site, "export_articles").stdout.splitlines()
    assert exported and manage(fresh, "export_articles").stdout.splitlines() == exported
    count = "from archive.search.service import *; print(search_articles(SearchRequest(text='{}', with_facets=False)).total)"
    word = json.loads(exported[0])["title"][:2]
    found = manage(fresh, "shell", "-v", "0", "-c", count.format(word)).stdout.split()[-1]
    assert int(found) >= 1


@pytest.mark.django_db(transaction=True)
def test_uploaded_files_are_backed_up_and_restored(archive, tmp_path):
    scan = default_storage.save("scans/a08/page.jpg", ContentFile(b"\xff\xd8 a page scan"))
    summary = write_backup(tmp_path / "backup")
    assert summary.media_files == 1
    empty_the_database_and_index()
    with pytest.raises(BackupError, match="1 uploaded files"):
        restore_backup(tmp_path / "backup")  # the scan still there is data too
    default_storage.delete(scan)
    restored = restore_backup(tmp_path / "backup")
    assert restored.media_files == 1
    with default_storage.open(scan) as handle:
        assert handle.read() == b"\xff\xd8 a page scan"
    default_storage.delete(scan)
