"""The original OCR text is searched too, with lower weight than what readers see."""

from __future__ import annotations

from archive.search.documents import ocr_only_text, reader_text
from archive.search.service import SearchRequest, search_articles
from tests.factories import make_article, make_page
from tests.search.conftest import index_articles


def test_old_misreading_still_finds_the_corrected_article(search_backend):
    page = make_page()
    corrected = make_article(page=page, title="修路", body="温县新修乡村公路十条。",
                             ocr_text="温悬新修乡村公路十条。", corrected=True)  # fmt: skip
    index_articles()
    page_of_hits = search_articles(SearchRequest(text="温悬"))
    assert [hit.article.pk for hit in page_of_hits.hits] == [corrected.pk]


def test_reader_text_match_ranks_above_ocr_only_match(search_backend):
    page = make_page()
    via_ocr = make_article(
        page=page, title="甲", body="大棚西红柿上市。", ocr_text="大棚西红柿上巿。\n\n温悬蔬菜"
    )
    verbatim = make_article(page=page, title="乙", body="温悬二字是本文原文。", ocr_text="")
    index_articles()
    hits = search_articles(SearchRequest(text="温悬")).hits
    assert [hit.article.pk for hit in hits] == [verbatim.pk, via_ocr.pk]


def test_unchanged_ocr_adds_nothing_to_the_index(db):
    article = make_article(title="标题", body="第一段话。\n\n第二段话。",
                           ocr_text="标题\n\n第一段\n话。\n\n第 二 段话。")  # fmt: skip
    assert ocr_only_text(article, reader_text(article)) == ""


def test_total_counts_ocr_only_hits_beyond_the_first_page(search_backend):
    page = make_page()
    for n in range(60):
        if n % 3:
            make_article(page=page, title=f"正文{n}", body="合作社收购小麦。", ocr_text="")
        else:
            make_article(page=page, title=f"原文{n}", body="合作社收购大豆。",
                         ocr_text="合作社收购小麦。")  # fmt: skip
    index_articles()
    result = search_articles(SearchRequest(text="小麦", per_page=5))
    assert result.total == 60
    assert len(result.hits) == 5
    assert all(hit.article.title.startswith("正文") for hit in result.hits)
