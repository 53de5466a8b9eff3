"""Word-level evidence for where a line break falls: inside a phrase or between two.

jieba's dictionary (rjieba does the cutting, the same dictionary at ~20x the speed) tells
whether the words on either side of a break read on as one (``会议室举`` / ``行``).
"""

from __future__ import annotations

from functools import lru_cache

from archive.ingest.normalize import cjk_characters

# Characters that never start a phrase: a line beginning with one continues the line before.
CONTINUING_CHARS = "，。、；：！？）》”’的了着过们地得吗呢吧啊"


def word_spans_break(before: str, after: str) -> bool:
    """True when the text on either side of a line break reads on as one word or phrase
    (``…会议室举`` / ``行，各村…`` cuts 举行): the column ended mid-sentence there, so the short
    line before the break is no headline."""
    if not before or not after:
        return False
    if after[0] in CONTINUING_CHARS:
        return True
    after = after.lstrip("“‘「《（(")  # 大棚里育出 / “致富苗”: the quoted word is the object
    left, right = before[-4:], after[:4]
    if not (cjk_characters(left[-1:]) and cjk_characters(right[:1])):
        return False
    position = 0
    for word in cut_words(left + right):
        if position < len(left) < position + len(word):
            return True
        position += len(word)
    return False


def cut_words(text: str) -> list[str]:
    """jieba's cut."""
    import rjieba

    return rjieba.cut(text)


@lru_cache(maxsize=4096)
def tagged_words(text: str) -> tuple[tuple[str, str], ...]:
    """``text``'s Chinese words with jieba's part-of-speech tags (punctuation, digits and
    Latin left out); one tagging per line, shared by the tests below."""
    import rjieba

    return tuple((word, tag) for word, tag in rjieba.tag(text) if cjk_characters(word))


# Word classes that cannot end a headline: a locative (村卫生室里), an adverb (十项便), a
# preposition, conjunction or particle, a bare numeral or measure (推出十项), a bound verb
# morpheme (小麦喝).
OPEN_TAGS = frozenset({"f", "d", "p", "c", "u", "m", "q", "vg", "zg", "uj", "ul", "uz"})


def ends_incomplete(text: str) -> bool:
    """True when the last word of ``text`` leaves its phrase unfinished."""
    tagged = tagged_words(text)
    return bool(tagged) and tagged[-1][1] in OPEN_TAGS


def dictionary_word_across(before: str, after: str) -> bool:
    """True when the last word of ``before`` is a lone character that forms a dictionary
    word with the first character of ``after`` (十项便 / 民办税 holds 便民)."""
    import rjieba

    words = cut_words(before[-6:])
    if not words or len(words[-1]) != 1 or not after:
        return False
    pair = words[-1] + after[0]
    return cjk_characters(pair) == pair and rjieba.has_word(pair)


def unbalanced(text: str) -> bool:
    """A quotation or bracket opened and not closed on this line."""
    return any(
        text.count(left) > text.count(right) for left, right in ("“”", "《》", "（）", "「」")
    )


# A predicate: a verb (not a verbal noun like 演练) or an idiom (喜获丰收).
PREDICATE_TAGS = frozenset({"v", "vd", "vi", "vg", "vq", "i", "l"})


def has_predicate(text: str) -> bool:
    """True when ``text`` holds a verb or an idiom: a clause that can stand as a headline."""
    return any(tag in PREDICATE_TAGS for _word, tag in tagged_words(text))


def ends_on_time_word(text: str) -> bool:
    """``孟州市召开春季``: a time word that modifies what the next line names."""
    tagged = tagged_words(text)
    return bool(tagged) and tagged[-1][1] == "t"


def verb_then_quantity(first: str, second: str) -> bool:
    """``沁阳市法院巡回审理`` / ``一起赡养纠纷案``: a verb at a line's end and a numeral at the
    next line's start are one verb phrase."""
    left, right = tagged_words(first), tagged_words(second)
    return bool(left and right) and left[-1][1] in ("v", "vn") and right[0][1] == "m"


def ends_on_bare_verb(text: str) -> bool:
    """``…书记抓`` / ``基层党建…``: a one-character verb at a line's end still wants its object."""
    tagged = tagged_words(text)
    return bool(tagged) and tagged[-1][1] == "v" and len(tagged[-1][0]) == 1


def starts_with_verb(text: str) -> bool:
    """``组织二十名农技人员…``: the text opens on its predicate, so its subject is above."""
    tagged = tagged_words(text[:8])
    return bool(tagged) and tagged[0][1] in ("v", "vd", "vg")
