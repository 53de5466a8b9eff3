"""Page splitting, furniture and the smaller fields, on pages we wrote ourselves."""

import pytest

from archive.ingest.pipeline import parse_page_text
from scripts.pairing_accuracy import main as pairing_main
from tests.ingest.pages import HEADER_PAGE, STACKED_HEADERS_PAGE


def test_stacked_half_page_headers_give_two_pages_and_reports_go_by_county():
    first, second = parse_page_text(STACKED_HEADERS_PAGE)
    assert (first.section, first.county) == ("沁阳新闻", "沁阳市")
    assert (second.section, second.county) == ("武陟新闻", "武陟县")
    assert [a.title for a in first.articles] == ["沁阳市举行秋季招聘会"]
    assert [a.title for a in second.articles if a.kind == "article"] == [
        "武陟县图书馆开放",
        "武陟县图书馆里的守书人",
    ]


def test_follow_up_report_is_a_brief_of_its_own():
    second = parse_page_text(STACKED_HEADERS_PAGE)[1]
    (brief,) = [a for a in second.articles if a.kind == "brief"]
    assert brief.body.startswith("又讯 当天") and brief.credit == "（丙丁）"
    opened = next(a for a in second.articles if a.title == "武陟县图书馆开放")
    assert "又讯" not in opened.body


def test_dash_line_is_a_subtitle_and_several_bylines_keep_their_roles():
    second = parse_page_text(STACKED_HEADERS_PAGE)[1]
    keeper = next(a for a in second.articles if a.title == "武陟县图书馆里的守书人")
    assert keeper.subtitle == "——记武陟县图书馆管理员"
    assert keeper.byline == "本报通讯员 陈一 本报记者 林二"


def test_a_lone_scrap_of_ocr_debris_goes_to_the_page_not_into_an_article():
    second = parse_page_text(STACKED_HEADERS_PAGE)[1]
    assert "□" in second.furniture
    assert all("□" not in a.body + a.title + a.subtitle for a in second.articles)


def test_known_database_counties_are_recognised_in_sections():
    text = HEADER_PAGE.replace("B03│博爱新闻", "B03│青云新闻")
    (page,) = parse_page_text(text, known_counties=("青云县",))
    assert page.county == "青云县"


def test_pairing_script_prints_accuracy_for_a_file_and_truth_list(tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text(HEADER_PAGE, encoding="gb18030")
    truth = tmp_path / "truth.txt"
    truth.write_text(
        "博爱县举办春季植树活动 | 植树\n博爱县图书馆开展读书月活动 | 植树\n", encoding="utf-8"
    )
    assert pairing_main([str(page), str(truth)]) == 1
    output = capsys.readouterr().out
    assert "1/2 headlines paired" in output and "heads the wrong body" in output
    truth.write_text(
        "博爱县举办春季植树活动 | 植树\n博爱县图书馆开展读书月活动 | 讲座\n", encoding="utf-8"
    )
    assert pairing_main([str(page), str(truth)]) == 0
    assert "2/2 headlines paired with their body (100%)" in capsys.readouterr().out


@pytest.mark.parametrize("label", ["A01", "12"])
def test_continuation_labels_are_read_from_the_note(label):
    text = f"（上接{label}版②）\n全县夏粮丰收，农民喜笑颜开。\n"
    (page,) = parse_page_text(text)
    assert page.articles[0].continues_from == label


def test_staff_lines_are_furniture_but_square_bulleted_briefs_are_not():
    text = (
        "■编辑：甲乙│校对：丙丁\n\n"
        "■日前，北村小学举行开学典礼。（北校）\n\n"
        "■近日，南村卫生室开展义诊。（南卫）\n"
    )
    (page,) = parse_page_text(text)
    assert page.furniture == ["■编辑：甲乙│校对：丙丁"]
    assert [(a.kind, a.credit) for a in page.articles] == [
        ("brief", "（北校）"),
        ("brief", "（南卫）"),
    ]


@pytest.mark.parametrize("note", ["（资料图片）", "（县文旅局供图）"])
def test_captions_credited_to_files_or_suppliers_are_photos(note):
    text = f"本报讯 县里举办了灯会。（文旅）\n\n游客在灯会上观灯。{note}\n"
    (page,) = parse_page_text(text)
    photo = page.articles[-1]
    assert (photo.kind, photo.body, photo.credit) == ("photo", "游客在灯会上观灯。", note)


def test_markdown_image_links_and_rules_are_not_article_text():
    text = "## 西湾村建起图书室\n\n![](images/p1.jpg)\n\n**本报讯** 近日，西湾村图书室开放。(湾宣)\n\n---\n"
    (page,) = parse_page_text(text)
    (article,) = page.articles
    assert article.body == "本报讯 近日，西湾村图书室开放。"
    assert "![](images/p1.jpg)" in page.furniture and "---" in page.furniture


def test_a_county_slogan_banner_opening_the_page_is_furniture_even_for_that_county():
    text = (
        "河东大地河东县 山清水秀好风光\n\n河东县举办桃花节\n\n"
        "本报讯 3月20日，河东县第五届桃花节开幕。(河宣)\n"
    )
    (page,) = parse_page_text(text, county="河东县", known_counties=("河东县",))
    assert page.furniture == ["河东大地河东县 山清水秀好风光"]
    (article,) = page.articles
    assert (article.title, article.subtitle, article.county) == ("河东县举办桃花节", "", "河东县")
