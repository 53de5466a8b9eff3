"""Spelling suggestions for Haystack's ``spelling_suggestion()``, from the index's own words.

Each word of the query that the index does not know is replaced by, in this order: its
simplified form (溫縣 → 温县), the best-known word reached by swapping characters OCR and
typists confuse (己/已/巳, 未/末 …), or the most frequent indexed word one edit away. A word
the index knows stays as it is; the answer is None when nothing would change.
"""

from __future__ import annotations

from functools import cache
from itertools import combinations, product

from archive.search.engine.analyzer import fold, segmenter

# Characters read or typed for one another (OCR confusions of similar shapes).
CONFUSABLE_GROUPS = (
    "己已巳", "未末", "土士", "人入八", "日曰", "戊戌戍", "千干于", "大太犬", "体休",
    "刀力", "折析", "候侯", "汩汨", "拔拨", "崇祟", "辨辩辫", "货贷", "粟栗", "酒洒",
    "兔免", "厉历", "矛予", "王玉", "天夭", "又叉", "母毋", "季李", "准淮", "壶壸",
)  # fmt: skip
MAX_SWAPS = 2  # characters swapped at once in one word


@cache
def confusables() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in CONFUSABLE_GROUPS:
        for char in group:
            table[char] = table.get(char, char) + group.replace(char, "")
    return table


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _frequency(reader, fieldname: str, word: str) -> int:
    return reader.doc_frequency(fieldname, word) if (fieldname, word) in reader else 0


def confusion_variants(word: str) -> list[str]:
    """``word`` with up to :data:`MAX_SWAPS` confusable characters swapped."""
    table = confusables()
    positions = [n for n, char in enumerate(word) if char in table][:6]
    variants = []
    for count in range(1, MAX_SWAPS + 1):
        for chosen in combinations(positions, count):
            options = [table[word[n]][1:] for n in chosen]
            for replacement in product(*options):
                chars = list(word)
                for n, char in zip(chosen, replacement, strict=True):
                    chars[n] = char
                variants.append("".join(chars))
    return variants


def known_variant(reader, fieldname: str, word: str) -> str | None:
    """``word``, its simplified form or its best-known confusion variant, if indexed."""
    if _frequency(reader, fieldname, word):
        return word
    simplified = _t2s().convert(word)
    if simplified != word and _frequency(reader, fieldname, simplified):
        return simplified
    scored = [(_frequency(reader, fieldname, variant), variant) for variant in
              confusion_variants(simplified)]  # fmt: skip
    frequency, best = max(scored, default=(0, ""))
    return best if frequency else None


def suggest_word(reader, fieldname: str, word: str) -> str:
    """The indexed word to suggest for ``word`` (``word`` itself when known or hopeless)."""
    known = known_variant(reader, fieldname, word)
    if known is not None:
        return known
    return nearest_word(reader, fieldname, _t2s().convert(word)) or word


def nearest_word(reader, fieldname: str, word: str) -> str | None:
    """The most frequent indexed word one edit from ``word`` sharing its first character
    (Whoosh's corrector needs a word graph our segments do not carry)."""
    if not word:
        return None
    best: tuple[int, str] | None = None
    for term in reader.expand_prefix(fieldname, word[0]):
        candidate = term.decode("utf-8") if isinstance(term, bytes) else term
        if candidate != word and one_edit_apart(candidate, word):
            found = (reader.doc_frequency(fieldname, candidate), candidate)
            if best is None or found[0] > best[0]:
                best = found
    return best[1] if best else None


def one_edit_apart(a: str, b: str) -> bool:
    """Whether one insertion, deletion or substitution turns ``a`` into ``b``."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    for n in range(len(longer)):
        if longer[:n] + longer[n + 1 :] == shorter:
            return True
    return False


def suggest_part(reader, fieldname: str, part: str) -> str:
    """One space-separated part of a query: as a whole if some variant of it is an indexed
    word (jieba cuts a misspelt word apart: 己经 → 己/经), else word by word."""
    folded = fold(part)
    whole = known_variant(reader, fieldname, folded)
    if whole is not None:
        return whole
    words = segmenter.words(folded) or [folded]
    if len(words) == 1:
        return suggest_word(reader, fieldname, words[0])
    return "".join(suggest_word(reader, fieldname, word) for word in words)


def suggest_spelling(reader, fieldname: str, query_string: str) -> str | None:
    """The query with unknown words corrected, or None when nothing would change."""
    if not fieldname or not query_string or fieldname not in reader.schema:
        return None
    parts = query_string.split()
    suggestion = " ".join(suggest_part(reader, fieldname, part) for part in parts)
    asked = " ".join("".join(segmenter.words(fold(part))) or fold(part) for part in parts)
    return suggestion if suggestion != asked else None
