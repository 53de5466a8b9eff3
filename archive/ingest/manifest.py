"""Batch metadata: a CSV manifest with one row per page file.

Format (UTF-8, header row required)::

    file,newspaper,date,page,section,county,city,image
    wenxian-2024-02-25.txt,焦作日报,2024-02-25,A08,温县新闻,温县,焦作市,scans/a08.tif

``file`` (and the optional ``image``, the page's scan) are relative to the folder the manifest
is in (``scans/manifest.csv`` with the row ``2023/a08.txt`` means ``scans/2023/a08.txt``).
Empty cells mean "not known": the page header in the file, or the command-line options, fill
them in; a page without an ``image`` cell takes a scan with its file's stem beside it, if any.
A row whose file does not exist, or is not among the files being imported, is an error naming
its line: a row that silently matched nothing would import a page without the metadata it was
written for.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

COLUMNS = ("file", "newspaper", "date", "page", "section", "county", "city", "image")


class ManifestError(ValueError):
    """A manifest that cannot be used; the message names file, line and field."""


@dataclass(frozen=True)
class PageMeta:
    """What is known about a page file before reading it. Empty strings mean unknown."""

    newspaper: str = ""
    date: datetime.date | None = None
    page: str = ""
    section: str = ""
    county: str = ""
    city: str = ""
    image: Path | None = None  # the page's scan, from the manifest

    def overridden_by(self, other: PageMeta) -> PageMeta:
        """``other``'s known values win over this one's."""
        return PageMeta(
            newspaper=other.newspaper or self.newspaper,
            date=other.date or self.date,
            page=other.page or self.page,
            section=other.section or self.section,
            county=other.county or self.county,
            city=other.city or self.city,
            image=other.image or self.image,
        )


def parse_date(value: str, where: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError as error:
        raise ManifestError(f"{where}: date {value!r} is not YYYY-MM-DD") from error


class Manifest(dict[Path, PageMeta]):
    """Rows of a manifest keyed by the resolved path of each file they describe; remembers
    where each row came from, for error messages."""

    def __init__(self, source: Path) -> None:
        super().__init__()
        self.source = source
        self.rows: dict[Path, tuple[int, str]] = {}  # resolved path -> (line, 'file' cell)

    def where(self, target: Path) -> str:
        line, cell = self.rows[target]
        return f"{self.source}: line {line}: file {cell!r}"


def unmatched_rows(manifest: dict[Path, PageMeta], files: list[Path]) -> list[str]:
    """One message per manifest row whose file does not exist or is not among ``files``
    (the page files being imported); empty when every row matches."""
    if not isinstance(manifest, Manifest):
        return []
    imported = {path.resolve() for path in files}
    problems = []
    for target in manifest:
        if not target.is_file():
            problems.append(f"{manifest.where(target)}: no such file {target}")
        elif target not in imported:
            problems.append(
                f"{manifest.where(target)}: {target} is not among the files being imported "
                "(paths in the manifest are relative to its folder)"
            )
    return problems


def read_manifest(path: Path) -> Manifest:
    """Rows of the manifest keyed by the resolved path of each file they describe."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise ManifestError(f"{path}: cannot open manifest ({error.strerror})") from error
    rows = Manifest(path)
    with handle:
        reader = csv.DictReader(handle)
        fields = [name.strip() for name in reader.fieldnames or []]
        if "file" not in fields:
            raise ManifestError(
                f"{path}: line 1: header must name the columns {','.join(COLUMNS)} (no 'file')"
            )
        unknown = [name for name in fields if name not in COLUMNS]
        if unknown:
            raise ManifestError(f"{path}: line 1: unknown column(s) {', '.join(unknown)}")
        for line_number, row in enumerate(reader, start=2):
            row = {(key or "").strip(): (value or "").strip() for key, value in row.items()}
            where = f"{path}: line {line_number}"
            if not row.get("file"):
                raise ManifestError(f"{where}: field 'file' is empty")
            date = parse_date(row["date"], f"{where}: field 'date'") if row.get("date") else None
            target = (path.parent / row["file"]).resolve()
            if target in rows:
                raise ManifestError(
                    f"{where}: file {row['file']!r} already described on line {rows.rows[target][0]}"
                )
            rows.rows[target] = (line_number, row["file"])
            image = None
            if row.get("image"):
                image = (path.parent / row["image"]).resolve()
                if not image.is_file():
                    raise ManifestError(f"{where}: field 'image': no such file {row['image']}")
            rows[target] = PageMeta(
                newspaper=row.get("newspaper", ""),
                date=date,
                page=row.get("page", ""),
                section=row.get("section", ""),
                county=row.get("county", ""),
                city=row.get("city", ""),
                image=image,
            )
    return rows
