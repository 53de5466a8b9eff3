"""``manage.py backup DIR``: a consistent snapshot of the database plus every article with its
revisions as JSON Lines (see ``archive.backup``)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.backup import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Write a backup into DIR (a new or empty folder): the database (SQLite online backup "
        "or pg_dump), articles.jsonl (every article with its revisions) and backup.json. "
        "Safe while the site runs."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", type=Path, metavar="DIR", help="new or empty folder")

    def handle(self, *args, **options) -> None:
        try:
            summary = write_backup(options["folder"])
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"backup written to {summary.folder}: {summary.database_file}, "
            f"{summary.articles} articles with {summary.revisions} revisions in articles.jsonl, "
            f"{summary.media_files} uploaded files"
        )
