import json
import re

import pytest

from archive.citations import authors_from_byline, gbt7714
from archive.models import Article
from tests.factories import make_article, make_county, make_issue, make_newspaper, make_page

pytestmark = pytest.mark.django_db


def test_article_page_shows_fields_date_and_paragraphs(client):
    county = make_county("温县")
    page = make_page("A08", issue=make_issue("2023-01-10"), county=county, section="温县新闻")
    article = make_article(
        page,
        title="温县冬小麦长势喜人",
        subtitle="田间管理抓早抓实",
        byline="本报记者 王小明",
        body="第一段写麦田。\n\n第二段写农技员。",
        ocr_text="第 一 段写麦\n田。",
    )
    text = client.get(article.get_absolute_url()).content.decode()
    for expected in (
        "温县冬小麦长势喜人",
        "田间管理抓早抓实",
        "本报记者 王小明",
        "2023年1月10日 星期二",
        "A08版",
        "温县",
    ):
        assert expected in text
    assert "<p>第一段写麦田。</p>" in text and "<p>第二段写农技员。</p>" in text
    assert "第 一 段写麦" in text  # the original OCR, behind the toggle


def test_article_page_offers_permalink_and_gbt7714_citation(client):
    paper = make_newspaper("怀川日报")
    page = make_page("A08", issue=make_issue("2023-01-10", paper))
    article = make_article(page, title="黄河湿地迎来候鸟", byline="本报记者 李青 通讯员 赵田")
    text = client.get(article.get_absolute_url()).content.decode()
    assert f"http://testserver/articles/{article.pk}/" in text
    assert "李青, 赵田. 黄河湿地迎来候鸟[N]. 怀川日报, 2023-01-10(A08)." in text


def test_authors_are_names_without_roles():

    assert authors_from_byline("") == []
    assert authors_from_byline("本报通讯员 崔新 何雨") == ["崔新", "何雨"]


def test_citation_leaves_out_unknown_author(db):
    article = make_article(
        make_page("A01", issue=make_issue("2024-02-24")), title="春耕备耕", byline=""
    )
    assert gbt7714(article) == "春耕备耕[N]. 怀川日报, 2024-02-24(A01)."


def test_previous_and_next_article_on_the_same_page(client):
    page = make_page()
    first = make_article(page, title="甲", order=1)
    second = make_article(page, title="乙", order=2)
    third = make_article(page, title="丙", order=3)
    text = client.get(second.get_absolute_url()).content.decode()
    assert first.get_absolute_url() in text and third.get_absolute_url() in text


def test_continuation_links_to_the_earlier_page_only_when_it_exists(client):
    issue = make_issue()
    a01 = make_page("A01", issue=issue)
    continued = make_article(make_page("A02", issue=issue), continues_from="A01")
    orphan = make_article(make_page("A03", issue=issue), continues_from="B09")
    assert (
        f'href="{a01.get_absolute_url()}"'
        in client.get(continued.get_absolute_url()).content.decode()
    )
    text = client.get(orphan.get_absolute_url()).content.decode()
    assert "上接B09版" in text and "/B09/" not in text


def test_article_text_is_escaped(client):
    article = make_article()
    # Stored text is sanitized on save; write around it to check the template escapes too.
    Article.objects.filter(pk=article.pk).update(
        title="<script>alert(1)</script>", body="<b>粗体</b>"
    )
    text = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;" in text


def test_article_page_carries_news_article_metadata_that_cannot_break_out(client):
    article = make_article(byline="本报记者 王小明")
    # Stored text is sanitized on save; write around it to check the JSON-LD escaping too.
    Article.objects.filter(pk=article.pk).update(title="</script><script>alert(1)</script>")
    html = client.get(article.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "</script><script>alert(1)</script>"
    assert data["author"] == [{"@type": "Person", "name": "王小明"}]


def test_untitled_items_are_named_by_their_opening_words(db):
    brief = make_article(title="", kind="brief", body="又讯 3月14日，县农技站开展下乡服务。")
    photo = make_article(title="", kind="photo", body="↑志愿者在广场为老人义务理发。")
    empty_photo = make_article(title="", kind="photo", body="")
    plain = make_article(title="", body="")
    assert brief.display_title == "3月14日，县农技站开展下乡服务。"
    assert photo.display_title == "志愿者在广场为老人义务理发。"
    assert empty_photo.display_title == "图片"
    assert plain.display_title == "无标题"


def test_the_kind_of_an_untitled_item_is_shown_once(client):
    """「简讯：… [简讯]」 printed the kind twice; the title is the words, the kind a tag."""
    page = make_page()
    brief = make_article(page, title="", kind="brief", body="又讯 县农技站开展下乡服务。")
    photo = make_article(page, title="", kind="photo", body="↑志愿者为老人义务理发。")
    for url in (brief.get_absolute_url(), photo.get_absolute_url(), page.get_absolute_url()):
        html = client.get(url).content.decode()
        body = html.split("<main", 1)[1]
        assert "简讯：" not in body and "图片：" not in body
    article_html = client.get(brief.get_absolute_url()).content.decode()
    assert '<h1 class="untitled">县农技站开展下乡服务。</h1>' in article_html
    assert article_html.count('class="tag">简讯<') == 1
    page_html = client.get(page.get_absolute_url()).content.decode()
    assert '县农技站开展下乡服务。</a> <span class="tag">简讯</span>' in page_html
    assert '志愿者为老人义务理发。</a> <span class="tag">图片</span>' in page_html
