"""From the text of one page file to parsed pages with their articles (no database here)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from archive.ingest import bodies as B
from archive.ingest import gazetteer, headers, headlines
from archive.ingest import lines as L
from archive.ingest.articles import ParsedArticle, build_article
from archive.ingest.sections import section_of_banners, split_banners
from archive.ingest.segment import segment_lines
from archive.ingest.subheads import absorb_subheads


@dataclass
class ParsedPage:
    """A page found in a file: metadata from its header (if any), furniture and articles."""

    label: str = ""
    section: str = ""
    date: datetime.date | None = None
    newspaper: str = ""
    county: str = ""
    furniture: list[str] = field(default_factory=list)
    articles: list[ParsedArticle] = field(default_factory=list)
    style: str = ""


def parse_page_text(
    text: str, county: str = "", known_counties: tuple[str, ...] = ()
) -> list[ParsedPage]:
    """Split ``text`` (one file) into pages and articles.

    Guarantees: every line of ``text`` ends up in exactly one article field or in a page's
    furniture; offsets in the articles index ``text`` itself. A file with several page
    headers gives several pages; headers stacked at the top (two half-pages printed one after
    the other) share the text, and each article goes to the page whose county it names.
    """
    with gazetteer.known(known_counties):
        return _parse_file(text, county, known_counties)


def _parse_file(text: str, county: str, known_counties: tuple[str, ...]) -> list[ParsedPage]:
    all_lines = L.split_physical_lines(text)
    found, furniture_indexes = headers.find_page_headers([line.raw for line in all_lines])
    # Counties the folio lines name (临泉县新闻) are recognised in the text too, known or not.
    named = tuple(gazetteer.county_in_section(h.section, known_counties) for h in found)
    with gazetteer.known((*known_counties, *filter(None, named))):
        return _parse_regions(all_lines, found, furniture_indexes, county, known_counties)


def _parse_regions(all_lines, found, furniture_indexes, county, known_counties):
    regions = _regions(all_lines, found, furniture_indexes)
    pages: list[ParsedPage] = []
    for region_headers, region_lines, loose_furniture in regions:
        region_pages = [_page_from_header(h, county, known_counties) for h in region_headers]
        if not region_pages:
            region_pages = [ParsedPage(county=county)]
        region_pages[0].furniture.extend(loose_furniture)
        parsed = _parse_region(
            region_lines, region_pages[0].county if len(region_pages) == 1 else ""
        )
        banners, style, items = parsed
        region_pages[-1].furniture.extend(banners)
        section, banner_county = section_of_banners(banners)
        for page in region_pages:
            if not page.section and section:
                page.section = section
                page.county = page.county or banner_county
        for page in region_pages:
            page.style = style
        _distribute(items, region_pages)
        pages.extend(region_pages)
    return pages


def _page_from_header(
    header: headers.PageHeader, county: str, known: tuple[str, ...]
) -> ParsedPage:
    return ParsedPage(
        label=header.label,
        section=header.section,
        date=header.date,
        newspaper=header.newspaper,
        county=county or gazetteer.county_in_section(header.section, known),
        furniture=list(header.furniture),
    )


def _regions(all_lines, found, furniture_indexes):
    """``(headers, content lines, other furniture)`` per run of text between page headers."""
    loose = [
        all_lines[i].raw.strip()
        for i in sorted(furniture_indexes)
        if not any(i == h.line_index or all_lines[i].raw.strip() in h.furniture for h in found)
    ]
    content = [
        line if i not in furniture_indexes else L.Line("", line.start, line.start)
        for i, line in enumerate(all_lines)
    ]
    if not found:
        return [([], content, loose)]
    regions = []
    starts = [h.line_index for h in found]
    group: list[headers.PageHeader] = []
    for position, header in enumerate(found):
        group.append(header)
        end = starts[position + 1] if position + 1 < len(found) else len(all_lines)
        body = content[header.line_index + 1 : end]
        if any(not line.blank for line in body):
            begin = group[0].line_index if regions else 0
            regions.append((group, content[begin:end], loose if not regions else []))
            group = []
    if group:
        begin = group[0].line_index if regions else 0
        regions.append((group, content[begin:], loose if not regions else []))
    return regions


def _parse_region(lines: list[L.Line], county: str):
    items = segment_lines(lines)
    sequence = B.collect_bodies(items)
    debris = [element.text for kind, element in sequence if kind == "D"]
    sequence = [(kind, element) for kind, element in sequence if kind != "D"]
    sequence = B.attach_lone_bylines(sequence)
    sequence, banners = split_banners(sequence, county)
    sequence = absorb_subheads(sequence, headlines.page_style(sequence, B.headline_text))
    style = headlines.assign_headlines(sequence, B.headline_text)
    bodies = B.merge_orphans(B.keep_unassigned_headlines(sequence))
    return banners + debris, style, bodies


def _distribute(bodies, pages: list[ParsedPage]) -> None:
    """Give each body to a page: the page whose county it names most, else the previous one."""
    taken = [B.body_span(body) for body in bodies]
    current = 0
    for body in bodies:
        if len(pages) > 1:
            heads = " ".join(B.headline_text(block) for _position, block in body.headlines)
            counts = gazetteer.counties_mentioned(f"{heads} {body.text}")
            scored = [(counts.get(page.county, 0), -i) for i, page in enumerate(pages)]
            best = max(range(len(pages)), key=lambda i: scored[i])
            if scored[best][0] > 0:
                current = best
        page = pages[current]
        article = build_article(body, page.county, taken)
        if article.body.strip():
            page.articles.append(article)
        else:
            # An item with no text of its own (a headline or byline no report took) is not
            # an article: readers would open an empty page. Its words stay with the page.
            words = (
                *article.notes,
                article.subtitle,
                article.title,
                article.byline,
                article.credit,
            )
            page.furniture.append(" ".join(part for part in words if part))
