"""Hits' articles come from SQL compiled once per number of ids, as Django itself would load
them: the same values, the related objects cached, deferred columns still loadable."""

from __future__ import annotations

import datetime

import pytest

from archive.search import hit_loading
from archive.search.hit_loading import HIT_UNUSED, hit_queryset, load_articles
from tests.factories import make_article, make_county, make_issue, make_newspaper, make_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_compilations():
    hit_loading.clear_compiled()
    yield
    hit_loading.clear_compiled()


@pytest.fixture
def articles():
    county = make_county("孟州市")
    paper = make_newspaper("孟州报", latin_name="Mengzhou Bao")
    pages = [
        make_page("A01", issue=make_issue("2021-03-04", paper), county=county),
        make_page("B02", issue=make_issue("1998-12-31", paper), scan_width=800),
    ]
    return [
        make_article(
            page=pages[number % 2],
            title=f"标题{number}",
            byline="记者 王某",
            county=county if number % 3 else None,
            corrected=bool(number % 2),
        )  # fmt: skip
        for number in range(7)
    ]


def loaded_fields(article) -> dict:
    """Every column loaded on ``article`` and its related objects (none deferred)."""
    found = {}
    for label, obj in (
        ("article", article),
        ("page", article.page),
        ("issue", article.page.issue),
        ("newspaper", article.page.issue.newspaper),
        ("county", article.county),
    ):
        if obj is None:
            found[label] = None
            continue
        deferred = obj.get_deferred_fields()
        found[label] = {
            field.attname: getattr(obj, field.attname)
            for field in obj._meta.concrete_fields
            if field.attname not in deferred
        }
    return found


def test_loaded_articles_equal_what_the_orm_loads(articles, django_assert_num_queries):
    ids = [article.pk for article in reversed(articles)]
    expected = {article.pk: article for article in hit_queryset(ids)}
    with django_assert_num_queries(1):
        loaded = load_articles(ids)
        found = {pk: loaded_fields(article) for pk, article in loaded.items()}
    assert found == {pk: loaded_fields(article) for pk, article in expected.items()}
    # Values of the backend's own types made Python's (SQLite's 0/1 for booleans).
    assert {type(article.corrected) for article in loaded.values()} == {bool}
    assert set(found) == set(ids)
    sample = loaded[articles[1].pk]
    assert isinstance(sample.page.issue.date, datetime.date)
    assert sample.page.issue.date == datetime.date(1998, 12, 31)
    assert sample.page.issue.newspaper.latin_name == "Mengzhou Bao"
    assert loaded[articles[0].pk].county is None
    assert loaded[articles[1].pk].county.name == "孟州市"


def test_columns_a_hit_does_not_show_are_deferred_and_still_load(articles):
    article = load_articles([articles[0].pk])[articles[0].pk]
    assert {"ocr_text", "created_at"} <= article.get_deferred_fields()
    assert "ocr_text" in HIT_UNUSED
    assert article.ocr_text == articles[0].ocr_text  # one query more, the value right


def test_missing_and_repeated_ids(articles):
    gone = articles[2].pk
    articles[2].delete()
    ids = [articles[0].pk, gone, articles[0].pk, articles[1].pk]
    assert sorted(load_articles(ids)) == sorted([articles[0].pk, articles[1].pk])
    assert load_articles([]) == {}


def test_the_sql_is_compiled_once_per_number_of_ids(articles, monkeypatch):
    calls = []
    compile_sql = hit_loading._compile
    monkeypatch.setattr(hit_loading, "_compile", lambda *a: calls.append(a) or compile_sql(*a))
    first, second = [articles[0].pk, articles[1].pk], [articles[3].pk, articles[4].pk]
    assert sorted(load_articles(first)) == sorted(first)
    assert sorted(load_articles(second)) == sorted(second)  # same SQL, other ids
    assert sorted(load_articles(second[:1])) == second[:1]
    assert [count for _, count in calls] == [2, 1]


def test_sql_that_does_not_take_the_ids_falls_back_to_the_queryset(articles, monkeypatch):
    monkeypatch.setattr(hit_loading, "_compile", lambda alias, count: None)
    ids = [article.pk for article in articles]
    loaded = load_articles(ids)
    assert sorted(loaded) == sorted(ids)
    assert loaded[articles[4].pk].page.issue.newspaper.name == "孟州报"


def test_the_backends_converters_are_applied(articles, monkeypatch):
    from django.db import connection

    own = connection.ops.get_db_converters

    def marking(expression):
        found = own(expression)
        if getattr(getattr(expression, "target", None), "attname", "") == "byline":
            return [*found, lambda value, expression, connection: f"<{value}>"]
        return found

    monkeypatch.setattr(connection.ops, "get_db_converters", marking)
    article = load_articles([articles[0].pk])[articles[0].pk]
    assert article.byline == "<记者 王某>"


def test_a_queryset_with_annotations_is_left_to_django(articles, monkeypatch):
    from django.db.models import Value

    plain = hit_loading.hit_queryset
    monkeypatch.setattr(
        hit_loading, "hit_queryset", lambda ids: plain(ids).annotate(marker=Value(7))
    )
    loaded = load_articles([articles[0].pk, articles[1].pk])
    assert hit_loading._compiled[("default", 2)] is None
    assert {article.marker for article in loaded.values()} == {7}


@pytest.mark.django_db(transaction=True)
def test_another_threads_connection_loads_with_its_own_converters(articles):
    import threading

    from django.db import connections

    expected = loaded_fields(load_articles([articles[1].pk])[articles[1].pk])
    found = []

    def load_elsewhere():
        article = load_articles([articles[1].pk])[articles[1].pk]
        own = connections["default"]
        found.append((loaded_fields(article), own in hit_loading._converters))
        own.close()

    thread = threading.Thread(target=load_elsewhere)
    thread.start()
    thread.join()
    assert found == [(expected, True)]
