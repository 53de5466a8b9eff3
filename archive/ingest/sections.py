"""Section banners and the county each article is about."""

from __future__ import annotations

from archive.ingest import gazetteer, headlines
from archive.ingest.bodies import headline_text
from archive.ingest.normalize import join_lines

# A banner names the section, not a report: it repeats little of the reports below it.
BANNER_MAX_SIMILARITY = 0.3


def _wording_shared_with_next_bodies(text: str, sequence, index: int, count: int = 2) -> float:
    bodies = [element for kind, element in sequence[index + 1 :] if kind == "T"][:count]
    return max((headlines.similarity(text, body.text) for body in bodies), default=0.0)


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
        named = gazetteer.is_county_name(text) or gazetteer.place_in_section(text)
        mentioned = gazetteer.counties_mentioned(text)
        # A column banner (新闻速递) under it is no headline: it starts a column of briefs.
        next_is_headline = (
            index + 1 < len(sequence)
            and sequence[index + 1][0] == "H"
            and not headlines.is_column_name(headline_text(sequence[index + 1][1]))
        )
        if named or headlines.is_column_name(text):
            banners.append(printed)
            if named or mentioned:
                banner_county = named or max(mentioned, key=mentioned.get)
                context = banner_county
            continue
        changes_county = bool(context) and context not in mentioned
        # A county's slogan banner: 山阳大地山阳区 商旅居游总相宜
        slogan = bool(headlines.SPACED_SLOGAN_RE.search(text)) and not out
        if (
            mentioned
            and (changes_county or slogan)
            and next_is_headline
            and _wording_shared_with_next_bodies(text, sequence, index) < BANNER_MAX_SIMILARITY
            and not headlines.KICKER_SUFFIX_RE.search(text)
            and len(text) > 8
        ):
            banners.append(printed)
            banner_county = context = max(mentioned, key=mentioned.get)
            continue
        out.append((kind, element))
    return out, banners


def section_of_banners(banners: list[str]) -> tuple[str, str]:
    """``(section, county)`` from the first banner that names a county's section
    (``利辛县新闻``), for pages without a folio line; ``('', '')`` when none does."""
    named: dict[str, str] = {}
    for banner in banners:
        text = join_lines([banner])
        if text.endswith("新闻"):
            county = gazetteer.county_in_section(text)
            if county:
                return text, county
        county = gazetteer.is_county_name(text)
        if county:
            named.setdefault(county, text)
    if len(named) == 1:  # one county's banner (温县) over the whole page
        ((county, text),) = named.items()
        return text, county
    return "", ""


# How much of a report's opening names its subject (本报讯 近日，温县…).
OPENING_CHARS = 40


def choose_county(
    headline: str, banner_county: str, page_county: str, text: str, continued: bool = False
) -> str:
    """The county an article is about, only on evidence.

    A county named in its headline wins (the page's own county when several are named), then
    the section banner above it, then the page's county, then a county named in the opening
    of the report (its subject). A place mentioned further down the text is no evidence, and
    a report continued from another page has no opening of its own here.
    """
    in_headline = gazetteer.counties_mentioned(headline)
    if in_headline:
        if page_county in in_headline:
            return page_county
        return max(in_headline, key=in_headline.get)
    if banner_county or page_county:
        return banner_county or page_county
    if continued:
        return ""
    opening = gazetteer.counties_mentioned(text[:OPENING_CHARS])
    return max(opening, key=opening.get) if opening else ""
