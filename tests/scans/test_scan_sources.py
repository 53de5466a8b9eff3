"""Reading scans: the image formats archives hold become tiles a browser can show."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from archive.scans.sources import ScanError, read_scan, scan_beside


def encoded(image: Image.Image, format_: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format_, **options)
    return buffer.getvalue()


def test_sixteen_bit_greyscale_tiff_keeps_its_tones(tmp_path):
    image = Image.new("I;16", (40, 20), 0)
    image.paste(65535, (20, 0, 40, 20))
    read = read_scan(tmp_path / "a.tif", encoded(image, "TIFF"))
    assert read.mode == "L"
    assert read.getpixel((5, 5)) == 0 and read.getpixel((30, 5)) == 255


def test_transparent_png_is_put_on_white_paper(tmp_path):
    image = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    image.paste((0, 0, 0, 255), (0, 0, 5, 10))
    read = read_scan(tmp_path / "a.png", encoded(image, "PNG"))
    assert read.mode == "RGB"
    assert read.getpixel((8, 5)) == (255, 255, 255) and read.getpixel((2, 5)) == (0, 0, 0)


def test_cmyk_jpeg_becomes_rgb_and_camera_rotation_is_undone(tmp_path):
    cmyk = read_scan(tmp_path / "a.jpg", encoded(Image.new("CMYK", (8, 8)), "JPEG"))
    assert cmyk.mode == "RGB"
    photo = Image.new("RGB", (30, 10), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
    upright = read_scan(tmp_path / "b.jpg", encoded(photo, "JPEG", exif=exif))
    assert upright.size == (10, 30)


def test_other_files_are_refused_with_their_name(tmp_path):
    with pytest.raises(ScanError, match=r"a\.gif: scans must be"):
        read_scan(tmp_path / "a.gif", b"GIF89a")
    with pytest.raises(ScanError, match=r"b\.pdf: not a readable PDF"):
        read_scan(tmp_path / "b.pdf", b"%PDF-1.4 broken")


def test_scan_beside_finds_the_same_stem_in_any_case(tmp_path):
    text = tmp_path / "a08.txt"
    text.write_text("x")
    assert scan_beside(text) is None
    (tmp_path / "a08.TIF").write_bytes(b"")
    assert scan_beside(text) == tmp_path / "a08.TIF"
    (tmp_path / "a08.jpg").write_bytes(b"")
    assert scan_beside(text) == tmp_path / "a08.jpg"  # jpg is tried before tif
