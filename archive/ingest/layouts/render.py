"""Render a seeded random selection of catalogue items into the raw OCR text of one page.

``render_page(seed)`` always gives the same page for the same seed. Page-wide choices
(``Layout``: column width, headlines before or after their bodies, page header, Markdown …)
and per-item choices (headline shape, byline place, column breaks, OCR spacing …) are drawn
from one ``random.Random(seed)``; the truth records what a correct reading gives.
"""

from __future__ import annotations

import datetime
import random
import re
from dataclasses import asdict, dataclass, field, replace

from archive.ingest.layouts import items
from archive.ingest.layouts.catalog import KINDS, CatalogItem, load_catalog
from archive.ingest.layouts.layout import Block, Layout, choose_layout
from archive.ingest.layouts.truth import PageTruth

MASTHEADS = ("JIAOZUO DAILY", "XINXIANG DAILY")
SECTIONS = ("温县新闻", "孟州新闻", "博爱新闻", "武陟新闻", "修武新闻", "沁阳新闻", "区县新闻")
# Section banners printed between reports: page furniture, part of no item.
SECTION_BANNERS = ("政务要闻", "民生关注", "一周动态", "县域经济", "法治在线", "文化视窗")
WEEKDAYS = "一二三四五六日"
# Stray OCR debris between blocks: a picture's frame, a rule, a lone bracket.
DEBRIS = ("□", "■", "丨", "（", "”", "·", "|")


@dataclass
class RenderedPage:
    seed: int
    text: str
    truth: PageTruth
    layout: Layout = field(repr=False)


def render_page(seed: int) -> RenderedPage:
    """The page of ``seed``: raw text (as an OCR engine gives it) and its truth."""
    rng = random.Random(seed)
    layout = choose_layout(rng)
    pick = _catalog_by_kind()
    plan = _plan(layout, pick, rng)
    halves = [(plan, layout)]
    if layout.header == "two" and len(plan) >= 4:
        # Two half pages in one file, each under its own header; the second half may print
        # its headlines on the other side of the bodies.
        second = replace(layout, position=rng.choice(("before", "after")))
        halves = [(plan[: len(plan) // 2], layout), (plan[len(plan) // 2 :], second)]
    headers = _header_lines(layout, rng)
    banners: list[str] = []
    used_briefs = {id(brief) for entry in plan if isinstance(entry, list) for brief in entry}
    texts, truths = [], []
    for (part, part_layout), header in zip(halves, headers, strict=False):
        blocks = _render_blocks(part, part_layout, pick, rng, banners, used_briefs)
        texts.append(_assemble(header, blocks, part_layout.item_gap))
        truths.extend(block.truth for block in blocks if block.truth)
    described = asdict(layout) | {"positions": [part_layout.position for _p, part_layout in halves]}
    truth = PageTruth(seed=seed, layout=described, items=truths, banners=banners)
    return RenderedPage(seed=seed, text="\n".join(texts), truth=truth, layout=layout)


def _render_blocks(
    plan: list[CatalogItem | list[CatalogItem]],
    layout: Layout,
    pick: dict[str, list[CatalogItem]],
    rng: random.Random,
    banners: list[str],
    used_briefs: set[int],
) -> list[Block]:
    """The printed blocks of ``plan``: its items, section banners, 又讯 follow-ups."""
    blocks: list[Block] = []
    for entry in plan:
        if blocks and rng.random() < 0.03:
            blocks.append(Block(lines=[rng.choice(DEBRIS)], truth=None))
        if not isinstance(entry, list) and entry.kind == "article" and rng.random() < 0.08:
            banner = _section_banner(layout, blocks, banners, rng)
            if banner:
                banners.append(re.sub(r"\s", "", banner))
                blocks.append(Block(lines=[banner], truth=None))
        if isinstance(entry, list):
            blocks.extend(items.render_briefs(entry, layout, rng, banners))
        elif entry.kind == "continuation":
            blocks.append(items.render_continuation(entry, layout, rng))
        elif entry.kind == "photo":
            blocks.append(items.render_photo(entry, layout, rng))
        else:
            # Headlines after their bodies: a report after an untitled item must show where
            # it starts (opener or byline), else no reader could tell the two apart.
            printed = [block.truth for block in blocks if block.truth]
            previous = printed[-1] if printed else None
            needs_start = layout.position == "after" and bool(previous) and not previous.title
            needs_start = needs_start and previous.kind != "photo"
            blocks.append(items.render_article(entry, layout, rng, needs_start))
            if entry.credit and layout.position == "before" and rng.random() < 0.08:
                follow_up = rng.choice([b for b in pick["brief"] if id(b) not in used_briefs])
                used_briefs.add(id(follow_up))
                blocks.append(items.render_follow_up(follow_up, layout, rng))
    return blocks


def _catalog_by_kind() -> dict[str, list[CatalogItem]]:
    catalog = load_catalog()
    return {kind: [i for i in catalog if i.kind == kind] for kind in KINDS}


def _plan(
    layout: Layout, pick: dict[str, list[CatalogItem]], rng: random.Random
) -> list[CatalogItem | list[CatalogItem]]:
    """What the page prints, in order: a continuation maybe, 3–7 reports with captions after
    some of them, a run of briefs (a list) maybe."""
    plan: list[CatalogItem | list[CatalogItem]] = []
    if rng.random() < 0.3:
        plan.append(rng.choice(pick["continuation"]))
    articles = rng.sample(pick["article"], rng.randint(3, 7))
    photos = rng.sample(pick["photo"], rng.choice((0, 0, 1, 1, 2)))
    photo_after = {rng.randrange(len(articles)): photo for photo in photos}
    for index, item in enumerate(articles):
        plan.append(item)
        if index in photo_after:
            plan.append(photo_after[index])
    if layout.style == "columns" and rng.random() < 0.2:
        plan.insert(rng.randint(1, len(plan)), rng.sample(pick["brief"], rng.randint(2, 3)))
    return plan


# --- page -----------------------------------------------------------------------------------


def _header_lines(layout: Layout, rng: random.Random) -> list[list[str]]:
    """The header lines of each half page (one list unless the layout is ``two``)."""
    if layout.header == "none":
        return [[]]
    day = datetime.date(2022, 1, 1) + datetime.timedelta(days=rng.randrange(3 * 365))
    label = f"{rng.choice('AB')}{rng.randint(1, 12):02d}"
    folio = (
        f"{label}│{rng.choice(SECTIONS)}{day.year}年{day.month}月{day.day}日 "
        f"星期{WEEKDAYS[day.weekday()]}"
    )
    if layout.header == "folio":
        return [[folio, ""]]
    staff = "■新闻热线：8797000│■编辑：刘 明│校对：姬 文│组版：牛 成"
    masthead = rng.choice(MASTHEADS)
    lines = [masthead, folio, "", staff, ""]
    other = rng.choice([s for s in SECTIONS if s not in folio])
    other_lines = [masthead, re.sub(r"│\D+?(?=\d{4}年)", f"│{other}", folio), "", staff, ""]
    if layout.header == "stacked":
        return [lines + other_lines]
    if layout.header == "two":
        return [lines, other_lines]
    return [lines]


def _assemble(header: list[str], blocks: list[Block], item_gap: bool) -> str:
    lines = list(header)
    glue = after_furniture = False
    for block in blocks:
        if not block.lines:
            continue
        if glue and block.lines[0].startswith(("本报讯", "又讯")):
            lines[-1] += block.lines[0]
            lines.extend(block.lines[1:])
        else:
            # Banners and debris stand alone between blank lines; a headline may follow the
            # previous item's last line directly (``item_gap`` off).
            titled = block.truth is not None and block.truth.title
            blank = item_gap or not titled or after_furniture
            if lines and lines[-1] != "" and blank:
                lines.append("")
            lines.extend(block.lines)
        glue = block.glue_next
        after_furniture = block.truth is None
    return "\n".join(lines) + "\n"


def _section_banner(
    layout: Layout, blocks: list[Block], banners: list[str], rng: random.Random
) -> str:
    """A section banner to print before the next report, or "" where none would be readable
    as such: above a headline only letter-spaced (an unspaced short line there is a lead-in),
    and with headlines after their bodies not right under a headline (it would read as a
    second headline line)."""
    choices = [b for b in SECTION_BANNERS if b not in banners]
    if not choices:
        return ""
    banner = rng.choice(choices)
    if layout.position == "before":
        return " ".join(banner)
    previous = next((block.truth for block in reversed(blocks) if block.truth), None)
    if previous is not None and previous.title and not previous.continuation:
        return ""
    return " ".join(banner) if rng.random() < 0.4 else banner
