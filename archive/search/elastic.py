"""Elasticsearch path for large archives: the same jieba words and bigrams, cut here.

Selected when ``ELASTICSEARCH_URL`` is set (see ``newsroom/settings/base.py``); needs the
``elasticsearch`` 7.x client and an Elasticsearch 7 server. Text is segmented in Python
exactly as for Whoosh and sent as space-separated tokens to fields using Elasticsearch's
``whitespace`` analyzer, so results do not depend on any Elasticsearch Chinese plug-in.
Bigram runs are sent as separate array values: Elasticsearch puts a position gap between
values, so a phrase never matches across punctuation or fields.
"""

from __future__ import annotations

from haystack.backends.elasticsearch7_backend import (
    Elasticsearch7SearchBackend,
    Elasticsearch7SearchEngine,
)

from archive.search.analyzer import query_grams, segmenter, unit_runs
from archive.search.service import SearchPage, SearchRequest
from archive.search.whoosh_query import EXACT_SCORE, OCR_BOOST, OCR_EXACT_SCORE, TITLE_BOOST

WORD_FIELDS = {"text", "title_words", "ocr_words"}
GRAM_FIELDS = {"grams", "title_grams", "ocr_grams"}
KEYWORD_FIELDS = {"county", "newspaper", "page", "kind"}
TOKENS = {"type": "text", "analyzer": "whitespace", "similarity": "BM25"}


def gram_runs(text: str) -> list[str]:
    """One string of space-separated bigrams (+ run-final character) per run of units."""
    return [
        " ".join(query_grams(run) + ([run[-1]] if len(run) > 1 else [])) for run in unit_runs(text)
    ]


def to_tokens(name: str, value):
    if name in WORD_FIELDS:
        return " ".join(segmenter.words(value or ""))
    if name in GRAM_FIELDS:
        return gram_runs(value or "")
    return value


def month_buckets(aggregation: dict) -> list[tuple[int, int]]:
    """A ``date_histogram`` by month (``key_as_string`` ``202303``) as ascending pairs."""
    return [
        (int(bucket["key_as_string"]), bucket["doc_count"])
        for bucket in aggregation.get("buckets", [])
        if bucket["doc_count"]
    ]


class ChineseElasticsearchSearchBackend(Elasticsearch7SearchBackend):
    def build_schema(self, fields):
        content_field_name, mapping = super().build_schema(fields)
        for name in WORD_FIELDS | GRAM_FIELDS:
            if name in mapping:
                mapping[name] = dict(TOKENS)
        for name in KEYWORD_FIELDS:
            if name in mapping:
                mapping[name] = {"type": "keyword"}
        if "year" in mapping:
            mapping["year"] = {"type": "integer"}
        return content_field_name, mapping

    def _prepare_object(self, index, obj):
        prepared = super()._prepare_object(index, obj)
        return {name: to_tokens(name, value) for name, value in prepared.items()}

    # -- our search API -------------------------------------------------------------------

    def term_clause(self, term, titles_only: bool) -> dict:
        grams_field = "title_grams" if titles_only else "grams"
        words = [("title_words", 1.0)] if titles_only else [
            ("text", 1.0), ("title_words", TITLE_BOOST), ("ocr_words", OCR_BOOST)]  # fmt: skip
        should = []
        for variant in term.variants:
            runs = unit_runs(variant)
            exact = [self.verbatim(grams_field, run) for run in runs]
            should.append(
                {"constant_score": {"filter": {"bool": {"filter": exact}}, "boost": EXACT_SCORE}}
            )
            if not titles_only:
                ocr = [self.verbatim("ocr_grams", run) for run in runs]
                should.append(
                    {
                        "constant_score": {
                            "filter": {"bool": {"filter": ocr}},
                            "boost": OCR_EXACT_SCORE,
                        }
                    }
                )
            tokens = segmenter.words(variant)
            if not term.exact and tokens:
                per_word = [
                    {
                        "bool": {
                            "should": [{"term": {f: {"value": w, "boost": b}}} for f, b in words]
                        }
                    }
                    for w in tokens
                ]
                should.append({"bool": {"must": per_word}})
        return {"bool": {"should": should, "minimum_should_match": 1}}

    @staticmethod
    def verbatim(field: str, run: str) -> dict:
        if len(run) == 1:
            return {"prefix": {field: run}}
        return {"match_phrase": {field: " ".join(query_grams(run))}}

    def build_body(self, request: SearchRequest) -> dict:
        parsed, filters = request.parsed, request.filters
        must = [
            {"bool": {"should": [self.term_clause(t, request.titles_only) for t in group],
                      "minimum_should_match": 1}}
            for group in parsed.groups
        ]  # fmt: skip
        must_not = [self.verbatim("grams", run) for term in parsed.excluded
                    for variant in term.variants for run in unit_runs(variant)]  # fmt: skip
        filter_clauses = [{"term": {"django_ct": "archive.article"}}]
        for name in ("county", "newspaper", "page", "kind"):
            if getattr(filters, name):
                filter_clauses.append({"term": {name: getattr(filters, name)}})
        if filters.date_from or filters.date_to:
            span = {}
            if filters.date_from:
                span["gte"] = filters.date_from.isoformat()
            if filters.date_to:
                span["lte"] = filters.date_to.isoformat()
            filter_clauses.append({"range": {"date": span}})
        body = {
            "query": {"bool": {"must": must, "must_not": must_not, "filter": filter_clauses}},
            "from": request.offset,
            "size": request.per_page,
            "track_total_hits": True,
            "_source": ["django_id"],
        }
        if request.sort in {"newest", "oldest"}:
            body["sort"] = [{"date": "desc" if request.sort == "newest" else "asc"}, "_score"]
        if request.with_facets:
            body["aggs"] = {
                "county": {"terms": {"field": "county", "size": 500}},
                "year": {"terms": {"field": "year", "size": 500}},
                # Same pass, months for the hits-over-time chart.
                "month": {
                    "date_histogram": {
                        "field": "date",
                        "calendar_interval": "month",
                        "format": "yyyyMM",
                        "min_doc_count": 1,
                    }
                },
            }
        return body

    def search_articles(self, request: SearchRequest) -> SearchPage:
        from archive.search.whoosh_search import build_hits

        if not self.setup_complete:
            self.setup()
        raw = self.conn.search(index=self.index_name, body=self.build_body(request))
        page = SearchPage(request=request, total=raw["hits"]["total"]["value"])
        pairs = [
            (int(hit["_source"]["django_id"]), hit["_score"] or 0.0) for hit in raw["hits"]["hits"]
        ]
        page.hits = build_hits(pairs, request)
        aggregations = raw.get("aggregations", {})
        if aggregations:
            page.county_counts = [
                (b["key"], b["doc_count"]) for b in aggregations["county"]["buckets"]
            ]
            page.year_counts = sorted(
                ((int(b["key"]), b["doc_count"]) for b in aggregations["year"]["buckets"]),
                reverse=True,
            )
            page.month_counts = month_buckets(aggregations.get("month", {}))
        return page

    def related_article_ids(self, article, limit: int) -> list[int]:
        if not self.setup_complete:
            self.setup()
        body = {
            "query": {"more_like_this": {"fields": ["text"], "like": [{"_index": self.index_name,
                      "_id": f"archive.article.{article.pk}"}], "min_term_freq": 1, "min_doc_freq": 1}},
            "size": limit,
            "_source": ["django_id"],
        }  # fmt: skip
        raw = self.conn.search(index=self.index_name, body=body)
        return [int(hit["_source"]["django_id"]) for hit in raw["hits"]["hits"]]


class ChineseElasticsearchEngine(Elasticsearch7SearchEngine):
    backend = ChineseElasticsearchSearchBackend
