import pytest

from archive.ingest.normalize import collapse_ocr_spaces, ends_sentence, join_lines


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("镇 长 主 持 召 开 会 议", "镇长主持召开会议"),
        ("1 月 7 日下午", "1月7日下午"),
        ("第 12 次 （扩大） 会议", "第12次（扩大）会议"),
        ("过 500 人 次 。 本 次", "过500人次。本次"),
        ("在 刚 刚 闭 幕 的 “ 两会 ”", "在刚刚闭幕的“两会”"),
        ("JIAOZUO DAILY", "JIAOZUO DAILY"),
        ("“喜迎新春 共度佳节”", "“喜迎新春 共度佳节”"),
        ("（张三丰 李四光）", "（张三丰 李四光）"),
        ("完成 IPO 申报", "完成 IPO 申报"),
        ("  前后空白  ", "前后空白"),
    ],
)
def test_ocr_spaces_inside_chinese_go_and_word_spaces_stay(line, expected):
    assert collapse_ocr_spaces(line) == expected


def test_column_broken_lines_join_without_spaces_but_latin_words_keep_one():
    assert join_lines(["县里召开了", "一次会议。"]) == "县里召开了一次会议。"
    assert join_lines(["NEW", "YORK"]) == "NEW YORK"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("会议结束。", True), ("他说：“好！”", True), ("研究审议", False), ("（党组）", False)],
)
def test_a_sentence_ends_only_at_final_punctuation(text, expected):
    assert ends_sentence(text) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("目标为 2 0 2 3 年翻一番", "目标为2023年翻一番"),
        ("共有 3 5 名选手", "共有35名选手"),
        ("第 1 2 届运动会", "第12届运动会"),
        ("全县建成 5 G 基站", "全县建成5 G基站"),
        ("iPhone 1 5 Pro", "iPhone 1 5 Pro"),
        ("2022 2023年", "2022 2023年"),
    ],
)
def test_single_digits_spaced_out_next_to_chinese_join_but_latin_runs_stay(line, expected):
    assert collapse_ocr_spaces(line) == expected
