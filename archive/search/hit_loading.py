"""A page of hits' articles, with their page, issue, paper and county, in one query.

Django compiles a queryset's SQL each time it is evaluated: ~0.4 ms for this five-table
join, the SQL's own run on 20 rows took less. The SQL depends only on how many ids are asked
for, so it is compiled once per count and database, and its rows become model instances the
way Django's ``ModelIterable`` makes them (``select_related`` populators): a hit's article is
an ordinary ``Article`` with its page, issue, newspaper and county cached on it. Where the
compiled SQL would not take the ids as its parameters (another backend's form of ``IN``), the
queryset is evaluated as usual.
"""

from __future__ import annotations

from dataclasses import dataclass
from threading import Lock

from django.db import connections, router
from django.db.models.query import get_related_populators

HIT_RELATED = ("page__issue__newspaper", "county")
# Columns a hit never shows: the timestamps alone were 80 datetime conversions a search.
# Not the raw OCR: the page's is the whole page's text, fetched twenty times otherwise.
HIT_UNUSED = (
    "ocr_text", "ocr_start", "ocr_end", "noise_score", "corrected_at", "created_at",
    "updated_at", "page__ocr_text", "page__furniture", "page__imported_at",
    "page__source_file", "page__source_sha256", "page__issue__newspaper__description",
)  # fmt: skip


def hit_queryset(ids: list[int]):
    """The articles ``ids`` with what a hit shows (no ORDER BY: the hits keep the ranking's
    order, and sorting the joined rows cost ~1 ms a search)."""
    from archive.models import Article

    return (
        Article.objects.select_related(*HIT_RELATED)
        .filter(pk__in=ids)
        .order_by()
        .defer(*HIT_UNUSED)
    )


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # (column, the backend's and field's converters, the column's expression): they depend on
    # the backend and the fields only, so one compilation serves every thread's connection.
    converters: list[tuple[int, list, object]]
    model: type
    init_list: list[str]
    start: int
    end: int
    populators: list


_compiled: dict[tuple[str, int], _Compiled | None] = {}
_lock = Lock()


def _compile(alias: str, count: int) -> _Compiled | None:
    placeholder_ids = list(range(1, count + 1))
    compiler = hit_queryset(placeholder_ids).query.get_compiler(using=alias)
    sql, params = compiler.as_sql()  # also sets compiler.select and klass_info
    if list(params) != placeholder_ids:
        return None
    select, klass_info = compiler.select, compiler.klass_info
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    return _Compiled(
        sql=sql,
        converters=[
            (position, functions, expression)
            for position, (functions, expression) in compiler.get_converters(
                [column[0] for column in select[: compiler.col_count]]
            ).items()
        ],
        model=klass_info["model"],
        init_list=[column[0].target.attname for column in select[start:end]],
        start=start,
        end=end,
        populators=get_related_populators(klass_info, select, alias),
    )


def _compiled_for(alias: str, count: int) -> _Compiled | None:
    key = (alias, count)
    try:
        return _compiled[key]
    except KeyError:
        pass
    with _lock:
        if key not in _compiled:
            _compiled[key] = _compile(alias, count)
        return _compiled[key]


def clear_compiled() -> None:
    """Forget the compiled SQL (tests that change the schema or the database settings)."""
    with _lock:
        _compiled.clear()


def load_articles(ids: list[int]) -> dict[int, object]:
    """``{pk: Article}`` for ``ids`` (those still in the database), each with its page,
    issue, newspaper and county loaded."""
    from archive.models import Article

    ids = list(dict.fromkeys(int(pk) for pk in ids))
    if not ids:
        return {}
    alias = router.db_for_read(Article)
    compiled = _compiled_for(alias, len(ids))
    if compiled is None:
        return {article.pk: article for article in hit_queryset(ids).using(alias)}
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, ids)
        rows = cursor.fetchall()
    articles = {}
    for row in rows:
        if compiled.converters:  # as SQLCompiler.apply_converters does
            row = list(row)
            for position, functions, expression in compiled.converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
        article = compiled.model.from_db(
            alias, compiled.init_list, row[compiled.start : compiled.end]
        )
        for populator in compiled.populators:
            populator.populate(row, article)
        articles[article.pk] = article
    return articles
