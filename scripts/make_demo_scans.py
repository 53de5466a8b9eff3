"""Write a small generated "scan" beside each demo page (``demo/pages/<stem>.png``).

The demo archive has no real scans; these images set the page's own OCR text in newspaper
columns (with a CJK font when one is installed, else grey boxes for the characters), so
``make run`` shows the scan viewer with something to zoom into. Run from the project root:

    .venv/bin/python scripts/make_demo_scans.py [demo/pages]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1240, 1754  # A4 at 150 dpi
MARGIN, GUTTER, COLUMNS = 70, 36, 3
FONT_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
MARKUP = re.compile(r"^#+\s*|\*\*|^>\s*")


def font(size: int):
    for path in FONT_PATHS:
        if Path(path).exists():
            return ImageFont.truetype(path, size, index=0)
    return None


def draw_text(draw: ImageDraw.ImageDraw, xy, text: str, size: int, fill: int = 0) -> None:
    """``text`` at ``xy``; without a CJK font each character becomes a grey box."""
    face = font(size)
    if face is not None:
        draw.text(xy, text, font=face, fill=fill)
        return
    x, y = xy
    for char in text:
        if not char.isspace():
            draw.rectangle((x + 2, y + 2, x + size - 2, y + size - 2), fill=min(fill + 90, 200))
        x += size


def page_lines(text: str) -> tuple[list[str], list[str]]:
    """(header lines, body lines) of a demo page: the first two non-empty lines are the
    masthead and the page line when they look like it, the rest is body."""
    lines = [MARKUP.sub("", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    header = [line for line in lines[:2] if line.isascii() or "│" in line]
    return header, lines[len(header) :]


def render(text: str, masthead: str) -> Image.Image:
    image = Image.new("L", (WIDTH, HEIGHT), 250)
    draw = ImageDraw.Draw(image)
    header, body = page_lines(text)
    draw_text(draw, (MARGIN, MARGIN - 10), masthead, 72)
    if header:
        draw_text(draw, (MARGIN, MARGIN + 80), "  ".join(header), 26, fill=40)
    draw.rectangle((MARGIN, MARGIN + 122, WIDTH - MARGIN, MARGIN + 128), fill=0)
    size, leading = 24, 36
    column_width = (WIDTH - 2 * MARGIN - (COLUMNS - 1) * GUTTER) // COLUMNS
    for column in range(1, COLUMNS):
        rule = MARGIN + column * (column_width + GUTTER) - GUTTER // 2
        draw.line((rule, MARGIN + 160, rule, HEIGHT - MARGIN), fill=150, width=1)
    per_line = column_width // size
    x, y, column = MARGIN, MARGIN + 160, 0
    for line in body:
        chunks = [line[i : i + per_line] for i in range(0, len(line), per_line)] or [""]
        for chunk in chunks:
            if y > HEIGHT - MARGIN - leading:
                column += 1
                if column == COLUMNS:
                    return image
                x, y = MARGIN + column * (column_width + GUTTER), MARGIN + 160
            draw_text(draw, (x, y), chunk, size, fill=0)
            y += leading
        y += leading // 3
    return image


def main(folder: Path) -> None:
    manifest = {}
    rows = (folder / "manifest.csv").read_text(encoding="utf-8").splitlines()[1:]
    for row in rows:
        cells = row.split(",")
        manifest[cells[0]] = cells[1]
    for path in sorted(folder.iterdir()):
        if path.suffix not in {".txt", ".md"} or path.name not in manifest:
            continue
        image = render(path.read_text(encoding="utf-8"), manifest[path.name])
        # Sixteen greys are plenty for black print on paper, and keep the files small.
        target = path.with_suffix(".png")
        image.quantize(16).save(target, optimize=True)
        print(f"{target}: {image.width}×{image.height}, {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "demo/pages"))
