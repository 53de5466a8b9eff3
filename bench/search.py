"""Search benchmark: build a synthetic archive shaped like the sample corpus, index it, search.

    .venv/bin/python bench/search.py --articles 100000
    .venv/bin/python bench/search.py --articles 5000 --stock   # jieba ChineseAnalyzer in stock Haystack

Prints one JSON line: articles, index_docs_per_s, index_mb, search_p50_ms, search_p95_ms, rss_mb
(peak of the largest process, index workers included), plus the machine. Queries: mixed one-
and two-word queries from the corpus vocabulary, first 20 hits with highlighted snippets (the
search page additionally counts facets: reported as search_facets_p50_ms / _p95_ms; sorted
by date with facets: search_newest_p50_ms / _p95_ms). ``mix_facets``: a realistic mix (one term
of 1 to 11 characters, two and three words, quoted phrases, a county with a town, digit
strings), with counts, p50/p95 per kind. ``--fts5``: the same mix on SQLite FTS5 ``trigram``
(``bench/fts5_peer.py``) over the same texts, compared per kind on the queries FTS5 can
answer (``vs_fts5``). ``first_search_ms``: the first search in a freshly started process.
``--compare-kept N``: N mixed queries, each asked with long posting lists kept decoded and
with none kept, in one process (``kept_vs_read``: p50/p95 per kind both ways).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.corpus import CORPUS_MISSING, corpus_available, corpus_pages  # noqa: E402

COUNTIES = ["温县", "孟州市", "沁阳市", "博爱县", "武陟县", "修武县", "山阳区", "解放区",
            "牧野区", "凤泉区", "封丘县", "卫滨区", "红旗区", "获嘉县"]  # fmt: skip


STARTED = time.perf_counter()


def progress(message: str) -> None:
    """One progress line on stderr (stdout carries only the JSON result)."""
    print(
        f"[bench/search {time.perf_counter() - STARTED:6.1f}s] {message}",
        file=sys.stderr,
        flush=True,
    )


def setup_django(data_dir: Path) -> None:
    os.environ["NEWSROOM_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("SECRET_KEY", "bench-only")
    # base settings: DEBUG off (no query log growing), DB and index under data_dir.
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.base"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def corpus_sentences() -> list[str]:
    text = "\n".join(page.read_text(encoding="utf-8") for page in corpus_pages())
    text = re.sub(r"\s+", "", text)
    return [s + "。" for s in text.split("。") if len(s) >= 8]


def build_archive(count: int, rng: random.Random) -> None:
    """``count`` articles: 3–14 corpus sentences each, on 8-page issues of 3 papers, 2000–2024."""
    import datetime

    from archive.models import Article, County, Issue, Newspaper, Page

    sentences = corpus_sentences()
    papers = [Newspaper.objects.create(name=n) for n in ("焦作日报", "新乡日报", "温县报")]
    counties = [County.objects.create(name=n) for n in COUNTIES]
    per_page, pages_per_issue = 5, 8
    issues_needed = count // (per_page * pages_per_issue) + 1
    start = datetime.date(2000, 1, 1)
    issues = Issue.objects.bulk_create(
        Issue(newspaper=papers[i % 3], date=start + datetime.timedelta(days=i // 3))
        for i in range(issues_needed)
    )
    pages = Page.objects.bulk_create(
        Page(issue=issue, label=f"A{n:02d}", sequence=1000 + n, county=rng.choice(counties))
        for issue in issues
        for n in range(1, pages_per_issue + 1)
    )
    batch = []
    for number in range(count):
        page = pages[number // per_page]
        body_sentences = rng.sample(sentences, rng.randint(3, 14))
        paragraphs = ["".join(body_sentences[i : i + 3]) for i in range(0, len(body_sentences), 3)]
        body = "\n\n".join(paragraphs)
        title = rng.choice(sentences)[: rng.randint(8, 20)]
        batch.append(Article(page=page, order=number % per_page, title=title, body=body,
                             ocr_text=title + "\n" + body, county=page.county))  # fmt: skip
        if len(batch) == 2000:
            Article.objects.bulk_create(batch)
            batch = []
            if (number + 1) % 20_000 == 0:
                progress(f"created {number + 1} of {count} articles")
    Article.objects.bulk_create(batch)


def make_queries(count: int, rng: random.Random) -> list[str]:
    from archive.search.engine.analyzer import segmenter

    words = [w for w in segmenter.words("".join(corpus_sentences())) if len(w) >= 2]
    queries = []
    for number in range(count):
        if number % 2:
            queries.append(rng.choice(words))
        else:
            queries.append(f"{rng.choice(words)} {rng.choice(words)}")
    return queries


def use_stock_engine() -> None:
    """Haystack's own Whoosh backend with jieba's ChineseAnalyzer on the document field."""
    import jieba
    from haystack import connections, indexes
    from haystack.utils.loading import UnifiedIndex
    from jieba.analyse import ChineseAnalyzer

    jieba.setLogLevel(60)  # its start-up lines would go to stdout, which is for the result

    from archive.models import Article

    class StockArticleIndex(indexes.SearchIndex, indexes.Indexable):
        text = indexes.CharField(document=True, analyzer=ChineseAnalyzer())
        date = indexes.DateField(model_attr="page__issue__date")

        def get_model(self):
            return Article

        def prepare_text(self, obj):
            return "\n".join(p for p in (obj.title, obj.subtitle, obj.byline, obj.body) if p)

        def index_queryset(self, using=None):
            return Article.objects.with_context().order_by("pk")

    connections.connections_info["default"]["ENGINE"] = (
        "haystack.backends.whoosh_backend.WhooshEngine"
    )
    engine = connections.reload("default")
    unified = UnifiedIndex()
    unified.build(indexes=[StockArticleIndex()])
    engine._index = unified


MIX_KINDS = [f"len{n}" for n in range(1, 12)] + [
    "two_words", "three_words", "phrase", "place_town", "digits"]  # fmt: skip


def realistic_queries(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """``(kind, query)`` pairs, the same number of each kind: one term of 1 to 11 characters
    (a jieba word of that length when the corpus has one, else a piece of a sentence), two
    and three words, a quoted phrase, a county with one of its towns, a digit string."""
    from collections import defaultdict

    from archive.search.engine.analyzer import UNIT_RUN, fold, segmenter
    from archive.search.engine.places import shipped_place_names

    text = "".join(corpus_sentences())
    runs = [run for run in UNIT_RUN.findall(fold(text)) if not run.isascii()]
    words_by_length: dict[int, list[str]] = defaultdict(list)
    for word in dict.fromkeys(segmenter.words(text)):
        words_by_length[len(word)].append(word)
    digits = re.findall(r"[0-9]{2,}", text) or ["2023"]
    towns = [name for name in shipped_place_names() if name.endswith(("镇", "乡", "村"))]

    def piece(length: int) -> str:
        long_enough = [run for run in runs if len(run) >= length]
        run = rng.choice(long_enough)
        start = rng.randrange(len(run) - length + 1)
        return run[start : start + length]

    def term(length: int) -> str:
        known = words_by_length.get(length)
        return rng.choice(known) if known and rng.random() < 0.5 else piece(length)

    def word() -> str:
        return rng.choice(words_by_length[2] + words_by_length[3] + words_by_length[4])

    makers = {f"len{n}": (lambda n=n: term(n)) for n in range(1, 12)}
    makers.update(
        two_words=lambda: f"{word()} {word()}",
        three_words=lambda: f"{word()} {word()} {word()}",
        phrase=lambda: f'"{piece(rng.randint(4, 8))}"',
        place_town=lambda: (
            f"{rng.choice(COUNTIES)} {rng.choice(towns)}" if towns else rng.choice(COUNTIES)
        ),
        digits=lambda: rng.choice(digits),
    )
    per_kind = max(1, count // len(MIX_KINDS))
    return [(kind, makers[kind]()) for _ in range(per_kind) for kind in MIX_KINDS]


def mix_report(search, pairs: list[tuple[str, str]]) -> dict:
    """Per kind of query: how many, p50 and p95 in ms."""
    times: dict[str, list[float]] = {}
    for kind, query in pairs:
        times.setdefault(kind, []).extend(timed(search, [query]))
    return {
        kind: {
            "n": len(found),
            "p50_ms": round(statistics.median(found), 1),
            "p95_ms": round(percentile(found, 0.95), 1),
        }  # fmt: skip
        for kind, found in times.items()
    }


def kept_report(search, pairs: list[tuple[str, str]], budget_bytes: int) -> dict:
    """Per kind, p50/p95 of each query asked twice in this process: with long posting lists
    kept decoded (``budget_bytes``) and with none kept, alternating which goes first (a noisy
    machine then slows both alike). The budget is put back afterwards."""
    from archive.search.engine.decoded import decoded_lists

    before = decoded_lists.budget_bytes
    times: dict[str, dict[str, list[float]]] = {}
    try:
        for number, (kind, query) in enumerate(pairs):
            ways = [("kept", budget_bytes), ("read", 0)]
            for way, budget in ways if number % 2 else ways[::-1]:
                decoded_lists.budget_bytes = budget
                times.setdefault(kind, {}).setdefault(way, []).extend(timed(search, [query]))
    finally:
        decoded_lists.budget_bytes = before
    return {
        kind: {
            f"{way}_{name}_ms": round(value, 1)
            for way in ("read", "kept")
            for name, value in (
                ("p50", statistics.median(found[way])),
                ("p95", percentile(found[way], 0.95)),
            )
        }  # fmt: skip
        for kind, found in times.items()
    }


def peer_report(ours, peer, pairs: list[tuple[str, str]]) -> dict:
    """Per kind, on the queries FTS5 can answer: both engines' p50/p95 and median number of
    matches (ours also counts articles with every word of a term, not only the string
    itself), asked alternately (a noisy machine slows both alike); whether ours is faster."""
    from bench.fts5_peer import fts5_terms

    times: dict[str, tuple[list[float], list[float], list[int], list[int]]] = {}
    skipped: dict[str, int] = {}
    for kind, query in pairs:
        if fts5_terms(query) is None:
            skipped[kind] = skipped.get(kind, 0) + 1
            continue
        mine, theirs, my_totals, their_totals = times.setdefault(kind, ([], [], [], []))
        for clock, totals, engine in ((mine, my_totals, ours), (theirs, their_totals, peer)):
            started = time.perf_counter()
            totals.append(engine(query))
            clock.append((time.perf_counter() - started) * 1000)
    report = {}
    for kind in MIX_KINDS:
        if kind not in times:
            report[kind] = {"fts5_cannot_answer": skipped.get(kind, 0)}
            continue
        mine, theirs, my_totals, their_totals = times[kind]
        ours_p95, fts5_p95 = percentile(mine, 0.95), percentile(theirs, 0.95)
        report[kind] = {
            "n": len(mine),
            "ours_p50_ms": round(statistics.median(mine), 1),
            "ours_p95_ms": round(ours_p95, 1),
            "fts5_p50_ms": round(statistics.median(theirs), 1),
            "fts5_p95_ms": round(fts5_p95, 1),
            "faster_at_p95": ours_p95 < fts5_p95,
            "ours_matches_median": statistics.median(my_totals),
            "fts5_matches_median": statistics.median(their_totals),
            "fts5_cannot_answer": skipped.get(kind, 0),
        }
    return report


def fts5_rows():
    from archive.models import Article

    fields = ("pk", "title", "subtitle", "byline", "body")
    for pk, *parts in Article.objects.order_by("pk").values_list(*fields).iterator(5000):
        yield pk, "\n".join(part for part in parts if part)


FIRST_SEARCH = """
import os, sys, time, json
sys.path.insert(0, {root!r})
os.environ.update(NEWSROOM_DATA_DIR={data!r}, SECRET_KEY="bench-only",
                  DJANGO_SETTINGS_MODULE="newsroom.settings.base")
import django
django.setup()
from archive.search.service import SearchRequest, search_articles
started = time.perf_counter()
page = search_articles(SearchRequest(text={query!r}, with_facets=True))
print(json.dumps([(time.perf_counter() - started) * 1000, page.total]))
"""


def first_search_ms(data_dir: Path, query: str) -> dict:
    """A fresh process, Django set up, then one search with highlight and counts: what the
    first reader after a restart waits for the engine (index opened, caches cold)."""
    import subprocess

    code = FIRST_SEARCH.format(root=str(ROOT), data=str(data_dir), query=query)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"first search failed:\n{done.stderr}")
    milliseconds, total = json.loads(done.stdout.strip().splitlines()[-1])
    # The index files may still be in the OS page cache: a restarted process, not a cold disk.
    return {"query": query, "ms": round(milliseconds, 1), "total": total, "disk": "warm"}


def read_once(paths) -> None:
    """Read each file through, so that searches find it in the OS page cache as on a machine
    that has been serving: otherwise what building the archive left cached decides the
    numbers (a million articles: a 4 GB database and a 4 GB index)."""
    for path in paths:
        if not Path(path).is_file():
            continue
        with open(path, "rb") as handle:
            while handle.read(16 * 2**20):
                pass


def stock_search(text: str) -> int:
    from haystack.query import SearchQuerySet

    results = SearchQuerySet().auto_query(text).highlight()
    hits = list(results[:20])
    for hit in hits:
        _ = hit.highlighted, hit.object
    return len(hits)


def our_search(text: str, facets: bool, sort: str = "relevance") -> int:
    """First 20 hits with snippets, counts (and facets); returns the number of matches."""
    from archive.search.service import SearchRequest, search_articles

    page = search_articles(SearchRequest(text=text, with_facets=facets, sort=sort))
    return page.total


def timed(function, queries) -> list[float]:
    times = []
    for query in queries:
        started = time.perf_counter()
        function(query)
        times.append((time.perf_counter() - started) * 1000)
    return times


def cpu_seconds() -> float:
    """User + system CPU of this process and its finished children (the machine is shared, so
    wall-clock rates drop when other jobs run; CPU rates show what the code costs)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_rss_mb(workers: int = 1) -> float:
    """Peak resident memory in MB of this process, or with ``workers`` > 1 of the largest of
    this process and its finished children (the index workers analyse in child processes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if workers > 1:
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return round(peak / 1024, 1)  # ru_maxrss is in KB on Linux


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--stock", action="store_true", help="measure stock Haystack + jieba")
    parser.add_argument("--workers", type=int, default=1, help="update_index --workers")
    parser.add_argument("--batch", type=int, default=1000, help="update_index --batch-size")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--mix-queries", type=int, default=240,
        help="realistic query mix (per kind: 1-11 characters, words, phrases, places, digits)",
    )  # fmt: skip
    parser.add_argument("--data-dir", help="keep the archive here; reuse it if already built")
    parser.add_argument("--fts5", action="store_true", help="compare with SQLite FTS5 trigram")
    parser.add_argument("--fts5-queries", type=int, default=680, help="queries for --fts5")
    parser.add_argument(
        "--compare-kept", type=int, default=0, metavar="N",
        help="N mixed queries asked with long posting lists kept decoded and without",
    )  # fmt: skip
    args = parser.parse_args()
    if not corpus_available():
        sys.exit(f"bench/search.py: {CORPUS_MISSING}")
    rng = random.Random(args.seed)
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="newsroom-bench-"))
    reuse = (data_dir / "db.sqlite3").exists()
    data_dir.mkdir(parents=True, exist_ok=True)
    progress(f"archive in {data_dir}" + (" (reused)" if reuse else ""))
    setup_django(data_dir)
    from django.conf import settings
    from django.core.management import call_command

    if args.stock:
        use_stock_engine()
    index_path = Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])
    index_seconds = index_cpu = float("nan")
    if not reuse:
        progress(f"creating {args.articles} articles from the sample corpus")
        build_archive(args.articles, rng)
        progress(f"indexing {args.articles} articles (batches of {args.batch})")
        cpu_before = cpu_seconds()
        started = time.perf_counter()
        options = {"workers": args.workers} if args.workers > 1 else {}
        # Haystack prints each batch on stdout at verbosity 2; stdout is for the result.
        with contextlib.redirect_stdout(sys.stderr):
            call_command(
                "rebuild_index", interactive=False, verbosity=2, batchsize=args.batch, **options
            )
        index_seconds = time.perf_counter() - started
        index_cpu = cpu_seconds() - cpu_before
    index_mb = sum(f.stat().st_size for f in index_path.rglob("*") if f.is_file()) / 2**20

    progress("reading the database and index files once (a serving machine has them cached)")
    read_once([Path(settings.DATABASES["default"]["NAME"]), *index_path.rglob("*")])
    queries = make_queries(args.queries + 10, rng)
    warmup, queries = queries[:10], queries[10:]
    search = stock_search if args.stock else (lambda q: our_search(q, facets=False))
    progress(f"searching: {len(queries)} queries, three ways")
    timed(search, warmup)
    times = timed(search, queries)
    result = {
        "articles": args.articles,
        "engine": "stock-haystack-whoosh+jieba.ChineseAnalyzer" if args.stock else "newsroom",
        "index_docs_per_s": round(args.articles / index_seconds, 1),
        "index_docs_per_cpu_s": round(args.articles / index_cpu, 1),
        "index_mb": round(index_mb, 1),
        "search_p50_ms": round(statistics.median(times), 1),
        "search_p95_ms": round(percentile(times, 0.95), 1),
        "queries": len(queries),
    }
    if not args.stock:
        facet_times = timed(lambda q: our_search(q, facets=True), queries)
        result["search_facets_p50_ms"] = round(statistics.median(facet_times), 1)
        result["search_facets_p95_ms"] = round(percentile(facet_times, 0.95), 1)
        newest_times = timed(lambda q: our_search(q, facets=True, sort="newest"), queries)
        result["search_newest_p50_ms"] = round(statistics.median(newest_times), 1)
        result["search_newest_p95_ms"] = round(percentile(newest_times, 0.95), 1)
    if args.mix_queries:
        pairs = realistic_queries(args.mix_queries, random.Random(args.seed + 1))
        result["mix_facets"] = mix_report(
            (lambda q: our_search(q, facets=True)) if not args.stock else search, pairs
        )
    if args.compare_kept and not args.stock:
        from archive.search.engine.decoded import decoded_lists

        progress(f"searching: {args.compare_kept} mixed queries, lists kept and not")
        pairs = realistic_queries(args.compare_kept, random.Random(args.seed + 4))
        result["kept_vs_read"] = kept_report(
            lambda q: our_search(q, facets=True), pairs, decoded_lists.budget_bytes
        )
    if args.fts5 and not args.stock:
        from bench import fts5_peer

        fts5_path = data_dir / "fts5.sqlite3"
        progress("building the FTS5 trigram peer")
        result["fts5"] = fts5_peer.build(fts5_path, fts5_rows(), progress)
        read_once([fts5_path])
        peer = fts5_peer.Searcher(fts5_path)
        warmup = realistic_queries(len(MIX_KINDS), random.Random(args.seed + 3))
        for _, query in warmup:  # both engines warmed on queries not measured
            our_search(query, facets=True)
            if fts5_peer.fts5_terms(query):
                peer.search(query)
        pairs = realistic_queries(args.fts5_queries, random.Random(args.seed + 2))
        progress(f"searching: {len(pairs)} mixed queries on both engines")
        result["vs_fts5"] = peer_report(lambda q: our_search(q, facets=True), peer.search, pairs)
    if not args.stock:
        from haystack import connections

        progress("first search in a fresh process")
        result["first_search"] = first_search_ms(data_dir, "人民代表大会常务委员会")
        result["indexed_docs"] = connections["default"].get_backend().searcher().doc_count()
    result["rss_mb"] = peak_rss_mb(args.workers)
    result["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "index_workers": args.workers,
        "batch": args.batch,
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
