"""What the index holds for one article: plain values, the same for every backend."""

from __future__ import annotations

import re

from archive.search.analyzer import unit_runs

NO_COUNTY = "-"
BLANK_LINES = re.compile(r"\n\s*\n")


def reader_text(article) -> str:
    """Everything a reader sees, one field a line (line breaks stop phrases crossing fields)."""
    parts = (article.title, article.subtitle, article.byline, article.body)
    return "\n".join(part for part in parts if part)


def title_text(article) -> str:
    return "\n".join(part for part in (article.title, article.subtitle) if part)


def ocr_only_text(article, reader: str) -> str:
    """The paragraphs of the original OCR that readers no longer see verbatim.

    Uncorrected articles give (nearly) nothing, so the OCR costs index time only where staff
    changed the text; there it lets an old misreading still find the corrected article.
    """
    if not article.ocr_text:
        return ""
    seen = "".join(unit_runs(reader))
    kept = []
    for paragraph in BLANK_LINES.split(article.ocr_text):
        joined = paragraph.replace("\n", "")
        key = "".join(unit_runs(joined))
        if key and key not in seen:
            kept.append(joined)
    return "\n".join(kept)


def article_document(article) -> dict:
    """Index fields for ``article`` (which should come from ``Article.objects.with_context()``)."""
    reader = reader_text(article)
    title = title_text(article)
    ocr = ocr_only_text(article, reader)
    issue = article.page.issue
    return {
        "text": reader,
        # The headline twice: title matches weigh more in the bigram tier's BM25 without a
        # second (title) clause in every query.
        "grams": f"{title}\n{reader}" if title else reader,
        "title_words": title,
        "title_grams": title,
        "ocr_words": ocr,
        "ocr_grams": ocr,
        "county": article.county.slug if article.county_id else NO_COUNTY,
        "newspaper": issue.newspaper.slug,
        "date": issue.date,
        "year": issue.date.year,
        "page": article.page.printed_label or article.page.label,
        "kind": article.kind,
    }
