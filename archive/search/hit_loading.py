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
from weakref import WeakKeyDictionary

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
    columns: list  # the selected columns' expressions, in row order
    model: type
    init_list: list[str]
    start: int
    end: int
    populators: list


_compiled: dict[tuple[str, int], _Compiled | None] = {}
# Per connection (each thread has its own): per column, the backend's and the field's value
# converters, as SQLCompiler.get_converters makes them (bound to that connection's ops).
_converters: WeakKeyDictionary = WeakKeyDictionary()


def _compile(alias: str, count: int) -> _Compiled | None:
    """The SQL for ``count`` ids; None where rows could not be made into objects here as
    Django would (ids not passed as parameters one by one, annotations, extra columns)."""
    placeholder_ids = list(range(1, count + 1))
    compiler = hit_queryset(placeholder_ids).query.get_compiler(using=alias)
    sql, params = compiler.as_sql()  # also sets compiler.select and klass_info
    if list(params) != placeholder_ids or compiler.annotation_col_map:
        return None
    select, klass_info = compiler.select, compiler.klass_info
    columns = [column[0] for column in select[: compiler.col_count]]
    if compiler.has_extra_select or compiler.has_composite_fields(columns):
        return None
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    return _Compiled(
        sql=sql,
        columns=columns,
        model=klass_info["model"],
        init_list=[column[0].target.attname for column in select[start:end]],
        start=start,
        end=end,
        populators=get_related_populators(klass_info, select, alias),
    )


def _compiled_for(alias: str, count: int) -> _Compiled | None:
    key = (alias, count)
    if key not in _compiled:  # two threads may both compile: the same SQL either way
        _compiled[key] = _compile(alias, count)
    return _compiled[key]


def _converters_for(connection, compiled: _Compiled) -> list[tuple[int, list, object]]:
    """``(column, converters, expression)`` for the columns that have converters."""
    found = _converters.get(connection)
    if found is None:
        found = []
        for position, expression in enumerate(compiled.columns):
            functions = connection.ops.get_db_converters(expression) + expression.get_db_converters(
                connection
            )
            if functions:
                found.append((position, functions, expression))
        _converters[connection] = found
    return found


def clear_compiled() -> None:
    """Forget the compiled SQL (tests that change the schema or the database settings)."""
    _compiled.clear()
    _converters.clear()


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
    converters = _converters_for(connection, compiled)
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, ids)
        rows = cursor.fetchall()
    articles = {}
    for row in rows:
        if converters:  # as SQLCompiler.apply_converters does
            row = list(row)
            for position, functions, expression in converters:
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
