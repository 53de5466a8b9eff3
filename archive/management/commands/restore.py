"""``manage.py restore DIR``: put a backup made by ``manage.py backup`` back into an empty data
folder and rebuild the search index (see ``archive.backup``)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore the backup in DIR into the configured database (NEWSROOM_DATA_DIR or "
        "DATABASE_URL), bring its tables up to date and rebuild the search index. Refuses "
        "when the database already holds data, unless --force."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", type=Path, metavar="DIR", help="a folder written by backup")
        parser.add_argument(
            "--force", action="store_true", help="replace the data the database holds now"
        )

    def handle(self, *args, **options) -> None:
        try:
            summary = restore_backup(options["folder"], force=options["force"])
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restored {summary.articles} articles, {summary.revisions} revisions and "
            f"{summary.media_files} uploaded files from {summary.folder} "
            f"({summary.database_file}); search index rebuilt"
        )
