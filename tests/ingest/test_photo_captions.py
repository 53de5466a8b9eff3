"""Photo captions read as a reader sees them (invented captions)."""

from archive.ingest.pipeline import parse_page_text

ARROW_PHOTO_PAGE = """
本报讯 近日，青禾县举办民俗文化节，吸引众多游客。（县宣）

5月1日，青禾县民俗文化节开幕，游客在古街游览。

←舞龙队在街头表演。

→游客在品尝特色小吃。 本报记者 林 二 摄
"""


def test_arrows_pointing_at_pictures_are_not_caption_text_but_stay_in_ocr_span():
    (page,) = parse_page_text(ARROW_PHOTO_PAGE)
    photo = next(a for a in page.articles if a.kind == "photo")
    assert "舞龙队在街头表演。" in photo.body and "游客在品尝特色小吃。" in photo.body
    assert not any(arrow in photo.body for arrow in "←→")
    raw = ARROW_PHOTO_PAGE[photo.ocr_start : photo.ocr_end]
    assert "←舞龙队" in raw and "→游客" in raw
    assert photo.credit == "本报记者 林二 摄"


def test_caption_credit_with_any_reporter_role_leaves_the_caption_whole():
    from archive.ingest.pipeline import parse_page_text

    page = (
        "青禾县开展送温暖活动\n\n本报讯 入冬以来，县民政局组织志愿者走进敬老院，\n"
        "为老人送去棉衣棉被。\n\n志愿者为老人整理床铺。\n本报全媒体记者 王 小 川 摄\n"
    )
    (parsed,) = parse_page_text(page)
    photo = next(a for a in parsed.articles if a.kind == "photo")
    assert photo.body == "志愿者为老人整理床铺。"
    assert photo.credit == "本报全媒体记者 王小川 摄"
    report = next(a for a in parsed.articles if a.kind == "article")
    assert "整理床铺" not in report.body
