"""Build articles from a page's items: bodies, their headlines, bylines, credits and photos."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.ingest import gazetteer, headlines
from archive.ingest import lines as L
from archive.ingest.normalize import collapse_ocr_spaces, join_lines
from archive.ingest.segment import Item


@dataclass
class ParsedArticle:
    """One article, brief or photo as cut from a page; offsets index the page's ``ocr_text``."""

    kind: str = "article"
    title: str = ""
    subtitle: str = ""
    byline: str = ""
    credit: str = ""
    body: str = ""
    continues_from: str = ""
    ocr_start: int = 0
    ocr_end: int = 0
    county: str = ""
    notes: list[str] = field(default_factory=list)  # markers kept out of the body (上接…版)


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
    """A sequence of ('T', Body) and ('H', headline Item) in reading order."""
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
            if item.opener or item.bullet:
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
            body = start(byline_first=True)
            body.byline = L.tidy_byline_line(item.lines[0].raw)
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


def _last_body(sequence) -> Body | None:
    for kind, element in reversed(sequence):
        if kind == "T":
            return element
    return None


def _make_photo(sequence, current: Body | None, credit: Item) -> None:
    """Turn the caption before a ``… 摄`` credit into a photo body of its own."""
    caption: list[Item] = []
    if current is not None:
        while current.paras and current.paras[-1].arrow:
            caption.insert(0, current.paras.pop())
        if current.paras and not (current.paras[-1].opener and len(current.paras) == 1):
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


def split_banners(sequence, page_county: str) -> tuple[list, list[str]]:
    """Take section banners (``封丘县``, ``百字新闻``, a county's slogan) out of the headlines.

    Returns the remaining sequence and the banner texts. A banner naming a county marks the
    bodies after it as that county's (``Body.banner_county``). A headline naming another
    county than the one the page is about, stacked above a further headline, is such a banner.
    """
    out, banners = [], []
    context = page_county  # the county the text so far is about
    banner_county = ""
    for index, (kind, element) in enumerate(sequence):
        if kind == "T":
            element.banner_county = banner_county
            if not page_county:
                mentioned = gazetteer.counties_mentioned(element.text)
                context = max(mentioned, key=mentioned.get) if mentioned else context
            out.append((kind, element))
            continue
        text = headline_text(element)
        printed = join_lines([line.text for line in element.lines])
        named = gazetteer.is_county_name(text)
        mentioned = gazetteer.counties_mentioned(text)
        next_is_headline = index + 1 < len(sequence) and sequence[index + 1][0] == "H"
        if named or headlines.is_column_name(text):
            banners.append(printed)
            if named or mentioned:
                banner_county = named or max(mentioned, key=mentioned.get)
                context = banner_county
            continue
        if (
            mentioned
            and context
            and context not in mentioned
            and next_is_headline
            and not headlines.KICKER_SUFFIX_RE.search(text)
            and len(text) > 8
        ):
            banners.append(printed)
            banner_county = context = max(mentioned, key=mentioned.get)
            continue
        out.append((kind, element))
    return out, banners


def choose_county(article: ParsedArticle, banner_county: str, page_county: str, text: str) -> str:
    """The county an article is about.

    A county named in its headline wins (the page's own county when several are named), then
    the section banner above it, then the page's county, then the county its text names most.
    """
    in_headline = gazetteer.counties_mentioned(f"{article.title} {article.subtitle}")
    if in_headline:
        if page_county in in_headline:
            return page_county
        return max(in_headline, key=in_headline.get)
    if banner_county or page_county:
        return banner_county or page_county
    mentioned = gazetteer.counties_mentioned(text)
    return max(mentioned, key=mentioned.get) if mentioned else ""


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

    After a closed report (it ended with a credit) the stray text starts the next report;
    otherwise it continues the previous one.
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
            if index + 1 < len(bodies):
                carry.append(body)
                continue
        for earlier in reversed(carry):
            body.paras = earlier.paras + body.paras
            body.extra_items = earlier.extra_items + body.extra_items
            body.credit = " ".join(c for c in (earlier.credit, body.credit) if c)
        carry = []
        if body.paras or body.headlines or body.kind == "photo" or body.byline or body.extra_items:
            result.append(body)
    return result


def build_article(body: Body, page_county: str, taken: list[tuple[int, int]]) -> ParsedArticle:
    """Turn a collected body and its headline blocks into a ``ParsedArticle``.

    ``taken`` holds the body spans of the page's other articles: an article's raw span covers
    its headline too unless that would swallow another article's text.
    """
    article = ParsedArticle(kind=body.kind, credit=body.credit, byline=body.byline)
    article.continues_from = body.continues_from
    blocks = [block for _position, block in sorted(body.headlines, key=lambda pair: pair[0])]
    _fill_headline_fields(article, blocks)
    paragraphs = []
    for para in body.paras:
        text, byline = _reader_text(para)
        paragraphs.append(text)
        if byline:
            article.byline = f"{article.byline} {byline}".strip()
    article.body = "\n\n".join(p for p in paragraphs if p)
    if article.kind == "article" and not article.title and article.body.startswith("又讯"):
        article.kind = "brief"  # a follow-up report printed under the previous headline
    own = body_span(body)
    wide = _span([*body.paras, *body.extra_items, *blocks])
    overlaps = any(start < wide[1] and wide[0] < end for start, end in taken if (start, end) != own)
    article.ocr_start, article.ocr_end = own if overlaps else wide
    article.county = choose_county(article, body.banner_county, page_county, body.text)
    for item in body.extra_items:
        if item.kind in ("marker", "forward"):
            article.notes.append(item.text)
    return article


ROLE_RE = re.compile(r"(?<=[\u4e00-\u9fff])(?<!本报)(?<!特约)(记者|通讯员|实习生|摄影)")


def tidy_byline(text: str) -> str:
    """``记者付凯明 通讯员张亚琳``: OCR spacing removed, one space before each role word."""
    return ROLE_RE.sub(r" \1", collapse_ocr_spaces(text.strip())).replace("  ", " ")


def _span(items: list[Item]) -> tuple[int, int]:
    spans = [(line.start, line.end) for item in items for line in item.lines]
    if not spans:
        return (0, 0)
    return min(start for start, _ in spans), max(end for _, end in spans)


def body_span(body: Body) -> tuple[int, int]:
    """Offsets of a body's own text (paragraphs, credit, markers) in the page text."""
    return _span([*body.paras, *body.extra_items])


def _reader_text(para: Item) -> tuple[str, str]:
    """``(text a reader sees, byline taken out of it)`` for one paragraph.

    ``本报讯（记者王明）近日，…`` reads ``本报讯 近日，…`` with byline ``记者王明``; the
    byline is read from the joined paragraph because it may wrap onto the next line.
    """
    text, byline = para.text, ""
    if para.opener:
        match = L.opener_match(text)
        if match:
            byline = tidy_byline(match["byline"] or "")
            opener = re.sub(r"[（(].*$", "", match.group(0)).strip()
            rest = text[match.end() :].lstrip()
            text = f"{opener} {rest}" if rest else opener
    if para.bullet:
        text = L.BULLET_RE.sub("", text)
    return text.strip(), byline


def _fill_headline_fields(article: ParsedArticle, blocks: list[Item]) -> None:
    parts: list[tuple[str, bool]] = []  # (text, is_kicker)
    for block in blocks:
        for author in [line.text for line in block.lines if line.text.startswith("□")]:
            name = collapse_ocr_spaces(author.lstrip("□").strip())
            article.byline = f"{article.byline} {name}".strip()
        texts = [line.text for line in block.lines if not line.text.startswith("□")]
        dashed = [text for text in texts if text.startswith(("—", "－", "-"))]
        texts = [text for text in texts if text not in dashed]
        parts.extend((text, True) for text in dashed)  # ——记… lines are subtitles
        if not texts:
            continue
        if block.vertical or block.explicit or len(texts) <= 2:
            parts.append((join_lines(texts), headlines.is_kicker(join_lines(texts))))
        else:
            parts.append((join_lines(texts[:-1]), False))
            parts.append((texts[-1], True))
    if not parts:
        return
    mains = [i for i, (_text, kicker) in enumerate(parts) if not kicker] or [len(parts) - 1]
    main = max(mains, key=lambda i: len(parts[i][0]))
    article.title = parts[main][0]
    article.subtitle = " ".join(text for i, (text, _k) in enumerate(parts) if i != main and text)
