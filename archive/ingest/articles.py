"""Build articles from collected bodies: headline fields, bylines, credits, reader text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.ingest import headlines
from archive.ingest import lines as L
from archive.ingest.bodies import Body, body_span, span_of
from archive.ingest.normalize import collapse_ocr_spaces, join_lines
from archive.ingest.sections import choose_county
from archive.ingest.segment import Item
from archive.ingest.words import (
    dictionary_word_across,
    ends_incomplete,
    ends_on_bare_verb,
    ends_on_time_word,
    has_predicate,
    unbalanced,
    verb_then_quantity,
    word_spans_break,
)


@dataclass
class ParsedArticle:
    """One article, brief or photo as cut from a page; offsets index the page's ``ocr_text``."""

    kind: str = "article"
    title: str = ""
    subtitle: str = ""
    byline: str = ""
    credit: str = ""
    body: str = ""
    continues_from: str = ""
    ocr_start: int = 0
    ocr_end: int = 0
    county: str = ""
    notes: list[str] = field(default_factory=list)  # markers kept out of the body (上接…版)


def build_article(body: Body, page_county: str, taken: list[tuple[int, int]]) -> ParsedArticle:
    """Turn a collected body and its headline blocks into a ``ParsedArticle``.

    ``taken`` holds the body spans of the page's other articles: an article's raw span covers
    its headline too unless that would swallow another article's text.
    """
    article = ParsedArticle(kind=body.kind, credit=body.credit, byline=body.byline)
    article.continues_from = body.continues_from
    blocks = [block for _position, block in sorted(body.headlines, key=lambda pair: pair[0])]
    _fill_headline_fields(article, blocks)
    paragraphs = []
    for para in body.paras:
        text, byline = _reader_text(para)
        if body.kind == "photo":
            text = CAPTION_ARROW_RE.sub("", text)  # ← → point at the picture, not at readers
        paragraphs.append(text)
        if byline:
            article.byline = f"{article.byline} {byline}".strip()
    article.body = "\n\n".join(p for p in paragraphs if p)
    if article.kind == "article" and not article.title and article.body.startswith("又讯"):
        article.kind = "brief"  # a follow-up report printed under the previous headline
    own = body_span(body)
    wide = span_of([*body.paras, *body.extra_items, *blocks])
    overlaps = any(start < wide[1] and wide[0] < end for start, end in taken if (start, end) != own)
    article.ocr_start, article.ocr_end = own if overlaps else wide
    headline = f"{article.title} {article.subtitle}"
    article.county = choose_county(
        headline, body.banner_county, page_county, body.text, bool(body.continues_from)
    )
    for item in body.extra_items:
        if item.kind in ("marker", "forward"):
            article.notes.append(item.text)
    return article


# Arrows that tie a caption to one of several pictures (kept in ``ocr_text``).
CAPTION_ARROW_RE = re.compile(r"^[←→↑↓↖↗↘↙]+\s*")


def tidy_byline(text: str) -> str:
    """``记者 付凯明 通讯员 张亚琳``: the same form as a byline line's (``本报记者 王颖``),
    one space after each role and between names, OCR letter-spacing removed."""
    return L.tidy_byline_line(text)


def _reader_text(para: Item) -> tuple[str, str]:
    """``(text a reader sees, byline taken out of it)`` for one paragraph.

    ``本报讯（记者王明）近日，…`` reads ``本报讯 近日，…`` with byline ``记者王明``; the
    byline is read from the joined paragraph because it may wrap onto the next line.
    """
    text, byline = para.text, ""
    if para.opener:
        match = L.opener_match(text)
        if match:
            # Names are grouped from the printed spacing (记者 马 丽 陈 晨), which the joined
            # text no longer has.
            printed = L.MARKDOWN_BOLD_RE.sub(
                r"\1", " ".join(line.raw.strip() for line in para.lines)
            )
            printed_match = L.opener_match(printed)
            byline = tidy_byline((printed_match or match)["byline"] or "")
            opener = re.sub(r"[（(].*$", "", match.group(0)).strip()
            rest = text[match.end() :].lstrip()
            text = f"{opener} {rest}" if rest else opener
    if para.bullet:
        text = L.BULLET_RE.sub("", text)
    return text.strip(), byline


def unwrap_headline_lines(texts: list[str]) -> list[str]:
    """Rejoin headline lines that only broke because they filled the column.

    A line as long as the longest of its block (and at least ten characters) ran into the
    column edge, so the line after it, if no longer, continues it.
    """
    rows = list(texts)
    while True:  # a wrapped line and its remainder may together be as wide as the widest
        widest = max((len(text) for text in rows), default=0)
        joined: list[str] = []
        for index, text in enumerate(rows):
            previous = rows[index - 1] if index else ""
            if joined and len(previous) == widest >= 10 and len(text) <= len(previous):
                joined[-1] = join_lines([joined[-1], text])
            else:
                joined.append(text)
        if joined == rows:
            return rows
        rows = joined


# A headline line that stops on a verb still wanting its object (某县举办 / 首届龙舟邀请赛) or
# on a function word was wrapped in the middle of a phrase; the next line continues it.
# A line starting with such a verb is the predicate of the line above (河西镇第二小学 /
# 举办冬季运动会).
OPEN_VERBS = (
    "举办|举行|召开|开展|启动|部署|推进|实施|发布|成立|打造|建设|荣获|获评|获得|迎来|开启|"
    "出台|签署|印发|组织|参加|走进|助力|推动|加强|开通|建成|完成|新增|提升|表彰|慰问|看望|"
    "调研|督导|检查|观摩|考察|召集|争创|创建|入选"
)
# …推进会召开 is finished: the meeting, named before, was held.
OPEN_VERB_END_RE = re.compile(rf"(?:(?<![会议礼式动])(?:{OPEN_VERBS})|首届|第)$")
OPEN_WORD_END_RE = re.compile(r"[的之与和及暨在为对把让向从到将被给同跟于以由获、，；：:“《（(]$")
CONTINUING_START_RE = re.compile(rf"^(?:[的之与和及暨等、”》）)都也就才还]|{OPEN_VERBS})")


# A lead-in (引题) reports who spoke or met; the main line says what for:
# 县委召开专题会议强调 / 全力做好冬季防火工作. It is the subtitle, in either printed order.
LEAD_IN_END_RE = re.compile(
    r"(?:强调|指出|要求|提出|表示|号召|寄语|勉励|时说|倡议|(?:会|会议|大会)(?:召开|举行))$"
)


def is_lead_in(text: str) -> bool:
    return len(text) >= 4 and bool(LEAD_IN_END_RE.search(text)) and not unbalanced(text)


def _wrapped_mid_phrase(first: str, second: str) -> bool:
    """True when ``first`` breaks off inside a phrase that ``second`` finishes."""
    return bool(
        OPEN_VERB_END_RE.search(first)
        or OPEN_WORD_END_RE.search(first)
        or CONTINUING_START_RE.match(second)
        or unbalanced(first)
        or QUOTED_OBJECT_RE.match(second)  # 大棚里育出 / “致富苗”
        or (COMPLEMENT_END_RE.search(first) and len(second) <= 8)
        # A remainder too short to be a headline of its own (封丘县十万亩金银花 / 喜获丰收).
        or (len(second) <= 5 and len(first) >= 2 * len(second) and not is_lead_in(first))
        or ends_on_time_word(first)  # 孟州市召开春季 / 农业生产推进会
        or verb_then_quantity(first, second)  # 法院巡回审理 / 一起赡养纠纷案
        or ends_on_bare_verb(first)  # …书记抓 / 基层党建…
        # Half a headline has no predicate: 孟州市韩愈纪念馆 / 游客量创新高, 凤泉区开展防汛 /
        # 应急演练. A kicker (a place, a slogan) is a noun phrase on purpose.
        or (len(first) >= 6 and not has_predicate(first) and not headlines.is_kicker(first))
        or (len(second) <= 7 and not has_predicate(second) and has_predicate(first))
        or word_spans_break(first, second)  # 孟州市三万亩小麦喝 / 上“越冬水”
        or dictionary_word_across(first, second)  # 县税务局推出十项便 / 民办税措施
        or ends_incomplete(first)  # 获嘉县：村卫生室里 / 看上“专家号”
    )


# A verb with a direction or result (育出, 走上, 建成) still wants what it yields.
COMPLEMENT_END_RE = re.compile(r"[出上进成到起入给]$")
QUOTED_OBJECT_RE = re.compile(r"^[“「][^”」]{1,8}[”」]$")


def _title_and_subtitle(first: str, second: str) -> list[tuple[str, bool]]:
    """Two complete headline lines: ``[(text, is_subtitle), …]`` in printed order.

    Rule (the 引题/主题/副题 convention of Chinese papers): the longer line is the main title.
    A short complete phrase above a longer factual line is an 引题 over the 主题
    (``小药材做成富民大产业`` / ``青禾县中药材种植突破十万亩``); a longer line above a
    shorter one is the 主题 over its 副题. Equal lengths: the first line is the main title.
    """
    main = 1 if len(second) > len(first) else 0
    return [(first, main != 0), (second, main != 1)]


def _rejoin_broken_dashes(texts: list[str]) -> list[str]:
    """``一堂“开学第一课”—`` / ``—消防员走进幼儿园``: a dash (——) the column broke in two."""
    rows: list[str] = []
    for text in texts:
        if rows and rows[-1].endswith("—") and not rows[-1].endswith("——") and text[:1] == "—":
            rows[-1] += text
        else:
            rows.append(text)
    return rows


def _fill_headline_fields(article: ParsedArticle, blocks: list[Item]) -> None:
    parts: list[tuple[str, bool]] = []  # (text, is_kicker)
    for block in blocks:
        for author in [line.text for line in block.lines if line.text.startswith("□")]:
            name = collapse_ocr_spaces(author.lstrip("□").strip())
            article.byline = f"{article.byline} {name}".strip()
        texts = _rejoin_broken_dashes(
            [line.text for line in block.lines if not line.text.startswith("□")]
        )
        dashed = [text for text in texts if text.startswith(("—", "－", "-"))]
        texts = [text for text in texts if text not in dashed]
        parts.extend((text, True) for text in dashed)  # ——记… lines are subtitles
        lead_ins = (
            [text for text in texts if is_lead_in(text)]
            if len(texts) == 2 and not _wrapped_mid_phrase(*texts)
            else []
        )
        if len(lead_ins) < len(texts):
            texts = [text for text in texts if text not in lead_ins]
            parts.extend((text, True) for text in lead_ins)
        if not texts:
            continue
        rows = texts if block.vertical or block.explicit else unwrap_headline_lines(texts)
        if len(rows) == 2 and not _wrapped_mid_phrase(*rows):
            parts.extend(_title_and_subtitle(*rows))
        elif len(rows) <= 2:
            joined = join_lines(rows)
            parts.append((joined, headlines.is_kicker(joined) or is_lead_in(joined)))
        else:  # a title over two lines and a subtitle under it
            parts.append((join_lines(rows[:-1]), False))
            parts.append((rows[-1], True))
    if not parts:
        return
    mains = [i for i, (_text, kicker) in enumerate(parts) if not kicker] or [len(parts) - 1]
    main = max(mains, key=lambda i: len(parts[i][0]))
    article.title = parts[main][0]
    article.subtitle = " ".join(text for i, (text, _k) in enumerate(parts) if i != main and text)
