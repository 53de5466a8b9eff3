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
