"""Subheads inside a long or continued report stay inside it as paragraphs of their own."""

from archive.ingest.pipeline import parse_page_text

LONG_REPORT = """
青禾县召开乡村振兴工作推进会

本报讯（记者 王小川）12月6日，青禾县召开乡村振兴
工作推进会，总结前期工作。

以项目建设为抓手

今年以来，全县新建项目32个，总投资18亿元，
带动就业2000余人。

小板凳上的议事会

在李村，群众围坐在小板凳上讨论村里大事，
议事会成了基层治理的好办法。（张晓 李文博）

南山乡建成五座智能温室

本报讯 近日，南山乡五座智能温室建成投用。（南宣）
"""

CONTINUED_REPORT = """
（上接A01版②）道路硬化率达到百分之百，
群众出行更方便了。

以项目建设为抓手

全县交通建设投资再创新高，全年完成投资5亿元。

小板凳上的议事会

村里的事大家商量着办，修路的事也是这样定下来的。
"""


def articles(text: str):
    return [article for page in parse_page_text(text) for article in page.articles]


def test_subheads_inside_a_report_are_paragraphs_not_headlines():
    report, greenhouse = articles(LONG_REPORT)
    assert report.title == "青禾县召开乡村振兴工作推进会"
    assert report.body.split("\n\n")[1] == "以项目建设为抓手"
    assert "小板凳上的议事会" in report.body.split("\n\n")
    assert report.credit == "（张晓 李文博）"
    assert greenhouse.title == "南山乡建成五座智能温室"


def test_continued_report_stays_one_untitled_item_with_its_subheads():
    (continued,) = articles(CONTINUED_REPORT)
    assert continued.continues_from == "A01"
    assert continued.title == ""
    assert "以项目建设为抓手" in continued.body.split("\n\n")
    assert continued.body.endswith("修路的事也是这样定下来的。")
