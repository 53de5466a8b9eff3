"""Running a :class:`SearchRequest` on a Whoosh searcher: hits, counts, facets, snippets."""

from __future__ import annotations

from collections import Counter

from whoosh import query as wq
from whoosh import sorting

from archive.search.engine.docsets import count_matches
from archive.search.engine.ranking import Unsupported, rank
from archive.search.highlight import highlight, needles_for, snippet
from archive.search.hit_loading import load_articles
from archive.search.results import Hit, SearchPage, SearchRequest
from archive.search.whoosh_query import compile_query

FACET_FIELDS = ("county", "year", "month")


def sort_facet(sort: str):
    if sort == "newest":
        return sorting.MultiFacet([sorting.FieldFacet("date", reverse=True), sorting.ScoreFacet()])
    if sort == "oldest":
        return sorting.MultiFacet([sorting.FieldFacet("date"), sorting.ScoreFacet()])
    return None


def build_hits(pairs: list[tuple[int, float]], request: SearchRequest) -> list[Hit]:
    """Articles for (id, score) pairs in that order, with highlighted title and snippet."""
    if not pairs:
        return []
    needles = needles_for(request.parsed)
    articles = load_articles([pk for pk, _ in pairs])
    hits = []
    for pk, score in pairs:
        article = articles.get(pk)
        if article is None:  # deleted a moment ago; the index catches up on its own
            continue
        hits.append(
            Hit(
                article=article,
                title_html=highlight(article.display_title, needles),
                snippet_html=snippet(article.body or article.title, needles),
                score=score,
            )
        )
    return hits


def _page_with_counts(request: SearchRequest, total: int, facets: dict) -> SearchPage:
    page = SearchPage(request=request, total=total)
    if request.with_facets and total:
        page.county_counts = facets["county"].most_common()
        page.year_counts = sorted(
            ((int(y), n) for y, n in facets["year"].items() if y), reverse=True
        )
        page.month_counts = sorted((m, n) for m, n in facets["month"].items() if m > 0)
    return page


def search_with_backend(backend, request: SearchRequest) -> SearchPage:
    """Run ``request`` on our Whoosh engine (damage raises ``IndexUnavailable``)."""
    with backend.reading("searched"):
        return run_whoosh_search(backend.searcher(), request)


def related_with_backend(backend, article, limit: int) -> list[int]:
    with backend.reading("searched"):
        return related_ids(backend.searcher(), article, limit)


def run_whoosh_search(searcher, request: SearchRequest) -> SearchPage:
    whoosh_query = compile_query(request.parsed, request.filters, request.titles_only)
    limit = request.offset + request.per_page
    facet_fields = FACET_FIELDS if request.with_facets else ()
    try:
        top, total, facets = rank(searcher, whoosh_query, limit, facet_fields, request.sort)
    except Unsupported:  # a query node ranking.py does not know: Whoosh's own collector
        results = searcher.search(whoosh_query, limit=limit, sortedby=sort_facet(request.sort))
        total, facets = count_matches(searcher, whoosh_query, facet_fields)
        pairs = [
            (int(hit[DJANGO_ID_FIELD]), hit.score or 0.0) for hit in results[request.offset : limit]
        ]
    else:
        pairs = [
            (int(searcher.stored_fields(docnum)[DJANGO_ID_FIELD]), score)
            for docnum, score in top[request.offset : limit]
        ]
    page = _page_with_counts(request, total, facets)
    page.hits = build_hits(pairs, request)
    return page


DJANGO_ID_FIELD = "django_id"


def related_ids(searcher, article, limit: int) -> list[int]:
    """Articles sharing the most distinctive words of ``article``'s title and body."""
    from archive.search.documents import reader_text
    from archive.search.engine.analyzer import segmenter

    reader = searcher.reader()
    counts = Counter(word for word in segmenter.words(reader_text(article)) if len(word) > 1)
    total_docs = max(reader.doc_count(), 1)
    common = total_docs * 0.2 if total_docs >= 50 else total_docs  # small archives: keep all
    scored = []
    for word, freq in counts.items():
        frequency = reader.doc_frequency("text", word)
        if 1 < frequency <= common:  # 1: only this article has it, no use for finding others
            scored.append((freq / frequency, word))
    keywords = [word for _, word in sorted(scored, reverse=True)[:12]]
    if not keywords:
        return []
    query = wq.AndNot(
        wq.Or([wq.Term("text", word) for word in keywords]),
        wq.Term(DJANGO_ID_FIELD, str(article.pk)),
    )
    # Scored over whole posting lists in numpy (ranking.py), same BM25F order as Whoosh's
    # collector, which walked thousands of matches in Python (~95% of an article page's time).
    top, _, _ = rank(searcher, query, limit, ())
    return [int(searcher.stored_fields(docnum)[DJANGO_ID_FIELD]) for docnum, _ in top]
