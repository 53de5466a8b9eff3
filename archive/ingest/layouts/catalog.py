"""The items the harness prints: invented reports, briefs, photo captions and continuations.

They are read from the ``reports_*.txt`` files beside this module (format in
``reports_a.txt``). Each paragraph gets a *key phrase*: a short run of its text found nowhere
else in the catalogue, so a phrase names exactly one item on any page made from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

CATALOG_DIR = Path(__file__).resolve().parent
KINDS = ("article", "brief", "photo", "continuation")
KEYS = ("title", "leadin", "subtitle", "byline", "credit", "opener", "marker")
# Roles a byline names people by; everything else in a byline is a name.
BYLINE_ROLES = (
    "本报全媒体记者",
    "全媒体记者",
    "本报记者",
    "本报通讯员",
    "特约通讯员",
    "通讯员",
    "记者",
    "实习生",
)
PHRASE_LENGTHS = (6, 7, 8, 5, 10)
PUNCTUATION = "，。、；：！？“”「」（）()《》—…·"


class CatalogError(ValueError):
    """A catalogue file that does not follow the format; the message names file and line."""


@dataclass(frozen=True)
class Paragraph:
    text: str
    subhead: bool = False  # a subhead line (or two, ``a / b``) inside the body

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.text.split(" / ")) if self.subhead else ()


@dataclass
class CatalogItem:
    """One printable item; ``source`` is ``file:line`` of its ``===`` line."""

    kind: str
    source: str
    title: str = ""
    leadin: str = ""
    subtitle: str = ""
    byline: str = ""
    credit: str = ""
    opener: str = "本报讯"
    marker: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)  # one per text paragraph, in order

    @property
    def text_paragraphs(self) -> list[str]:
        return [p.text for p in self.paragraphs if not p.subhead]

    @property
    def subheads(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.subhead]

    @property
    def byline_people(self) -> list[tuple[str, str]]:
        """``[(role, name), …]`` of the byline ``记者 刘洋 通讯员 赵明远``."""
        people, role = [], ""
        for word in self.byline.split():
            if word in BYLINE_ROLES:
                role = word
            else:
                people.append((role, word))
        return people


def parse_catalog(text: str, name: str) -> list[CatalogItem]:
    """Items of one catalogue file; a malformed line raises ``CatalogError`` naming it."""
    items: list[CatalogItem] = []
    item: CatalogItem | None = None
    in_body = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        where = f"{name}:{number}"
        if not line or line.startswith("#") and not line.startswith("##"):
            continue
        if line.startswith("=== "):
            kind = line[4:].strip()
            if kind not in KINDS:
                raise CatalogError(f"{where}: unknown item kind {kind!r} (one of {KINDS})")
            item = CatalogItem(kind=kind, source=where)
            items.append(item)
            in_body = False
        elif item is None:
            raise CatalogError(f"{where}: text before the first '=== kind' line")
        elif line == "---":
            in_body = True
        elif in_body:
            if line.startswith("## "):
                item.paragraphs.append(Paragraph(line[3:].strip(), subhead=True))
            else:
                item.paragraphs.append(Paragraph(line))
        else:
            key, sep, value = line.partition(":")
            if not sep or key.strip() not in KEYS:
                raise CatalogError(f"{where}: expected 'key: value' with a key in {KEYS}")
            setattr(item, key.strip(), "" if value.strip() == "none" else value.strip())
    for item in items:
        _check(item)
    return items


def _check(item: CatalogItem) -> None:
    if not item.text_paragraphs:
        raise CatalogError(f"{item.source}: item has no paragraph")
    if item.kind in ("article", "continuation") and item.title and len(item.title) < 8:
        raise CatalogError(f"{item.source}: a report's title has 8 characters or more")
    if item.kind == "article" and not item.title:
        raise CatalogError(f"{item.source}: an article needs a title")
    if item.kind == "photo" and not item.credit.endswith("摄"):
        raise CatalogError(f"{item.source}: a photo credit ends in 摄")
    if item.kind == "continuation" and not item.marker:
        raise CatalogError(f"{item.source}: a continuation needs its marker (（上接A01版）)")
    if item.subtitle and not item.subtitle.startswith("——"):
        raise CatalogError(f"{item.source}: a subtitle starts with ——")


def _choose_phrase(paragraph: str, everything: str) -> str:
    """A run of ``paragraph`` (no punctuation) that occurs once in ``everything``."""
    middle = len(paragraph) // 2
    starts = sorted(range(len(paragraph)), key=lambda i: abs(i - middle))
    for length in PHRASE_LENGTHS:
        for start in starts:
            candidate = paragraph[start : start + length]
            if len(candidate) < length or any(ch in PUNCTUATION for ch in candidate):
                continue
            if " " in candidate or everything.count(candidate) != 1:
                continue
            return candidate
    raise CatalogError(f"no phrase of this paragraph is unique: {paragraph[:30]}…")


@cache
def load_catalog() -> tuple[CatalogItem, ...]:
    """Every item of the ``reports_*.txt`` files, each text paragraph with its key phrase."""
    items: list[CatalogItem] = []
    for path in sorted(CATALOG_DIR.glob("reports_*.txt")):
        items.extend(parse_catalog(path.read_text(encoding="utf-8"), path.name))
    everything = "\n".join(
        re.sub(r"\s", "", part)
        for item in items
        for part in (
            item.title,
            item.leadin,
            item.subtitle,
            item.byline,
            item.credit,
            *(p.text for p in item.paragraphs),
        )
    )
    for item in items:
        item.phrases = [
            _choose_phrase(re.sub(r"\s", "", text), everything) for text in item.text_paragraphs
        ]
    return tuple(items)
