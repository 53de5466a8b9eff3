"""Where a page's scan comes from and how it is read into a Pillow image."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
PDF_SUFFIX = ".pdf"
SCAN_SUFFIXES = (*IMAGE_SUFFIXES, PDF_SUFFIX)
# A PDF page is rendered at this resolution: enough to read small print when zoomed in.
PDF_DPI = 200


class ScanError(ValueError):
    """A scan that cannot be used; the message names the file and what is wrong with it."""


def scan_beside(text_file: Path) -> Path | None:
    """The image with the same stem next to ``text_file`` (``a08.txt`` → ``a08.jpg``), if any.

    Suffixes are tried in :data:`SCAN_SUFFIXES` order, in lower and upper case."""
    for suffix in SCAN_SUFFIXES:
        for variant in (suffix, suffix.upper()):
            candidate = text_file.with_suffix(variant)
            if candidate != text_file and candidate.is_file():
                return candidate
    return None


def read_scan(path: Path, data: bytes) -> Image.Image:
    """``data`` (the bytes of ``path``) as an RGB or greyscale image, upright; the first page
    of a PDF or multi-page TIFF. Raises :class:`ScanError` naming ``path``."""
    suffix = path.suffix.lower()
    if suffix not in SCAN_SUFFIXES:
        raise ScanError(f"{path}: scans must be {', '.join(SCAN_SUFFIXES)} (not {suffix!r})")
    if suffix == PDF_SUFFIX:
        return _render_pdf_first_page(path, data)
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Image.DecompressionBombError as error:
        raise ScanError(f"{path}: image too large to tile ({error})") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ScanError(f"{path}: not a readable image ({error})") from error
    image = ImageOps.exif_transpose(image)  # phone and camera photos of pages
    return _viewable(image)


def _viewable(image: Image.Image) -> Image.Image:
    """The image in a mode JPEG tiles can hold: greyscale stays greyscale, the rest RGB."""
    if image.mode in {"L", "RGB"}:
        return image
    if image.mode in {"1", "LA"}:
        return image.convert("L")
    if image.mode.startswith("I;16") or image.mode == "I":
        # 16-bit greyscale (archival TIFFs): keep the top 8 bits.
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode in {"RGBA", "PA"} or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, "white")
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return image.convert("RGB")


def _render_pdf_first_page(path: Path, data: bytes) -> Image.Image:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        raise ScanError(f"{path}: not a readable PDF ({error})") from error
    try:
        if len(document) == 0:
            raise ScanError(f"{path}: the PDF has no pages")
        bitmap = document[0].render(scale=PDF_DPI / 72)
        return _viewable(bitmap.to_pil())
    finally:
        document.close()
