"""Turn a :class:`ParsedQuery` into Whoosh query objects over our schema.

Every term becomes three tiers, summed by Whoosh's ``Or``:

* **exact** – the term verbatim in what readers see (a phrase of consecutive bigrams):
  constant score ``EXACT_SCORE``, so exact matches always rank first;
* **exact in the original OCR** – constant ``OCR_EXACT_SCORE`` (an old misreading still finds
  the corrected article);
* **words** – every jieba word of the term somewhere in the article (BM25, titles weigh more,
  OCR less), which ranks articles among themselves and brings in word-apart matches.

A two-character term is a single bigram: its exact tier is a BM25-scored term boosted by
``EXACT_SCORE`` (ranked by frequency in the article, titles counting extra), which lets Whoosh
skip its constant-score materialisation (titles are indexed twice in the bigram field, so
they weigh more without a separate clause). Its words tier would add nothing (a jieba word of the
article is also in it verbatim). A BM25 term score is at least ~0.02 even for an article 100×
longer than average, so boosted it stays far above any words-tier score (under 100 a word).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from whoosh import query as wq

from archive.search.engine.analyzer import query_grams, segmenter, unit_runs
from archive.search.engine.verbatim import VerbatimGrams
from archive.search.query import ParsedQuery, Term

EXACT_SCORE = 10_000_000.0
OCR_EXACT_SCORE = 10_000.0
TITLE_BOOST = 2.0
OCR_BOOST = 0.3


@dataclass(frozen=True)
class Fields:
    grams: str
    words: tuple[tuple[str, float], ...]
    ocr_grams: str | None


EVERYWHERE = Fields(
    "grams",
    (("text", 1.0), ("title_words", TITLE_BOOST), ("ocr_words", OCR_BOOST)),
    "ocr_grams",
)
TITLES_ONLY = Fields("title_grams", (("title_words", 1.0),), None)


def single_bigram(fields: Fields, gram: str) -> wq.Query:
    """Exact tier for a two-character term: BM25 on the bigram, boosted into the top tier."""
    parts = [wq.Term(fields.grams, gram, boost=EXACT_SCORE)]
    if fields.ocr_grams:
        parts.append(wq.Term(fields.ocr_grams, gram, boost=OCR_EXACT_SCORE))
    return wq.Or(parts)


def verbatim(
    fieldname: str, text: str, score: float, words_field: str | None = None
) -> wq.Query | None:
    """Documents whose ``fieldname`` contains ``text`` verbatim, all scored ``score`` (None if
    ``text`` has nothing searchable). Text with punctuation needs each of its runs (a superset).
    """
    parts: list[wq.Query] = []
    for run in unit_runs(text):
        if len(run) == 1:  # bigrams starting with it, or the run-final unigram
            parts.append(wq.ConstantScoreQuery(wq.Prefix(fieldname, run), score))
        else:
            words = segmenter.words(run) if words_field else []
            known_by = (words_field, run) if words == [run] else None
            parts.append(VerbatimGrams(fieldname, query_grams(run), score, known_by))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.ConstantScoreQuery(wq.And(parts), score)


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
        runs = unit_runs(variant)
        if len(runs) == 1 and len(runs[0]) == 2:
            tiers.append(single_bigram(fields, runs[0]))
            continue
        exact = verbatim(fields.grams, variant, EXACT_SCORE, fields.words[0][0])
        if exact is not None:
            tiers.append(exact)
        if fields.ocr_grams:
            ocr = verbatim(fields.ocr_grams, variant, OCR_EXACT_SCORE)
            if ocr is not None:
                tiers.append(ocr)
        if not term.exact:
            apart = words_apart(fields, variant)
            if apart is not None:
                tiers.append(apart)
    return tiers[0] if len(tiers) == 1 else wq.Or(tiers)


def exclusion_query(term: Term, fields: Fields) -> wq.Query | None:
    parts = [verbatim(fields.grams, variant, 1.0) for variant in term.variants]
    parts = [part for part in parts if part is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def date_number(day: datetime.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def filter_queries(filters) -> list[wq.Query]:
    """Exact-value filters (county, newspaper, page, kind) and the date range."""
    parts: list[wq.Query] = []
    for fieldname in ("county", "newspaper", "page", "kind"):
        value = getattr(filters, fieldname, "")
        if value:
            parts.append(wq.Term(fieldname, value, boost=0.0))
    if filters.date_from or filters.date_to:
        start = date_number(filters.date_from) if filters.date_from else None
        end = date_number(filters.date_to) if filters.date_to else None
        # Every hit gets the same range score, so it cannot reorder results (boost 0 would
        # make Whoosh drop the range entirely).
        parts.append(wq.NumericRange("date", start, end))
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
