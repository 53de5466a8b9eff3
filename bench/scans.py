#!/usr/bin/env python
"""Scan benchmark: decode a synthetic page scan and cut it into Deep Zoom tiles.

Usage: python bench/scans.py [--width 4800] [--height 6800] [--mode L|RGB] [--format png|jpg|tif]

The default is a broadsheet page at ~300 dpi in greyscale. Tiles go to a temporary folder
through Django's FileSystemStorage, as at import. Prints a summary and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def page_scan(width: int, height: int, mode: str):
    """A page-like image: masthead, six columns of text lines, a photo block."""
    from PIL import Image, ImageDraw

    image = Image.new(mode, (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((width // 20, height // 40, width - width // 20, height // 12), fill="black")
    column = (width - width // 10) // 6
    for number in range(6):
        left = width // 20 + number * column
        for top in range(height // 10, height - height // 30, max(height // 180, 4)):
            draw.rectangle(
                (left + 8, top, left + column - 8, top + max(height // 400, 2)), fill="gray"
            )
    draw.rectangle((width // 3, height // 3, width // 2, height // 2), fill="darkgray")
    return image


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=4800)
    parser.add_argument("--height", type=int, default=6800)
    parser.add_argument("--mode", choices=("L", "RGB"), default="L")
    parser.add_argument("--format", choices=("png", "jpg", "tif"), default="png")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsroom-bench-scans-") as folder:
        os.environ["NEWSROOM_DATA_DIR"] = folder
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.dev")
        import django

        django.setup()
        from django.core.files.storage import FileSystemStorage
        from import_pages import cpu_name

        from archive.scans.deepzoom import write_deep_zoom
        from archive.scans.store import prepare_scan

        path = Path(folder) / f"page.{args.format}"
        page_scan(args.width, args.height, args.mode).save(path)
        started = time.perf_counter()
        scan = prepare_scan(path)
        decoded = time.perf_counter()
        storage = FileSystemStorage(location=Path(folder) / "media")
        tiles = write_deep_zoom(scan.image, storage, scan.files)
        finished = time.perf_counter()
        tile_bytes = sum(
            f.stat().st_size for f in (Path(folder) / "media").rglob("*") if f.is_file()
        )
        result = {
            "width": args.width,
            "height": args.height,
            "mode": args.mode,
            "format": args.format,
            "file_mb": round(path.stat().st_size / 1e6, 2),
            "decode_s": round(decoded - started, 2),
            "tiles": tiles,
            "tiling_s": round(finished - decoded, 2),
            "tiles_per_s": round(tiles / (finished - decoded)),
            "tiles_mb": round(tile_bytes / 1e6, 2),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "machine": f"{cpu_name()}, {os.cpu_count()} cpu, {platform.system()}",
            "python": platform.python_version(),
        }
    print(
        f"{args.width}×{args.height} {args.mode} {args.format}: decode {result['decode_s']} s, "
        f"{tiles} tiles in {result['tiling_s']} s ({result['tiles_mb']} MB), "
        f"peak RSS {result['peak_rss_mb']} MB [{result['machine']}, Python {result['python']}]"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
