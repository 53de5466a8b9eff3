"""Byline blocks printed on lines of their own go with their report, never stand alone."""

from archive.ingest.pipeline import parse_page_text

TWO_BYLINE_LINES_UNDER_HEADLINE = """
青禾县开展冬季消防安全大检查

本报记者 刘 洋
本报通讯员 赵明远

本报讯 12月3日，青禾县消防救援大队联合
应急管理局开展冬季消防安全大检查。（青宣）

南山乡建成五座智能温室

本报讯 近日，南山乡五座智能温室建成投用，
可常年种植蔬菜花卉。（南宣）
"""

BYLINE_ABOVE_HEADLINE = """
本报记者 孙 敏

冬日暖阳照进敬老院

入冬以来，县民政局组织志愿者走进敬老院，
为老人送去棉衣棉被，陪老人们聊天。

老人们说，日子越过越暖和。（民宣）
"""


def articles(text: str):
    return [article for page in parse_page_text(text) for article in page.articles]


def test_two_byline_lines_join_the_report_under_the_headline():
    fire, greenhouse = articles(TWO_BYLINE_LINES_UNDER_HEADLINE)
    assert fire.title == "青禾县开展冬季消防安全大检查"
    assert fire.byline == "本报记者 刘洋 本报通讯员 赵明远"
    assert "消防救援大队" in fire.body
    assert greenhouse.title == "南山乡建成五座智能温室"


def test_a_byline_block_never_becomes_an_item_of_its_own():
    found = articles(TWO_BYLINE_LINES_UNDER_HEADLINE)
    assert all(article.body for article in found)
    assert not [a for a in found if a.title.startswith(("本报记者", "本报通讯员"))]


def test_byline_printed_above_the_headline_goes_to_the_report_below():
    (article,) = articles(BYLINE_ABOVE_HEADLINE)
    assert (article.title, article.byline) == ("冬日暖阳照进敬老院", "本报记者 孙敏")
    assert article.body.startswith("入冬以来")


def test_byline_in_the_same_block_as_its_headline():
    page = "长乐镇举办首届农民丰收节\n本报记者 张 伟\n\n9月23日，长乐镇首届农民丰收节开幕，\n三百余名农民参加。（镇宣）\n"
    (article,) = articles(page)
    assert (article.title, article.byline) == ("长乐镇举办首届农民丰收节", "本报记者 张伟")
    assert article.body.startswith("9月23日")
