"""Headline placement on pages we wrote ourselves, in the layouts real pages use."""

from archive.ingest.pipeline import parse_page_text
from tests.ingest.pages import (
    AFTER_STYLE_PAGE,
    BEFORE_STYLE_PAGE,
    MARKDOWN_PAGE,
    NO_OPENER_PAGE,
    SUBHEADS_PAGE,
    VERTICAL_MID_SENTENCE_PAGE,
)


def articles_of(text: str):
    return [article for page in parse_page_text(text) for article in page.articles]


def by_title(text: str) -> dict:
    return {article.title: article for article in articles_of(text)}


def test_headline_after_body_is_attached_to_that_body():
    articles = by_title(AFTER_STYLE_PAGE)
    assert "春耕生产动员会" in articles["河西镇部署春耕生产工作"].body
    assert "冬季运动会" in articles["河西镇第二小学举办冬季运动会"].body
    assert parse_page_text(AFTER_STYLE_PAGE)[0].style == "after"


def test_headline_glued_to_the_next_opener_is_split_off():
    articles = by_title(AFTER_STYLE_PAGE)
    spring = articles["河西镇部署春耕生产工作"]
    assert spring.body.endswith("确保春耕不误农时。")
    assert articles["医生进敬老院"].body.startswith("本报讯 近日，河西镇卫生院")


def test_vertical_headline_is_read_as_one_line():
    assert "为老人们测量血压" in by_title(AFTER_STYLE_PAGE)["医生进敬老院"].body


def test_headline_before_body_with_kicker_and_byline_line():
    article = by_title(BEFORE_STYLE_PAGE)["果园里的新技术"]
    assert (article.subtitle, article.byline, article.credit) == (
        "南山乡",
        "本报记者 王颖",
        "（南宣）",
    )
    assert article.body.startswith("春天到了")


def test_two_stacked_headlines_go_to_the_two_reports_below_by_wording():
    articles = by_title(BEFORE_STYLE_PAGE)
    assert "通村道路" in articles["南山乡新修三条通村路"].body
    assert "卫生室完成改造" in articles["南山乡卫生室完成改造"].body


def test_continuation_note_sets_continues_from_and_stays_out_of_the_body():
    (continued,) = [a for a in articles_of(BEFORE_STYLE_PAGE) if a.continues_from]
    assert continued.continues_from == "A01"
    assert continued.body.startswith("去年，全县粮食总产量")
    assert "上接" not in continued.body


def test_photo_caption_is_a_photo_with_its_credit():
    (photo,) = [a for a in articles_of(BEFORE_STYLE_PAGE) if a.kind == "photo"]
    assert photo.body == "3月1日，南山乡果农在果园里修剪果树。"
    assert photo.credit == "本报记者 王颖 摄"


def test_markdown_headlines_and_bold_openers():
    articles = by_title(MARKDOWN_PAGE)
    assert list(articles) == ["北湖区召开防汛工作会议", "北湖区举办青年歌手大赛"]
    singers = articles["北湖区举办青年歌手大赛"]
    assert singers.body.startswith("本报讯 7月3日") and "**" not in singers.body
    assert singers.credit == "(青宣)"


def test_credits_after_the_last_sentence_are_credits_not_body():
    articles = by_title(AFTER_STYLE_PAGE)
    assert articles["河西镇部署春耕生产工作"].credit == "（马六）"
    assert articles["医生进敬老院"].credit == "（牛七 杨八）"


def test_numbered_subheads_stay_inside_their_report():
    (article,) = articles_of(SUBHEADS_PAGE)
    assert article.title == "西岭村修通产业路"
    assert "\n\n一、群众出力\n\n村民们" in article.body and "\n\n二、干部领办\n\n" in article.body
    assert article.credit == "（村宣）"


def test_vertical_headline_inside_a_sentence_does_not_split_the_report():
    (article,) = articles_of(VERTICAL_MID_SENTENCE_PAGE)
    assert article.title == "东岗村修路"
    assert article.body.endswith("讨论村里的道路硬化方案，大家一致同意。")
    assert article.credit == "（村委）"


def test_text_closed_by_a_credit_before_the_first_headline_stays_a_report_of_its_own():
    text = (
        "全县秋粮收获已过九成，农机手们日夜忙碌。（农宣）\n\n"
        "北坡村建成光伏电站\n\n"
        "本报讯 近日，北坡村光伏电站并网发电，年收益可达十万元。（坡宣）\n"
    )
    first, second = articles_of(text)
    assert (first.title, first.credit) == ("", "（农宣）")
    assert first.body.startswith("全县秋粮收获")
    assert second.title == "北坡村建成光伏电站" and second.body.startswith("本报讯 近日")


def test_headlines_wider_than_the_column_start_reports_without_openers():
    articles = by_title(NO_OPENER_PAGE)
    assert list(articles) == ["东山乡举办第三届农民运动会", "东山乡卫生院开展免费义诊活动"]
    assert articles["东山乡举办第三届农民运动会"].body.endswith("拔河、跳绳等比赛项目。")
    assert articles["东山乡卫生院开展免费义诊活动"].body.startswith("近日，东山乡卫生院")
