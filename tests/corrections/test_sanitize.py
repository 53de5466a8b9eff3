import html
import re

import bleach
import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive.models import Article, County, Issue, Newspaper, Page
from archive.sanitize import clean_text
from tests.factories import make_article, make_county, make_page

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<a href="javascript:alert(1)">点我</a>',
    "<svg/onload=alert(1)>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_clean_text_leaves_no_tag_or_script(payload):
    cleaned = clean_text(f"县城新闻{payload}正文")
    assert "<" not in cleaned and ">" not in cleaned
    assert "alert(1)</" not in cleaned
    assert cleaned.startswith("县城新闻") and cleaned.endswith("正文")


def test_clean_text_keeps_paragraphs_and_plain_punctuation():
    text = "第一段 甲 & 乙\r\n\r\n第二段：数值 3 < 5"
    assert clean_text(text) == "第一段 甲 & 乙\n\n第二段：数值 3 < 5"


def test_clean_text_decodes_entities_and_drops_invisible_characters():
    assert clean_text("粗&nbsp;体&amp;细\u200b") == "粗 体&细"


def test_clean_text_is_idempotent():
    once = clean_text("<b>标题</b>&amp;amp;")
    assert clean_text(once) == once


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field", ["title", "subtitle", "byline", "credit", "body", "continues_from"]
)
def test_every_article_text_field_is_cleaned_when_stored(field):
    article = make_article(**{field: "<script>alert(1)</script><b>干净</b>"})
    stored = Article.objects.values_list(field, flat=True).get(pk=article.pk)
    assert stored == "干净"


@pytest.mark.django_db
def test_page_issue_paper_and_county_text_is_cleaned_when_stored():
    county = make_county(name="<i>温县</i>", city="<script>x</script>焦作市")
    page = make_page(section="<img src=x onerror=alert(1)>温县新闻", furniture="<b>报头</b>")
    paper = page.issue.newspaper
    paper.description = "<iframe src=//evil></iframe>简介"
    paper.save()
    issue = page.issue
    issue.number = "<b>第1期</b>"
    issue.save()
    assert County.objects.get(pk=county.pk).name == "温县"
    assert County.objects.get(pk=county.pk).city == "焦作市"
    stored_page = Page.objects.get(pk=page.pk)
    assert (stored_page.section, stored_page.furniture) == ("温县新闻", "报头")
    assert Newspaper.objects.get(pk=paper.pk).description == "简介"
    assert Issue.objects.get(pk=issue.pk).number == "第1期"


@pytest.mark.django_db
def test_original_ocr_is_stored_verbatim():
    raw = "原文 <b>保留</b> 不改"
    article = make_article(ocr_text=raw)
    assert Article.objects.get(pk=article.pk).ocr_text == raw


@pytest.mark.django_db
def test_public_article_page_escapes_what_sanitizing_leaves():
    from django.test import Client

    article = make_article(title="3 < 5 & <不是标签", body="甲 <乙")
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "3 &lt; 5 &amp; &lt;不是标签" in html
    assert "甲 &lt;乙" in html


XSS = '<script>alert("xss")</script>'


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["title", "subtitle", "byline", "credit", "body", "ocr_text"])
def test_public_article_page_escapes_unsanitized_article_fields(client, field):
    article = make_article(title="标题", subtitle="副题", byline="记者", credit="（来源）")
    Article.objects.filter(pk=article.pk).update(**{field: XSS})
    html = client.get(article.get_absolute_url()).content.decode()
    assert XSS not in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db
def test_public_article_page_escapes_unsanitized_page_section_and_county(client):
    county = make_county()
    article = make_article(page=make_page(county=county))
    Page.objects.filter(pk=article.page.pk).update(section=XSS)
    County.objects.filter(pk=county.pk).update(name=XSS)
    html = client.get(article.get_absolute_url()).content.decode()
    assert XSS not in html


PLAIN = st.text(
    alphabet=st.characters(
        blacklist_characters="<>&\xa0\u200b\u2028\u2029\ufeff", blacklist_categories=("Cc", "Cs")
    )
)


@given(PLAIN)
def test_plain_text_is_stored_unchanged_and_bleach_agrees(text):
    # clean_text skips bleach for such text; this checks the shortcut changes nothing.
    assert clean_text(text) == text
    assert html.unescape(bleach.clean(text, tags=set(), strip=True)) == text


def test_an_unclosed_script_tag_does_not_swallow_the_following_text():
    assert clean_text("讲解<script>标签的用法，后面还有正文") == "讲解标签的用法，后面还有正文"
    assert clean_text("讲解<script 标签的用法") == "讲解<script 标签的用法"  # no tag: plain text


TAG = re.compile(r"<[!/?]?[A-Za-z][^<>]*>|<!--.*?-->", re.S)
# Pieces from which entities, tags and numeric references assemble themselves.
TRICKY = st.lists(
    st.sampled_from(
        ["&", "<", ">", ";", "#", "amp", "lt", "gt", "x3c", "60", "13", "script", "b", "!--"]
        + ["/", " ", "=", '"', "\n", "甲", "乙", "报", "讯", "温县", "，"]
    ),
    max_size=40,
).map("".join)


def escaped(text: str, times: int) -> str:
    for _ in range(times):
        text = html.escape(text)
    return text


@pytest.mark.parametrize("times", [4, 5, 6, 12, 19, 20, 21, 60])
def test_a_script_tag_escaped_many_times_never_comes_back(times):
    once = clean_text(f"正文{escaped('<script>alert(1)</script>', times)}完")
    assert not TAG.search(once)
    assert clean_text(once) == once


@given(TRICKY, st.integers(min_value=0, max_value=25))
def test_cleaning_is_idempotent_and_leaves_no_tag(text, times):
    once = clean_text(escaped(text, times))
    assert clean_text(once) == once
    assert not TAG.search(once)
