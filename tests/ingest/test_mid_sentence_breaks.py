"""A blank line where a column ends mid-sentence is no headline and cuts no report."""

import pytest

from archive.ingest.pipeline import parse_page_text

PAGE = """
北河镇召开秋收秋种工作会

本报讯 9月20日，北河镇召开秋收
秋种工作会。会议要求各村抓好机
械调度。

{fragment}

{rest}各村支部书记交流了今
年秋收秋种的好经验。（镇宣）

南山乡新修三条通村路

本报讯 今年以来，南山乡新修通村
道路十二公里，方便了群众出行。
"""

BREAKS = [
    ("座谈会在镇政府会", "议室举行，"),  # the column ended inside 会议室
    ("座谈会在镇政府会议室举", "行，"),  # … inside 举行
]


def articles(fragment: str, rest: str):
    text = PAGE.format(fragment=fragment, rest=rest)
    return [a for page in parse_page_text(text) for a in page.articles]


@pytest.mark.parametrize(("fragment", "rest"), BREAKS)
def test_short_line_left_by_a_column_end_continues_its_sentence(fragment, rest):
    first, second = articles(fragment, rest)
    assert first.title == "北河镇召开秋收秋种工作会"
    assert "座谈会在镇政府会议室举行，各村支部书记交流了今年秋收秋种的好经验。" in first.body
    assert first.credit == "（镇宣）"
    assert second.title == "南山乡新修三条通村路"


@pytest.mark.parametrize(("fragment", "rest"), BREAKS)
def test_the_fragment_never_titles_a_report(fragment, rest):
    assert fragment not in [a.title for a in articles(fragment, rest)]
