"""RIS, BibTeX and CSL-JSON read back (with libraries that read them) to the article's facts."""

from __future__ import annotations

import datetime
import json

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares

from archive import citations
from archive.citations import UNTITLED, citation_record, printed_page_label
from archive.models import Article
from tests.factories import make_article, make_county, make_issue, make_newspaper, make_page

pytestmark = pytest.mark.django_db

URL = "http://testserver/articles/1/"


def parse_bibtex(text: str) -> list:
    library = bibtexparser.parse_string(
        text,
        append_middleware=[middlewares.LatexDecodingMiddleware(), middlewares.SeparateCoAuthors()],
    )
    assert library.failed_blocks == []
    return library.entries


def bib_fields(entry) -> dict:
    return {name: field.value for name, field in entry.fields_dict.items()}


@pytest.fixture
def article() -> Article:
    page = make_page(
        "A05", issue=make_issue("2023-03-14", make_newspaper("怀川日报")), county=make_county()
    )
    made = make_article(
        page,
        title="温县冬小麦长势喜人",
        subtitle="田间管理抓早抓实",
        byline="本报记者 王颖 通讯员 李明",
    )
    return Article.objects.with_context().get(pk=made.pk)


def test_ris_reads_back_to_the_same_title_date_newspaper_and_page(article):
    record = citation_record(article, url=URL)
    [entry] = rispy.loads(citations.ris([record]))
    assert entry["type_of_reference"] == "NEWS"
    assert entry["title"] == "温县冬小麦长势喜人: 田间管理抓早抓实"
    assert entry["authors"] == ["王颖", "李明"]
    assert entry["secondary_title"] == "怀川日报"
    assert entry["date"] == "2023/03/14" and entry["year"] == "2023"
    assert entry["start_page"] == "A05"
    assert entry["urls"] == [URL]


def test_bibtex_reads_back_to_the_same_title_date_newspaper_and_page(article):
    [entry] = parse_bibtex(citations.bibtex([citation_record(article, url=URL)]))
    fields = bib_fields(entry)
    assert entry.entry_type == "article" and fields["entrysubtype"] == "newspaper"
    assert fields["title"] == "温县冬小麦长势喜人: 田间管理抓早抓实"
    assert fields["author"] == ["王颖", "李明"]
    assert fields["journal"] == "怀川日报"
    assert fields["date"] == "2023-03-14"
    assert (fields["year"], fields["month"], fields["day"]) == ("2023", "3", "14")
    assert fields["pages"] == "A05"
    assert fields["url"] == URL


def test_csl_json_has_the_required_keys_and_the_same_facts(article):
    [item] = json.loads(citations.csl_json([citation_record(article, url=URL)]))
    assert {"id", "type", "title", "container-title", "issued", "page"} <= item.keys()
    assert item["type"] == "article-newspaper"
    assert item["title"] == "温县冬小麦长势喜人: 田间管理抓早抓实"
    assert item["container-title"] == "怀川日报"
    assert item["issued"] == {"date-parts": [[2023, 3, 14]]}
    assert item["page"] == "A05"
    assert item["author"] == [{"literal": "王颖"}, {"literal": "李明"}]
    assert item["URL"] == URL


def test_characters_bibtex_treats_as_markup_read_back_as_themselves(article):
    article.title = "增收50% & 更多_#1 {新} ~ $ \\ 路"
    [entry] = parse_bibtex(citations.bibtex([citation_record(article)]))
    assert bib_fields(entry)["title"].startswith("增收50% & 更多_#1 {新} ~ $ \\ 路")


def test_untitled_article_is_cited_as_untitled_in_every_format(db):
    untitled = make_article(title="", kind="brief", body="又讯 县农技站开展下乡服务。")
    assert untitled.display_title == "县农技站开展下乡服务。"  # what readers see is no citation
    record = citation_record(Article.objects.with_context().get(pk=untitled.pk))
    assert record.title == UNTITLED == "[无题]"
    assert rispy.loads(citations.ris([record]))[0]["title"] == UNTITLED
    assert bib_fields(parse_bibtex(citations.bibtex([record]))[0])["title"] == UNTITLED
    assert json.loads(citations.csl_json([record]))[0]["title"] == UNTITLED
    assert citations.gbt7714(record).startswith("[无题][N]. ")
    assert ("citation_title", UNTITLED) in citations.meta_tags(record)
    assert citations.json_ld(record)["headline"] == UNTITLED


def test_every_format_takes_the_page_from_printed_page_label(article, monkeypatch):
    monkeypatch.setattr(citations, "printed_page_label", lambda page: "A08")
    record = citation_record(article, url=URL)
    assert record.page == "A08"
    assert "2023-03-14(A08)." in citations.gbt7714(record)
    assert rispy.loads(citations.ris([record]))[0]["start_page"] == "A08"
    assert bib_fields(parse_bibtex(citations.bibtex([record]))[0])["pages"] == "A08"
    assert json.loads(citations.csl_json([record]))[0]["page"] == "A08"
    assert ("citation_firstpage", "A08") in citations.meta_tags(record)
    assert citations.json_ld(record)["pagination"] == "A08"


def test_the_printed_label_is_cited_not_the_url_key(db):
    half = make_page("A08-2", printed_label="A08")
    assert printed_page_label(half) == "A08"
    record = citation_record(make_article(half, title="下半版"))
    assert record.page == "A08" and "(A08)." in citations.gbt7714(record)


def test_a_page_that_printed_no_label_is_cited_without_one(db):
    unlabelled = make_page("p1", issue=make_issue("2023-08-29"), printed_label="")
    record = citation_record(make_article(unlabelled, title="无版次", byline=""))
    assert citations.gbt7714(record) == "无版次[N]. 怀川日报, 2023-08-29."
    assert "start_page" not in rispy.loads(citations.ris([record]))[0]
    assert "pages" not in bib_fields(parse_bibtex(citations.bibtex([record]))[0])
    assert "page" not in json.loads(citations.csl_json([record]))[0]
    assert "citation_firstpage" not in dict(citations.meta_tags(record))
    assert "pagination" not in citations.json_ld(record)


def test_unknown_author_is_left_out_not_invented(db):
    record = citation_record(
        make_article(make_page("A01", issue=make_issue("2024-02-24")), title="春耕", byline="")
    )
    assert "authors" not in rispy.loads(citations.ris([record]))[0]
    assert "author" not in bib_fields(parse_bibtex(citations.bibtex([record]))[0])
    assert "author" not in json.loads(citations.csl_json([record]))[0]
    assert citations.gbt7714(record) == "春耕[N]. 怀川日报, 2024-02-24(A01)."


def test_several_records_make_several_entries_with_distinct_keys(db):
    page = make_page("A02", issue=make_issue(datetime.date(2023, 1, 9)))
    records = [citation_record(make_article(page, title=f"第{n}篇")) for n in range(3)]
    assert [e["title"] for e in rispy.loads(citations.ris(records))] == ["第0篇", "第1篇", "第2篇"]
    keys = [entry.key for entry in parse_bibtex(citations.bibtex(records))]
    assert len(set(keys)) == 3
    assert len(json.loads(citations.csl_json(records))) == 3


def test_line_breaks_in_a_headline_do_not_break_a_ris_line(article):
    article.title = "两行\n标题"
    [entry] = rispy.loads(citations.ris([citation_record(article)]))
    assert entry["title"].startswith("两行 标题")
