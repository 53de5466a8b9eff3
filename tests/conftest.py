from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_configure(config) -> None:
    """A temporary folder of this run's own: Whoosh puts the scratch files of in-memory
    indexes in a fixed ``$TMPDIR/MAIN.tmp``, which two test runs on one machine would share
    (and delete under each other)."""
    own = tempfile.mkdtemp(prefix="newsroom-tests-")
    tempfile.tempdir = own
    config.add_cleanup(lambda: shutil.rmtree(own, ignore_errors=True))


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached pages: ids are reused after a rolled-back test."""
    from django.core.cache import cache

    from archive.search.engine import decoded, postings, segment_cache

    cache.clear()
    # The front door's copies and remembered tokens are per process, beside the cache.
    from archive.caching import changes, deployment, front

    front.in_memory().clear()
    changes.forget_remembered()
    # Worked out once per process from the settings, which a test may change.
    front._keyed_names.cache_clear()
    deployment.forget_fingerprint()
    # Per-segment caches are keyed by segment id: a test seeding ``random`` could build two
    # indexes whose segments share one.
    postings.clear_term_infos()
    segment_cache.clear_segment_cache()
    decoded.decoded_lists.clear()
    decoded.block_directories.clear()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright; ``make test`` installs it when missing."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(
            f"{CHROMIUM} not found: run `make browser` (installs Debian chromium + fonts-noto-cjk)"
        )
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between page actions are still synchronous, so Django's async guard must be lifted.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def screenshot(page):
    """``screenshot("name")`` saves a full-page PNG under test-artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
