"""Counties missing from the built-in gazetteer are read from sections and banners."""

from io import StringIO

import pytest
from django.core.management import call_command

from archive.ingest.gazetteer import county_in_section, is_county_name
from archive.ingest.pipeline import parse_page_text
from archive.models import County, Page

# Invented places and reports: two half-page folio lines for counties not in the gazetteer.
TWO_HALVES_PAGE = """
JIAOZUO DAILY
A05│青禾县新闻2023年3月7日 星期二

JIAOZUO DAILY
A05│柳川区新闻2023年3月7日 星期二

本报讯 3月5日，青禾县举办春季
招聘会，四十家企业提供岗位。（甲乙）

青禾县举办春季招聘会

本报讯 3月6日，柳川区新建的
体育公园对外开放。（丙丁）

柳川区体育公园开放
"""

BANNER_ONLY_PAGE = """
松岭县新闻

本报讯 3月5日，城关镇举办春季
招聘会，四十家企业提供岗位。（甲乙）

城关镇举办春季招聘会
"""


def test_sections_name_any_county_or_district_by_their_form():
    assert county_in_section("青禾县新闻") == "青禾县"
    assert county_in_section("柳川区新闻") == "柳川区"
    assert county_in_section("白沙旗新闻") == "白沙旗"
    assert county_in_section("孟州新闻") == "孟州市"  # known short form still wins
    assert county_in_section("都市新闻") == ""
    assert county_in_section("政务要闻") == ""


def test_bare_banners_name_counties_and_districts_but_not_common_words():
    assert is_county_name("松岭县") == "松岭县"
    assert is_county_name("柳川区") == "柳川区"
    assert is_county_name("社区") == ""
    assert is_county_name("夜市") == ""


def test_folio_sections_of_unknown_counties_give_each_half_its_county():
    first, second = parse_page_text(TWO_HALVES_PAGE)
    assert (first.section, first.county) == ("青禾县新闻", "青禾县")
    assert (second.section, second.county) == ("柳川区新闻", "柳川区")
    assert [a.title for a in first.articles] == ["青禾县举办春季招聘会"]
    assert [a.title for a in second.articles] == ["柳川区体育公园开放"]


def test_a_section_banner_gives_a_page_without_folio_its_section_and_county():
    (page,) = parse_page_text(BANNER_ONLY_PAGE)
    assert (page.section, page.county) == ("松岭县新闻", "松岭县")
    assert page.articles[0].county == "松岭县"
    assert "松岭县新闻" in page.furniture


@pytest.mark.django_db
def test_import_creates_the_unknown_county_with_no_city(tmp_path):
    path = tmp_path / "a05.txt"
    path.write_text(BANNER_ONLY_PAGE, encoding="utf-8")
    call_command(
        "import_pages",
        str(path),
        "--newspaper",
        "某报",
        "--date",
        "2023-03-07",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    page = Page.objects.get()
    assert page.section == "松岭县新闻"
    assert page.county == County.objects.get(name="松岭县")
    assert page.county.city == ""
    assert page.articles.get().county == page.county
