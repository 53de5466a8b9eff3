import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.models import Article, County, Page
from tests.ingest.pages import HEADER_PAGE, PLAIN_PAGE

pytestmark = pytest.mark.django_db


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def run_import(*args: str) -> str:
    out = StringIO()
    call_command("import_pages", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_page_header_gives_newspaper_date_label_and_county(tmp_path):
    write(tmp_path, "b03.txt", HEADER_PAGE)
    output = run_import(str(tmp_path))
    page = Page.objects.get()
    assert (page.label, page.section, str(page.issue.date)) == ("B03", "博爱新闻", "2022-05-06")
    assert page.issue.newspaper.name == "焦作日报"
    assert page.county.name == "博爱县" and page.county.city == "焦作市"
    assert page.ocr_text == HEADER_PAGE
    assert "■新闻热线" in page.furniture
    titles = list(page.articles.values_list("title", flat=True))
    assert titles == ["博爱县举办春季植树活动", "博爱县图书馆开展读书月活动"]
    assert "1 pages" in output and "2 articles" in output


def test_file_without_header_needs_options_or_fails_with_its_name(tmp_path):
    path = write(tmp_path, "plain.txt", PLAIN_PAGE)
    with pytest.raises(CommandError):
        run_import(str(path))
    assert Page.objects.count() == 0
    run_import(str(path), "--newspaper", "新乡日报", "--date", "2023-04-13", "--county", "原阳县")
    article = Article.objects.get()
    assert article.title == "河边新村建起文化广场"
    assert article.county == County.objects.get(name="原阳县")
    assert article.credit == "(村宣)"


def test_manifest_rows_give_metadata_relative_to_the_manifest(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    write(pages, "plain.txt", PLAIN_PAGE)
    manifest = write(
        pages,
        "manifest.csv",
        "file,newspaper,date,page,section,county,city\nplain.txt,新乡日报,2023-04-13,A05,原阳新闻,原阳县,新乡市\n",
    )
    run_import(str(pages), "--manifest", str(manifest))
    page = Page.objects.get()
    assert (page.label, page.section, page.county.name) == ("A05", "原阳新闻", "原阳县")


def test_reimporting_the_same_file_changes_nothing(tmp_path):
    write(tmp_path, "b03.txt", HEADER_PAGE)
    run_import(str(tmp_path))
    before = list(Article.objects.values_list("pk", "updated_at"))
    output = run_import(str(tmp_path))
    assert list(Article.objects.values_list("pk", "updated_at")) == before
    assert "unchanged" in output


def test_export_writes_one_json_object_per_article(tmp_path):
    write(tmp_path, "b03.txt", HEADER_PAGE)
    run_import(str(tmp_path))
    out = StringIO()
    call_command("export_articles", "--date", "2022-05-06", stdout=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["title"] for r in records] == ["博爱县举办春季植树活动", "博爱县图书馆开展读书月活动"]
    first = records[0]
    assert first["page"] == "B03" and first["county"] == "博爱县" and first["kind"] == "article"
    assert first["url"] == f"/articles/{first['id']}/"
    assert set(first) >= {
        "id",
        "newspaper",
        "date",
        "section",
        "order",
        "subtitle",
        "byline",
        "body",
        "continues_from",
        "corrected",
    }


def test_export_filters_by_county_and_rejects_a_bad_date(tmp_path):
    write(tmp_path, "b03.txt", HEADER_PAGE)
    write(tmp_path, "plain.txt", PLAIN_PAGE)
    run_import(str(tmp_path / "b03.txt"))
    run_import(
        str(tmp_path / "plain.txt"),
        "--newspaper",
        "新乡日报",
        "--date",
        "2023-04-13",
        "--county",
        "原阳县",
    )
    out = StringIO()
    call_command("export_articles", "--county", "原阳县", stdout=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["title"], r["county"], r["credit"]) for r in records] == [
        ("河边新村建起文化广场", "原阳县", "(村宣)")
    ]
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("export_articles", "--date", "10/01/2023", stdout=StringIO())
