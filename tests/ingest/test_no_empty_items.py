"""No item without text is ever stored; an untitled continuation gets no invented title."""

from io import StringIO

import pytest
from django.core.management import call_command

from archive.citations import gbt7714
from archive.ingest.pipeline import parse_page_text
from archive.models import Article

# A continuation, a report, then a byline and a credit that no text follows.
PAGE = """
（上接A01版②）道路硬化率达到百分之百，群众出行更方便了。

今年，全县还将新修农村公路八十公里。

南山乡办起农民夜校

本报讯 近日，南山乡农民夜校开课，首期学员六十人。（南宣）

本报记者 刘 洋

（北 宣）
"""


def test_no_parsed_item_is_without_a_body():
    (page,) = parse_page_text(PAGE)
    assert page.articles
    assert all(article.body for article in page.articles)
    assert [a.title for a in page.articles] == ["", "南山乡办起农民夜校"]


@pytest.mark.django_db
def test_an_untitled_continuation_shows_its_marker_and_is_cited_untitled(client, tmp_path):
    path = tmp_path / "p.txt"
    path.write_text(PAGE, encoding="utf-8")
    call_command(
        "import_pages",
        str(path),
        "--newspaper",
        "青禾日报",
        "--date",
        "2023-03-03",
        "--page",
        "A02",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    assert not Article.objects.filter(body="").exists()
    article = Article.objects.get(continues_from="A01")
    assert article.title == ""
    assert article.display_title.startswith("（上接A01版）道路硬化率")
    assert "[无题]" in gbt7714(article)
    assert "道路硬化率" not in gbt7714(article)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'class="untitled"' in html and "无题" in html
    assert '<meta name="citation_title" content="[无题]">' in html
