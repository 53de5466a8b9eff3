"""``manage.py check_index [--repair]``: compare the database and the search index."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from archive.search.engine.audit import audit_index, repair_index


class Command(BaseCommand):
    help = (
        "Compares the database with the search index (missing, stale and extra documents); "
        "--repair re-indexes only what differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="fix what differs")
        parser.add_argument("--using", default="default", help="Haystack connection")
        parser.add_argument("--examples", type=int, default=5, help="examples shown per kind")

    def handle(self, **options):
        try:
            report = audit_index(options["using"])
        except Exception as error:  # e.g. a missing or damaged index: say what to run
            raise CommandError(str(error)) from error
        for line in report.lines(options["examples"]):
            self.stdout.write(line)
        if report.equal:
            self.stdout.write("The index equals the database.")
            return
        if not options["repair"]:
            raise CommandError("The index differs from the database: run check_index --repair.")
        fixed = repair_index(report, options["using"])
        self.stdout.write(f"Repaired {fixed} documents.")
        after = audit_index(options["using"])
        if not after.equal:
            for line in after.lines(options["examples"]):
                self.stdout.write(line)
            raise CommandError("The index still differs (changed while repairing?): run again.")
        self.stdout.write("The index equals the database.")
