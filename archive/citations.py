"""Citations of articles: GB/T 7714, RIS, BibTeX, CSL-JSON, ``citation_*`` meta tags, JSON-LD.

Every format is written from one :class:`CitationRecord`, so they cannot disagree. A citation
never contains invented data: an article without a printed headline is cited as ``[无题]``
(not by ``Article.display_title``, which makes a name from the body), page numbers are the
printed labels (:func:`printed_page_label`), and unknown authors are left out.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from archive.models import Article, Page

UNTITLED = "[无题]"
GBT_MAX_AUTHORS = 3

# Roles printed before names in bylines; a citation names people, not roles.
BYLINE_ROLES = re.compile(
    r"(本报记者|本报通讯员|特约记者|见习记者|记者|通讯员|实习生|文/图|文／图|图/文|文|图|摄影|摄)[:：]?"
)
# Characters BibTeX reads as markup; each is written so that it reads back as itself.
BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


@dataclass(frozen=True)
class CitationRecord:
    """What a citation says about one article, in every format."""

    article_id: int
    title: str  # the printed headline, or UNTITLED
    subtitle: str
    authors: tuple[str, ...]
    newspaper: str
    date: datetime.date
    page: str  # the printed page label, e.g. A08; "" when the paper printed none
    county: str
    url: str  # the absolute permalink, "" when not known

    @property
    def full_title(self) -> str:
        """Headline and subtitle, as GB/T 7714 joins a title and its other title information."""
        return f"{self.title}: {self.subtitle}" if self.subtitle else self.title

    @property
    def key(self) -> str:
        """A citation key that stays the same for the same article: ``newsroom-2023-03-14-17``."""
        return f"newsroom-{self.date:%Y-%m-%d}-{self.article_id}"


def printed_page_label(page: Page) -> str:
    """The page number as printed on the paper (``A08``), the only one a citation may give;
    "" when none was printed (``Page.label`` is a URL key and may be made up, e.g. ``A08-2``)."""
    return page.printed_label


def authors_from_byline(byline: str) -> list[str]:
    """Names in a byline, roles removed: ``本报记者 王颖 通讯员 李明`` → ``["王颖", "李明"]``."""
    text = BYLINE_ROLES.sub(" ", byline or "")
    return [name for name in re.split(r"[\s,，、;；/／]+", text) if name]


def citation_record(article: Article, url: str = "") -> CitationRecord:
    """The citation facts of ``article`` (load it ``with_context()`` to avoid extra queries)."""
    page = article.page
    issue = page.issue
    return CitationRecord(
        article_id=article.pk,
        title=one_line(article.title) or UNTITLED,
        subtitle=one_line(article.subtitle),
        authors=tuple(authors_from_byline(article.byline)),
        newspaper=issue.newspaper.name,
        date=issue.date,
        page=printed_page_label(page),
        county=article.county.name if article.county_id else "",
        url=url,
    )


def one_line(text: str) -> str:
    """``text`` with runs of whitespace (line breaks included) as one space."""
    return " ".join((text or "").split())


def gbt7714(item: Article | CitationRecord) -> str:
    """``作者. 题名[N]. 报纸名, 2023-01-10(A08).``; unknown author or page is left out."""
    record = item if isinstance(item, CitationRecord) else citation_record(item)
    authors = list(record.authors)
    if len(authors) > GBT_MAX_AUTHORS:
        authors = authors[:GBT_MAX_AUTHORS] + ["等"]
    author_part = f"{', '.join(authors)}. " if authors else ""
    page_part = f"({record.page})" if record.page else ""
    return (
        f"{author_part}{record.full_title}[N]. {record.newspaper}, "
        f"{record.date:%Y-%m-%d}{page_part}."
    )


def ris(records: Iterable[CitationRecord]) -> str:
    """RIS (EndNote, Zotero, Mendeley …): one ``TY - NEWS`` entry per record, CRLF lines."""
    lines: list[str] = []
    for record in records:
        fields = [("TY", "NEWS"), ("ID", record.key), ("TI", record.full_title)]
        fields += [("AU", author) for author in record.authors]
        fields += [
            ("T2", record.newspaper),
            ("PY", f"{record.date:%Y}"),
            ("DA", f"{record.date:%Y/%m/%d}"),
            ("LA", "zh"),
        ]
        if record.page:
            fields.append(("SP", record.page))
        if record.county:
            fields.append(("KW", record.county))
        if record.url:
            fields.append(("UR", record.url))
        lines += [f"{tag}  - {value}" for tag, value in fields]
        lines += ["ER  - ", ""]
    return "\r\n".join(lines)


def bibtex_escape(text: str) -> str:
    return "".join(BIBTEX_SPECIAL.get(char, char) for char in text)


def bibtex(records: Iterable[CitationRecord]) -> str:
    """BibTeX/biblatex ``@article`` entries with ``entrysubtype = {newspaper}``."""
    entries = []
    for record in records:
        fields = [("title", record.full_title)]
        if record.authors:
            # Braced so that a name is never split into given and family parts it does not have.
            names = (f"{{{bibtex_escape(name)}}}" for name in record.authors)
            fields.append(("author", " and ".join(names)))
        fields += [
            ("journal", record.newspaper),
            ("entrysubtype", "newspaper"),
            ("date", record.date.isoformat()),
            ("year", str(record.date.year)),
            ("month", str(record.date.month)),
            ("day", str(record.date.day)),
            ("language", "chinese"),
        ]
        if record.page:
            fields.append(("pages", record.page))
        if record.url:
            fields.append(("url", record.url))
        body = ",\n".join(
            f"  {name} = {{{value if name in {'author', 'url'} else bibtex_escape(value)}}}"
            for name, value in fields
        )
        entries.append(f"@article{{{record.key},\n{body}\n}}\n")
    return "\n".join(entries)


def csl_item(record: CitationRecord) -> dict:
    """One CSL-JSON item (``article-newspaper``); names are literals, as printed."""
    item: dict = {
        "id": record.key,
        "type": "article-newspaper",
        "title": record.full_title,
        "container-title": record.newspaper,
        "issued": {"date-parts": [[record.date.year, record.date.month, record.date.day]]},
        "language": "zh-CN",
    }
    if record.page:
        item["page"] = record.page
    if record.authors:
        item["author"] = [{"literal": name} for name in record.authors]
    if record.county:
        item["event-place"] = record.county
    if record.url:
        item["URL"] = record.url
    return item


def csl_json(records: Iterable[CitationRecord]) -> str:
    return json.dumps([csl_item(record) for record in records], ensure_ascii=False, indent=2)


def meta_tags(record: CitationRecord) -> list[tuple[str, str]]:
    """Highwire ``citation_*`` (name, content) pairs, read by Google Scholar and Zotero."""
    tags = [("citation_title", record.full_title)]
    tags += [("citation_author", author) for author in record.authors]
    tags += [
        ("citation_publication_date", f"{record.date:%Y/%m/%d}"),
        ("citation_journal_title", record.newspaper),
        ("citation_language", "zh"),
    ]
    if record.page:
        tags.append(("citation_firstpage", record.page))
    if record.url:
        tags.append(("citation_public_url", record.url))
    return tags


def json_ld(record: CitationRecord) -> dict:
    """schema.org ``NewsArticle`` metadata with the same facts as the other formats."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": record.full_title,
        "datePublished": record.date.isoformat(),
        "inLanguage": "zh-Hans",
        "publisher": {"@type": "Organization", "name": record.newspaper},
    }
    if record.page:
        data["pagination"] = record.page
    if record.url:
        data["url"] = record.url
    if record.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in record.authors]
    if record.county:
        data["contentLocation"] = {"@type": "Place", "name": record.county}
    return data
