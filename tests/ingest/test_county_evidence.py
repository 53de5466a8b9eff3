"""A county is tagged only on evidence: page section, banner, manifest, headline or the
report's own opening; a place mentioned in passing is none."""

import pytest

from archive.ingest import gazetteer
from archive.ingest.importer import _county
from archive.ingest.pipeline import parse_page_text

NATIONAL_PAGE = """
全国冬春农田水利建设全面展开

本报讯 记者从水利部获悉，今冬明春全国将新建和改造灌溉面积三千万亩。
各地在国家农业科技示范区推广节水灌溉技术，温县等地的经验受到肯定。（新华）

（上接A01版）各地还将加快建设高标准农田，确保粮食稳产增产，
其中温县计划新建高标准农田五万亩。
"""


def articles(text: str, known=("示范区", "温县")):
    return [a for page in parse_page_text(text, known_counties=known) for a in page.articles]


def test_a_place_mentioned_in_passing_tags_no_county():
    report, continued = articles(NATIONAL_PAGE)
    assert report.county == ""
    assert continued.county == ""


def test_a_zone_named_by_a_common_noun_is_no_district_inside_a_longer_name():
    assert gazetteer.counties_mentioned("国家农业科技示范区建设", ("示范区",)) == {}
    assert gazetteer.counties_mentioned("示范区召开推进会，在示范区", ("示范区",)) == {"示范区": 2}


def test_the_subject_named_in_the_opening_tags_the_report():
    page = "温县新建三所幼儿园\n\n本报讯 近日，温县三所新建乡村幼儿园投入使用。\n"
    (article,) = articles(page)
    assert article.county == "温县"


def test_a_page_section_gives_every_report_its_county():
    page = "孟州新闻\n\n全国冬春农田水利建设全面展开\n\n本报讯 记者从水利部获悉，各地正加快建设。\n"
    (parsed,) = parse_page_text(page)
    assert parsed.county == "孟州市"
    assert [a.county for a in parsed.articles] == ["孟州市"]


@pytest.mark.parametrize("word", ["区县", "县区", "县市"])
def test_page_section_words_are_no_places(word):
    assert gazetteer.place_in_section(f"{word}新闻") == ""
    assert gazetteer.county_in_section(f"{word}新闻") == ""


@pytest.mark.django_db
def test_importing_a_section_word_page_creates_no_county(tmp_path):
    from archive.models import County

    (parsed,) = parse_page_text("区县新闻\n\n某镇召开会议\n\n本报讯 近日，某镇召开会议。\n")
    assert parsed.county == ""
    assert _county(parsed.county) is None
    assert not County.objects.filter(name="区县").exists()
