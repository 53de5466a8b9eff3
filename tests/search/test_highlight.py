"""Highlighting: escape first, then <mark>; snippets centre on the matches."""

from __future__ import annotations

from archive.search.highlight import highlight, needles_for, snippet
from archive.search.query import parse_query


def test_marks_every_occurrence_and_escapes_the_rest():
    html = highlight("<i>小麦</i> & 小麦", needles_for(parse_query("小麦")))
    assert html == "&lt;i&gt;<mark>小麦</mark>&lt;/i&gt; &amp; <mark>小麦</mark>"


def test_needle_that_looks_like_markup_is_escaped_inside_mark():
    html = highlight("a<b>c", ("b",))
    assert html == "a&lt;<mark>b</mark>&gt;c"


def test_snippet_is_cut_around_the_match():
    text = "开头" * 100 + "关键的小麦新品种" + "结尾" * 100
    html = snippet(text, needles_for(parse_query("小麦")), width=40)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>小麦</mark>新品种" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "")) <= 42


def test_snippet_without_matches_is_the_beginning():
    assert snippet("一二三四五六七八九十", ("不在",), width=4) == "一二三四…"


def test_traditional_query_highlights_simplified_text():
    assert "<mark>温县</mark>" in highlight("温县新闻", needles_for(parse_query("溫縣")))
