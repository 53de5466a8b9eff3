"""Property: cutting a page into articles never drops a Chinese character.

Every Chinese character of the input is found again in an article field (title, subtitle,
byline, credit, body, kept notes) or in the page furniture it was moved to.
"""

import os
from collections import Counter

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archive.ingest.normalize import cjk_characters, collapse_ocr_spaces, join_lines
from archive.ingest.pipeline import parse_page_text

# Pieces real OCR pages are made of, in our own words.
TOKENS = [
    "本报讯",
    "又讯",
    "本报讯（记者 王 明）",
    "本报记者 李 强",
    "□张 华",
    "●",
    "□",
    "——记",
    "本报通讯员 陈 一 本报记者 林 二",
    "（赵 钱）",
    "(县融媒)",
    "（上接A01版）",
    "（下转A03版）",
    "刘 洋 摄",
    "。",
    "，",
    "、",
    "：",
    "“",
    "”",
    "←",
    "## ",
    "**本报讯**",
    "东风村",
    "召开会议",
    "修 路",
    "大 桥",
    "3 月",
    "2024 年",
    "A08│河东新闻2023年5月6日 星期六",
    "JIAOZUO DAILY",
    "■编辑：孙 七",
    "百字新闻",
    "封丘县",
    "温县新闻",
    "街道",
    "树",
    "花",
    "ABC",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
]

page_texts = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)


def accounted_characters(text: str) -> Counter:
    found = []
    for page in parse_page_text(text):
        found.extend(page.furniture)
        for article in page.articles:
            found.extend(
                [article.title, article.subtitle, article.byline, article.credit, article.body]
            )
            found.extend(article.notes)
    return Counter(cjk_characters("".join(found)))


@settings(
    max_examples=int(os.environ.get("NOTHING_LOST_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(page_texts)
@example("百字新闻\n\n又讯\n\n——记（上接A01版）")  # debris look-ahead once crashed here
def test_segmenting_a_page_keeps_every_chinese_character(text):
    assert accounted_characters(text) == Counter(cjk_characters(text))


@given(st.text(alphabet="东风村路桥 \u3000\t1２3月ab，。（）", max_size=80))
def test_collapsing_ocr_spaces_only_removes_whitespace(line):
    assert collapse_ocr_spaces(line).replace(" ", "") == "".join(line.split())


@given(st.lists(st.text(alphabet="东风村路桥 ab1，。", max_size=20), max_size=8))
def test_joining_lines_keeps_every_character_in_order(lines):
    assert join_lines(lines).replace(" ", "") == "".join("".join(lines).split())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_at_all_parses_without_error_and_keeps_its_characters(text):
    assert accounted_characters(text) == Counter(cjk_characters(text))
