"""The reader's query language, parsed into a small tree, with friendly errors.

* words separated by spaces must all match (``AND`` may be written and is ignored);
* ``"exact phrase"`` and ``“中文引号”`` match only verbatim (no word-apart matches);
* ``-word`` / ``-"phrase"`` excludes articles containing it verbatim (so does ``NOT word``);
* ``a OR b`` matches either (``OR`` binds tighter than the implicit AND); a lower-case ``or``
  standing alone between two terms does the same, anywhere else it is a word to find;
* traditional characters also search their simplified form (``溫縣`` finds 温县).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache

from archive.search.engine.analyzer import HAS_UNIT, fold

MAX_QUERY_LENGTH = 200
QUOTE_PAIRS = {'"': '"', "“": "”", "”": "“", "「": "」", "＂": "＂"}
OPERATOR_WORDS = {"OR", "AND", "NOT", "或"}
TERM_KINDS = {"word", "phrase"}


class QuerySyntaxError(ValueError):
    """A query we cannot run; ``str(error)`` is a message for the reader, in Chinese."""


@dataclass(frozen=True)
class Term:
    """One thing to look for. ``variants`` are the folded texts to try (original, simplified)."""

    text: str
    exact: bool = False
    variants: tuple[str, ...] = ()


@dataclass
class ParsedQuery:
    """``groups`` must all match; each group matches if any of its terms does."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    @property
    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]

    def __bool__(self) -> bool:
        return bool(self.groups)


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (opencc's t2s); other characters unchanged."""
    return _converter().convert(text)


def make_term(text: str, exact: bool = False) -> Term:
    folded = fold(text)
    variants = [folded]
    simplified = fold(to_simplified(text))
    if simplified != folded:
        variants.append(simplified)
    return Term(text=text, exact=exact, variants=tuple(variants))


def _check_characters(raw: str) -> str:
    if len(raw) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(
            f"搜索词太长了（{len(raw)} 个字符），请缩短到 {MAX_QUERY_LENGTH} 个字符以内。"
        )
    cleaned = []
    for char in raw:
        category = unicodedata.category(char)
        if char in "\t\n\r\u3000" or category == "Zs":
            cleaned.append(" ")
        elif category in {"Cc", "Cf", "Cs", "Co", "Cn"}:
            raise QuerySyntaxError("搜索词里有无法识别的控制字符，请删除后重试。")
        else:
            cleaned.append(char)
    return "".join(cleaned)


def _lex(text: str) -> list[tuple[str, str]]:
    """Split into (kind, value) pairs: kind is 'phrase', 'word', 'op' or 'not' + kind."""
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char == " ":
            position += 1
            continue
        negated = char in "-－" and position + 1 < len(text) and text[position + 1] != " "
        start = position + 1 if negated else position
        if char in "-－" and not negated:
            raise QuerySyntaxError("减号“-”后面要紧跟要排除的词，例如：温县 -孟州。")
        opener = text[start]
        if opener in QUOTE_PAIRS:
            closer = QUOTE_PAIRS[opener]
            closers = [closer, '"'] if opener == "“" else [closer]
            found = [i for i in (text.find(c, start + 1) for c in closers) if i >= 0]
            end = min(found, default=-1)
            if end < 0:
                raise QuerySyntaxError("引号没有成对出现，请检查搜索词里的引号。")
            tokens.append(("not-phrase" if negated else "phrase", text[start + 1 : end]))
            position = end + 1
            continue
        end = start
        while end < len(text) and text[end] != " " and text[end] not in QUOTE_PAIRS:
            end += 1
        word = text[start:end]
        if word in OPERATOR_WORDS and not negated:
            tokens.append(("op", word))
        else:
            tokens.append(("not-word" if negated else "word", word))
        position = end
    return tokens


def parse_query(raw: str) -> ParsedQuery:
    """Parse what the reader typed; raises :class:`QuerySyntaxError` with a message to show."""
    text = _check_characters(raw or "").strip()
    parsed = ParsedQuery()
    if not text:
        return parsed
    tokens = _lex(text)
    for index in range(1, len(tokens) - 1):
        # "温县 or 孟州": a lower-case or between two terms is OR (people type it so).
        if tokens[index] == ("word", "or") and tokens[index - 1][0] in TERM_KINDS:
            if tokens[index + 1][0] in TERM_KINDS:
                tokens[index] = ("op", "OR")
    pending_or = pending_not = False
    for index, (kind, value) in enumerate(tokens):
        if kind == "op":
            if value == "AND":
                continue
            if value == "NOT":
                if pending_or:
                    raise QuerySyntaxError("“OR”后面不能跟排除词（NOT）。")
                following = tokens[index + 1][0] if index + 1 < len(tokens) else ""
                if following not in TERM_KINDS:
                    raise QuerySyntaxError("“NOT”后面要紧跟要排除的词，例如：温县 NOT 孟州。")
                pending_not = True
                continue
            if not parsed.groups or pending_or or index == len(tokens) - 1:
                raise QuerySyntaxError("“OR”两边都要有搜索词，例如：小麦 OR 玉米。")
            pending_or = True
            continue
        if not HAS_UNIT.search(fold(value)):
            if kind.endswith("phrase"):
                raise QuerySyntaxError("引号里没有可以查找的文字。")
            raise QuerySyntaxError(f"“{value}”里没有可以查找的文字或数字。")
        term = make_term(value, exact=kind.endswith("phrase"))
        if kind.startswith("not-") or pending_not:
            pending_not = False
            if pending_or:
                raise QuerySyntaxError("“OR”后面不能跟排除词（-）。")
            parsed.excluded.append(term)
        elif pending_or:
            parsed.groups[-1].append(term)
            pending_or = False
        else:
            parsed.groups.append([term])
    if pending_or:
        raise QuerySyntaxError("“OR”两边都要有搜索词，例如：小麦 OR 玉米。")
    if not parsed.groups:
        raise QuerySyntaxError("请至少输入一个要查找的词，不能只有排除词。")
    return parsed
