"""Attaching a scan to a page: read and check it, write it and its tiles to storage once."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from PIL import Image

from archive.caching.scopes import bump_scopes, issue_scope
from archive.scans.deepzoom import ScanFiles, write_deep_zoom
from archive.scans.sources import read_scan


class PreparedScan:
    """A scan read (and, unless already stored, decoded and checked), not yet stored."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.data = data
        self.sha256 = hashlib.sha256(data).hexdigest()
        self._image: Image.Image | None = None

    @property
    def image(self) -> Image.Image:
        """The decoded scan; raises ``ScanError`` naming the file."""
        if self._image is None:
            self._image = read_scan(self.path, self.data)
        return self._image

    @property
    def files(self) -> ScanFiles:
        return ScanFiles(self.sha256)

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size


def prepare_scan(
    path: Path, already_stored: Callable[[str], bool] = lambda sha256: False
) -> PreparedScan:
    """Read ``path``; decode it now (so a broken scan fails before anything else is stored)
    unless ``already_stored(sha256)`` says the same bytes were imported before: re-importing
    a batch then costs a hash per scan, not a decode. Raises ``ScanError`` or ``OSError``."""
    scan = PreparedScan(path, path.read_bytes())
    if not already_stored(scan.sha256):
        scan.image  # noqa: B018 - decoding is the check
    return scan


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
    # update() sends no signal: the cached pages of its issue must still show the new scan.
    bump_scopes([issue_scope(page.issue_id)])
    return True
