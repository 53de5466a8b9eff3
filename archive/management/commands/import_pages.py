"""``manage.py import_pages``: import raw OCR page files (see ``archive.ingest``)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.ingest.batch import ImportSummary, import_paths
from archive.ingest.manifest import ManifestError, PageMeta, parse_date, read_manifest

HELP = """Import raw OCR page files (UTF-8, UTF-8 with BOM, GB18030/GBK or UTF-16 with BOM;
plain text or Markdown) as pages and articles. PATH may be files or folders (read recursively).

Metadata comes, strongest first, from: the options below, the manifest row for the file, and
the page header printed in the file (JIAOZUO DAILY / A08│温县新闻2023年1月10日 星期二). A file
needs a newspaper and a date from one of these, or it fails with an error naming it.

Manifest (--manifest FILE): CSV, UTF-8, with the header row
    file,newspaper,date,page,section,county,city,image
one row per page file; 'file' (and 'image', the page's scan, optional) is relative to the
manifest's folder (scans/manifest.csv with the row 2023/a08.txt means scans/2023/a08.txt),
date is YYYY-MM-DD, empty cells mean unknown. A row whose file is missing or not under the
PATHs given is an error naming its line; nothing is imported then. Files in the folders but in
no row still import when their header or the options give newspaper and date. Without PATH,
the manifest's rows are imported.

Scans: a JPEG, PNG, TIFF or PDF (first page) with the page file's stem beside it (a08.txt,
a08.jpg), or the manifest's 'image' cell, is stored with Deep Zoom tiles in MEDIA storage and
shown beside the text; a file holding two pages attaches it to the first.

Importing the same file again changes nothing; a changed file replaces the page's articles
except those staff corrected (kept, flagged for review). Exit status is 1 if any file failed."""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        kwargs["formatter_class"] = RawDescriptionHelpFormatter
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "paths", nargs="*", type=Path, metavar="PATH", help="page files or folders"
        )
        parser.add_argument("--newspaper", default="", help="newspaper name, e.g. 焦作日报")
        parser.add_argument("--date", default="", help="issue date, YYYY-MM-DD")
        parser.add_argument("--page", default="", help="page label, e.g. A08")
        parser.add_argument("--county", default="", help="county of the page, e.g. 温县")
        parser.add_argument("--manifest", type=Path, help="CSV manifest (format above)")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, write nothing"
        )

    def handle(self, *args, **options) -> None:
        try:
            given = PageMeta(
                newspaper=options["newspaper"].strip(),
                date=parse_date(options["date"], "--date") if options["date"] else None,
                page=options["page"].strip(),
                county=options["county"].strip(),
            )
            manifest = read_manifest(options["manifest"]) if options["manifest"] else {}
        except ManifestError as error:
            raise CommandError(str(error)) from error
        paths = list(options["paths"])
        if not paths and options["manifest"]:
            # Only the rows' files that exist: the others are reported with their lines below.
            paths = sorted(path for path in manifest if path.is_file())
        if not paths and not options["manifest"]:
            raise CommandError("give at least one PATH (file or folder) or --manifest")
        try:
            summary = import_paths(
                paths,
                given,
                manifest,
                dry_run=options["dry_run"],
                report=self.stdout.write if options["verbosity"] >= 1 else lambda line: None,
                show_bar=sys.stdout.isatty() and options["verbosity"] >= 1,
            )
        except (FileNotFoundError, ManifestError) as error:
            raise CommandError(str(error)) from error
        self._print_summary(summary, options["dry_run"])
        if summary.failed:
            raise CommandError(f"{summary.failed} file(s) failed; nothing was stored from them")

    def _print_summary(self, summary: ImportSummary, dry_run: bool) -> None:
        for warning in summary.warnings:
            self.stderr.write(f"warning: {warning}")
        for error in summary.errors:
            self.stderr.write(f"error: {error}")
        prefix = "dry run, nothing written: " if dry_run else ""
        scans = f"{summary.scans} scans, " if summary.scans else ""
        self.stdout.write(
            f"{prefix}{summary.files} files, {summary.pages} pages "
            f"({summary.created} new, {summary.replaced} replaced, "
            f"{summary.moved} moved, {summary.unchanged} unchanged), "
            f"{summary.articles} articles, {summary.photos} photos, {scans}"
            f"{len(summary.warnings)} warnings, {summary.failed} failed"
        )
