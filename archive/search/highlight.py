"""Safe, fast highlighting: escape the text, then wrap what the query matched in ``<mark>``.

We find the query's strings in the stored text directly instead of re-segmenting it with the
analyzer (Whoosh's highlighter does that, and it was most of the stock search time).
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape  # Django's wraps it for lazy strings: ~3 µs a call, 200 a page

from django.utils.safestring import SafeString, mark_safe

from archive.search.engine.analyzer import fold, segmenter, unit_runs
from archive.search.query import ParsedQuery

SNIPPET_CHARS = 110
LEAD_CHARS = 24


def needles_for(parsed: ParsedQuery) -> tuple[str, ...]:
    """The (folded) strings to mark for ``parsed``: each term's runs, and for plain terms its
    words of two or more characters, longest first so a phrase wins over its parts."""
    found: set[str] = set()
    for term in parsed.terms:
        for variant in term.variants:
            found.update(unit_runs(variant))
            if not term.exact:
                found.update(word for word in segmenter.words(variant) if len(word) > 1)
    return tuple(sorted(found, key=lambda needle: (-len(needle), needle)))


@lru_cache(maxsize=256)
def _pattern(needles: tuple[str, ...]) -> re.Pattern | None:
    if not needles:
        return None
    return re.compile("|".join(re.escape(needle) for needle in needles))


def _spans(text: str, needles: tuple[str, ...], folded: str | None = None) -> list[tuple[int, int]]:
    """Where the needles occur in ``text`` (``folded``: ``fold(text)``, if already made)."""
    pattern = _pattern(needles)
    if pattern is None:
        return []
    return [match.span() for match in pattern.finditer(fold(text) if folded is None else folded)]


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    pieces, cursor = [], start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    return "".join(pieces)


def highlight(text: str, needles: tuple[str, ...]) -> SafeString:
    """All of ``text``, escaped, with every needle wrapped in ``<mark>``."""
    return mark_safe(_marked(text, _spans(text, needles), 0, len(text)))


def snippet(text: str, needles: tuple[str, ...], width: int = SNIPPET_CHARS) -> SafeString:
    """About ``width`` characters of ``text`` around its densest cluster of matches, escaped,
    matches in ``<mark>``, "…" where text was cut. Without matches: the beginning."""
    text = " ".join(text.split())
    folded = fold(text)  # once: folding a long article is most of a snippet's time
    spans = _spans(text, needles, folded)
    considered = spans[:200]  # enough to find a good window in any article
    best_start, best_count = 0, 0
    for index, (span_start, _) in enumerate(considered):
        window_start = max(0, span_start - LEAD_CHARS)
        window_end = window_start + width
        distinct = set()
        for a, b in considered[index:]:
            if b > window_end:
                break
            distinct.add(folded[a:b])
        if len(distinct) > best_count:
            best_start, best_count = window_start, len(distinct)
    end = min(len(text), best_start + width)
    body = _marked(text, spans, best_start, end)
    prefix = "…" if best_start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")


def highlight_numbered(texts: list[str], needles: tuple[str, ...]) -> tuple[list[SafeString], int]:
    """Each of ``texts``, escaped, with every match wrapped in ``<mark class="hit"
    id="hit-N">``; N counts from 1 across all the texts in order, so a page can link to the
    first match (``#hit-1``) and step from one to the next. Returns the texts and the count."""
    marked, number = [], 0
    for text in texts:
        pieces, cursor = [], 0
        for start, end in _spans(text, needles):
            number += 1
            pieces.append(escape(text[cursor:start]))
            pieces.append(f'<mark class="hit" id="hit-{number}">{escape(text[start:end])}</mark>')
            cursor = end
        pieces.append(escape(text[cursor:]))
        marked.append(mark_safe("".join(pieces)))
    return marked, number
