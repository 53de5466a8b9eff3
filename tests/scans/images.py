"""Scans made with Pillow for the tests (nothing large is committed)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw


def page_image(width: int = 600, height: int = 840, mode: str = "L") -> Image.Image:
    """A newspaper-like page: a masthead bar and grey text lines in two columns."""
    image = Image.new(mode, (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, width - 20, 70), fill="black")
    column = (width - 60) // 2
    for x in (20, 40 + column):
        for y in range(100, height - 30, 18):
            draw.rectangle((x, y, x + column, y + 9), fill="gray")
    return image


def write_scan(path: Path, image: Image.Image | None = None, **save_options) -> Path:
    image = image or page_image()
    format_ = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".tif": "TIFF", ".tiff": "TIFF",
               ".pdf": "PDF"}[path.suffix.lower()]  # fmt: skip
    image.save(path, format_, **save_options)
    return path


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
