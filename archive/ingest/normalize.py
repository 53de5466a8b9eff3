"""Character-level clean-up of OCR lines and joining of column-broken lines into paragraphs.

Guarantee (tested with hypothesis): these functions only remove whitespace; every other
character of the input survives, in order.
"""

from __future__ import annotations

import re

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width punctuation and brackets: OCR puts stray spaces around them too.
FULLWIDTH_PUNCT = "，。、；：？！…—（）《》〈〉“”‘’「」『』【】〔〕·～％＋－"
CJK_RE = re.compile(f"[{CJK}]")
SENTENCE_END_RE = re.compile(r"[。！？…!?][”’」』）)\]]*$")
SPACE_RUN_RE = re.compile(r"[ \t\u3000\u00a0]+")


def is_cjk(char: str) -> bool:
    return bool(CJK_RE.match(char))


def cjk_characters(text: str) -> str:
    """The Chinese characters of ``text`` in order (used to prove nothing was lost)."""
    return "".join(CJK_RE.findall(text))


def _kind(char: str) -> str:
    if is_cjk(char):
        return "cjk"
    if char in FULLWIDTH_PUNCT:
        return "punct"
    if char.isascii() and char.isalnum():
        return "latin"
    if char in ",.;:!?%()[]+-/":
        return "ascii-punct"
    return "other"


def collapse_ocr_spaces(line: str) -> str:
    """Remove spaces OCR put inside Chinese text; keep spaces that separate words.

    A space goes when it touches full-width punctuation, sits between a Chinese character and
    a digit/Latin letter, or separates Chinese runs where one side is a single character
    (``主 持 召 开`` → ``主持召开``). Spaces between two multi-character Chinese words
    (``情满孟州 双节有礼``, ``白靖杰 黄福兴``) and between Latin words stay, as one space.
    """
    line = line.strip(" \t\u3000\u00a0")
    tokens = SPACE_RUN_RE.split(line)
    if len(tokens) == 1:
        return line
    out = tokens[0]
    for index in range(1, len(tokens)):
        left, right = tokens[index - 1], tokens[index]
        if not left or not right:
            out += right
            continue
        if _drop_space_between(left, right, tokens, index):
            out += right
        else:
            out += " " + right
    return out


def _cjk_run_length(token: str, from_end: bool) -> int:
    chars = reversed(token) if from_end else iter(token)
    count = 0
    for char in chars:
        if not is_cjk(char):
            break
        count += 1
    return count


def _drop_space_between(left: str, right: str, tokens: list[str], index: int) -> bool:
    a, b = _kind(left[-1]), _kind(right[0])
    if "punct" in (a, b):
        return True
    if a == "cjk" and b == "cjk":
        # Single characters separated by spaces are OCR letter-spacing, not word spacing.
        single = _cjk_run_length(left, True) == 1 or _cjk_run_length(right, False) == 1
        return single or _is_spaced_out(tokens, index)
    if {a, b} == {"cjk", "latin"}:
        # 1 月 7 日 / 第 40 次: digits glued to Chinese units.
        latin = right if b == "latin" else left
        return latin[0].isdigit() or latin[-1].isdigit() or len(latin) <= 1
    if left[-1] in DIGITS and right[0] in DIGITS:
        # 为 2 0 2 3 年: single digits spaced out by OCR inside a number in Chinese text.
        single = _digit_run(left, from_end=True) == 1 or _digit_run(right, from_end=False) == 1
        return single and _digits_touch_cjk(tokens, index)
    return False


DIGITS = "0123456789"


def _digit_run(token: str, from_end: bool) -> int:
    chars = reversed(token) if from_end else iter(token)
    count = 0
    for char in chars:
        if char not in DIGITS:
            break
        count += 1
    return count


def _digits_touch_cjk(tokens: list[str], index: int) -> bool:
    """True when the run of digit tokens around the space before ``tokens[index]`` has a
    Chinese character right before or right after it (``5 G`` in Latin text stays spaced)."""

    def touches(position: int, step: int) -> bool:
        while 0 <= position < len(tokens):
            token = tokens[position]
            rest = token.rstrip(DIGITS) if step < 0 else token.lstrip(DIGITS)
            if rest:
                return is_cjk(rest[-1] if step < 0 else rest[0])
            position += step  # a token of digits only: the run goes on
        return False

    return touches(index - 1, -1) or touches(index, +1)


def _is_spaced_out(tokens: list[str], index: int) -> bool:
    """True when the neighbouring tokens are single characters (a letter-spaced stretch)."""
    neighbours = tokens[max(0, index - 2) : index + 2]
    singles = sum(1 for token in neighbours if len(token) == 1)
    return singles >= 2


def join_lines(lines: list[str]) -> str:
    """Join lines broken at column width into one paragraph.

    Chinese text joins with nothing between; a space is kept only between two Latin words
    (``JIAOZUO`` / ``DAILY``).
    """
    out = ""
    for raw in lines:
        line = collapse_ocr_spaces(raw)
        if not line:
            continue
        if (
            out
            and out[-1].isascii()
            and out[-1].isalpha()
            and line[0].isascii()
            and line[0].isalpha()
        ):
            out += " " + line
        else:
            out += line
    return out


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with sentence-final punctuation (so a break after it is real)."""
    return bool(SENTENCE_END_RE.search(text.rstrip()))


def spaced_out_ratio(text: str) -> float:
    """Share of Chinese characters that stand alone between spaces (OCR letter-spacing left)."""
    singles = re.findall(f"(?:^|\\s)[{CJK}](?=\\s|$)", text)
    total = len(CJK_RE.findall(text))
    return len(singles) / total if total else 0.0
