"""A headline printed on two lines: one wrapped title, or a title with its 引题/副题."""

from archive.ingest.pipeline import parse_page_text

TEMPLATE = """
{first}
{second}

本报讯 6月2日，青禾县召开专题会议，
听取有关情况汇报。（县宣）
"""


def article_under(first: str, second: str):
    (page,) = parse_page_text(TEMPLATE.format(first=first, second=second))
    (article,) = page.articles
    return article


def test_short_complete_phrase_above_a_longer_line_is_the_kicker_of_that_title():
    article = article_under("小药材做成富民大产业", "青禾县中药材种植面积突破十万亩")
    assert article.title == "青禾县中药材种植面积突破十万亩"
    assert article.subtitle == "小药材做成富民大产业"


def test_longer_title_above_a_shorter_complete_line_keeps_it_as_subtitle():
    article = article_under("青禾县夏粮喜获丰收", "亩产创新高")
    assert article.title == "青禾县夏粮喜获丰收"
    assert article.subtitle == "亩产创新高"


def test_line_ending_on_a_verb_wanting_its_object_continues_on_the_next():
    article = article_under("青禾县举办", "首届龙舟邀请赛")
    assert (article.title, article.subtitle) == ("青禾县举办首届龙舟邀请赛", "")


def test_line_starting_with_the_predicate_finishes_the_line_above():
    article = article_under("青禾县第二中学", "召开秋季运动会")
    assert (article.title, article.subtitle) == ("青禾县第二中学召开秋季运动会", "")


def test_line_ending_on_a_function_word_continues_on_the_next():
    article = article_under("青禾县表彰一批优秀的", "乡村医生和教师")
    assert (article.title, article.subtitle) == ("青禾县表彰一批优秀的乡村医生和教师", "")
