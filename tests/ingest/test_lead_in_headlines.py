"""Two-line headlines: reading order kept, a wrapped headline is one title, and a lead-in
(引题: who met or spoke, ``…强调``) is the subtitle whichever line it is printed on."""

import pytest

from archive.ingest.pipeline import parse_page_text

PAGE = """
{headline}

本报讯 12月5日，青禾县召开专题会议，研究部署
今冬明春森林防火工作。（县宣）
"""


def article_under(*lines: str, gap: bool = False):
    headline = ("\n\n" if gap else "\n").join(lines)
    (page,) = parse_page_text(PAGE.format(headline=headline))
    (article,) = page.articles
    return article


@pytest.mark.parametrize("gap", [False, True])
def test_lead_in_printed_first_is_the_subtitle(gap):
    article = article_under("县委召开专题会议强调", "全力做好冬季防火工作", gap=gap)
    assert (article.title, article.subtitle) == ("全力做好冬季防火工作", "县委召开专题会议强调")


@pytest.mark.parametrize("gap", [False, True])
def test_lead_in_printed_second_is_still_the_subtitle(gap):
    article = article_under("全力做好冬季防火工作", "县委召开专题会议强调", gap=gap)
    assert (article.title, article.subtitle) == ("全力做好冬季防火工作", "县委召开专题会议强调")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("青禾县三万亩小麦喝", "上“越冬水”"),  # a word across the break
        ("大棚里育出", "“致富苗”"),  # the object in quotes
        ("冬闲变冬忙，大棚里面“", "种”希望"),  # a quotation left open
        ("北河镇村卫生室里", "看上“专家号”"),  # a locative wants its verb
        ("县税务局推出十项便", "民办税措施"),  # a dictionary word across the break
        ("南山乡十万亩金银花", "喜获丰收"),  # a remainder too short to stand alone
    ],
)
def test_wrapped_headline_is_one_title(first, second):
    article = article_under(first, second)
    assert (article.title, article.subtitle) == (first + second, "")


def test_a_lead_in_that_ends_a_wrapped_line_is_not_split_off():
    article = article_under("青禾县召开", "污染防治攻坚推进会")
    assert article.title == "青禾县召开污染防治攻坚推进会"
