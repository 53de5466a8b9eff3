"""Backups: a consistent snapshot of the database plus every article with its revisions as
JSON Lines, and the way back into an empty data folder (the search index is rebuilt).

A backup folder holds::

    db.sqlite3 or db.pgdump   the whole database (SQLite online backup / pg_dump, custom format)
    articles.jsonl            one article a line with its revisions (readable without the site)
    media/                    uploaded files (page scans, tiles), when stored in a local folder
    backup.json               when, from what, counts and SHA-256 of the files; written last,
                              so a folder without it is an interrupted backup

The commands ``manage.py backup DIR`` and ``manage.py restore DIR`` call these functions.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from archive.backup.articles import write_articles_jsonl
from archive.backup.database import BackupError, restore_database, snapshot, stored_data
from archive.backup.media import copy_media, media_files_present, restore_media

__all__ = ["BackupError", "BackupSummary", "restore_backup", "write_backup"]

ARTICLES_FILE = "articles.jsonl"
MANIFEST_FILE = "backup.json"
FORMAT = 1


@dataclass(frozen=True)
class BackupSummary:
    folder: Path
    database_file: str
    articles: int
    revisions: int
    media_files: int = 0


def write_backup(target: Path) -> BackupSummary:
    """Write a backup into ``target``, a new or empty folder (anything else is refused)."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target}: exists and is not an empty folder; give a new folder")
    target.mkdir(parents=True, exist_ok=True)
    with snapshot(target) as database_name:
        articles, revisions = write_articles_jsonl(target / ARTICLES_FILE)
    # After the database's transaction, so copying many scans never holds up the site's
    # writes; a file saved meanwhile is an extra the database does not mention, never a gap.
    media_files = copy_media(target)
    manifest = {
        "format": FORMAT,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "database_file": database_name,
        "articles": articles,
        "revisions": revisions,
        "media_files": media_files,
        "sha256": {name: sha256(target / name) for name in (database_name, ARTICLES_FILE)},
    }
    (target / MANIFEST_FILE).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return BackupSummary(target, database_name, articles, revisions, media_files)


def read_manifest(source: Path) -> dict:
    path = source / MANIFEST_FILE
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise BackupError(
            f"{path}: not found; {source} is not a finished backup (an interrupted backup "
            "has no backup.json)"
        ) from error
    except (OSError, ValueError) as error:
        raise BackupError(f"{path}: unreadable ({error})") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: backup format {manifest.get('format')!r}, expected {FORMAT}")
    return manifest


def restore_backup(source: Path, force: bool = False) -> BackupSummary:
    """Replace the database with the backup in ``source``, bring its schema up to date and
    rebuild the search index. Refused when the database holds data, unless ``force``."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.core.management import call_command

    manifest = read_manifest(source)
    for name, digest in manifest["sha256"].items():
        if not (source / name).is_file():
            raise BackupError(f"{source / name}: missing from the backup")
        if sha256(source / name) != digest:
            raise BackupError(f"{source / name}: damaged (SHA-256 differs from backup.json)")
    existing = stored_data()
    uploaded = media_files_present()
    if uploaded:
        existing["uploaded files"] = uploaded
    if existing and not force:
        held = ", ".join(f"{count} {label}" for label, count in existing.items())
        raise BackupError(
            f"the database already holds data ({held}); restore replaces all of it, so it "
            "only runs on an empty data folder: point NEWSROOM_DATA_DIR (or DATABASE_URL) at "
            "an empty one, or give --force to overwrite"
        )
    restore_database(source)
    media_files = restore_media(source)
    # Content type ids cached from the database before are not those of the restored one.
    ContentType.objects.clear_cache()
    # A backup from an older release gets this release's tables.
    call_command("migrate", interactive=False, verbosity=0)
    call_command("rebuild_index", interactive=False, verbosity=0)
    # Cached pages describe the data that was just replaced.
    cache.clear()
    articles, revisions = count_articles_and_revisions()
    expected = (manifest["articles"], manifest["revisions"], manifest.get("media_files", 0))
    if (articles, revisions, media_files) != expected:
        raise BackupError(
            f"restored {articles} articles, {revisions} revisions and {media_files} uploaded "
            f"files, but the backup lists {expected[0]}, {expected[1]} and {expected[2]}"
        )
    return BackupSummary(source, manifest["database_file"], articles, revisions, media_files)


def count_articles_and_revisions() -> tuple[int, int]:
    from django.contrib.contenttypes.models import ContentType
    from reversion.models import Version

    from archive.models import Article

    content_type = ContentType.objects.get_for_model(Article)
    return Article.objects.count(), Version.objects.filter(content_type=content_type).count()


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
