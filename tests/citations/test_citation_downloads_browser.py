"""A reader downloads citations from the article page and from a search, in a real browser."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import pytest
import rispy

from tests.factories import make_article, make_county, make_issue, make_newspaper, make_page
from tests.search.conftest import index_articles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archive(search_backend):
    page = make_page(
        "A05",
        issue=make_issue("2023-03-14", make_newspaper("怀川日报")),
        county=make_county("温县", "焦作市"),
        section="温县新闻",
    )
    article = make_article(
        page,
        title="温县黄河滩区春季植树忙",
        byline="本报记者 孙立",
        body="滩区绿意渐浓，小麦返青。",
    )
    make_article(page, title="", kind="photo", body="↑志愿者在麦田里查看苗情。")
    index_articles()
    return article


def test_reader_downloads_an_article_citation_as_ris(live_server, page, screenshot, archive):
    page.goto(f"{live_server.url}{archive.get_absolute_url()}")
    section = page.locator("section.cite")
    section.scroll_into_view_if_needed()
    screenshot("cite-01-article")
    with page.expect_download() as info:
        section.get_by_role("link", name="RIS", exact=True).click()
    download = info.value
    assert download.suggested_filename == f"newsroom-2023-03-14-{archive.pk}.ris"
    [entry] = rispy.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert entry["title"] == "温县黄河滩区春季植树忙"
    assert entry["authors"] == ["孙立"]
    assert (entry["secondary_title"], entry["date"], entry["start_page"]) == (
        "怀川日报",
        "2023/03/14",
        "A05",
    )


def test_reader_exports_search_results_as_bibtex(live_server, page, screenshot, archive):
    page.goto(f"{live_server.url}/search/?q=麦")
    assert "导出引用（前 2 条）" in page.inner_text(".cite-downloads")
    screenshot("cite-02-search")
    with page.expect_download() as info:
        page.locator(".cite-downloads").get_by_role("link", name="BibTeX").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    titles = sorted(e.fields_dict["title"].value for e in bibtexparser.parse_string(text).entries)
    assert titles == ["[无题]", "温县黄河滩区春季植树忙"]
