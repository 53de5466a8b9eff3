"""Page-wide choices of a rendered page and the printed block of one item."""

from __future__ import annotations

import random
from dataclasses import dataclass

from archive.ingest.layouts.truth import ItemTruth

STYLES = ("columns", "columns", "columns", "long", "markdown")


@dataclass
class Layout:
    """Choices shared by every item of a page."""

    style: str  # columns (hard breaks at ``width``), long (a paragraph a line), markdown
    width: int
    position: str  # headlines printed "before" or "after" their bodies
    # none, folio, daily; stacked: two half pages' headers one after the other at the top;
    # two: each half page under its own header
    header: str
    paragraph_gap: bool  # a blank line between paragraphs
    headline_gap: bool  # a blank line between a headline and the text it touches
    item_gap: bool  # a blank line between one item and the next
    break_rate: float  # share of paragraphs cut by a column end
    space_rate: float  # share of lines with OCR letter-spacing


@dataclass
class Block:
    """One item as printed: its lines and its truth."""

    lines: list[str]
    truth: ItemTruth | None  # None: page furniture (a section banner)
    glue_next: bool = False  # last line (a headline) runs into the next block's first line


def choose_layout(rng: random.Random) -> Layout:
    style = rng.choice(STYLES)
    return Layout(
        style=style,
        width=rng.randint(8, 18),
        position="before" if style == "markdown" or rng.random() < 0.5 else "after",
        header="none"
        if style == "markdown"
        else rng.choice(("none", "folio", "daily", "daily", "folio", "stacked", "two")),
        paragraph_gap=style != "columns" or rng.random() < 0.7,
        headline_gap=rng.random() < 0.7,
        item_gap=style != "columns" or rng.random() < 0.85,
        break_rate=rng.choice((0.0, 0.1, 0.25, 0.4)),
        space_rate=0.0 if style == "markdown" else rng.choice((0.0, 0.05, 0.15)),
    )
