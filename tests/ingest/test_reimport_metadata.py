"""Importing the same bytes with corrected metadata applies it: the page moves, its
articles follow, staff corrections are kept and flagged for review."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Article, County, Issue, Page

pytestmark = pytest.mark.django_db

PAGE = """
南山乡建成五座智能温室

本报讯 近日，南山乡五座智能温室建成投用，可常年种植蔬菜花卉。（南宣）

南山乡新修三条通村路

本报讯 今年以来，南山乡新修通村道路十二公里，方便了群众出行。（乡宣）
"""


def run_import(*args: str) -> str:
    out = StringIO()
    call_command("import_pages", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def imported(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text(PAGE, encoding="utf-8")
    run_import(str(path), "--newspaper", "青禾日报", "--date", "2023-03-03", "--page", "A05")
    return path


def test_same_file_with_the_same_metadata_is_unchanged(imported):
    output = run_import(str(imported), "--newspaper", "青禾日报", "--date", "2023-03-03")
    assert "1 unchanged" in output


def test_a_corrected_date_moves_the_page_and_leaves_no_empty_issue(imported):
    output = run_import(str(imported), "--newspaper", "青禾日报", "--date", "2023-03-04")
    assert "1 moved" in output
    page = Page.objects.get()
    assert page.issue.date == datetime.date(2023, 3, 4)
    assert not Issue.objects.filter(date=datetime.date(2023, 3, 3)).exists()
    assert page.articles.count() == 2


def test_a_corrected_county_follows_to_the_articles_and_flags_corrections(imported):
    corrected = Article.objects.get(title="南山乡建成五座智能温室")
    Article.objects.filter(pk=corrected.pk).update(
        corrected=True, body="本报讯 近日，南山乡五座智能温室建成投用。"
    )
    run_import(str(imported), "--county", "青禾县", "--date", "2023-03-03")
    county = County.objects.get(name="青禾县")
    assert Page.objects.get().county == county
    assert set(Article.objects.values_list("county", flat=True)) == {county.pk}
    kept = Article.objects.get(pk=corrected.pk)
    assert kept.body == "本报讯 近日，南山乡五座智能温室建成投用。"
    assert kept.needs_review


def test_a_corrected_page_label_is_applied(imported):
    run_import(str(imported), "--page", "A06")
    page = Page.objects.get()
    assert (page.label, page.printed_label) == ("A06", "A06")


def test_dry_run_reports_the_move_and_changes_nothing(imported):
    output = run_import(str(imported), "--date", "2023-03-09", "--dry-run")
    assert "moved" in output
    assert Page.objects.get().issue.date == datetime.date(2023, 3, 3)
