"""Which files an import reads: files and folders (recursive), text pages only."""

from __future__ import annotations

from pathlib import Path

PAGE_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
SKIPPED_NAMES = {"manifest.csv", "README.md", "readme.md"}


def page_files(paths: list[Path]) -> list[Path]:
    """Every page file under ``paths`` in a stable order; missing paths raise FileNotFoundError."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and child.suffix.lower() in PAGE_SUFFIXES
                    and child.name not in SKIPPED_NAMES
                    and not any(part.startswith(".") for part in child.relative_to(path).parts)
                ):
                    found.append(child)
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return found
