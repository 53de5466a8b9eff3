"""One catalogue item (report, continuation, caption, brief) printed as OCR gives it, with the
truth of its reading (``ItemTruth``)."""

from __future__ import annotations

import random
import re

from archive.ingest.layouts import ocr
from archive.ingest.layouts.catalog import BYLINE_ROLES, CatalogItem
from archive.ingest.layouts.layout import Block, Layout
from archive.ingest.layouts.truth import ItemTruth

BRIEF_BANNERS = ("百 字 新 闻", "简讯", "新闻速递")
ARROWS = ("↑", "←", "→")
# A lead-in that announces what a meeting or a leader said: a kicker whichever line it is on.
MEETING_LEADIN_RE = re.compile(r"(?:强调|指出|要求|提出|召开|部署)$")
ROLE_ON_LINE = {"记者": "本报记者", "通讯员": "本报通讯员", "全媒体记者": "本报全媒体记者"}


# --- running text ---------------------------------------------------------------------------


def _paragraph_lines(text: str, layout: Layout, rng: random.Random, skip: int = 0) -> list[str]:
    """One paragraph as printed: wrapped (columns) or on one line, maybe cut where a column
    ended (with a blank line, mostly), maybe letter-spaced."""
    if rng.random() < layout.space_rate * 2:
        text = ocr.space_dates(text)
    if layout.style == "columns":
        lines = ocr.wrap(text, layout.width)
    elif rng.random() < layout.break_rate and len(text) > 20:
        cut = rng.randint(8, len(text) - 8)
        while cut < len(text) - 1 and text[cut] in ocr.NO_LINE_START:
            cut += 1
        lines = [text[:cut], text[cut:]]
    else:
        lines = [text]
    lines = [
        ocr.space_out(line, rng, skip if i == 0 else 0)
        if rng.random() < layout.space_rate
        else line
        for i, line in enumerate(lines)
    ]
    if layout.style == "columns" and rng.random() < layout.break_rate:
        lines = ocr.break_column(lines, rng)
    elif len(lines) == 2 and rng.random() < 0.6:
        lines = [lines[0], "", lines[1]]
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
        if MEETING_LEADIN_RE.search(item.leadin) and rng.random() < 0.25:
            return "leadin-below", [title, item.leadin]  # OCR read the kicker after the main line
        return "leadin", [item.leadin, title]
    if item.subtitle and roll < 0.8:
        return "dash", [title, item.subtitle]
    compact = re.sub(r"\s", "", title)
    if layout.style == "columns" and len(compact) <= 12 and " " not in title and roll > 0.9:
        return "vertical", list(compact)
    if layout.style != "markdown" and len(compact) >= 10 and roll > 0.75:
        # The first line fills the column: never shorter than the rest (that would be a kicker).
        cut = rng.randint(max(5, (len(title) + 1) // 2), len(title) - 3)
        while cut < len(title) - 1 and (
            MEETING_LEADIN_RE.search(title[:cut]) or title[cut] in ocr.NO_LINE_START
        ):
            cut += 1  # a first line ending in 强调/召开… would read as a lead-in
        return "wrapped", [title[:cut].rstrip(), title[cut:].lstrip()]
    return "single", [title]


def _headline_block(shape: str, lines: list[str], layout: Layout, rng: random.Random) -> list[str]:
    if layout.style == "markdown":
        hashes = rng.choice(("##", "##", "#"))
        if shape == "leadin":
            return [lines[0], *([""] if rng.random() < 0.5 else []), f"{hashes} {lines[1]}"]
        if shape == "leadin-below":
            return [f"{hashes} {lines[0]}", lines[1]]
        if shape == "dash":
            return [f"{hashes} {lines[0]}", lines[1]]
        return [f"{hashes} {line}" for line in lines]
    if shape == "vertical" and len(lines) > 8 and rng.random() < 0.5:
        half = len(lines) // 2
        return [*lines[:half], "", *lines[half:]]
    if rng.random() < layout.space_rate / 2:
        # Only the main line: a letter-spaced short line above a headline is a section banner.
        index = {"leadin": 1, "leadin-below": 0, "dash": 0}.get(shape, rng.randrange(len(lines)))
        lines = [" ".join(t) if i == index and len(t) < 14 else t for i, t in enumerate(lines)]
    return list(lines)


def _byline(item: CatalogItem, rng: random.Random, needs_start: bool) -> tuple[str, list[str], str]:
    """``(place, own lines, opener)`` for an article's byline and opener.

    place: ``opener`` (本报讯（记者 刘洋）), ``line`` or ``lines`` (own lines), ``none``.
    """
    people = item.byline_people
    opener = item.opener or ("本报讯" if needs_start else "")
    if not people:
        return "none", [], opener
    roll = rng.random()
    if opener and roll < 0.45:
        tight = rng.random() < 0.5
        inner = " ".join(
            f"{role}{name}" if tight else f"{role} {ocr.space_name(name, rng)}"
            for role, name in people
        )
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


def render_article(
    item: CatalogItem, layout: Layout, rng: random.Random, needs_start: bool = False
) -> Block:
    shape, headline_lines = _headline(item, layout, rng)
    place, byline_lines, opener = _byline(item, rng, needs_start)
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
        subtitle={"leadin": item.leadin, "leadin-below": item.leadin, "dash": item.subtitle}.get(
            shape, ""
        ),
        headline_lines=[re.sub(r"\s", "", line) for line in headline_lines]
        if shape != "vertical"
        else [re.sub(r"\s", "", item.title)],
        shape=shape,
        byline_names=[name for _role, name in item.byline_people] if place != "none" else [],
        byline_place=place,
        credit=item.credit,
        phrases=list(item.phrases),
        subheads=[re.sub(r"\s", "", p.text.replace(" / ", "")) for p in item.subheads],
        tags=tags,
    )
    glue = layout.position == "after" and layout.style == "columns" and rng.random() < 0.08
    return Block(lines=lines, truth=truth, glue_next=glue)


def render_continuation(item: CatalogItem, layout: Layout, rng: random.Random) -> Block:
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
        subheads=[re.sub(r"\s", "", p.text.replace(" / ", "")) for p in item.subheads],
        continuation=True,
        marker=item.marker,
        tags=[layout.style, layout.position, "marker-glued" if glued else "marker-line"],
    )
    return Block(lines=lines, truth=truth)


def render_photo(item: CatalogItem, layout: Layout, rng: random.Random) -> Block:
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
    # A picture's own short title, printed above it (only where headlines come first: under
    # a report's headline printed after its body it could not be told apart).
    titled = bool(item.title) and layout.position == "before" and rng.random() < 0.6
    if titled:
        lines = [*_headline_block("single", [item.title], layout, rng), "", *lines]
    truth = ItemTruth(
        kind="photo",
        source=item.source,
        title=item.title if titled else "",
        headline_lines=[item.title] if titled else [],
        shape="single" if titled else "none",
        byline_names=[w for w in role_and_names if w not in BYLINE_ROLES],
        byline_place="caption",
        credit=item.credit,
        phrases=list(item.phrases),
        tags=[layout.style, "credit-line" if own_line else "credit-inline"]
        + (["photo-titled"] if titled else []),
    )
    return Block(lines=lines, truth=truth)


def render_follow_up(item: CatalogItem, layout: Layout, rng: random.Random) -> Block:
    """A short second report under the same headline: ``又讯 …（credit）``, its own brief."""
    text = f"又讯 {item.paragraphs[0].text}{_credit_text(item.credit, rng)}"
    truth = ItemTruth(
        kind="brief",
        source=item.source,
        credit=item.credit,
        phrases=list(item.phrases),
        tags=[layout.style, "follow-up"],
    )
    return Block(lines=_paragraph_lines(text, layout, rng, skip=3), truth=truth)


def render_briefs(
    items: list[CatalogItem], layout: Layout, rng: random.Random, banners: list[str]
) -> list[Block]:
    blocks = []
    banner = [rng.choice(BRIEF_BANNERS), ""] if rng.random() < 0.6 else []
    if banner:
        banners.append(re.sub(r"\s", "", banner[0]))
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
