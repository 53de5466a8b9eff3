"""``manage.py export_articles``: articles as JSON Lines on stdout."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from archive.ingest.export import article_records
from archive.ingest.manifest import ManifestError, parse_date


class Command(BaseCommand):
    help = (
        "Write every article (kind article, photo or brief) as one JSON object per line: "
        "id, newspaper, date, page, section, county, kind, order, title, subtitle, byline, "
        "credit, body, continues_from, corrected, url."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", default="", help="only this issue date, YYYY-MM-DD")
        parser.add_argument("--county", default="", help="only articles of this county (name)")

    def handle(self, *args, **options) -> None:
        try:
            day = parse_date(options["date"], "--date") if options["date"] else None
        except ManifestError as error:
            raise CommandError(str(error)) from error
        for record in article_records(day=day, county=options["county"].strip()):
            self.stdout.write(json.dumps(record, ensure_ascii=False))
