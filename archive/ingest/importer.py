"""Store parsed pages in the database: idempotent, and never overwriting staff corrections.

- Same file again (same SHA-256 for the page) → nothing changes.
- A new version of a page → its uncorrected articles are replaced; articles staff corrected
  stay as they are and are flagged ``needs_review``.
- Any error inside a file rolls back everything from that file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from archive.ingest import gazetteer
from archive.ingest.articles import ParsedArticle
from archive.ingest.decoding import decode_page_bytes
from archive.ingest.headlines import similarity
from archive.ingest.manifest import PageMeta
from archive.ingest.pipeline import ParsedPage, parse_page_text
from archive.models import Article, County, Issue, Newspaper, Page
from archive.scans.sources import scan_beside
from archive.scans.store import PreparedScan, attach_scan, prepare_scan


class PageImportError(ValueError):
    """A file that cannot be imported; the message names the file and what is missing."""


@dataclass
class PageOutcome:
    label: str
    action: str  # created | unchanged | replaced | moved
    articles: int = 0
    photos: int = 0
    kept_corrected: int = 0
    note: str = ""  # what a move changed
    scan: str = ""  # attached | unchanged | "" (no scan for this page)


@dataclass
class FileOutcome:
    path: str
    pages: list[PageOutcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _DryRunRollback(Exception):
    pass


def import_page_file(path: Path, meta: PageMeta, dry_run: bool = False) -> FileOutcome:
    """Import one page file; with ``dry_run`` report what would change and write nothing.

    The page's scan (``meta.image``, else an image with the file's stem beside it) is read
    before anything is stored, so a broken scan fails the file like broken text does; it is
    attached to the file's first page (a file holding two pages has one scan, of the first).

    Raises ``PageDecodeError``, ``PageImportError`` or ``ScanError`` (nothing stored from the
    file).
    """
    data = path.read_bytes()
    text, _encoding = decode_page_bytes(data, str(path))
    digest = hashlib.sha256(data).hexdigest()
    scan_path = meta.image or scan_beside(path)
    scan = prepare_scan(scan_path, already_stored=_scan_stored) if scan_path else None
    stored = _already_imported(digest, path)
    if stored:
        outcome = FileOutcome(str(path))
        try:
            with transaction.atomic():
                outcome.pages = [_apply_new_metadata(page, meta, len(stored)) for page in stored]
                _attach(scan, stored[0], outcome.pages[0], dry_run)
                if dry_run:
                    raise _DryRunRollback
        except _DryRunRollback:
            pass
        return outcome
    known = tuple(County.objects.values_list("name", flat=True))
    county = meta.county or gazetteer.county_in_section(meta.section, known)
    parsed_pages = parse_page_text(text, county=county, known_counties=known)
    outcome = FileOutcome(str(path))
    try:
        with transaction.atomic():
            stored = _store_pages(path, text, digest, parsed_pages, meta, outcome)
            if stored:
                _attach(scan, stored[0], outcome.pages[0], dry_run)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return outcome


def _scan_stored(sha256: str) -> bool:
    return Page.objects.filter(scan_sha256=sha256).exists()


def _attach(scan: PreparedScan | None, page: Page, result: PageOutcome, dry_run: bool) -> None:
    if scan is None:
        return
    if dry_run:
        same = page.pk is not None and page.scan_sha256 == scan.sha256
        result.scan = "unchanged" if same else "attached"
        return
    result.scan = "attached" if attach_scan(page, scan) else "unchanged"


def _already_imported(digest: str, path: Path) -> list[Page]:
    """Pages stored from exactly these bytes (those stored from this path, if any)."""
    pages = list(
        Page.objects.filter(source_sha256=digest)
        .select_related("issue__newspaper", "county")
        .order_by("pk")
    )
    mine = [page for page in pages if page.source_file == str(path)[-500:]]
    return mine or pages


def _apply_new_metadata(page: Page, meta: PageMeta, page_count: int) -> PageOutcome:
    """Same bytes imported again: apply what the options or manifest now say of the page
    (another date, newspaper, label, section or county), moving it and its articles.

    Staff corrections stay as they are; the ones whose county follows the page are flagged
    需复核, as when a page is replaced. Returns ``unchanged`` when nothing differs.
    """
    issue = page.issue
    newspaper = _newspaper(meta.newspaper, "") if meta.newspaper else issue.newspaper
    date = meta.date or issue.date
    printed = meta.page if page_count == 1 and meta.page else page.printed_label
    section = meta.section if page_count == 1 and meta.section else page.section
    county = _county(meta.county, meta.city) if meta.county else page.county
    changes = []
    if newspaper != issue.newspaper or date != issue.date:
        changes.append(f"{issue} → {newspaper.name} {date:%Y-%m-%d}")
    if printed != page.printed_label:
        changes.append(f"版次 {page.printed_label or '无'} → {printed}")
    if section != page.section:
        changes.append(f"版名 {page.section or '无'} → {section}")
    if county != page.county:
        changes.append(f"县区 {page.county or '无'} → {county or '无'}")
    if not changes:
        return PageOutcome(page.label, "unchanged")
    target, _ = Issue.objects.get_or_create(newspaper=newspaper, date=date)
    label = page.label
    if printed != page.printed_label or target != issue:
        wanted = printed or page.label
        taken = target.pages.exclude(pk=page.pk).filter(label=wanted).exists()
        label = _free_label(target, base=wanted) if taken else wanted
    if county != page.county:
        for article in Article.objects.following_page_county(page):
            article.county = county
            if article.corrected:
                article.needs_review = True
            article.save()
    page.issue, page.label, page.printed_label = target, label, printed
    page.section, page.county = section, county
    page.save()
    if target != issue:
        issue.delete_if_empty()
    return PageOutcome(page.label, "moved", note="; ".join(changes))


def _store_pages(path, text, digest, parsed_pages, meta, outcome) -> list[Page]:
    """Store each parsed page; returns the pages in the file's order."""
    labels_used: set[str] = set()
    stored: list[Page] = []
    for number, parsed in enumerate(parsed_pages, start=1):
        page_meta = _resolve(path, parsed, meta, len(parsed_pages), outcome)
        newspaper = _newspaper(page_meta.newspaper, parsed.newspaper)
        issue, _ = Issue.objects.get_or_create(newspaper=newspaper, date=page_meta.date)
        label = printed = page_meta.page
        if label in labels_used:
            label = f"{label}-{number}"
        page = _existing_page(issue, label, digest, path, number)
        if page is not None and _other_half(page, path, page_meta.section):
            source = str(path)[-500:]
            page = issue.pages.filter(source_file=source, section=page_meta.section).first()
            if page is not None:
                label = page.label  # this file's half, stored earlier under a suffixed label
            else:
                label = _free_label(issue, base=label)
                outcome.warnings.append(
                    f"{path}: page {page_meta.page} is already stored from another file with "
                    f"section {_section_of(issue, page_meta.page)}; stored as {label}"
                )
        if page is not None and page.source_sha256 == digest:
            outcome.pages.append(PageOutcome(page.label, "unchanged"))
            labels_used.add(page.label)
            stored.append(page)
            continue
        if not label:
            label = _free_label(issue)
        labels_used.add(label)
        county = _county(page_meta.county, page_meta.city)
        action = "created" if page is None else "replaced"
        if page is None:
            page = Page(issue=issue, label=label)
        page.printed_label = printed
        page.section = page_meta.section
        page.county = county
        page.ocr_text = text
        page.furniture = "\n".join(parsed.furniture)
        page.source_file = str(path)[-500:]
        page.source_sha256 = digest
        page.save()
        result = PageOutcome(page.label, action)
        _store_articles(page, parsed.articles, text, result)
        outcome.pages.append(result)
        stored.append(page)
    return stored


def _resolve(path, parsed: ParsedPage, meta: PageMeta, page_count: int, outcome) -> PageMeta:
    found = PageMeta(
        newspaper=parsed.newspaper,
        date=parsed.date,
        page=parsed.label,
        section=parsed.section,
        county=parsed.county,
    )
    given = (
        meta
        if page_count == 1
        else PageMeta(newspaper=meta.newspaper, date=meta.date, county=meta.county, city=meta.city)
    )
    for name in ("date", "page", "section"):
        mine, theirs = getattr(given, name), getattr(found, name)
        if mine and theirs and mine != theirs:
            outcome.warnings.append(
                f"{path}: {name} given as {mine} but the page header says {theirs}; using {mine}"
            )
    resolved = found.overridden_by(given)
    missing = [name for name in ("newspaper", "date") if not getattr(resolved, name)]
    if missing:
        raise PageImportError(
            f"{path}: no {' or '.join(missing)} in the page header; give --{missing[0]} "
            f"or a manifest row (file,newspaper,date,page,section,county,city)"
        )
    return resolved


def _newspaper(name: str, masthead: str) -> Newspaper:
    """The newspaper called ``name`` (or with that Latin masthead), created when new.

    A masthead printed on the page (``HUAICHUAN DAILY``) is remembered as the paper's Latin
    name, so later files without a manifest row find the same paper.
    """
    found = Newspaper.objects.filter(name=name).first()
    if found is None:
        found = Newspaper.objects.filter(latin_name__iexact=name).first()
    if found is None:
        latin = name if name.isascii() else ""
        found = Newspaper.objects.create(name=name, latin_name=latin)
    if masthead and masthead.isascii() and not found.latin_name:
        found.latin_name = masthead
        found.save(update_fields=["latin_name"])
    return found


def _existing_page(issue: Issue, label: str, digest: str, path: Path, number: int) -> Page | None:
    if label:
        return Page.objects.filter(issue=issue, label=label).first()
    same = Page.objects.filter(issue=issue, source_sha256=digest).order_by("pk")
    pages = list(same)
    if len(pages) >= number:
        return pages[number - 1]
    by_file = list(Page.objects.filter(issue=issue, source_file=str(path)[-500:]).order_by("pk"))
    return by_file[number - 1] if len(by_file) >= number else None


def _other_half(page: Page, path: Path, section: str) -> bool:
    """True when ``page`` is another section printed under the same label (a half page from
    another file), not an earlier version of this one."""
    other_file = page.source_file and page.source_file != str(path)[-500:]
    return bool(other_file and section and page.section and page.section != section)


def _section_of(issue: Issue, label: str) -> str:
    return issue.pages.filter(label=label).values_list("section", flat=True).first() or ""


def _free_label(issue: Issue, base: str = "") -> str:
    """``base-2``, ``base-3`` … (or ``1``, ``2`` … without a base): the first label not taken."""
    taken = set(issue.pages.values_list("label", flat=True))
    number = 2 if base else 1
    while (f"{base}-{number}" if base else str(number)) in taken:
        number += 1
    return f"{base}-{number}" if base else str(number)


def _county(name: str, city: str = "") -> County | None:
    if not name:
        return None
    county = County.objects.filter(name=name).first()
    if county is None:
        county = County.objects.create(name=name, city=city or gazetteer.city_of(name))
    elif city and not county.city:
        county.city = city
        county.save(update_fields=["city"])
    return county


def _same_article(item: ParsedArticle, text: str, kept: Article) -> bool:
    """True when a newly parsed article is the same report as an article staff corrected."""
    if item.title and item.title == kept.title:
        return True
    raw = text[item.ocr_start : item.ocr_end]
    return bool(raw) and similarity(raw, kept.ocr_text) >= 0.6 <= similarity(kept.ocr_text, raw)


def _store_articles(page: Page, parsed: list[ParsedArticle], text: str, result) -> None:
    kept = list(page.articles.filter(corrected=True))
    page.articles.filter(corrected=False).delete()
    for article in kept:
        article.needs_review = True
        article.save(update_fields=["needs_review"])
    result.kept_corrected = len(kept)
    counties: dict[str, County | None] = {}
    slots: list[Article] = []  # the page in reading order: kept corrections and new rows
    placed: set[int] = set()
    for item in parsed:
        same = [article for article in kept if _same_article(item, text, article)]
        if same:  # staff corrected this one: their version stays, in this place
            slots.extend(article for article in same if article.pk not in placed)
            placed.update(article.pk for article in same)
            continue
        if item.county not in counties:
            counties[item.county] = _county(item.county) if item.county else page.county
        slots.append(
            Article(
                page=page,
                kind=item.kind,
                title=item.title[:300],
                subtitle=item.subtitle[:300],
                byline=item.byline[:200],
                credit=item.credit[:200],
                body=item.body,
                ocr_text=text[item.ocr_start : item.ocr_end],
                ocr_start=item.ocr_start,
                ocr_end=item.ocr_end,
                continues_from=item.continues_from,
                county=counties[item.county],
            )
        )
    # Corrections the new version no longer holds stay where they stood before.
    for article in sorted((a for a in kept if a.pk not in placed), key=lambda a: a.order):
        slots.insert(min(max(article.order - 1, 0), len(slots)), article)
    new_rows = []
    for order, row in enumerate(slots, start=1):
        if row.pk is None:
            row.order = order
            new_rows.append(row)
        elif row.order != order:
            # Only the position changes: no save(), so the staff version number stays.
            Article.objects.filter(pk=row.pk).update(order=order)
    for row in new_rows:
        row.save()  # save() (not bulk_create) so search-index signals see every article
    result.articles = sum(1 for row in new_rows if row.kind != Article.Kind.PHOTO)
    result.photos = sum(1 for row in new_rows if row.kind == Article.Kind.PHOTO)
