"""Give each headline to the right body, whether the page prints headlines before or after.

Evidence, from strongest to weakest:
- Markdown ``##`` headlines and a headline that opens the page come before their body; a
  headline that ends the page comes after its body;
- how much of the headline's wording the body on each side repeats (character bigrams);
- the page's overall style, taken from the sum of that evidence over all its headlines.
"""

from __future__ import annotations

import re
from typing import Protocol

from archive.ingest.normalize import CJK, cjk_characters

STYLE_BONUS = 0.25
KICKER_SUFFIX_RE = re.compile(r"(?:街道|镇|乡|村|社区|办事处)$")
# The words column and section banners end in (政务要闻, 法治在线, 民生关注, 县域经济 …).
COLUMN_NAME_RE = re.compile(
    r"^.{0,4}(?:新闻|要闻|动态|快讯|简讯|强音|专栏|视点|聚焦|速递|速览|纵横|天地|在线|关注|"
    r"视窗|之窗|经济|观察|前沿|广角|一线|纪实|风采|园地|看台|时评|论坛|话题|扫描|万象|传真|"
    r"播报|集锦|大观|文苑|副刊|党建|警务|人物|周刊|专刊|资讯|热线)$"
)
SPACED_SLOGAN_RE = re.compile(f"[{CJK}]{{2,}} [{CJK}]{{2,}}")


def bigrams(text: str) -> set[str]:
    chars = cjk_characters(text)
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


def similarity(headline: str, body: str) -> float:
    """Share of the headline's character pairs that the body repeats (0..1)."""
    pairs = bigrams(headline)
    if not pairs or not body:
        return 0.0
    body_pairs = bigrams(body)
    return len(pairs & body_pairs) / len(pairs)


class Target(Protocol):
    """What a headline can go to: a body (report, brief or photo) in ``bodies.Body``."""

    text: str

    def add(self, position: int, block: object) -> None: ...


def page_style(sequence: list[tuple[str, object]], text_of) -> str:
    """``'before'`` or ``'after'``: where this page prints headlines relative to bodies."""
    score = 0.0
    for index, (kind, element) in enumerate(sequence):
        if kind != "H":
            continue
        if getattr(element, "explicit", False):
            score += 1.0
        previous = _neighbour(sequence, index, -1)
        following = _neighbour(sequence, index, +1)
        if previous is None and following is not None:
            score += 0.5
        if following is None and previous is not None:
            score -= 1.0
        if previous is not None and following is not None:
            text = text_of(element)
            score += similarity(text, following.text) - similarity(text, previous.text)
    return "before" if score >= 0 else "after"


def _neighbour(sequence, index: int, step: int):
    """The nearest body before (step -1) or after (+1) ``index``; 又讯 follow-ups are skipped
    because they sit under the headline of the report before them."""
    position = index + step
    while 0 <= position < len(sequence):
        kind, element = sequence[position]
        if kind == "T" and not getattr(element, "follow_up", False):
            return element
        position += step
    return None


def assign_headlines(sequence: list[tuple[str, object]], text_of) -> str:
    """Attach every headline block ('H') in ``sequence`` to a body slot ('T'); return the style.

    Blocks of one group are split in reading order: the first ones may go back to the body
    before the group, the rest forward. Forward blocks may skip to a later body when several
    bodies follow without headlines of their own (two headlines stacked above two reports).
    """
    style = page_style(sequence, text_of)
    index = 0
    while index < len(sequence):
        if sequence[index][0] != "H":
            index += 1
            continue
        start = index
        while index < len(sequence) and sequence[index][0] == "H":
            index += 1
        group = [element for _kind, element in sequence[start:index]]
        previous = _neighbour(sequence, start, -1)
        following: list[Target] = []
        position = index
        while position < len(sequence) and sequence[position][0] == "T":
            if not getattr(sequence[position][1], "follow_up", False):
                following.append(sequence[position][1])
            position += 1
        _assign_group(group, start, previous, following, style, text_of)
    return style


def _assign_group(group, start: int, previous, following, style: str, text_of) -> None:
    if previous is None and not following:
        return  # headlines with no body on the page: the caller keeps them on their own
    texts = [text_of(block) for block in group]
    back = [similarity(text, previous.text) if previous else -9.0 for text in texts]
    if style == "after":
        following = following[:1]
    forward_choices = [
        [similarity(text, slot.text) for slot in following] if following else [-9.0]
        for text in texts
    ]
    forward = [max(choices) for choices in forward_choices]
    bonus_back = STYLE_BONUS if style == "after" else 0.0
    bonus_forward = STYLE_BONUS if style == "before" else 0.0
    if style == "before" and following and getattr(following[0], "byline_first", False):
        # A byline line is printed right under its headline; on pages that print headlines
        # after their bodies it opens the report below, and the headline ends the one above.
        forward[-1] += 2 * STYLE_BONUS
    best_split, best_score = 0, float("-inf")
    for split in range(len(group) + 1):
        score = sum(back[i] + bonus_back for i in range(split)) + sum(
            forward[i] + bonus_forward for i in range(split, len(group))
        )
        if score > best_score:
            best_split, best_score = split, score
    for i in range(best_split):
        previous.add(start + i, group[i])
    if best_split == len(group):
        return
    # Forward blocks: each goes to its most similar following body, in reading order;
    # a block with little to go on (a kicker like 光亚街道) joins the block after it.
    chosen: list[int] = []
    for i in range(best_split, len(group)):
        choices = forward_choices[i]
        chosen.append(max(range(len(choices)), key=lambda c: (choices[c], -c)))
    for k in range(len(chosen) - 2, -1, -1):
        if forward[best_split + k] < 0.15:
            chosen[k] = chosen[k + 1]
    for k in range(1, len(chosen)):
        chosen[k] = max(chosen[k], chosen[k - 1])
    for k, slot_index in enumerate(chosen):
        following[slot_index].add(start + best_split + k, group[best_split + k])


def is_kicker(text: str) -> bool:
    """A short line above a headline naming a place, or a spaced slogan (引题)."""
    return bool((len(text) <= 8 and KICKER_SUFFIX_RE.search(text)) or SPACED_SLOGAN_RE.search(text))


def is_column_name(text: str) -> bool:
    """A column or section banner (``百字新闻``, ``一周动态``, ``政务要闻``), not a headline."""
    return len(text) <= 6 and bool(COLUMN_NAME_RE.match(text))
