"""Cut the lines of one page into items: headlines, paragraphs, credits, photos, markers.

How a page is laid out decides the rules:
- a blank line is a paragraph break only when the text before it ends a sentence; otherwise
  the column simply ended there and the sentence goes on in the next block;
- a short line ending a sentence inside a block ends its paragraph;
- a headline is short, has no sentence punctuation, comes after finished text (never in the
  middle of a sentence) and is followed by a report opener, a byline, another headline, a
  photo, the end of the page, or (a commentary without opener) text clearly longer than it;
- a closing credit ``（…）`` ends a report, also when it wrapped onto the next line;
- vertical headlines are printed one character a line; Markdown marks them with ``##``.
Which body a headline belongs to is decided afterwards (``headlines.py``).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from archive.ingest import lines as L
from archive.ingest.headlines import is_kicker, similarity
from archive.ingest.normalize import (
    CJK,
    cjk_characters,
    collapse_ocr_spaces,
    ends_sentence,
    join_lines,
)
from archive.ingest.words import (
    ends_incomplete,
    has_predicate,
    starts_with_verb,
    unbalanced,
    word_spans_break,
)

HEADLINE_MAX_CHARS = 34
# Share of a headline's character pairs that the report under it repeats (see _summarises).
SUMMARY_SIMILARITY = 0.6


@dataclass
class Item:
    """A piece of a page in reading order, with the lines it came from.

    ``kind``: headline, para, credit, photo_credit, byline, marker (上接…版), forward (下转…版)
    or debris (scraps moved to the page furniture).
    """

    kind: str
    lines: list[L.Line] = field(default_factory=list)
    text: str = ""
    opener: bool = False
    bullet: bool = False
    arrow: bool = False
    vertical: bool = False
    explicit: bool = False
    subhead: bool = False  # a short heading inside a report, kept as its own paragraph
    tentative: bool = False  # a heading no layout rule proved a headline (see subheads.py)
    label: str = ""  # continuation marker page label

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    @property
    def closed(self) -> bool:
        return self.kind != "para" or self.subhead or ends_sentence(self.text)


def group_blocks(lines: list[L.Line]) -> list[list[L.Line]]:
    """Runs of non-blank lines; blank lines (and removed furniture) separate them."""
    blocks: list[list[L.Line]] = []
    current: list[L.Line] = []
    for line in lines:
        if line.blank:
            if current:
                blocks.append(current)
                current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return merge_vertical_blocks(blocks)


def merge_vertical_blocks(blocks: list[list[L.Line]]) -> list[list[L.Line]]:
    """Mark runs of one-character lines (a vertical headline) as one block.

    The merged block holds a single synthetic line spanning the run, flagged ``vertical``.
    """
    out: list[list[L.Line]] = []
    run: list[L.Line] = []

    def flush() -> None:
        if len(cjk_characters("".join(line.raw for line in run))) >= 3:
            text = "".join(line.raw.strip() for line in run)
            out.append([L.Line(text, run[0].start, run[-1].end, vertical=True)])
        elif run:
            out.append(list(run))

    for block in blocks:
        if all(L.is_vertical_char(line.raw) for line in block):
            run.extend(block)
            continue
        # A vertical headline's last column printed straight above its byline (住 / 上 / 新 /
        # 楼 / 房 / 本报记者 周航): the characters finish the headline, the rest is a block.
        lead = 0
        while lead < len(block) and L.is_vertical_char(block[lead].raw):
            lead += 1
        if lead >= 2 and (run or lead >= 3):
            run.extend(block[:lead])
            block = block[lead:]
        flush()
        run = []
        out.append(block)
    flush()
    return out


def _role(line: L.Line) -> str:
    text = line.text
    if line.vertical:
        return "vertical"
    if line.markdown_headline:
        return "markdown"
    if L.continuation_label(text):
        return "marker"
    if L.is_forward_note(text):
        return "forward"
    if L.opener_match(text):
        return "opener"
    if L.is_bullet(text):
        return "bullet"
    if L.is_credit_line(text):
        return "credit"
    if L.photo_credit(L.spaced(line.raw)):
        return "photo"
    if L.is_arrow_line(text):
        return "arrow"
    if L.is_byline_line(text):
        return "byline"
    return "text"


# 一、… / （二）… / 3. …: numbered subheads inside a report, not headlines of new ones.
SUBHEAD_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+[、是]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])"
)


# Headlines may hold inner ，：； and end in ！ or ？ (``稳字当头，实干为先``, ``某县：让群众
# 少跑腿！``), but so do short sentences. Such a line counts only when it is headline-length,
# has no full stop, and what follows proves a new report starts (see ``headline_lines``).
PUNCTUATED_HEADLINE_MAX_CHARS = 20
INNER_HEADLINE_PUNCT_RE = re.compile(r"[，：；,:;]")
SENTENCE_PUNCT_RE = re.compile(r"[，。；！？,;!?]")


def _headline_shaped(text: str, continued: bool = False) -> bool:
    """Short, no sentence punctuation (or only headline punctuation, see
    ``_punctuated_headline``), not a numbered subhead (``continued``: a wrapped headline's
    later line, which may hold a single character)."""
    if not text or len(text) > HEADLINE_MAX_CHARS or len(cjk_characters(text)) < 2 - continued:
        return False
    if SUBHEAD_RE.match(text):
        return False
    if continued and re.fullmatch(rf"[{CJK}”」]+[！？!?]", text):
        return True  # the end of a wrapped headline (…实现全 / 覆盖！); the whole is checked
    return not SENTENCE_PUNCT_RE.search(text) or _punctuated_headline(text)


def _punctuated_headline(text: str) -> bool:
    """True for a headline-length line whose only punctuation is inner ，：； and a final
    ！ or ？ (``抢农时，保夏收``); it still needs proof that a report follows."""
    if len(text) > PUNCTUATED_HEADLINE_MAX_CHARS or len(cjk_characters(text)) < 4:
        return False
    if not SENTENCE_PUNCT_RE.search(text) or re.search(r"[。.]", text):
        return False
    inner = text[:-1] if text[-1] in "！？!?" else text
    if re.search(r"[！？!?]", inner) or not inner or INNER_HEADLINE_PUNCT_RE.match(inner[-1]):
        return False
    return True


STARTS_AFTER_HEADLINE = ("opener", "bullet", "byline", "photo")


def _ends_before(headline: str, line: str) -> bool:
    """True when ``headline`` is finished where ``line`` begins: no quotation left open, no
    last word that wants more, no word running across the break."""
    return (
        not unbalanced(headline)
        and not ends_incomplete(headline)
        and not word_spans_break(headline, line)
    )


# How a report without opener begins: its date, or a phrase that sets the time or source.
REPORT_START_RE = re.compile(
    r"^(?:\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|近日|日前|近期|近年来|今年以来|连日来|"
    r"入[春夏秋冬]以来|记者从|记者近日|[春夏秋冬]日的?|眼下|时下)"
)


def _ends_openly(text: str) -> bool:
    """A line ending in an open bracket, quote, colon or list comma goes on in the next."""
    return text.endswith(("、", "：", ":", "（", "(", "“"))


MARKUP_ONLY_RE = re.compile(r"^(?:!\[[^\]]*\]\([^)]*\)|<!--.*-->|-{3,}|\*{3,}|_{3,})$")


def _trailing_credit(text: str) -> str:
    """The closing credit ``（…）`` ending ``text`` after a finished sentence, or ''."""
    match = L.TRAILING_CREDIT_RE.match(text)
    if not match or L.photo_credit(text):
        return ""
    return match["credit"]


def _scrap(block: list[L.Line]) -> bool:
    """OCR debris: a lone line of at most two characters that ends no sentence, or a line of
    bare Markdown/HTML markup (an image link, a comment, a rule)."""
    if all(MARKUP_ONLY_RE.match(line.raw.strip()) for line in block):
        return True
    if len(block) != 1 or block[0].vertical or block[0].markdown_headline:
        return False
    text = block[0].text
    return len(text) <= 2 and not ends_sentence(text)


class Segmenter:
    """Walks the blocks of one page and produces ``Item``s (see module docstring)."""

    def __init__(self, lines: list[L.Line]) -> None:
        self.blocks = group_blocks(L.split_glued_lines(lines))
        self.roles = [[_role(line) for line in block] for block in self.blocks]
        text_lengths = [
            len(line.text)
            for block, roles in zip(self.blocks, self.roles, strict=True)
            for line, role in zip(block, roles, strict=True)
            if role == "text"
        ]
        self.column_width = statistics.median(text_lengths) if text_lengths else 20
        self.items: list[Item] = []
        self.open_para: Item | None = None
        self.deferred: list[Item] = []

    # -- headline detection -------------------------------------------------------------
    def headline_lines(self, index: int, offset: int = 0) -> int:
        """How many lines of block ``index`` from ``offset`` on form a headline (0: none)."""
        block, roles = self.blocks[index][offset:], self.roles[index][offset:]
        if not block:
            return 0
        if roles[0] in ("vertical", "markdown"):
            return 1
        count = 0
        for line, role in zip(block, roles, strict=True):
            if role in ("opener", "bullet", "photo", "credit", "marker", "arrow"):
                break
            if role == "markdown" and count and count < 3:
                return count + 1  # a kicker line (原阳县) over a ``##`` headline
            if role == "byline" and count and line.text.startswith("□"):
                count += 1  # a commentary's author printed under its headline
                continue
            if role == "byline" and count:
                break  # 本报记者 刘洋 printed right under the headline
            # A headline wrapped at the column may leave one character on its last line; a
            # punctuated one may wrap at its comma (稳字当头， / 实干为先).
            if count and role == "text" and self._report_opens(block[count - 1].text, line.text):
                return count  # the report's first line printed right under its headline
            # A headline wrapped at its comma or colon (专家提醒： / 这些人群要注意！).
            shape = line.text[:-1] if line.text.endswith(("，", "；", "：")) else line.text
            if role != "text" or not _headline_shaped(shape, continued=count > 0):
                if count == 1 and role == "text" and SENTENCE_PUNCT_RE.search(line.text):
                    first = block[0].text
                    if self._after_byline(index, offset) and self._stands_apart(first, line.text):
                        return count  # byline, headline, text: a report starts
                return 0
            count += 1
        if count == 0 or count > 4 or _ends_openly(block[count - 1].text):
            return 0
        if block[count - 1].text.endswith(("，", "；")):
            return 0
        punctuated = any(SENTENCE_PUNCT_RE.search(line.text) for line in block[:count])
        if punctuated and count > 1:
            if not _punctuated_headline(join_lines([line.text for line in block[:count]])):
                return 0
        if count < len(block):
            proof = ("opener", "bullet", "byline") if punctuated else STARTS_AFTER_HEADLINE
            return count if roles[count] in proof else 0
        if self._runs_on(index, block[count - 1].text):
            return 0
        if offset and self.roles[index][offset - 1] == "text":
            # Right after a sentence in the same block: only an opener or byline starting the
            # next block proves a report starts under it.
            return count if self._next_block_starts_report(index) else 0
        if punctuated:
            return count if self._report_follows(index) else 0
        return count if self._followed_by_new_item(index, block[:count]) else 0

    def _past_scraps(self, index: int) -> int:
        """``index`` moved past the OCR debris after block ``index``: the block after the
        result is the next real one."""
        while index + 1 < len(self.blocks) and _scrap(self.blocks[index + 1]):
            index += 1
        return index

    def _next_block_starts_report(self, index: int) -> bool:
        index = self._past_scraps(index)
        return index + 1 < len(self.blocks) and self.roles[index + 1][0] in ("opener", "byline")

    def _after_byline(self, index: int, offset: int) -> bool:
        """True when a byline printed on its own line came just before (bylines are printed
        above a headline or a report, so what follows starts one)."""
        if offset:
            return self.roles[index][offset - 1] == "byline"
        return index > 0 and self.roles[index - 1][-1] == "byline"

    @staticmethod
    def _stands_apart(headline: str, line: str) -> bool:
        """True when ``headline`` is a finished, unpunctuated phrase that ``line`` does not
        continue."""
        return (
            not SENTENCE_PUNCT_RE.search(headline)
            and not REPORT_START_RE.match(headline)
            and _ends_before(headline, line)
        )

    @staticmethod
    def _report_opens(headline: str, line: str) -> bool:
        """True when ``line`` begins a report the way reports begin (a date, 近日, 记者从 …)
        and does not read on from ``headline``."""
        return bool(REPORT_START_RE.match(line)) and _ends_before(headline, line)

    def _next_text_line(self, index: int) -> L.Line | None:
        """The first line of the next block that is not OCR debris, if it is plain text."""
        index = self._past_scraps(index)
        if index + 1 >= len(self.blocks) or self.roles[index + 1][0] != "text":
            return None
        following = self.blocks[index + 1]
        if len(following) == 1 and not SENTENCE_PUNCT_RE.search(following[0].text):
            return None  # another short heading, not the rest of a sentence
        return following[0]

    def _runs_on(self, index: int, last: str) -> bool:
        """True when block ``index`` (ending in ``last``) breaks off mid-sentence and the next
        block reads on from it."""
        following = self._next_text_line(index)
        if following is None:
            return False
        # 孟州市农业农村局 / 组织二十名农技人员…: a subject left above its predicate.
        whole = join_lines([line.text for line in self.blocks[index]])
        subject_only = (
            not has_predicate(whole)
            and not is_kicker(whole)  # 文苑街道 over its headline
            and starts_with_verb(following.text)
        )
        return word_spans_break(last, following.text) or subject_only

    def _subhead_block(self, index: int) -> bool:
        """A short heading standing alone between paragraphs that is not proven a headline
        (``以项目建设为抓手``): it is kept as a paragraph of its own, not glued to the text
        after it. Whether it heads a new report is decided with the bodies around it."""
        block = self.blocks[index]
        if len(block) > 2 or any(role != "text" for role in self.roles[index]):
            return False
        texts = [line.text for line in block]
        joined = join_lines(texts)
        if ends_sentence(joined) or _ends_openly(texts[-1]) or SUBHEAD_RE.match(joined):
            return False
        if SENTENCE_PUNCT_RE.search(joined) or not 4 <= len(joined) <= 24:
            return False
        if len(texts) == 2 and len(texts[0]) >= self.column_width:
            return False  # a paragraph line as wide as the column, then its end
        return not self._runs_on(index, texts[-1])

    def _report_follows(self, index: int) -> bool:
        """Strong proof for a punctuated headline in block ``index``: an opener, byline or
        another headline comes next, or the page ends right after a report closed by a credit
        (a headline printed after its body). Right after a plain paragraph (no credit closed
        it) only an opener or byline will do: a report's last short sentence (``大家说，日子
        越过越红火！``) is followed by its own headline in pages that print headlines after."""
        previous = index - 1
        before = self.blocks[previous][-1] if previous >= 0 else None
        credited = before is not None and (
            self.roles[previous][-1] == "credit" or bool(_trailing_credit(before.text))
        )
        after_paragraph = (
            before is not None
            and not credited
            and self.roles[previous][-1] == "text"
            and ends_sentence(before.text)
        )
        candidate = join_lines([line.text for line in self.blocks[index]])
        index = self._past_scraps(index)
        if index + 1 >= len(self.blocks):
            # The page ends: a line that ends no sentence cannot close a report's text, so it
            # heads the report above it (冬闲变冬忙，大棚里面“种”希望).
            return credited or (after_paragraph and not ends_sentence(candidate))
        roles = self.roles[index + 1]
        if roles[0] in ("opener", "bullet", "byline"):
            return True
        photo_next = roles[0] in ("photo", "arrow") or roles[-1] == "photo"
        if credited and photo_next:
            return True  # between a finished report and a picture: no sentence goes on there
        if after_paragraph and photo_next and not ends_sentence(candidate):
            return True  # a line ending no sentence, then a picture: the report's headline
        if after_paragraph:
            return False
        return roles[0] in ("vertical", "markdown") or bool(self.headline_lines(index + 1))

    def _followed_by_new_item(self, index: int, candidate: list[L.Line]) -> bool:
        """Whether what follows block ``index`` lets its ``candidate`` lines be a headline."""
        first, last = candidate[0], candidate[-1]
        index = self._past_scraps(index)
        if index + 1 >= len(self.blocks):
            return True
        roles = self.roles[index + 1]
        if roles[0] in ("opener", "bullet", "byline", "vertical", "markdown", "marker", "arrow"):
            return True
        if roles[-1] == "photo" or (any(role == "photo" for role in roles) and len(roles) <= 4):
            return True  # a photo caption follows
        if self.headline_lines(index + 1):
            return True
        # An opener-less report (a commentary) after its headline. The first line of a
        # paragraph broken at the column is as wide as the column; a headline is clearly
        # narrower, or wider because it spans several columns.
        following = self.blocks[index + 1]
        longer = len(following) >= 2 or len(following[0].text) >= 2 * len(last.text)
        narrower = len(last.text) < 0.85 * self.column_width
        wider = len(first.text) > 1.2 * self.column_width and self.column_width < 30
        headline = join_lines([line.text for line in candidate])
        return longer and (narrower or wider or self._summarises(index, headline))

    def _summarises(self, index: int, headline: str) -> bool:
        """True when the text after block ``index`` repeats most of ``headline``'s wording,
        as a report repeats its headline; a paragraph's first line is not repeated so."""
        after = [line.text for block in self.blocks[index + 1 : index + 3] for line in block]
        return similarity(headline, join_lines(after)) >= SUMMARY_SIMILARITY

    # -- item building ------------------------------------------------------------------
    def close_para(self) -> None:
        if self.open_para is not None:
            para = self.open_para
            para.text = join_lines([line.text for line in para.lines])
            self.items.append(para)
            self.open_para = None
            credit = _trailing_credit(para.text)
            if credit:  # a closing credit wrapped onto the paragraph's last lines
                para.text = para.text[: len(para.text) - len(credit)].rstrip()
                printed = L.TRAILING_CREDIT_RE.match(
                    " ".join(line.raw.strip() for line in para.lines)
                )
                text = L.tidy_credit(printed["credit"]) if printed else credit
                self.items.append(Item("credit", [para.lines[-1]], text=text))
        self.items.extend(self.deferred)  # headlines that interrupted the paragraph
        self.deferred = []

    def add_text(self, line: L.Line, new_block: bool, **flags: bool) -> None:
        para = self.open_para
        if para is not None and not new_block and not flags:
            previous = para.lines[-1].text
            if ends_sentence(previous) and len(previous) < 0.7 * max(len(line.text), 1):
                self.close_para()  # short line ending a sentence: the paragraph ended there
                para = None
        if para is not None and (flags or (new_block and self._paragraph_done(para))):
            self.close_para()
            para = None
        if para is None:
            self.open_para = Item("para", [line], **flags)
        else:
            para.lines.append(line)

    def run(self) -> list[Item]:
        for index, block in enumerate(self.blocks):
            if self._is_debris(block):
                self.items.append(Item("debris", list(block)))
                continue
            position = 0
            while position < len(block):
                heads = self.headline_lines(index, position) if self._context_closed() else 0
                if position == 0 and self.roles[index][0] in ("vertical", "markdown"):
                    heads = 1
                if not heads and position == 0 and self._context_closed():
                    if self._subhead_block(index):
                        # Headline or subhead: the reports around it decide (subheads.py).
                        self.close_para()
                        self.items.append(Item("headline", list(block), tentative=True))
                        break
                if heads:
                    role = self.roles[index][position]
                    headline = Item(
                        "headline",
                        block[position : position + heads],
                        explicit=role == "markdown",
                        vertical=role == "vertical",
                    )
                    if role == "vertical" and not self._context_closed():
                        # A vertical headline set into a column mid-sentence: the sentence
                        # goes on after it, so the headline waits until the paragraph ends.
                        self.deferred.append(headline)
                    else:
                        self.close_para()
                        self.items.append(headline)
                    position += heads
                    continue
                self.add_line(block[position], self.roles[index][position], position == 0)
                position += 1
        self.close_para()
        for item in self.items:
            if item.kind == "credit" and not item.text:
                item.text = L.tidy_credit(" ".join(line.raw for line in item.lines))
            elif item.kind not in ("para", "photo_credit") and not item.text:
                item.text = join_lines([line.text for line in item.lines])
        return self.items

    @staticmethod
    def _paragraph_done(para: Item) -> bool:
        """A paragraph ends at a block end after a full sentence or a one-line numbered subhead."""
        last = para.lines[-1].text
        if ends_sentence(last):
            return True
        return len(para.lines) == 1 and bool(SUBHEAD_RE.match(last)) and len(last) <= 20

    def _is_debris(self, block: list[L.Line]) -> bool:
        """A lone scrap between finished paragraphs: one or two characters, no sentence."""
        if all(MARKUP_ONLY_RE.match(line.raw.strip()) for line in block):
            return True  # markup never belongs to a sentence, even one left open
        return _scrap(block) and self._context_closed()

    def _context_closed(self) -> bool:
        """True when the text so far ended (a sentence, a credit, a photo, a headline)."""
        if self.open_para is None:
            return True
        tail = join_lines([line.text for line in self.open_para.lines[-2:]])
        return ends_sentence(tail) or bool(_trailing_credit(tail))

    def add_line(self, line: L.Line, role: str, first_in_block: bool) -> None:
        text = line.text
        if role == "opener":
            self.close_para()
            self.open_para = Item("para", [line], opener=True)
        elif role == "bullet":
            self.close_para()
            self.open_para = Item("para", [line], bullet=True)
        elif role == "arrow":
            self.close_para()
            self.open_para = Item("para", [line], arrow=True)
        elif role in ("credit", "byline", "marker", "forward"):
            if role == "byline" and not first_in_block and self.open_para is not None:
                self.add_text(line, False)
                return
            self.close_para()
            kind = {"marker": "marker", "forward": "forward"}.get(role, role)
            item = Item(kind, [line])
            item.label = L.continuation_label(text)
            self.items.append(item)
        elif role == "photo":
            # A vertical headline waiting for the paragraph to end goes after the photo, so
            # the caption is the paragraph just closed.
            waiting, self.deferred = self.deferred, []
            if L.is_arrow_line(text):
                self.close_para()
                self.open_para = Item("para", [line], arrow=True)
            else:
                self.add_text(line, first_in_block and self._context_closed())
            self.close_para()
            para = self.items[-1]
            match = L.photo_credit(L.spaced(line.raw))
            credit = (match["credit"] or match["tight"] or match["note"]).strip() if match else ""
            caption = _without_suffix(para.text, credit)
            if caption:
                para.text = caption
            else:
                self.items.pop()  # the credit stood on its own line
            self.items.append(Item("photo_credit", [line], text=collapse_credit(credit)))
            self.items.extend(waiting)
        else:
            self.add_text(line, first_in_block)


def _without_suffix(text: str, suffix: str) -> str:
    """``text`` minus a trailing ``suffix``, comparing without whitespace on either side."""
    wanted = "".join(suffix.split())
    position = len(text)
    for char in reversed(wanted):
        while position and text[position - 1].isspace():
            position -= 1
        if not position or text[position - 1] != char:
            return text  # not a suffix after all: leave the text whole
        position -= 1
    return text[:position].rstrip()


def collapse_credit(credit: str) -> str:
    """``本报记者 宋崇飞 摄`` with OCR letter-spacing removed inside each name."""
    if not credit.strip().endswith("摄"):
        return collapse_ocr_spaces(credit)  # （资料图片） / （县委宣传部供图）
    names = credit.strip().removesuffix("摄").strip()
    return f"{L.tidy_byline_line(names)} 摄".strip()


def segment_lines(lines: list[L.Line]) -> list[Item]:
    """The items of a page in reading order (see module docstring for the rules)."""
    return Segmenter(lines).run()
