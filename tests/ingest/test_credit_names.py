"""Names in closing credits and bylines keep one space between people (invented names)."""

import pytest

from archive.ingest.lines import group_names, tidy_byline_line
from archive.ingest.pipeline import parse_page_text

PAGE = """
青禾县举办春季运动会

本报讯 4月8日，青禾县春季运动会在
县体育场开幕，千余名运动员参赛。

比赛将持续三天。（马 丽 陈 晨）

青禾县图书馆开展读书月活动

本报讯 近日，青禾县图书馆开展读书月
活动，吸引众多市民参与。（刘 洋 何佳慧）

柳林镇修通产业路

本报讯 近日，柳林镇修通了一条产业路，果农运输更方便了。（白 雪
宋 佳 佳）
"""


@pytest.mark.parametrize(
    ("printed", "names"),
    [
        ("马 丽 陈 晨", "马丽 陈晨"),
        ("刘 洋 何佳慧", "刘洋 何佳慧"),
        ("王小明 李 华", "王小明 李华"),
        ("张 三 丰 李 四", "张三丰 李四"),
        ("何 佳慧", "何佳慧"),
        ("县委宣传部供图", "县委宣传部供图"),
    ],
)
def test_letter_spaced_names_are_grouped_into_people(printed, names):
    assert group_names(printed) == names


def test_spaced_out_credit_keeps_a_space_between_the_two_people():
    credits = [a.credit for page in parse_page_text(PAGE) for a in page.articles]
    assert credits == ["（马丽 陈晨）", "（刘洋 何佳慧）", "（白雪 宋佳佳）"]


def test_byline_line_groups_several_spaced_names_per_role():
    text = "本报记者 王 颖 李 秋 月 通讯员 赵 一 鸣"
    assert tidy_byline_line(text) == "本报记者 王颖 李秋月 通讯员 赵一鸣"


BYLINE_PAGE = """
青禾县启动夏粮收购

本报讯（记者杨帆 通讯员 李秋月）近日，青禾县
启动夏粮收购工作。（县宣）

柳林镇举办农民丰收节

本报记者 孙 静

近日，柳林镇举办农民丰收节，村民们载歌载舞。（镇宣）

青禾县表彰优秀教师

本报讯（记者 马 丽 陈 晨 通
讯员赵一鸣）近日，青禾县表彰一批优秀教师。（教宣）
"""


def test_bylines_from_openers_and_byline_lines_have_one_form():
    bylines = [a.byline for page in parse_page_text(BYLINE_PAGE) for a in page.articles]
    assert bylines == [
        "记者 杨帆 通讯员 李秋月",
        "本报记者 孙静",
        "记者 马丽 陈晨 通讯员 赵一鸣",
    ]
