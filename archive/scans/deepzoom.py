"""Deep Zoom (DZI) tiles with Pillow, written through a Django storage.

A Deep Zoom image is a pyramid: level ``n`` (``n = ceil(log2(max(width, height)))``) is the
full image, each level below it half the size (rounded up), level 0 one pixel. Every level is
cut into ``TILE_SIZE`` squares, each overlapping its neighbours by ``OVERLAP`` pixels, stored as
``<name>_files/<level>/<column>_<row>.jpg`` beside the ``<name>.dzi`` descriptor. This is the
layout OpenSeadragon (and most other deep-zoom viewers) read.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from PIL import Image

TILE_SIZE = 254  # 254 + 2 × 1 overlap = 256-pixel tiles, the Deep Zoom convention
OVERLAP = 1
TILE_FORMAT = "jpg"
JPEG_QUALITY = 85
THUMBNAIL_BOX = (240, 360)  # the issue page's strip shows thumbnails 120 CSS pixels wide
DZI_NAMESPACE = "http://schemas.microsoft.com/deepzoom/2008"


@dataclass(frozen=True)
class ScanFiles:
    """Where one scan's files live in storage (a folder per image, named by its SHA-256)."""

    sha256: str

    @property
    def prefix(self) -> str:
        return f"scans/{self.sha256[:2]}/{self.sha256}"

    def original(self, suffix: str) -> str:
        return f"{self.prefix}/original{suffix.lower()}"

    @property
    def descriptor(self) -> str:
        return f"{self.prefix}/page.dzi"

    @property
    def tiles(self) -> str:
        return f"{self.prefix}/page_files"

    @property
    def thumbnail(self) -> str:
        return f"{self.prefix}/thumbnail.jpg"


def level_count(width: int, height: int) -> int:
    """Number of levels of the pyramid (level 0 is 1×1 pixel)."""
    return math.ceil(math.log2(max(width, height, 1))) + 1


def level_size(width: int, height: int, level: int) -> tuple[int, int]:
    scale = 2 ** (level_count(width, height) - 1 - level)
    return math.ceil(width / scale), math.ceil(height / scale)


def tile_boxes(width: int, height: int) -> Iterator[tuple[int, int, tuple[int, int, int, int]]]:
    """``(column, row, (left, top, right, bottom))`` of every tile of a level this size."""
    for column in range(math.ceil(width / TILE_SIZE)):
        for row in range(math.ceil(height / TILE_SIZE)):
            left = column * TILE_SIZE - (OVERLAP if column else 0)
            top = row * TILE_SIZE - (OVERLAP if row else 0)
            right = min((column + 1) * TILE_SIZE + OVERLAP, width)
            bottom = min((row + 1) * TILE_SIZE + OVERLAP, height)
            yield column, row, (left, top, right, bottom)


def descriptor_xml(width: int, height: int) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<Image xmlns="{DZI_NAMESPACE}" Format="{TILE_FORMAT}" Overlap="{OVERLAP}" '
        f'TileSize="{TILE_SIZE}">\n'
        f'  <Size Width="{width}" Height="{height}"/>\n'
        "</Image>\n"
    )


def tile_source(tiles_url: str, width: int, height: int) -> dict:
    """The descriptor as OpenSeadragon's inline DZI object (no request for the .dzi file, so
    tile URLs need not be derivable from the descriptor's URL)."""
    url = tiles_url if tiles_url.endswith("/") else f"{tiles_url}/"
    return {
        "Image": {
            "xmlns": DZI_NAMESPACE,
            "Url": url,
            "Format": TILE_FORMAT,
            "Overlap": str(OVERLAP),
            "TileSize": str(TILE_SIZE),
            "Size": {"Width": str(width), "Height": str(height)},
        }
    }


def _jpeg(image: Image.Image) -> ContentFile:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return ContentFile(buffer.getvalue())


def _put(storage: Storage, name: str, content: ContentFile) -> None:
    """Write ``name`` exactly (storages rename on a clash: replace an earlier partial run's)."""
    if storage.exists(name):
        storage.delete(name)
    stored = storage.save(name, content)
    if stored != name:  # pragma: no cover - a storage that renames anyway
        raise OSError(f"storage wrote {stored} instead of {name}")


def write_deep_zoom(image: Image.Image, storage: Storage, files: ScanFiles) -> int:
    """Write every tile, the thumbnail and, last, the descriptor (its presence means the set is
    complete). Returns the number of tiles written."""
    width, height = image.size
    written = 0
    level_image = image
    for level in reversed(range(level_count(width, height))):
        size = level_size(width, height, level)
        if level_image.size != size:
            # Halving the previous level (box filter = the mean of each 2×2 block) is as sharp
            # as resampling the original and far cheaper.
            level_image = level_image.resize(size, Image.Resampling.BOX)
        for column, row, box in tile_boxes(*size):
            name = f"{files.tiles}/{level}/{column}_{row}.{TILE_FORMAT}"
            _put(storage, name, _jpeg(level_image.crop(box)))
            written += 1
    thumbnail = image.copy()
    thumbnail.thumbnail(THUMBNAIL_BOX, Image.Resampling.LANCZOS)
    _put(storage, files.thumbnail, _jpeg(thumbnail))
    _put(storage, files.descriptor, ContentFile(descriptor_xml(width, height).encode("utf-8")))
    return written
