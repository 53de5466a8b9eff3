"""``import_pages`` attaches a page's scan: beside the text file or named in the manifest."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from archive.models import Page
from archive.scans.deepzoom import ScanFiles
from tests.ingest.pages import HEADER_PAGE, PLAIN_PAGE, STACKED_HEADERS_PAGE
from tests.scans.images import page_image, write_scan

pytestmark = pytest.mark.django_db


def run_import(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_pages", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_text(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".tif", ".pdf"])
def test_scan_with_the_same_stem_is_stored_with_its_tiles(tmp_path, suffix):
    write_text(tmp_path, "b03.txt", HEADER_PAGE)
    write_scan(tmp_path / f"b03{suffix}", page_image(600, 840))
    output, _ = run_import(str(tmp_path))
    page = Page.objects.get()
    assert page.has_scan
    files = ScanFiles(page.scan_sha256)
    assert page.scan.name == files.original(suffix)
    assert default_storage.open(page.scan.name).read() == (tmp_path / f"b03{suffix}").read_bytes()
    assert default_storage.exists(files.descriptor)
    assert default_storage.exists(f"{files.tiles}/0/0_0.jpg")
    if suffix == ".pdf":  # rendered at 200 dpi from a 72-dpi page of 600 × 840 points
        assert (page.scan_width, page.scan_height) == (1667, 2334)
    else:
        assert (page.scan_width, page.scan_height) == (600, 840)
    assert "scan attached" in output and "1 scans" in output


def test_page_without_a_scan_imports_as_before(tmp_path):
    write_text(tmp_path, "b03.txt", HEADER_PAGE)
    output, _ = run_import(str(tmp_path))
    page = Page.objects.get()
    assert not page.has_scan and page.scan.name == "" and page.scan_tile_source() is None
    assert "scan attached" not in output and "scans," not in output


def test_manifest_image_column_names_the_scan(tmp_path):
    write_text(tmp_path, "plain.txt", PLAIN_PAGE)
    (tmp_path / "scans").mkdir()
    scan = write_scan(tmp_path / "scans" / "page-0005.png")
    manifest = write_text(
        tmp_path,
        "manifest.csv",
        "file,newspaper,date,page,section,county,city,image\n"
        "plain.txt,新乡日报,2023-04-13,A05,原阳新闻,原阳县,新乡市,scans/page-0005.png\n",
    )
    run_import("--manifest", str(manifest))
    page = Page.objects.get()
    assert page.has_scan
    assert default_storage.open(page.scan.name).read() == scan.read_bytes()


def test_manifest_naming_a_missing_scan_fails_with_line_and_field(tmp_path):
    write_text(tmp_path, "plain.txt", PLAIN_PAGE)
    manifest = write_text(
        tmp_path,
        "manifest.csv",
        "file,newspaper,date,page,image\nplain.txt,新乡日报,2023-04-13,A05,nowhere.jpg\n",
    )
    with pytest.raises(CommandError, match=r"line 2: field 'image': no such file nowhere.jpg"):
        run_import("--manifest", str(manifest))
    assert Page.objects.count() == 0


def test_unreadable_scan_fails_its_file_and_stores_nothing_from_it(tmp_path):
    write_text(tmp_path, "b03.txt", HEADER_PAGE)
    (tmp_path / "b03.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    fine = tmp_path / "other"
    fine.mkdir()
    write_text(fine, "plain.txt", PLAIN_PAGE)
    err = StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command(
            "import_pages", str(tmp_path / "b03.txt"), str(fine / "plain.txt"),
            "--newspaper", "新乡日报", "--date", "2023-04-13",
            stdout=StringIO(), stderr=err,
        )  # fmt: skip
    assert "b03.jpg: not a readable image" in err.getvalue()
    assert list(Page.objects.values_list("source_file", flat=True)) == [
        str(fine / "plain.txt")
    ]  # the other file still imported


def test_reimport_keeps_the_scan_and_a_new_scan_replaces_it(tmp_path):
    write_text(tmp_path, "b03.txt", HEADER_PAGE)
    write_scan(tmp_path / "b03.png", page_image(600, 840))
    run_import(str(tmp_path))
    first = Page.objects.get().scan_sha256
    output, _ = run_import(str(tmp_path))
    assert "unchanged" in output and "scan attached" not in output
    assert Page.objects.get().scan_sha256 == first

    write_scan(tmp_path / "b03.png", page_image(500, 700))  # a better scan, same text
    output, _ = run_import(str(tmp_path))
    page = Page.objects.get()
    assert page.scan_sha256 != first and (page.scan_width, page.scan_height) == (500, 700)
    assert "scan attached" in output


def test_a_file_with_two_pages_attaches_its_scan_to_the_first(tmp_path):
    write_text(tmp_path, "a06.txt", STACKED_HEADERS_PAGE)
    write_scan(tmp_path / "a06.jpg")
    run_import(str(tmp_path))
    first, second = Page.objects.order_by("pk")
    assert first.section == "沁阳新闻" and first.has_scan
    assert second.section == "武陟新闻" and not second.has_scan


def test_dry_run_reports_the_scan_and_writes_nothing(tmp_path):
    write_text(tmp_path, "b03.txt", HEADER_PAGE)
    write_scan(tmp_path / "b03.png")
    output, _ = run_import(str(tmp_path), "--dry-run")
    assert "scan would be attached" in output
    assert Page.objects.count() == 0
    assert not default_storage.exists("scans")


def test_reimporting_a_stored_scan_does_not_decode_it_again(tmp_path, monkeypatch):
    write_text(tmp_path, "b03.txt", HEADER_PAGE)
    write_scan(tmp_path / "b03.png")
    run_import(str(tmp_path))

    def no_decoding(path, data):
        raise AssertionError(f"{path} decoded again")

    monkeypatch.setattr("archive.scans.store.read_scan", no_decoding)
    output, _ = run_import(str(tmp_path))
    assert "page B03 unchanged" in output and Page.objects.get().has_scan
