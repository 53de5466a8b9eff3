"""Place names shipped with the segmenter (``places.txt``): towns and villages jieba's
dictionary does not know. The archive adds its counties at run time (``userdict``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

PLACES_FILE = Path(__file__).with_name("places.txt")


@cache
def shipped_place_names() -> tuple[str, ...]:
    """Names from ``places.txt``: one a line, ``#`` starts a comment."""
    names = []
    for line in PLACES_FILE.read_text(encoding="utf-8").splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            names.append(name)
    return tuple(names)
