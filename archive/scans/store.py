"""Attaching a scan to a page: read and check it, write it and its tiles to storage once."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from PIL import Image

from archive.scans.deepzoom import ScanFiles, write_deep_zoom
from archive.scans.sources import read_scan


@dataclass
class PreparedScan:
    """A scan read and checked, not yet stored."""

    path: Path
    data: bytes
    sha256: str
    image: Image.Image

    @property
    def files(self) -> ScanFiles:
        return ScanFiles(self.sha256)

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size


def prepare_scan(path: Path) -> PreparedScan:
    """Read ``path`` and decode it; raises ``ScanError`` (or ``OSError``) naming the file."""
    data = path.read_bytes()
    return PreparedScan(path, data, hashlib.sha256(data).hexdigest(), read_scan(path, data))


def store_scan(scan: PreparedScan, storage: Storage | None = None) -> ScanFiles:
    """Write the original bytes and the Deep Zoom tiles, unless an earlier import of the same
    bytes already did (the descriptor is written last, so its presence means complete)."""
    storage = storage or default_storage
    files = scan.files
    if not storage.exists(files.descriptor):
        original = files.original(scan.path.suffix)
        if not storage.exists(original):
            storage.save(original, ContentFile(scan.data))
        write_deep_zoom(scan.image, storage, files)
    return files


def attach_scan(page, scan: PreparedScan) -> bool:
    """Point ``page`` at the stored ``scan``; False when it already shows exactly that one."""
    if page.scan_sha256 == scan.sha256 and page.scan:
        return False
    files = store_scan(scan)
    fields = {
        "scan": files.original(scan.path.suffix),
        "scan_sha256": scan.sha256,
        "scan_width": scan.size[0],
        "scan_height": scan.size[1],
    }
    # update(), not save(): the scan is not in the search index, so no re-indexing of the
    # page's articles (a page save triggers that).
    type(page).objects.filter(pk=page.pk).update(**fields)
    for name, value in fields.items():
        setattr(page, name, value)
    return True
