"""Collect a page's items into bodies (reports, briefs, photos) and headline blocks.

A body starts at a report opener, a byline line, a continuation note, or text after
something finished (a credit, a headline, a photo); a closing credit ends it. Stray text
with neither opener nor headline is column spill-over and joins a neighbouring body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.ingest import lines as L
from archive.ingest.normalize import join_lines
from archive.ingest.segment import Item


@dataclass
class Body:
    """A body being collected: paragraphs plus what closes or labels it."""

    paras: list[Item] = field(default_factory=list)
    kind: str = "article"
    credit: str = ""
    byline: str = ""
    opener: bool = False
    closed: bool = False
    continues_from: str = ""
    extra_items: list[Item] = field(default_factory=list)
    headlines: list = field(default_factory=list)
    banner_county: str = ""
    byline_first: bool = False  # started by a byline line, which is printed under a headline

    @property
    def follow_up(self) -> bool:
        """A 又讯 report: it shares the headline of the report before it."""
        return bool(self.paras) and self.paras[0].opener and self.paras[0].text.startswith("又讯")

    @property
    def text(self) -> str:
        return "".join(para.text for para in self.paras)

    def add(self, position: int, block: object) -> None:
        self.headlines.append((position, block))


def collect_bodies(items: list[Item]) -> list[tuple[str, object]]:
    """('T', Body), ('H', headline Item) and ('D', debris Item) pairs in reading order."""
    sequence: list[tuple[str, object]] = []
    current: Body | None = None
    pending: list[Item] = []  # continuation notes (上接A01版) waiting for the text they head

    def start(**kwargs) -> Body:
        nonlocal current
        current = Body(**kwargs)
        if pending:
            current.continues_from = pending[0].label
            current.extra_items.extend(pending)
            pending.clear()
        sequence.append(("T", current))
        return current

    for item in items:
        if item.kind == "headline":
            sequence.append(("H", item))
            current = None
        elif item.kind == "para":
            if (item.opener or item.bullet) and _awaits_text(current):
                current.opener = True  # the opener under a byline printed on its own line
                current.kind = "brief" if item.bullet else "article"
            elif item.opener or item.bullet:
                start(opener=True, kind="brief" if item.bullet else "article")
            elif current is None or current.closed or current.kind == "photo" or pending:
                start()
            current.paras.append(item)
        elif item.kind == "marker":
            if current is not None and not current.paras and not current.continues_from:
                current.continues_from = item.label
                current.extra_items.append(item)
            else:
                pending.append(item)
        elif item.kind == "credit":
            target = current or _last_body(sequence) or start()
            if target.credit:  # a second credit line: keep both
                target.credit = f"{target.credit} {item.text}"
            else:
                target.credit = item.text
            target.extra_items.append(item)
            target.closed = True
        elif item.kind == "byline":
            if sequence and sequence[-1][0] == "H" and item.text.startswith("□"):
                sequence[-1][1].lines.append(item.lines[0])  # commentary author under headline
                continue
            byline = L.tidy_byline_line(item.lines[0].raw)
            if _awaits_text(current):  # 本报记者 刘洋 / 本报通讯员 赵明远: one byline block
                current.byline = f"{current.byline} {byline}"
                current.extra_items.append(item)
                continue
            body = start(byline_first=True)
            body.byline = byline
            body.extra_items.append(item)
        elif item.kind == "forward":
            (current or _last_body(sequence) or start()).extra_items.append(item)
        elif item.kind == "debris":
            sequence.append(("D", item))
        elif item.kind == "photo_credit":
            _make_photo(sequence, current, item)
            current = None
    if pending:
        (_last_body(sequence) or start()).extra_items.extend(pending)
    return sequence


def _awaits_text(body: Body | None) -> bool:
    """A body opened by byline lines that no text has followed yet."""
    return body is not None and body.byline_first and not body.paras and not body.closed


def attach_lone_bylines(sequence) -> list:
    """A byline block with no text of its own (printed above or below a headline, before the
    report) goes to the next report; at the end of the page, to the report before it."""
    out: list = []
    waiting: Body | None = None
    for kind, element in sequence:
        if kind == "T" and element.byline_first and not element.paras and element.kind != "photo":
            if waiting is None:
                waiting = element
            else:
                _take_byline(waiting, element, printed_before=False)
            continue
        if kind == "T" and waiting is not None:
            _take_byline(element, waiting, printed_before=True)
            element.byline_first = True
            if waiting.continues_from and not element.continues_from:
                element.continues_from = waiting.continues_from
            waiting = None
        out.append((kind, element))
    if waiting is not None:
        target = _last_body(out)
        if target is None:
            out.append(("T", waiting))
        else:
            _take_byline(target, waiting, printed_before=False)
    return out


def _take_byline(body: Body, lone: Body, printed_before: bool) -> None:
    """Give ``body`` the byline, credit and printed lines of the text-less ``lone`` body,
    in printed order."""
    first, second = (lone, body) if printed_before else (body, lone)
    body.byline = " ".join(part for part in (first.byline, second.byline) if part)
    body.credit = " ".join(part for part in (first.credit, second.credit) if part)
    body.extra_items = [*first.extra_items, *second.extra_items]


def _last_body(sequence) -> Body | None:
    for kind, element in reversed(sequence):
        if kind == "T":
            return element
    return None


CAPTION_DATE_RE = re.compile(r"^\d{1,2}月\d{1,2}日[，,]")


def _make_photo(sequence, current: Body | None, credit: Item) -> None:
    """Turn the caption before a ``… 摄`` credit into a photo body of its own."""
    caption: list[Item] = []
    if current is not None:
        while current.paras and current.paras[-1].arrow:
            caption.insert(0, current.paras.pop())
        # Without an arrow the caption is the paragraph just before the credit. Arrowed lines
        # (← 演员… / → 艺人…) are captions themselves, under a paragraph that introduces the
        # photos by their date (2月24日，…), not under a report's last paragraph.
        if (
            current.paras
            and (
                not caption
                or len(current.paras) == 1
                or CAPTION_DATE_RE.match(current.paras[-1].text)
            )
            and not (current.paras[-1].opener and len(current.paras) == 1)
        ):
            caption.insert(0, current.paras.pop())
    photo = Body(kind="photo", credit=credit.text, closed=True)
    photo.paras = caption
    photo.extra_items.append(credit)
    if current is not None and not current.paras and not current.extra_items:
        index = next(i for i, (_k, e) in enumerate(sequence) if e is current)
        sequence[index] = ("T", photo)
    else:
        sequence.append(("T", photo))


def headline_text(item: Item) -> str:
    return join_lines([line.text for line in item.lines if not line.text.startswith("□")])


def keep_unassigned_headlines(sequence) -> list:
    """Headlines no body took (a page of headlines only) become items of their own."""
    taken = {
        id(block) for kind, element in sequence if kind == "T" for _p, block in element.headlines
    }
    out = []
    for position, (kind, element) in enumerate(sequence):
        if kind == "H" and id(element) not in taken:
            body = Body()
            body.add(position, element)
            out.append(("T", body))
        else:
            out.append((kind, element))
    return out


def merge_orphans(sequence) -> list:
    """Bodies with no opener and no headline are column spill-over: join them to a neighbour.

    Text after an unfinished report continues it; after a finished one (it ended with a
    credit) it starts the next report, unless it ends with a credit itself: then it is a
    report of its own whose headline is on another page.
    """
    bodies = [element for kind, element in sequence if kind == "T"]
    result: list[Body] = []
    carry: list[Body] = []
    for index, body in enumerate(bodies):
        orphan = (
            not body.headlines
            and not body.opener
            and body.kind == "article"
            and not body.byline
            and not body.continues_from
            and body.paras
        )
        if orphan:
            previous = result[-1] if result else None
            if previous is not None and not previous.closed and previous.kind != "photo":
                previous.paras.extend(body.paras)
                previous.extra_items.extend(body.extra_items)
                previous.credit = " ".join(c for c in (previous.credit, body.credit) if c)
                previous.closed = body.closed
                continue
            if index + 1 < len(bodies) and not body.credit:
                carry.append(body)  # a credit would close it: then it is a report of its own
                continue
        for earlier in reversed(carry):
            body.paras = earlier.paras + body.paras
            body.extra_items = earlier.extra_items + body.extra_items
            body.credit = " ".join(c for c in (earlier.credit, body.credit) if c)
        carry = []
        if body.paras or body.headlines or body.kind == "photo" or body.byline or body.extra_items:
            result.append(body)
    return result


def span_of(items: list[Item]) -> tuple[int, int]:
    spans = [(line.start, line.end) for item in items for line in item.lines]
    if not spans:
        return (0, 0)
    return min(start for start, _ in spans), max(end for _, end in spans)


def body_span(body: Body) -> tuple[int, int]:
    """Offsets of a body's own text (paragraphs, credit, markers) in the page text."""
    return span_of([*body.paras, *body.extra_items])
