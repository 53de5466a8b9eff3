"""The demo archive ships a scan for every demo page, and the vendored viewer is the pinned one."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.models import Page

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.django_db
def test_every_demo_page_imports_with_its_scan():
    pages = ROOT / "demo" / "pages"
    call_command(
        "import_pages", str(pages), "--manifest", str(pages / "manifest.csv"),
        stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip
    imported = list(Page.objects.all())
    assert imported and all(page.has_scan for page in imported)


def test_vendored_openseadragon_is_the_version_the_install_step_pins():
    script = (ROOT / "scripts" / "vendor-static.sh").read_text()
    pinned = re.search(r"^VERSION=(\S+)$", script, re.M).group(1)
    vendored = ROOT / "static" / "vendor" / "openseadragon"
    assert (vendored / "VERSION").read_text().strip() == pinned
    assert f"openseadragon {pinned}" in (vendored / "openseadragon.min.js").read_text()[:200]
    assert (vendored / "images" / "zoomin_rest.png").exists()
    assert (
        "BSD" in (vendored / "LICENSE.txt").read_text()
        or "Redistribution" in (vendored / "LICENSE.txt").read_text()
    )
