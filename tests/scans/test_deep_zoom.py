"""Deep Zoom tiles: the pyramid OpenSeadragon reads, written through Django storage."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from django.core.files.storage import FileSystemStorage
from PIL import Image

from archive.scans.deepzoom import (
    OVERLAP,
    TILE_SIZE,
    ScanFiles,
    level_count,
    level_size,
    tile_boxes,
    tile_source,
    write_deep_zoom,
)
from tests.scans.images import page_image


def test_levels_halve_rounding_up_down_to_one_pixel():
    assert level_count(600, 840) == 11  # 2**10 = 1024 >= 840
    assert level_size(600, 840, 10) == (600, 840)
    assert level_size(600, 840, 9) == (300, 420)
    assert level_size(601, 841, 9) == (301, 421)
    assert level_size(600, 840, 0) == (1, 1)


def test_tiles_overlap_their_neighbours_by_one_pixel_and_cover_the_level():
    boxes = {(column, row): box for column, row, box in tile_boxes(600, 300)}
    assert sorted(boxes) == [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)]
    assert boxes[(0, 0)] == (0, 0, TILE_SIZE + OVERLAP, TILE_SIZE + OVERLAP)
    assert boxes[(1, 1)] == (TILE_SIZE - OVERLAP, TILE_SIZE - OVERLAP, 2 * TILE_SIZE + 1, 300)
    assert boxes[(2, 0)][2] == 600


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path, base_url="/media/")


def test_every_level_is_written_with_a_descriptor_and_a_thumbnail(storage):
    files = ScanFiles("ab" * 32)
    written = write_deep_zoom(page_image(600, 840), storage, files)
    top = level_count(600, 840) - 1
    # Level 10: 3 × 4 tiles; 9: 2 × 2; each level below one tile.
    assert written == 12 + 4 + 9
    descriptor = ET.fromstring(storage.open(files.descriptor).read())
    assert descriptor.get("TileSize") == str(TILE_SIZE) and descriptor.get("Format") == "jpg"
    size = descriptor.find("{http://schemas.microsoft.com/deepzoom/2008}Size")
    assert (size.get("Width"), size.get("Height")) == ("600", "840")
    corner = Image.open(storage.open(f"{files.tiles}/{top}/2_3.jpg"))
    assert corner.size == (600 - 2 * TILE_SIZE + OVERLAP, 840 - 3 * TILE_SIZE + OVERLAP)
    smallest = Image.open(storage.open(f"{files.tiles}/0/0_0.jpg"))
    assert smallest.size == (1, 1)
    thumbnail = Image.open(io.BytesIO(storage.open(files.thumbnail).read()))
    assert thumbnail.size == (240, 336)  # fits THUMBNAIL_BOX (240, 360), proportions kept


def test_tiles_show_the_image_content(storage):
    image = Image.new("L", (300, 300), "white")
    image.paste(0, (0, 0, 150, 300))  # left half black
    files = ScanFiles("cd" * 32)
    write_deep_zoom(image, storage, files)
    tile = Image.open(storage.open(f"{files.tiles}/{level_count(300, 300) - 1}/0_0.jpg"))
    assert tile.getpixel((10, 10)) < 30 and tile.getpixel((200, 10)) > 225


def test_tile_source_points_openseadragon_at_the_tiles_folder():
    source = tile_source("/media/scans/ab/x/page_files", 600, 840)
    assert source["Image"]["Url"] == "/media/scans/ab/x/page_files/"
    assert source["Image"]["Size"] == {"Width": "600", "Height": "840"}
