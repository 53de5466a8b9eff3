"""A search's matches inside one article, for a reader who came from the result list.

The article page gets ``?q=…`` (and the list's filters and page) from a result link; it marks
what the result snippet marked — the same needles, so traditional characters find simplified
text and excluded terms stay unmarked — and links back to the list where the reader was.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.safestring import SafeString

from archive.search.highlight import highlight_numbered, needles_for
from archive.search.query import QuerySyntaxError, parse_query

# What /search/ reads from its URL: kept on the way to an article and back, nothing else.
SEARCH_PARAMETERS = (
    "q",
    "newspaper",
    "county",
    "from",
    "to",
    "label",
    "kind",
    "sort",
    "in",
    "page",
)


@dataclass
class ArticleHits:
    query: str
    title: SafeString
    subtitle: SafeString
    byline: SafeString
    paragraphs: list[SafeString]
    count: int


def find_hits(article, query_text: str) -> ArticleHits | None:
    """``article``'s display title, subtitle, byline and paragraphs, escaped, with the query's
    matches numbered ``#hit-1``, ``#hit-2`` … in reading order; None when there is no query or
    it cannot be parsed (the page then shows the article unmarked, never an error)."""
    try:
        parsed = parse_query(query_text or "")
    except QuerySyntaxError:
        return None
    if not parsed:
        return None
    texts = [article.display_title, article.subtitle, article.byline, *article.paragraphs]
    (title, subtitle, byline, *paragraphs), count = highlight_numbered(texts, needles_for(parsed))
    return ArticleHits(query_text.strip(), title, subtitle, byline, paragraphs, count)


def search_parameters(params: QueryDict) -> QueryDict:
    """The search page's own parameters from ``params`` (non-empty ones, first value each)."""
    kept = QueryDict(mutable=True)
    for name in SEARCH_PARAMETERS:
        value = params.get(name, "")
        if value.strip():
            kept[name] = value
    return kept
