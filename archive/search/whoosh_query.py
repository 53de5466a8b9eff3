"""Turn a :class:`ParsedQuery` into Whoosh query objects over our schema.

Every term becomes three tiers, summed by Whoosh's ``Or``:

* **exact** – the term verbatim in what readers see (a phrase of consecutive bigrams):
  constant score ``EXACT_SCORE``, so exact matches always rank first;
* **exact in the original OCR** – constant ``OCR_EXACT_SCORE`` (an old misreading still finds
  the corrected article);
* **words** – every jieba word of the term somewhere in the article (BM25, titles weigh more,
  OCR less), which ranks articles among themselves and brings in word-apart matches.

BM25 scores of a few words stay far below ``OCR_EXACT_SCORE``, so the tiers never mix.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from whoosh import query as wq

from archive.search.analyzer import query_grams, segmenter, unit_runs
from archive.search.query import ParsedQuery, Term

EXACT_SCORE = 1_000_000.0
OCR_EXACT_SCORE = 10_000.0
TITLE_BOOST = 2.0
OCR_BOOST = 0.3


@dataclass(frozen=True)
class Fields:
    grams: str
    words: tuple[tuple[str, float], ...]
    ocr_grams: str | None


EVERYWHERE = Fields(
    "grams", (("text", 1.0), ("title_words", TITLE_BOOST), ("ocr_words", OCR_BOOST)), "ocr_grams"
)
TITLES_ONLY = Fields("title_grams", (("title_words", 1.0),), None)


def verbatim(fieldname: str, text: str) -> wq.Query | None:
    """Matches documents whose ``fieldname`` grams contain ``text`` verbatim (None if no units).

    Text with punctuation in it needs each run of searchable characters (a superset)."""
    parts = []
    for run in unit_runs(text):
        grams = query_grams(run)
        if len(run) == 1:
            parts.append(wq.Prefix(fieldname, run))
        elif len(grams) == 1:
            parts.append(wq.Term(fieldname, grams[0]))
        else:
            parts.append(wq.Phrase(fieldname, grams))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def words_apart(fields: Fields, text: str) -> wq.Query | None:
    words = list(dict.fromkeys(segmenter.words(text)))
    if not words:
        return None
    per_word = [
        wq.Or([wq.Term(name, word, boost=boost) for name, boost in fields.words])
        if len(fields.words) > 1
        else wq.Term(fields.words[0][0], word)
        for word in words
    ]
    return per_word[0] if len(per_word) == 1 else wq.And(per_word)


def term_query(term: Term, fields: Fields) -> wq.Query:
    tiers: list[wq.Query] = []
    for variant in term.variants:
        exact = verbatim(fields.grams, variant)
        if exact is not None:
            tiers.append(wq.ConstantScoreQuery(exact, EXACT_SCORE))
        if fields.ocr_grams:
            ocr = verbatim(fields.ocr_grams, variant)
            if ocr is not None:
                tiers.append(wq.ConstantScoreQuery(ocr, OCR_EXACT_SCORE))
        if not term.exact:
            apart = words_apart(fields, variant)
            if apart is not None:
                tiers.append(apart)
    return tiers[0] if len(tiers) == 1 else wq.Or(tiers)


def exclusion_query(term: Term, fields: Fields) -> wq.Query | None:
    parts = [verbatim(fields.grams, variant) for variant in term.variants]
    parts = [part for part in parts if part is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def date_number(day: datetime.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def filter_queries(filters) -> list[wq.Query]:
    """Exact-value filters (county, newspaper, page, kind) and the date range, unscored."""
    parts: list[wq.Query] = []
    for fieldname in ("county", "newspaper", "page", "kind"):
        value = getattr(filters, fieldname, "")
        if value:
            parts.append(wq.Term(fieldname, value, boost=0.0))
    if filters.date_from or filters.date_to:
        start = date_number(filters.date_from) if filters.date_from else None
        end = date_number(filters.date_to) if filters.date_to else None
        parts.append(wq.NumericRange("date", start, end, boost=0.0))
    return parts


def compile_query(parsed: ParsedQuery, filters, titles_only: bool = False) -> wq.Query:
    """The Whoosh query for ``parsed`` restricted by ``filters`` (a ``SearchFilters``)."""
    fields = TITLES_ONLY if titles_only else EVERYWHERE
    required: list[wq.Query] = []
    for group in parsed.groups:
        alternatives = [term_query(term, fields) for term in group]
        required.append(alternatives[0] if len(alternatives) == 1 else wq.Or(alternatives))
    required.extend(filter_queries(filters))
    combined: wq.Query = required[0] if len(required) == 1 else wq.And(required)
    exclusions = [exclusion_query(term, EVERYWHERE) for term in parsed.excluded]
    exclusions = [part for part in exclusions if part is not None]
    if exclusions:
        combined = wq.AndNot(combined, exclusions[0] if len(exclusions) == 1 else wq.Or(exclusions))
    return combined
