"""Reader pages with scans: the page view's deep-zoom viewer and the issue's thumbnail strip."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.test import override_settings

from archive.scans.deepzoom import ScanFiles
from archive.scans.store import attach_scan, prepare_scan
from tests.factories import make_article, make_issue, make_page
from tests.scans.images import write_scan

pytestmark = pytest.mark.django_db


def scanned_page(tmp_path: Path, label: str = "A05", issue=None):
    page = make_page(label, issue or make_issue("2023-03-14"))
    make_article(page, title="滩区春季植树忙")
    attach_scan(page, prepare_scan(write_scan(tmp_path / f"{label}.png")))
    return page


def test_page_with_a_scan_shows_text_and_the_viewer_with_its_tiles(client, tmp_path):
    page = scanned_page(tmp_path)
    html = client.get(page.get_absolute_url()).content.decode()
    assert "滩区春季植树忙" in html
    assert 'id="scan-viewer"' in html and "vendor/openseadragon/openseadragon.min.js" in html
    tiles = json.loads(re.search(r'id="scan-tiles"[^>]*>(.*?)</script>', html).group(1))
    expected = f"/media/{ScanFiles(page.scan_sha256).tiles}/"
    assert tiles["Image"]["Url"] == expected
    assert tiles["Image"]["Size"] == {"Width": "600", "Height": "840"}
    assert f'href="/media/{page.scan.name}"' in html  # the original, for download
    assert 'role="tab"' in html


def test_page_without_a_scan_looks_as_before(client):
    page = make_page("A06", make_issue("2023-03-14"))
    make_article(page, title="孟州新闻")
    html = client.get(page.get_absolute_url()).content.decode()
    assert "孟州新闻" in html
    assert "scan-viewer" not in html and "openseadragon" not in html and 'role="tab"' not in html


def test_a_scan_attached_later_shows_on_the_cached_page_and_issue_page(client, tmp_path):
    page = make_page("A07", make_issue("2023-03-14"))
    make_article(page, title="孟州新闻")
    for url in (page.get_absolute_url(), page.issue.get_absolute_url()):
        assert "scan-viewer" not in client.get(url).content.decode()  # cached now
    attach_scan(page, prepare_scan(write_scan(tmp_path / "A07.png")))
    assert 'id="scan-viewer"' in client.get(page.get_absolute_url()).content.decode()
    assert ScanFiles(page.scan_sha256).thumbnail in client.get(page.issue.get_absolute_url()).text


def test_issue_page_shows_a_thumbnail_for_each_scanned_page(client, tmp_path):
    issue = make_issue("2023-03-14")
    first = scanned_page(tmp_path, "A01", issue)
    make_page("A02", issue)  # no scan: no thumbnail
    third = scanned_page(tmp_path, "A03", issue)
    html = client.get(issue.get_absolute_url()).content.decode()
    strip = re.search(r'<nav class="scan-strip".*?</nav>', html, re.S).group(0)
    assert re.findall(r'alt="(\w+)版 · [^"]* 扫描图"', strip) == ["A01", "A03"]
    assert f'src="/media/{ScanFiles(first.scan_sha256).thumbnail}"' in strip
    assert f'href="{third.get_absolute_url()}"' in strip


def test_issue_without_scans_has_no_strip(client):
    issue = make_issue("2023-03-14")
    make_page("A01", issue)
    assert "scan-strip" not in client.get(issue.get_absolute_url()).content.decode()


@override_settings(DEBUG=True)
def test_tiles_are_served_from_media_in_development(tmp_path):
    from django.test import Client

    from newsroom import urls

    page = scanned_page(tmp_path)
    # The media route is added when urls.py is imported with DEBUG on.
    import importlib

    importlib.reload(urls)
    try:
        with override_settings(ROOT_URLCONF=urls):
            response = Client().get(f"/media/{ScanFiles(page.scan_sha256).tiles}/0/0_0.jpg")
            assert response.status_code == 200
            assert response["Content-Type"] == "image/jpeg"
    finally:
        with override_settings(DEBUG=False):
            importlib.reload(urls)
