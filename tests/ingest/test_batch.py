from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from archive.models import Article, Page
from tests.ingest.pages import AFTER_STYLE_PAGE, HEADER_PAGE, PLAIN_PAGE

pytestmark = pytest.mark.django_db

HEADER = "file,newspaper,date,page,section,county,city\n"


def run_import(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_pages", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_bad_manifest_date_names_file_line_and_field(tmp_path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(HEADER + "a.txt,新乡日报,2023-13-01,A01,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"manifest\.csv: line 2: field 'date'"):
        run_import(str(tmp_path), "--manifest", str(manifest))


def test_manifest_without_a_file_column_is_rejected(tmp_path):
    manifest = tmp_path / "pages.csv"
    manifest.write_text("name,date\na.txt,2023-01-01\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 1"):
        run_import(str(tmp_path), "--manifest", str(manifest))


def test_progress_lines_and_summary_count_pages_articles_photos(tmp_path):
    (tmp_path / "1.txt").write_text(HEADER_PAGE, encoding="utf-8")
    (tmp_path / "2.txt").write_text(AFTER_STYLE_PAGE, encoding="utf-8")
    out, err = run_import(str(tmp_path), "--newspaper", "焦作日报", "--date", "2022-05-06")
    assert "[1/2]" in out and "[2/2]" in out
    assert out.strip().splitlines()[-1].startswith("2 files, 2 pages (2 new")
    assert "5 articles, 0 photos" in out
    assert "warning:" not in err


def test_each_article_stores_its_raw_span_of_the_page(tmp_path):
    (tmp_path / "p.txt").write_text(AFTER_STYLE_PAGE, encoding="utf-8")
    run_import(str(tmp_path), "--newspaper", "焦作日报", "--date", "2022-03-09")
    page = Page.objects.get()
    assert page.ocr_text == AFTER_STYLE_PAGE
    for article in page.articles.all():
        assert article.ocr_text == page.ocr_text[article.ocr_start : article.ocr_end]
        assert article.ocr_text.strip()
    first = page.articles.get(order=1)
    assert "召\n开春耕生产动员会" in first.ocr_text


def test_header_date_differing_from_the_option_warns_and_the_option_wins(tmp_path):
    (tmp_path / "b03.txt").write_text(HEADER_PAGE, encoding="utf-8")
    _out, err = run_import(str(tmp_path), "--date", "2022-05-07")
    assert "page header says 2022-05-06" in err
    assert str(Page.objects.get().issue.date) == "2022-05-07"


def test_articles_get_their_county_row_with_city(tmp_path):
    (tmp_path / "p.txt").write_text(PLAIN_PAGE, encoding="utf-8")
    run_import(
        str(tmp_path), "--newspaper", "新乡日报", "--date", "2023-04-13", "--county", "延津县"
    )
    article = Article.objects.get()
    assert (article.county.name, article.county.city) == ("延津县", "新乡市")
    assert article.page.county == article.county


def test_manifest_section_names_the_county_when_no_county_is_given(tmp_path):
    (tmp_path / "p.txt").write_text(PLAIN_PAGE, encoding="utf-8")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(HEADER + "p.txt,新乡日报,2023-04-13,A02,延津新闻,,\n", encoding="utf-8")
    run_import(str(tmp_path), "--manifest", str(manifest))
    page = Page.objects.get()
    assert page.county.name == "延津县"
    assert Article.objects.get().county.name == "延津县"


def test_an_unexpected_error_in_one_file_fails_that_file_only(tmp_path, monkeypatch):
    from archive.ingest import importer

    (tmp_path / "a.txt").write_text(PLAIN_PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PLAIN_PAGE.replace("4月12日", "4月14日"), encoding="utf-8")
    real_parse = importer.parse_page_text

    def parse_failing_on_b(text, **kwargs):
        if "4月14日" in text:
            raise KeyError("boom")
        return real_parse(text, **kwargs)

    monkeypatch.setattr(importer, "parse_page_text", parse_failing_on_b)
    with pytest.raises(CommandError, match="1 file"):
        run_import(str(tmp_path), "--newspaper", "新乡日报", "--date", "2023-04-13")
    assert Page.objects.count() == 1
