"""Manifest rows name files relative to the manifest's folder; a row matching no file is an
error naming its line, and nothing is imported."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.models import Page
from tests.ingest.pages import PLAIN_PAGE

pytestmark = pytest.mark.django_db

HEADER = "file,newspaper,date,page,section,county,city\n"
ROW = ",新乡日报,2023-04-13,A05,原阳新闻,原阳县,新乡市\n"


def run_import(*args: str) -> str:
    out = StringIO()
    call_command("import_pages", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def scans(tmp_path) -> Path:
    """The README's layout: scans/2023/a08.txt."""
    (tmp_path / "scans" / "2023").mkdir(parents=True)
    (tmp_path / "scans" / "2023" / "a08.txt").write_text(PLAIN_PAGE, encoding="utf-8")
    return tmp_path / "scans"


def test_row_in_a_subfolder_is_relative_to_the_manifests_folder(scans):
    manifest = scans / "manifest.csv"
    manifest.write_text(HEADER + "2023/a08.txt" + ROW, encoding="utf-8")
    run_import(str(scans / "2023"), "--manifest", str(manifest))
    page = Page.objects.get()
    assert (page.label, page.county.name, str(page.issue.date)) == ("A05", "原阳县", "2023-04-13")


def test_row_that_names_no_existing_file_is_an_error_naming_the_line(scans):
    manifest = scans / "2023" / "manifest.csv"  # so "2023/a08.txt" means scans/2023/2023/a08.txt
    manifest.write_text(HEADER + "a08.txt" + ROW + "2023/a08.txt" + ROW, encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        run_import(str(scans / "2023"), "--manifest", str(manifest))
    message = str(raised.value)
    assert "manifest.csv: line 3: file '2023/a08.txt'" in message
    assert "no such file" in message and str(scans / "2023" / "2023" / "a08.txt") in message
    assert "line 2" not in message
    assert Page.objects.count() == 0


def test_row_for_a_file_outside_the_imported_paths_is_an_error_naming_the_line(scans):
    (scans / "2024").mkdir()
    (scans / "2024" / "b01.txt").write_text(PLAIN_PAGE, encoding="utf-8")
    manifest = scans / "manifest.csv"
    manifest.write_text(HEADER + "2023/a08.txt" + ROW + "2024/b01.txt" + ROW, encoding="utf-8")
    with pytest.raises(CommandError, match=r"manifest\.csv: line 3: .*not among the files"):
        run_import(str(scans / "2023"), "--manifest", str(manifest))
    assert Page.objects.count() == 0


def test_without_paths_the_manifests_rows_are_imported(scans):
    manifest = scans / "manifest.csv"
    manifest.write_text(HEADER + "2023/a08.txt" + ROW, encoding="utf-8")
    output = run_import("--manifest", str(manifest))
    assert Page.objects.get().label == "A05"
    assert "1 pages" in output


def test_without_paths_a_missing_rows_file_is_named_by_line(scans):
    manifest = scans / "manifest.csv"
    manifest.write_text(HEADER + "2023/a08.txt" + ROW + "2023/a09.txt" + ROW, encoding="utf-8")
    with pytest.raises(CommandError, match=r"line 3: file '2023/a09.txt': no such file"):
        run_import("--manifest", str(manifest))
    assert Page.objects.count() == 0


def test_two_rows_for_one_file_are_refused(scans):
    manifest = scans / "manifest.csv"
    manifest.write_text(HEADER + "2023/a08.txt" + ROW + "./2023/a08.txt" + ROW, encoding="utf-8")
    with pytest.raises(
        CommandError, match="line 3: file './2023/a08.txt' already described on line 2"
    ):
        run_import(str(scans), "--manifest", str(manifest))
