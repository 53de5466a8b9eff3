"""Every sample page: the headlines a reader sees head their own bodies, fields are right."""

import re

import pytest

from archive.ingest.accuracy import pairing_report
from archive.ingest.decoding import decode_page_bytes
from archive.ingest.normalize import CJK, ends_sentence, spaced_out_ratio
from archive.ingest.pipeline import parse_page_text
from tests.ingest.corpus import (
    CORPUS_FILES,
    all_articles,
    article_titled,
    corpus_text,
    parsed_pages,
    truth,
)

JIAOZUO = "jiaozuo-daily-A08-2023-01-10.txt"
WENXIAN = "wenxian-shanyang-2024-02.txt"
XINXIANG = "xinxiang-districts-2023-08.md"

# (photo phrase, credit) per file: each picture is its own item with its credit.
PHOTOS = {
    JIAOZUO: [
        ("马庄村", "徐宏星 摄"),
        ("红薯粉条", "赵春营 摄"),
        ("瑞庆汽车", "本报记者 刘金元 摄"),
    ],
    WENXIAN: [("牛洼村", "白玉欣 摄"), ("恩州驿", "本报记者 贾蓝 摄")],
    XINXIANG: [("徐嘉豪", "赵慧意 李月锦 摄")],
}
BRIEFS = {JIAOZUO: ["河雍中心校", "明珠小学", "河雍中心幼儿园"], WENXIAN: [], XINXIANG: []}

# headline → (subtitle, byline, credit) a reader sees beside the body
FIELDS = {
    JIAOZUO: {
        "温县县委常委会（扩大）会议召开": ("", "", "（白靖杰 黄福兴）"),
        "“六帮六助”不停步": ("温县赵堡镇", "", "（廉荷苇）"),
        "孟州：高质量项目赋能高质量发展": ("", "", "（汤锐）"),
        "示范区新增高新技术企业21家": ("总数位居全市第二", "记者 郭树勋 通讯员 郭探", ""),
        "文昌街道开展安全生产大排查": ("严格检查 严格执法 严格整治", "记者 朱晓琳 通讯员 路朝", ""),
        "吹响开局决战的号角": ("", "高亢", ""),
        "严抓烟花爆竹禁燃禁售宣传排查工作": ("文苑街道", "记者 付凯明 通讯员 张亚琳", ""),
        "示范区召开污染防治攻坚推进会": ("", "记者 付凯明", ""),
    },
    WENXIAN: {
        "温县十五届人大四次会议闭幕": ("", "", "(温融媒)"),
        "温县举办庆新春绘画作品展": ("", "", "(李欣原 侯贝)"),
        "山阳区理论学习中心组集中学习": ("", "记者 原文钊 通讯员 黄泽慧", ""),
        "反诈宣传融入元宵节活动": ("光亚街道", "记者 原文钊", ""),
    },
    XINXIANG: {
        "凤泉区召开“4+N”专班工作调度会": ("", "", "(陈鹏 秦利莎)"),
        "“二马”机制助力创文防汛工作": ("红旗区西街街道", "", "(陈倩)"),
    },
}

COUNTIES = {
    JIAOZUO: {"温县县委常委会召开议军会议": "温县", "孟州市首届年货节举行": "孟州市"},
    WENXIAN: {"表彰先进树榜样": "温县", "反诈宣传融入元宵节活动": "山阳区"},
    XINXIANG: {"再添一处爱国主义教育基地": "封丘县", "牧野区委四届五次全会召开": "牧野区"},
}


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_every_headline_heads_its_own_body(name):
    report = pairing_report(all_articles(name), truth(name))
    assert report.problems == []
    assert report.paired == report.total > 0


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_each_body_phrase_is_in_the_page_and_in_exactly_one_article(name):
    raw = re.sub(r"\s", "", corpus_text(name))
    for entry in truth(name):
        assert entry.phrase in raw, f"truth phrase {entry.phrase!r} is not on the page"
        holders = [a.title for a in all_articles(name) if entry.phrase in a.body]
        assert holders == [entry.headline]


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_every_report_has_a_headline_and_nothing_is_left_as_a_fragment(name):
    articles = all_articles(name)
    untitled = [a for a in articles if a.kind == "article" and not a.title]
    assert untitled == []
    expected = len(truth(name)) + len(BRIEFS[name]) + len(PHOTOS[name])
    titled_photos = sum(1 for a in articles if a.kind == "photo" and a.title)
    assert len(articles) == expected - titled_photos


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_photos_are_photo_items_with_their_credit(name):
    photos = [a for a in all_articles(name) if a.kind == "photo"]
    assert len(photos) == len(PHOTOS[name])
    for phrase, credit in PHOTOS[name]:
        (photo,) = [p for p in photos if phrase in p.body]
        assert photo.credit == credit
        assert not photo.body.endswith("摄")
    for article in all_articles(name):
        if article.kind != "photo":
            assert not re.search(r"\s摄$|摄\s*$", article.body)


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_briefs_are_separate_items(name):
    briefs = [a for a in all_articles(name) if a.kind == "brief"]
    assert [next(p for p in BRIEFS[name] if p in b.body) for b in briefs] == BRIEFS[name]
    assert all(b.credit and not b.body.startswith("●") for b in briefs)


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_subtitles_bylines_and_credits_are_in_their_fields(name):
    for title, (subtitle, byline, credit) in FIELDS[name].items():
        article = article_titled(name, title)
        assert (article.subtitle, article.byline, article.credit) == (subtitle, byline, credit)
    for article in all_articles(name):
        assert "本报讯（" not in article.body and "本报讯(" not in article.body
        if article.credit:
            assert not article.body.endswith(article.credit)
            assert article.credit not in article.body


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_bodies_have_no_spaced_out_characters_or_lines_broken_mid_sentence(name):
    for article in all_articles(name):
        assert article.body, article.title
        for paragraph in article.body.split("\n\n"):
            assert "\n" not in paragraph
            assert spaced_out_ratio(paragraph) == 0, paragraph
            assert not re.search(f"[{CJK}] [{CJK}] [{CJK}]", paragraph)
            assert not re.search(r"\d [年月日]|[年月日第] \d", paragraph)
            assert ends_sentence(paragraph), f"{article.title}: …{paragraph[-20:]}"


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_every_article_keeps_its_raw_span(name):
    raw = corpus_text(name)
    for article in all_articles(name):
        span = raw[article.ocr_start : article.ocr_end]
        first = re.sub(r"\s", "", article.body)[:6].replace("本报讯", "")
        assert first[:3] in re.sub(r"\s|\*", "", span)


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_articles_know_their_county(name):
    for title, county in COUNTIES[name].items():
        assert article_titled(name, title).county == county


def test_page_headers_become_page_metadata_and_furniture():
    pages = parsed_pages(JIAOZUO)
    assert [(p.label, p.section, p.county, str(p.date)) for p in pages] == [
        ("A08", "温县新闻", "温县", "2023-01-10"),
        ("A08", "孟州新闻", "孟州市", "2023-01-10"),
    ]
    assert all(p.newspaper == "焦作日报" for p in pages)
    assert "JIAOZUO DAILY" in pages[0].furniture
    for article in all_articles(JIAOZUO):
        for text in (article.body, article.title, article.subtitle):
            assert "JIAOZUO" not in text and "新闻热线" not in text and "星期二" not in text


def test_section_banners_go_to_page_furniture():
    assert "百字新闻" in parsed_pages(JIAOZUO)[1].furniture
    assert "封丘县" in parsed_pages(XINXIANG)[0].furniture
    banner = next(f for f in parsed_pages(WENXIAN)[0].furniture if "山阳区" in f)
    assert all(banner not in a.subtitle + a.title for a in all_articles(WENXIAN))


def test_headlines_after_their_body_are_read_as_such():
    assert [p.style for p in parsed_pages(JIAOZUO)] == ["after", "after"]
    assert parsed_pages(WENXIAN)[0].style == "before"
    assert parsed_pages(XINXIANG)[0].style == "before"


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_same_page_saved_as_gb18030_with_windows_line_ends_cuts_the_same(name):
    data = corpus_text(name).replace("\n", "\r\n").encode("gb18030")
    text, encoding = decode_page_bytes(data, name)
    assert encoding == "gb18030"
    articles = [a for page in parse_page_text(text) for a in page.articles]
    assert [(a.title, a.body, a.credit) for a in articles] == [
        (a.title, a.body, a.credit) for a in all_articles(name)
    ]
    for article in articles:
        assert article.ocr_end <= len(text) and "\r" not in article.body


@pytest.mark.parametrize("county", ["温县", "山阳区", "封丘县"])
@pytest.mark.parametrize("name", CORPUS_FILES)
def test_pairing_does_not_depend_on_the_county_a_manifest_gives(name, county):
    articles = [
        a for page in parse_page_text(corpus_text(name), county=county) for a in page.articles
    ]
    report = pairing_report(articles, truth(name))
    assert report.problems == []


def rewrap_body_lines(text: str, width: int) -> str:
    """The page as OCR of narrower or wider columns would give it: every line of running
    text (it has sentence punctuation) broken again at ``width`` characters."""
    lines = []
    for line in text.split("\n"):
        if len(line) > width and re.search("[，。；]", line) and "│" not in line:
            lines.extend(line[i : i + width] for i in range(0, len(line), width))
        else:
            lines.append(line)
    return "\n".join(lines)


@pytest.mark.parametrize("width", [12, 16, 22])
@pytest.mark.parametrize("name", CORPUS_FILES)
def test_same_pages_broken_at_other_column_widths_pair_as_well(name, width):
    text = rewrap_body_lines(corpus_text(name), width)
    articles = [a for page in parse_page_text(text) for a in page.articles]
    assert pairing_report(articles, truth(name)).problems == []
    for article in articles:
        for paragraph in article.body.split("\n\n"):
            assert "\n" not in paragraph and spaced_out_ratio(paragraph) == 0


def rewrap_all_lines(text: str, width: int) -> str:
    """Every line but the page header broken at ``width``, headlines included."""
    lines = []
    for line in text.split("\n"):
        furniture = "│" in line or "DAILY" in line or line.startswith(("#", "■"))
        if len(line) > width and not furniture:
            lines.extend(line[i : i + width] for i in range(0, len(line), width))
        else:
            lines.append(line)
    return "\n".join(lines)


@pytest.mark.parametrize("width", [14, 18])
@pytest.mark.parametrize("name", CORPUS_FILES)
def test_headlines_wrapped_over_several_lines_are_rejoined(name, width):
    text = rewrap_all_lines(corpus_text(name), width)
    articles = [a for page in parse_page_text(text) for a in page.articles]
    assert pairing_report(articles, truth(name)).problems == []
