"""Physical lines of a page with their offsets, and what each line is (opener, credit, …).

Classification looks at one line at a time; deciding what a run of lines means (a headline,
a paragraph) is ``segment.py``'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.ingest.normalize import CJK, cjk_characters, collapse_ocr_spaces

OPENER_RE = re.compile(
    r"^(?:本报讯|又讯|本报[^\s，。、]{1,8}电|新华社[^\s，。、]{1,10}电)"
    r"(?:\s*[（(](?P<byline>[^（）()]{1,40})[）)])?\s*"
)
BULLET_RE = re.compile(r"^[●◆▲■★◎]\s*")
# 本报记者, 本报全媒体记者, 特约通讯员, 见习记者, 本报实习生 …: who wrote or photographed it.
ROLE = r"(?:本报|特约)?(?:全媒体|融媒体|融媒|见习|实习|首席|摄影)?(?:记者|通讯员|实习生)"
BYLINE_LINE_RE = re.compile(
    rf"^(?:□\s*[{CJK}][{CJK}\s]{{0,10}}|{ROLE}\s*[{CJK}][{CJK}\s]{{1,30}})$"
)
CREDIT_RE = re.compile(rf"^[（(]\s*[{CJK}][{CJK}\s·]{{0,23}}[）)]$")
TRAILING_CREDIT_RE = re.compile(
    rf"^(?P<body>.*[。！？…”])\s*(?P<credit>[（(]\s*[{CJK}][{CJK}\s·]{{0,23}}[）)])\s*$"
)
# A name as OCR prints it: 2–4 characters, possibly letter-spaced (王 颖).
NAME = rf"[{CJK}](?: ?[{CJK}]){{1,3}}"
PHOTO_CREDIT_RE = re.compile(
    rf"(?:(?:^|(?<=[\s。！？”）)]))(?P<credit>(?:{ROLE})?\s*"
    rf"{NAME}(?:\s+{NAME}){{0,3}}\s+摄)"
    rf"|(?<=[\s。！？”）)])(?P<tight>[{CJK}]{{2,4}}摄)"
    rf"|(?P<note>[（(](?:资料图片|[^（）()]{{1,12}}供图|图片由[^（）()]{{1,14}}提供)[）)]))\s*$"
)
BYLINE_ROLE_RE = re.compile(rf"^({ROLE})\s*")
CONTINUATION_RE = re.compile(r"[（(]\s*上接\s*(?P<label>[A-Z]?\d{1,3})\s*版\s*[①-⑳\d]*\s*[）)]")
FORWARD_RE = re.compile(r"[（(]\s*下转\s*(?P<label>[A-Z]?\d{1,3})\s*版\s*[①-⑳\d]*\s*[）)]")
ARROW_RE = re.compile(r"^[←→↑↓↖↗↘↙]")
MARKDOWN_HEADLINE_RE = re.compile(r"^\s*#{1,6}\s+")
MARKDOWN_BOLD_RE = re.compile(r"\*\*(.+?)\*\*")
GLUED_OPENER_RE = re.compile(rf"(?<=[{CJK}”》）)])(?=(?:本报讯|又讯)[\s（(]?)")
GLUED_HEADLINE_MAX_CHARS = 20
VERTICAL_CHAR_RE = re.compile(rf"^[{CJK}：:·、“”「」『』《》]$")


@dataclass
class Line:
    """One line (or the part of a physical line) of page text; ``start``/``end`` index the page."""

    raw: str
    start: int
    end: int
    markdown_headline: bool = False
    vertical: bool = False  # a vertical headline: one character a line, merged into one

    @property
    def text(self) -> str:
        """The line with Markdown markers and OCR spacing removed (computed once)."""
        key = (self.raw, self.markdown_headline)
        cached = self.__dict__.get("_text")
        if cached is None or cached[0] != key:
            text = MARKDOWN_HEADLINE_RE.sub("", self.raw) if self.markdown_headline else self.raw
            text = MARKDOWN_BOLD_RE.sub(r"\1", text)
            cached = (key, collapse_ocr_spaces(text))
            self.__dict__["_text"] = cached
        return cached[1]

    @property
    def blank(self) -> bool:
        return not self.raw.strip()

    def split_at(self, position: int) -> tuple[Line, Line]:
        return (
            Line(self.raw[:position], self.start, self.start + position, self.markdown_headline),
            Line(self.raw[position:], self.start + position, self.end),
        )


def split_physical_lines(text: str, base: int = 0) -> list[Line]:
    """Every line of ``text`` with offsets (``\\r`` kept out of the line, not out of the page)."""
    lines: list[Line] = []
    position = 0
    for physical in text.split("\n"):
        stripped = physical.rstrip("\r")
        line = Line(stripped, base + position, base + position + len(stripped))
        line.markdown_headline = bool(MARKDOWN_HEADLINE_RE.match(stripped))
        lines.append(line)
        position += len(physical) + 1
    return lines


def split_glued_lines(lines: list[Line]) -> list[Line]:
    """Cut lines where two things were glued together by OCR.

    ``…工作本报讯 近日，`` (a headline glued to the next opener), ``（上接A01版）正文`` (a
    continuation note before text) and ``…动能。 （汤锐）`` (a closing credit after text) become
    separate lines, so each part can be classified on its own.
    """
    out: list[Line] = []
    for line in lines:
        out.extend(_split_one(line))
    return out


def _split_one(line: Line) -> list[Line]:
    raw = line.raw
    if line.markdown_headline or line.blank:
        return [line]
    bold = MARKDOWN_BOLD_RE.sub(r"\1", raw) != raw  # **本报讯** openers start their line
    for regex in (CONTINUATION_RE, FORWARD_RE):
        match = regex.search(raw)
        if match and (match.start() > 0 or match.end() < len(raw.rstrip())):
            parts = []
            rest = line
            if match.start() > 0:
                head, rest = rest.split_at(match.start())
                parts.extend(_split_one(head))
            marker, tail = rest.split_at(match.end() - match.start())
            parts.append(marker)
            if tail.raw.strip():
                parts.extend(_split_one(tail))
            return parts
    match = None if bold else GLUED_OPENER_RE.search(raw)
    if match and match.start() > 1 and len(cjk_characters(raw[: match.start()])) >= 2:
        head, tail = line.split_at(match.start())
        # A glued headline may hold inner ，：； (抢农时，保夏收本报讯 …) but never a full
        # stop or a list comma, which only sentences have.
        short = len(collapse_ocr_spaces(head.raw)) <= GLUED_HEADLINE_MAX_CHARS
        if not re.search(r"[。、]", head.raw) and (short or not re.search(r"[，；：]", head.raw)):
            return [head, *_split_one(tail)]
    match = TRAILING_CREDIT_RE.match(raw)
    if match and not PHOTO_CREDIT_RE.search(raw):
        head, tail = line.split_at(match.start("credit"))
        return [head, tail]
    return [line]


def spaced(raw: str) -> str:
    """``raw`` with runs of whitespace made single spaces (photo credits need their spaces)."""
    return " ".join(raw.split())


def opener_match(text: str) -> re.Match[str] | None:
    return OPENER_RE.match(text)


def is_bullet(text: str) -> bool:
    return bool(BULLET_RE.match(text))


def is_byline_line(text: str) -> bool:
    return bool(BYLINE_LINE_RE.match(text)) and len(text) <= 30


BYLINE_ROLES = (
    "本报全媒体记者",
    "本报融媒体记者",
    "本报融媒记者",
    "全媒体记者",
    "融媒体记者",
    "本报见习记者",
    "见习记者",
    "首席记者",
    "摄影记者",
    "本报记者",
    "本报通讯员",
    "特约通讯员",
    "本报实习生",
    "通讯员",
    "记者",
    "实习生",
    "摄影",
)
ROLE_SPLIT_RE = re.compile(f"({'|'.join(BYLINE_ROLES)})")
# A role word letter-spaced or wrapped at the column (通 / 讯员).
SPACED_ROLE_RE = re.compile("|".join(r"\s*".join(role) for role in BYLINE_ROLES))


def tidy_byline_line(text: str) -> str:
    """``本报记者 陈岩 本报通讯员 马小燕``: each role, one space, each name without OCR gaps
    (``王 颖 李 秋 月`` → ``王颖 李秋月``, see ``group_names``)."""
    text = SPACED_ROLE_RE.sub(lambda match: "".join(match.group(0).split()), text)
    pieces = [piece.strip() for piece in ROLE_SPLIT_RE.split(text.strip())]
    words: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if ROLE_SPLIT_RE.fullmatch(piece) or not words:
            words.append(group_names(piece) if not ROLE_SPLIT_RE.fullmatch(piece) else piece)
        else:
            words[-1] = f"{words[-1]} {group_names(piece)}"
    return " ".join(words)


# Common one-character surnames: where a letter-spaced run of names (马 丽 陈 晨) splits.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严武戴莫孔向汤常温康施牛樊葛邢安齐乔伍庞颜倪庄聂章鲁岳翟殷申耿焦俞左柳祝"
    "宁尚舒阮柯纪梅童凌毕季裴霍涂苗谷盛曲翁冉骆路游辛靳管柴鲍喻祁蒲房滕屈饶艾尤穆司卓吉"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "司徒", "夏侯")


def group_names(text: str) -> str:
    """Names separated by one space each, OCR letter-spacing inside them removed.

    ``马 丽 陈 晨`` → ``马丽 陈晨``, ``刘 洋 何佳慧`` → ``刘洋 何佳慧``: whole tokens of two or
    more characters are names; a run of single characters is split into names of two or three
    characters, preferring cuts before common surnames. Non-name text (``县委宣传部供图``) is
    one token and comes back unchanged.
    """
    tokens = text.split()
    if len(tokens) <= 1:
        return collapse_ocr_spaces(text)
    names: list[str] = []
    run: list[str] = []

    def flush(next_token: str = "") -> str:
        """Move the run into ``names``; returns ``next_token``, possibly with a lone
        single character of the run glued to its front (何 佳慧 → 何佳慧)."""
        if len(run) == 1 and next_token and len(next_token) <= 2:
            next_token = run[0] + next_token
        elif len(run) == 1 and names and len(names[-1]) <= 2:
            names[-1] += run[0]  # 白靖 杰 (a name wrapped after its second character)
        elif run:
            names.extend(_split_name_run("".join(run)))
        run.clear()
        return next_token

    for token in tokens:
        if len(token) == 1 and CJK_CHAR_RE.match(token):
            run.append(token)
            continue
        names.append(flush(token))
    flush()
    return " ".join(collapse_ocr_spaces(name) for name in names)


CJK_CHAR_RE = re.compile(f"[{CJK}]")


def _split_name_run(chars: str) -> list[str]:
    """``chars`` (letter-spaced single characters) cut into names of 2–3 (4 with a compound
    surname) characters, preferring names that start with a common surname."""
    if len(chars) <= 3:
        return [chars]
    best: dict[int, tuple[float, list[str]]] = {0: (0.0, [])}
    for end in range(2, len(chars) + 1):
        for size in (2, 3, 4):
            start = end - size
            if start not in best:
                continue
            part = chars[start:end]
            if size == 4 and not part.startswith(COMPOUND_SURNAMES):
                continue
            surname = part[0] in SURNAMES or part.startswith(COMPOUND_SURNAMES)
            score = best[start][0] + (2.0 if surname else 0.0) + {2: 0.0, 3: -0.5, 4: 0.5}[size]
            if end not in best or score > best[end][0]:
                best[end] = (score, [*best[start][1], part])
    return best[len(chars)][1] if len(chars) in best else [chars]


def tidy_credit(raw: str) -> str:
    """A closing credit as printed (``（马 丽 陈 晨）``, possibly over several lines joined with
    spaces) with its names grouped like a byline's: ``（马丽 陈晨）``."""
    text = raw.strip()
    if len(text) >= 2 and text[0] in "（(" and text[-1] in "）)":
        return f"{text[0]}{group_names(text[1:-1].strip())}{text[-1]}"
    return collapse_ocr_spaces(text)


def is_credit_line(text: str) -> bool:
    return bool(CREDIT_RE.match(text)) and not CONTINUATION_RE.search(text)


def photo_credit(text: str) -> re.Match[str] | None:
    return PHOTO_CREDIT_RE.search(text)


def continuation_label(text: str) -> str:
    match = CONTINUATION_RE.fullmatch(text.strip())
    return match["label"] if match else ""


def is_forward_note(text: str) -> bool:
    return bool(FORWARD_RE.fullmatch(text.strip()))


def is_arrow_line(text: str) -> bool:
    return bool(ARROW_RE.match(text))


def is_vertical_char(raw: str) -> bool:
    return bool(VERTICAL_CHAR_RE.match(raw.strip()))
