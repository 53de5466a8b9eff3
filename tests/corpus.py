"""Where the real OCR sample pages are, for every test and benchmark that reads them.

The pages are not part of the repository (they are read at run time, never copied). They are
found in ``$NEWSROOM_CORPUS_DIR``, by default ``../shared/corpus`` beside the checkout. When
they are absent, tests skip with :data:`CORPUS_MISSING` and ``bench/`` scripts stop with it:
one message, so a fresh clone anywhere passes ``make test``.

No pytest or Django import at module level: ``bench/`` scripts import this too.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_ENV = "NEWSROOM_CORPUS_DIR"
# Files in the corpus folder that describe it rather than being pages.
NOT_PAGES = {"README.md", "readme.md"}


def corpus_dir() -> Path:
    """The corpus folder named by the environment, or ``../shared/corpus`` beside the checkout."""
    configured = os.environ.get(CORPUS_ENV, "").strip()
    return Path(configured).expanduser() if configured else ROOT.parent / "shared" / "corpus"


CORPUS_DIR = corpus_dir()
CORPUS_MISSING = (
    f"sample OCR corpus not found in {CORPUS_DIR}: set {CORPUS_ENV} to the folder of "
    "sample pages (default ../shared/corpus beside the checkout)"
)


def corpus_pages() -> list[Path]:
    """The sample page files, sorted; empty when the corpus is absent."""
    if not CORPUS_DIR.is_dir():
        return []
    return sorted(
        path
        for path in CORPUS_DIR.iterdir()
        if path.is_file() and path.name not in NOT_PAGES and not path.name.startswith(".")
    )


def corpus_available() -> bool:
    return bool(corpus_pages())


def require_corpus() -> Path:
    """The corpus folder; skips the calling test (with :data:`CORPUS_MISSING`) when absent."""
    if not corpus_available():
        import pytest

        pytest.skip(CORPUS_MISSING)
    return CORPUS_DIR


def require_corpus_page(name: str) -> Path:
    """One sample page by file name; skips the calling test when the corpus is absent.

    A corpus that is present but lacks the page is an error, not a skip: the test's data
    went missing and must be noticed.
    """
    path = require_corpus() / name
    if not path.is_file():
        raise FileNotFoundError(f"{path}: sample page missing from the corpus in {CORPUS_DIR}")
    return path
