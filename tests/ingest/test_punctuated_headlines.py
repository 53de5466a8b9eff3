"""Headlines with inner ，：； or a final ！/？ (our own invented pages)."""

from archive.ingest.pipeline import parse_page_text

BEFORE_PAGE = """
稳字当头，实干为先

本报讯 5月5日，青禾县召开经济
运行分析会，研究部署下一阶段
工作。（县宣）

青禾县：让群众少跑腿！

本报讯 近日，青禾县政务服务中心
推出一窗通办，办事时间大大缩
短。（政宣）
"""

AFTER_PAGE = """
本报讯 5月2日，柳林镇召开会议，部署
今年“三夏”生产工作，要求抢抓农
时，确保颗粒归仓。（镇宣）

抢农时，保夏收

柳林镇部署“三夏”生产工作本报讯 5月4日，青禾县图书馆
举办读书分享会，百余名读者参加。（文宣）

青禾县图书馆举办读书分享会
"""

GLUED_PUNCTUATED_PAGE = """
本报讯 5月3日，柳林镇组织志愿者
清理河道垃圾，美化乡村环境。（镇宣）

夏粮丰收，颗粒归仓本报讯 5月6日，青禾县
小麦收获进度过半，农机手昼夜作业。（农宣）
"""

# Short exclamations inside a report are sentences, not headlines.
EXCLAMATION_IN_REPORT_PAGE = """
本报讯 近日，柳林镇举办广场舞比赛，各村
代表队轮番登场。

真热闹，真好看！

观众们纷纷鼓掌叫好，比赛持续到傍晚。（镇宣）
"""


def articles_of(text: str):
    return [article for page in parse_page_text(text) for article in page.articles]


def test_headline_with_comma_before_its_opener_is_the_title():
    first, second = articles_of(BEFORE_PAGE)
    assert first.title == "稳字当头，实干为先"
    assert first.body.startswith("本报讯 5月5日")


def test_headline_with_colon_and_exclamation_mark_is_the_title():
    second = articles_of(BEFORE_PAGE)[1]
    assert second.title == "青禾县：让群众少跑腿！"
    assert second.body.startswith("本报讯 近日")


def test_punctuated_kicker_and_glued_headline_go_back_to_the_report_they_follow():
    first, second = articles_of(AFTER_PAGE)
    assert {first.title, first.subtitle} == {"柳林镇部署“三夏”生产工作", "抢农时，保夏收"}
    assert second.title == "青禾县图书馆举办读书分享会"
    assert second.body.startswith("本报讯 5月4日")
    assert "抢农时" not in second.body


def test_headline_with_comma_glued_to_the_next_opener_is_split_off():
    second = articles_of(GLUED_PUNCTUATED_PAGE)[1]
    assert second.title == "夏粮丰收，颗粒归仓"
    assert second.body.startswith("本报讯 5月6日")


def test_short_exclamation_between_paragraphs_stays_in_the_report():
    (article,) = articles_of(EXCLAMATION_IN_REPORT_PAGE)
    assert "真热闹，真好看！" in article.body
    assert article.title == ""


# Headlines printed after their bodies, no credits: the short last sentence is not a headline.
LAST_SENTENCE_PAGE = """
本报讯 近日，柳林镇举办广场舞比赛，各村代表队轮番登场，
观众们纷纷鼓掌叫好。

大家说，日子越过越红火！

柳林镇举办广场舞比赛

本报讯 5月4日，青禾县图书馆举办读书分享会，百余名读者参加。

青禾县图书馆举办读书分享会
"""


def test_short_last_sentence_before_an_after_printed_headline_stays_in_the_report():
    first, second = articles_of(LAST_SENTENCE_PAGE)
    assert (first.title, first.subtitle) == ("柳林镇举办广场舞比赛", "")
    assert first.body.endswith("大家说，日子越过越红火！")
    assert second.title == "青禾县图书馆举办读书分享会"


WRAPPED_AT_COMMA_PAGE = """
本报讯 5月3日，柳林镇组织志愿者清理河道垃圾。（镇宣）

稳字当头，
实干为先

本报讯 5月5日，青禾县召开经济
运行分析会，研究部署下一阶段
工作。（县宣）
"""


def test_punctuated_headline_wrapped_at_its_comma_is_one_title():
    second = articles_of(WRAPPED_AT_COMMA_PAGE)[1]
    assert (second.title, second.subtitle) == ("稳字当头，实干为先", "")
    assert second.body.startswith("本报讯 5月5日")
