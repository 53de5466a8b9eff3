"""What a correct reading of a rendered page is: one ``ItemTruth`` per printed item.

Headline rule (the one the importer is measured against): a two-line headline keeps reading
order; a headline wrapped over two lines is one title (lines joined); a lead-in (引题,
printed above the main line) is the ``subtitle`` and the main line the ``title``; a line
printed below the main line starting with ``——`` is the ``subtitle`` too.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass
class ItemTruth:
    """The expected reading of one item (texts without whitespace, as a reader sees them)."""

    kind: str  # article, brief, photo (a continuation is an article with ``continuation``)
    source: str  # catalogue file:line, for failure examples
    title: str = ""
    subtitle: str = ""
    headline_lines: list[str] = field(default_factory=list)  # as printed, in printed order
    shape: str = "none"  # single, leadin, dash, wrapped, vertical, none
    byline_names: list[str] = field(default_factory=list)
    byline_place: str = "none"  # opener, line, lines, none
    credit: str = ""
    phrases: list[str] = field(default_factory=list)  # one per paragraph, in order
    subheads: list[str] = field(default_factory=list)  # each subhead, its lines joined
    continuation: bool = False
    marker: str = ""
    tags: list[str] = field(default_factory=list)  # layout features, for failure patterns

    @property
    def titled(self) -> bool:
        return bool(self.title)


@dataclass
class PageTruth:
    seed: int
    layout: dict[str, object]
    items: list[ItemTruth]
    banners: list[str] = field(default_factory=list)  # section banners: furniture, no item's

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> PageTruth:
        data = json.loads(text)
        items = [ItemTruth(**item) for item in data["items"]]
        return cls(data["seed"], data["layout"], items, data.get("banners", []))
