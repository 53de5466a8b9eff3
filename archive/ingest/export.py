"""Articles as plain dictionaries for JSON Lines export."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from archive.models import Article


def article_records(day: datetime.date | None = None, county: str = "") -> Iterator[dict]:
    """One dict per article in reading order, optionally for one date and/or one county."""
    articles = Article.objects.with_context().order_by(
        "page__issue__date",
        "page__issue__newspaper__name",
        "page__sequence",
        "page__label",
        "order",
        "pk",
    )  # page label breaks ties: A08 and A08-2 (two halves) share a sequence number
    if day:
        articles = articles.on_date(day)
    if county:
        articles = articles.filter(county__name=county)
    for article in articles.iterator(chunk_size=500):
        yield {**article_record(article), "url": article.get_absolute_url()}


def article_record(article: Article) -> dict:
    """What readers see of ``article`` and where it was printed (the page label the paper
    printed); the article must be loaded with its page, issue, newspaper and county."""
    page = article.page
    return {
        "id": article.pk,
        "newspaper": page.issue.newspaper.name,
        "date": page.issue.date.isoformat(),
        "page": page.printed_label,
        "section": page.section,
        "county": article.county.name if article.county else "",
        "kind": article.kind,
        "order": article.order,
        "title": article.title,
        "subtitle": article.subtitle,
        "byline": article.byline,
        "credit": article.credit,
        "body": article.body,
        "continues_from": article.continues_from,
        "corrected": article.corrected,
    }
