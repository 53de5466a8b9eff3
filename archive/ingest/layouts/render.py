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
from dataclasses import asdict, dataclass, field

from archive.ingest.layouts import ocr
from archive.ingest.layouts.catalog import CatalogItem, load_catalog
from archive.ingest.layouts.truth import ItemTruth, PageTruth

STYLES = ("columns", "columns", "columns", "long", "markdown")
MASTHEADS = ("JIAOZUO DAILY", "XINXIANG DAILY")
SECTIONS = ("温县新闻", "孟州新闻", "博爱新闻", "武陟新闻", "修武新闻", "沁阳新闻", "区县新闻")
BRIEF_BANNERS = ("百 字 新 闻", "简讯", "新闻速递")
ARROWS = ("↑", "←", "→")
WEEKDAYS = "一二三四五六日"
ROLE_ON_LINE = {"记者": "本报记者", "通讯员": "本报通讯员"}


@dataclass
class Layout:
    """Choices shared by every item of a page."""

    style: str  # columns (hard breaks at ``width``), long (a paragraph a line), markdown
    width: int
    position: str  # headlines printed "before" or "after" their bodies
    header: str  # none, folio, daily
    paragraph_gap: bool  # a blank line between paragraphs
    headline_gap: bool  # a blank line between a headline and the text it touches
    break_rate: float  # share of paragraphs cut by a column end
    space_rate: float  # share of lines with OCR letter-spacing


@dataclass
class Block:
    """One item as printed: its lines and its truth."""

    lines: list[str]
    truth: ItemTruth
    glue_next: bool = False  # last line (a headline) runs into the next block's first line


@dataclass
class RenderedPage:
    seed: int
    text: str
    truth: PageTruth
    layout: Layout = field(repr=False, default=None)  # type: ignore[assignment]


def choose_layout(rng: random.Random) -> Layout:
    style = rng.choice(STYLES)
    return Layout(
        style=style,
        width=rng.randint(8, 18),
        position="before" if style == "markdown" or rng.random() < 0.5 else "after",
        header="none" if style == "markdown" else rng.choice(("none", "folio", "daily")),
        paragraph_gap=style != "columns" or rng.random() < 0.7,
        headline_gap=rng.random() < 0.7,
        break_rate=rng.choice((0.0, 0.1, 0.25, 0.4)),
        space_rate=0.0 if style == "markdown" else rng.choice((0.0, 0.05, 0.15)),
    )


def render_page(seed: int) -> RenderedPage:
    """The page of ``seed``: raw text (as an OCR engine gives it) and its truth."""
    rng = random.Random(seed)
    layout = choose_layout(rng)
    catalog = load_catalog()
    pick = {kind: [i for i in catalog if i.kind == kind] for kind in ("article", "brief", "photo")}
    continuations = [i for i in catalog if i.kind == "continuation"]
    blocks: list[Block] = []
    if rng.random() < 0.3:
        blocks.append(_render_continuation(rng.choice(continuations), layout, rng))
    articles = rng.sample(pick["article"], rng.randint(3, 7))
    photos = rng.sample(pick["photo"], rng.choice((0, 0, 1, 1, 2)))
    photo_after = {rng.randrange(len(articles)): photo for photo in photos}
    for index, item in enumerate(articles):
        blocks.append(_render_article(item, layout, rng))
        if index in photo_after:
            blocks.append(_render_photo(photo_after[index], layout, rng))
    if layout.style == "columns" and rng.random() < 0.2:
        briefs = rng.sample(pick["brief"], rng.randint(2, 3))
        at = rng.randint(1, len(blocks))
        blocks[at:at] = _render_briefs(briefs, layout, rng)
    text = _assemble(_header_lines(layout, rng), blocks)
    truth = PageTruth(seed=seed, layout=asdict(layout), items=[b.truth for b in blocks])
    return RenderedPage(seed=seed, text=text, truth=truth, layout=layout)


# --- page -----------------------------------------------------------------------------------


def _header_lines(layout: Layout, rng: random.Random) -> list[str]:
    if layout.header == "none":
        return []
    day = datetime.date(2022, 1, 1) + datetime.timedelta(days=rng.randrange(3 * 365))
    label = f"{rng.choice('AB')}{rng.randint(1, 12):02d}"
    folio = (
        f"{label}│{rng.choice(SECTIONS)}{day.year}年{day.month}月{day.day}日 "
        f"星期{WEEKDAYS[day.weekday()]}"
    )
    if layout.header == "folio":
        return [folio, ""]
    staff = "■新闻热线：8797000│■编辑：刘 明│校对：姬 文│组版：牛 成"
    return [rng.choice(MASTHEADS), folio, "", staff, ""]


def _assemble(header: list[str], blocks: list[Block]) -> str:
    lines = list(header)
    glue = False
    for block in blocks:
        if glue and block.lines and block.lines[0].startswith(("本报讯", "又讯")):
            lines[-1] += block.lines[0]
            lines.extend(block.lines[1:])
        else:
            if lines and lines[-1] != "":
                lines.append("")
            lines.extend(block.lines)
        glue = block.glue_next
    return "\n".join(lines) + "\n"


# --- running text ---------------------------------------------------------------------------


def _paragraph_lines(text: str, layout: Layout, rng: random.Random, skip: int = 0) -> list[str]:
    """One paragraph as printed: wrapped (columns), maybe cut by a column end, maybe spaced."""
    if rng.random() < layout.space_rate * 2:
        text = ocr.space_dates(text)
    if layout.style == "columns":
        lines = ocr.wrap(text, layout.width)
    elif layout.style == "long" or layout.break_rate:
        lines = [text]
    else:
        lines = [text]
    if layout.style != "columns" and rng.random() < layout.break_rate and len(text) > 20:
        cut = rng.randint(8, len(text) - 8)  # a one-line paragraph broken where a column ended
        lines = [text[:cut], text[cut:]]
    lines = [
        ocr.space_out(line, rng, skip if i == 0 else 0)
        if rng.random() < layout.space_rate
        else line
        for i, line in enumerate(lines)
    ]
    if layout.style == "columns" and rng.random() < layout.break_rate:
        lines = ocr.break_column(lines, rng)
    return lines


def _body_lines(
    item: CatalogItem, layout: Layout, rng: random.Random, opener: str, credit: str
) -> list[str]:
    """The body: paragraphs (the first after ``opener``), subheads and the closing credit."""
    out: list[str] = []
    texts = item.paragraphs
    last_text = max(i for i, p in enumerate(texts) if not p.subhead)
    credit_line = ""
    for index, paragraph in enumerate(texts):
        if out and layout.paragraph_gap:
            out.append("")
        if paragraph.subhead:
            out.extend(_subhead_lines(paragraph.lines, layout))
            continue
        text, skip = paragraph.text, 0
        if index == 0 and opener:
            text, skip = f"{opener}{text}", len(opener)
        if index == last_text and credit:
            where = rng.random()
            if where < 0.5:
                text += credit
            elif where < 0.7:
                text += " " + credit
            else:
                credit_line = credit
        out.extend(_paragraph_lines(text, layout, rng, skip))
    if credit_line:
        out.append(credit_line)
    return out


def _subhead_lines(lines: tuple[str, ...], layout: Layout) -> list[str]:
    if layout.style == "markdown":
        return [f"**{line}**" for line in lines]
    return list(lines)


def _credit_text(credit: str, rng: random.Random) -> str:
    """A closing credit as printed: names maybe letter-spaced, brackets as written."""
    inner = credit[1:-1]
    names = " ".join(ocr.space_name(name, rng) for name in inner.split())
    return f"{credit[0]}{names}{credit[-1]}"


# --- headlines and bylines ------------------------------------------------------------------


def _headline(item: CatalogItem, layout: Layout, rng: random.Random) -> tuple[str, list[str]]:
    """``(shape, printed lines)`` for an item's headline, following the headline rule."""
    title = item.title
    roll = rng.random()
    if item.leadin and roll < 0.8:
        return "leadin", [item.leadin, title]
    if item.subtitle and roll < 0.8:
        return "dash", [title, item.subtitle]
    compact = re.sub(r"\s", "", title)
    if layout.style == "columns" and len(compact) <= 12 and " " not in title and roll > 0.9:
        return "vertical", list(compact)
    if layout.style != "markdown" and len(compact) >= 10 and roll > 0.75:
        # The first line fills the column: never shorter than the rest (that would be a kicker).
        cut = rng.randint(max(5, (len(title) + 1) // 2), len(title) - 3)
        return "wrapped", [title[:cut].rstrip(), title[cut:].lstrip()]
    return "single", [title]


def _headline_block(shape: str, lines: list[str], layout: Layout, rng: random.Random) -> list[str]:
    if layout.style == "markdown":
        hashes = rng.choice(("##", "##", "#"))
        if shape == "leadin":
            return [lines[0], *([""] if rng.random() < 0.5 else []), f"{hashes} {lines[1]}"]
        if shape == "dash":
            return [f"{hashes} {lines[0]}", lines[1]]
        return [f"{hashes} {line}" for line in lines]
    if shape == "vertical" and len(lines) > 8 and rng.random() < 0.5:
        half = len(lines) // 2
        return [*lines[:half], "", *lines[half:]]
    if rng.random() < layout.space_rate / 2:
        index = rng.randrange(len(lines))
        lines = [" ".join(t) if i == index and len(t) < 14 else t for i, t in enumerate(lines)]
    return list(lines)


def _byline(item: CatalogItem, rng: random.Random) -> tuple[str, list[str], str]:
    """``(place, own lines, opener)`` for an article's byline and opener.

    place: ``opener`` (本报讯（记者 刘洋）), ``line`` or ``lines`` (own lines), ``none``.
    """
    people = item.byline_people
    opener = item.opener
    if not people:
        return "none", [], opener
    roll = rng.random()
    if opener and roll < 0.45:
        tight = rng.random() < 0.5
        inner = " ".join(f"{role}{name}" if tight else f"{role} {name}" for role, name in people)
        return "opener", [], f"{opener}（{inner}）"
    printed = [
        f"{ROLE_ON_LINE.get(role, role)} {ocr.space_name(name, rng)}" for role, name in people
    ]
    if rng.random() < 0.75:
        opener = ""  # under a byline line a report usually starts without 本报讯
    if len(printed) > 1 and roll < 0.75:
        return "lines", printed, opener
    return "line", [" ".join(printed)], opener


# --- items ----------------------------------------------------------------------------------


def _render_article(item: CatalogItem, layout: Layout, rng: random.Random) -> Block:
    shape, headline_lines = _headline(item, layout, rng)
    place, byline_lines, opener = _byline(item, rng)
    if opener:
        opener = f"**{opener}** " if layout.style == "markdown" else f"{opener} "
    credit = _credit_text(item.credit, rng) if item.credit else ""
    body = _body_lines(item, layout, rng, opener, credit)
    head = _headline_block(shape, headline_lines, layout, rng)
    gap = [""] if layout.headline_gap or layout.style != "columns" else []
    byline_first = False
    if layout.position == "before":
        byline_first = bool(byline_lines) and rng.random() < 0.2
        if byline_first:
            lines = [*byline_lines, "", *head, *gap, *body]
        else:
            lines = [*head, *gap, *([*byline_lines, ""] if byline_lines else []), *body]
    else:
        lines = [*([*byline_lines, ""] if byline_lines else []), *body, "", *head]
    tags = [layout.style, layout.position, shape, f"byline-{place}"]
    if place in ("line", "lines") and opener:
        tags.append("byline-line-and-opener")
    if byline_first:
        tags.append("byline-above-headline")
    truth = ItemTruth(
        kind="article",
        source=item.source,
        title=item.title,
        subtitle={"leadin": item.leadin, "dash": item.subtitle}.get(shape, ""),
        headline_lines=[re.sub(r"\s", "", line) for line in headline_lines]
        if shape != "vertical"
        else [re.sub(r"\s", "", item.title)],
        shape=shape,
        byline_names=[name for _role, name in item.byline_people] if place != "none" else [],
        byline_place=place,
        credit=item.credit,
        phrases=list(item.phrases),
        subheads=["".join(p.lines) for p in item.subheads],
        tags=tags,
    )
    glue = layout.position == "after" and layout.style == "columns" and rng.random() < 0.08
    return Block(lines=lines, truth=truth, glue_next=glue)


def _render_continuation(item: CatalogItem, layout: Layout, rng: random.Random) -> Block:
    glued = rng.random() < 0.4
    body = _body_lines(item, layout, rng, item.marker if glued else "", "")
    lines = body if glued else [item.marker, *([""] if rng.random() < 0.5 else []), *body]
    if item.title:
        lines = [*_headline_block("single", [item.title], layout, rng), "", *lines]
    truth = ItemTruth(
        kind="article",
        source=item.source,
        title=item.title,
        headline_lines=[item.title] if item.title else [],
        shape="single" if item.title else "none",
        phrases=list(item.phrases),
        subheads=["".join(p.lines) for p in item.subheads],
        continuation=True,
        marker=item.marker,
        tags=[layout.style, layout.position, "marker-glued" if glued else "marker-line"],
    )
    return Block(lines=lines, truth=truth)


def _render_photo(item: CatalogItem, layout: Layout, rng: random.Random) -> Block:
    arrow = rng.choice(ARROWS) if rng.random() < 0.3 else ""
    role_and_names = item.credit[:-1].split()
    printed_credit = " ".join(
        word if i == 0 and len(role_and_names) > 1 else ocr.space_name(word, rng)
        for i, word in enumerate(role_and_names)
    )
    printed_credit += " 摄"
    caption = f"{arrow}{item.paragraphs[0].text}"
    own_line = rng.random() < 0.4
    if layout.style == "columns":
        lines = ocr.wrap(caption, rng.choice((layout.width, layout.width * 2, 40)))
    else:
        lines = [caption]
    if own_line:
        lines.append(printed_credit)
    else:
        lines[-1] += " " + printed_credit
    names = [w for w in role_and_names if w not in {"本报记者", "记者", "通讯员", "本报通讯员"}]
    names = [w for w in names if "记者" not in w]
    truth = ItemTruth(
        kind="photo",
        source=item.source,
        byline_names=names,
        byline_place="caption",
        credit=item.credit,
        phrases=list(item.phrases),
        tags=[layout.style, "credit-line" if own_line else "credit-inline"],
    )
    return Block(lines=lines, truth=truth)


def _render_briefs(items: list[CatalogItem], layout: Layout, rng: random.Random) -> list[Block]:
    blocks = []
    banner = [rng.choice(BRIEF_BANNERS), ""] if rng.random() < 0.6 else []
    for index, item in enumerate(items):
        text = f"●{item.paragraphs[0].text}{_credit_text(item.credit, rng)}"
        lines = _paragraph_lines(text, layout, rng, skip=1)
        truth = ItemTruth(
            kind="brief",
            source=item.source,
            credit=item.credit,
            phrases=list(item.phrases),
            tags=[layout.style, "banner" if banner else "no-banner"],
        )
        blocks.append(Block(lines=[*(banner if index == 0 else []), *lines], truth=truth))
    return blocks
