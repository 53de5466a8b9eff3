"""Import many page files: progress reporting, per-file failure isolation, a summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, transaction

from archive.ingest.decoding import PageDecodeError
from archive.ingest.files import page_files
from archive.ingest.importer import PageImportError, import_page_file
from archive.ingest.manifest import ManifestError, PageMeta, unmatched_rows
from archive.scans.sources import ScanError

COMMIT_EVERY = 50
EXPECTED_ERRORS = (
    PageDecodeError,
    PageImportError,
    ScanError,
    OSError,
    ValueError,
    DatabaseError,
)


@dataclass
class ImportSummary:
    files: int = 0
    pages: int = 0
    created: int = 0
    replaced: int = 0
    moved: int = 0
    unchanged: int = 0
    articles: int = 0
    photos: int = 0
    kept_corrected: int = 0
    scans: int = 0  # scans attached (new or changed)
    failed: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def import_paths(
    paths: list[Path],
    given: PageMeta,
    manifest: dict[Path, PageMeta],
    dry_run: bool = False,
    report: Callable[[str], None] = print,
    show_bar: bool = False,
) -> ImportSummary:
    """Import every page file under ``paths``; one bad file never stops the others.

    Metadata for a file: its manifest row, overridden by the options in ``given``. A manifest
    row that matches none of the files raises ManifestError before anything is imported.
    """
    files = page_files(paths)
    problems = unmatched_rows(manifest, files)
    if problems:
        raise ManifestError("\n".join(problems))
    summary = ImportSummary(files=len(files))
    for first in range(0, len(files), COMMIT_EVERY):
        # One commit per group of files (a commit is a disk sync); each file still runs in
        # its own savepoint, so a failing file rolls back alone.
        with transaction.atomic():
            for number in range(first, min(first + COMMIT_EVERY, len(files))):
                _import_one(files, number, given, manifest, dry_run, summary, report, show_bar)
    return summary


def _import_one(files, index, given, manifest, dry_run, summary, report, show_bar) -> None:
    """Import ``files[index]``, add its outcome to ``summary`` and report one progress line."""
    number, path = index + 1, files[index]
    meta = manifest.get(path.resolve(), PageMeta()).overridden_by(given)
    try:
        outcome = import_page_file(path, meta, dry_run=dry_run)
    except Exception as error:  # one file's failure, expected or not, must not stop the batch
        if not isinstance(error, EXPECTED_ERRORS):
            error = RuntimeError(f"unexpected {type(error).__name__} while importing: {error}")
        _record_failure(summary, files, number, path, error, report)
        return
    _record_success(summary, files, number, path, outcome, dry_run, report, show_bar)


def _record_failure(summary, files, number, path, error, report) -> None:
    summary.failed += 1
    summary.errors.append(str(error) if str(path) in str(error) else f"{path}: {error}")
    report(f"[{number}/{len(files)}] {path}: FAILED ({error})")


def _record_success(summary, files, number, path, outcome, dry_run, report, show_bar) -> None:
    summary.warnings.extend(outcome.warnings)
    verb = "would be " if dry_run else ""
    parts = []
    for page in outcome.pages:
        summary.pages += 1
        setattr(summary, page.action, getattr(summary, page.action) + 1)
        summary.articles += page.articles
        summary.photos += page.photos
        summary.kept_corrected += page.kept_corrected
        summary.scans += page.scan == "attached"
        detail = f"page {page.label} {verb}{page.action}"
        if page.action == "moved":
            detail += f" ({page.note})"
        elif page.action != "unchanged":
            detail += f" ({page.articles} articles, {page.photos} photos"
            if page.kept_corrected:
                detail += f", {page.kept_corrected} corrected kept for review"
            detail += ")"
        if page.scan == "attached":
            detail += f", scan {verb}attached"
        parts.append(detail)
    line = f"[{number}/{len(files)}] {path}: " + "; ".join(parts)
    if show_bar:
        done = int(30 * number / len(files))
        line = f"[{'#' * done}{'.' * (30 - done)}] " + line
    report(line)
