"""Readable, stable URL slugs for Chinese names (温县 → wenxian)."""

from __future__ import annotations

import re

from pypinyin import lazy_pinyin


def pinyin_slug(name: str) -> str:
    """Return a lowercase ASCII slug: pinyin syllables joined, Latin words kept, '-' between runs."""
    parts = lazy_pinyin(name.strip())
    text = "".join(parts).lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or "x"


def unique_slug(name: str, taken: set[str] | object) -> str:
    """A pinyin slug for ``name`` not in ``taken`` (any container), suffixed -2, -3 … if needed."""
    base = pinyin_slug(name)
    slug, n = base, 2
    while slug in taken:  # type: ignore[operator]
        slug, n = f"{base}-{n}", n + 1
    return slug
