"""Import many page files: progress reporting, per-file failure isolation, a summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from archive.ingest.decoding import PageDecodeError
from archive.ingest.files import page_files
from archive.ingest.importer import PageImportError, import_page_file
from archive.ingest.manifest import PageMeta


@dataclass
class ImportSummary:
    files: int = 0
    pages: int = 0
    created: int = 0
    replaced: int = 0
    unchanged: int = 0
    articles: int = 0
    photos: int = 0
    kept_corrected: int = 0
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

    Metadata for a file: its manifest row, overridden by the options in ``given``.
    """
    files = page_files(paths)
    summary = ImportSummary(files=len(files))
    verb = "would be" if dry_run else ""
    for number, path in enumerate(files, start=1):
        meta = manifest.get(path.resolve(), PageMeta()).overridden_by(given)
        try:
            outcome = import_page_file(path, meta, dry_run=dry_run)
        except (PageDecodeError, PageImportError, OSError) as error:
            summary.failed += 1
            summary.errors.append(str(error))
            report(f"[{number}/{len(files)}] {path}: FAILED ({error})")
            continue
        summary.warnings.extend(outcome.warnings)
        parts = []
        for page in outcome.pages:
            summary.pages += 1
            setattr(summary, page.action, getattr(summary, page.action) + 1)
            summary.articles += page.articles
            summary.photos += page.photos
            summary.kept_corrected += page.kept_corrected
            detail = f"page {page.label} {verb + ' ' if verb else ''}{page.action}"
            if page.action != "unchanged":
                detail += f" ({page.articles} articles, {page.photos} photos"
                if page.kept_corrected:
                    detail += f", {page.kept_corrected} corrected kept for review"
                detail += ")"
            parts.append(detail)
        line = f"[{number}/{len(files)}] {path}: " + "; ".join(parts)
        if show_bar:
            done = int(30 * number / len(files))
            line = f"[{'#' * done}{'.' * (30 - done)}] " + line
        report(line)
    return summary
