"""Readers and citations see only the page label the paper printed; URL keys stay internal."""

from io import StringIO

import pytest
from django.core.management import call_command

from archive.citations import gbt7714
from archive.ingest.export import article_records
from archive.models import Article, Page
from tests.ingest.pages import HEADER_PAGE

pytestmark = pytest.mark.django_db

# One file, two half pages printed under the same label A06 (our own wording).
TWO_HALVES = """
JIAOZUO DAILY
A06│沁阳新闻2022年9月1日 星期四

沁阳市举行秋季招聘会

本报讯 8月30日，沁阳市举行秋季招聘会，三十家企业
提供岗位两千余个。（沁宣）

JIAOZUO DAILY
A06│武陟新闻2022年9月1日 星期四

武陟县图书馆开放

本报讯 8月31日，武陟县新建的图书馆对外开放，首日
接待读者一千余人次。（武宣）
"""

NO_HEADER = """
青云县新闻

青云县召开春季植树动员会

本报讯 3月2日，青云县召开春季植树动员会，安排部署植树造林工作。（青宣）
"""


def run_import(*args: str) -> str:
    out = StringIO()
    call_command("import_pages", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_two_halves_under_one_label_keep_the_printed_label_and_tell_sections_apart(tmp_path):
    run_import(write(tmp_path, "a06.txt", TWO_HALVES))
    pages = list(Page.objects.order_by("pk"))
    assert [page.printed_label for page in pages] == ["A06", "A06"]
    assert [page.heading for page in pages] == ["A06版 · 沁阳新闻", "A06版 · 武陟新闻"]
    assert len({page.label for page in pages}) == 2  # distinct URL keys


def test_an_invented_label_never_reaches_readers_citations_or_exports(client, tmp_path):
    run_import(write(tmp_path, "a06.txt", TWO_HALVES))
    second = Page.objects.order_by("pk")[1]
    assert second.label != second.printed_label  # the URL key is made up …
    article = second.articles.get()
    for url in (second.get_absolute_url(), article.get_absolute_url()):
        html = client.get(url).content.decode()
        assert f">{second.label}" not in html and f"{second.label}版" not in html
    assert gbt7714(article).endswith("2022-09-01(A06).")
    (record,) = [r for r in article_records() if r["id"] == article.pk]
    assert record["page"] == "A06"
    assert client.get(f"/api/articles/{article.pk}").json()["page"] == "A06"


def test_a_file_without_header_gets_no_page_label_but_its_sections_county(client, tmp_path):
    run_import(write(tmp_path, "p.txt", NO_HEADER), "--newspaper", "测试报", "--date", "2023-03-03")
    page = Page.objects.get()
    assert page.printed_label == ""
    assert page.county.name == "青云县"
    assert page.heading == "青云县新闻"
    article = page.articles.get()
    assert gbt7714(article).endswith("测试报, 2023-03-03.")
    html = client.get(page.get_absolute_url()).content.decode()
    assert f"{page.label}版" not in html


def test_page_option_on_a_two_page_file_makes_no_empty_page(tmp_path):
    run_import(write(tmp_path, "a06.txt", TWO_HALVES), "--page", "A06")
    pages = list(Page.objects.all())
    assert len(pages) == 2
    assert all(page.articles.exists() for page in pages)
    assert not Article.objects.filter(body="").exists()


def test_a_single_page_with_a_header_keeps_its_label_everywhere(tmp_path):
    run_import(write(tmp_path, "b03.txt", HEADER_PAGE))
    page = Page.objects.get()
    assert (page.label, page.printed_label, page.heading) == ("B03", "B03", "B03版 · 博爱新闻")
