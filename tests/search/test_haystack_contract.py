"""Haystack's API against our engine, in the style of Haystack's own Whoosh backend tests
(issue #13, item 5): match-all, model narrowing, slicing, ordering, filters, dates,
more_like_this, spelling, update/remove/clear."""

from __future__ import annotations

import datetime
import subprocess
import sys

from haystack.query import SearchQuerySet
from whoosh.fields import DATETIME

from archive.models import Article
from tests.factories import make_article
from tests.search.conftest import REPO, index_articles


def indexed(search_backend, count: int = 5) -> list[Article]:
    articles = [
        make_article(title=f"春耕{n}", body=f"黄河滩区已经开始春耕，第{n}篇。", ocr_text="")
        for n in range(count)
    ]
    index_articles()
    return articles


def test_all_models_and_star_return_every_document(search_backend):
    articles = indexed(search_backend)
    assert SearchQuerySet().all().count() == 5
    assert SearchQuerySet().models(Article).count() == 5
    assert SearchQuerySet().raw_search("*").count() == 5
    pks = sorted(int(result.pk) for result in SearchQuerySet().models(Article))
    assert pks == sorted(article.pk for article in articles)


def test_slicing_and_filters_follow_haystack(search_backend):
    indexed(search_backend, 7)
    everything = SearchQuerySet().models(Article)
    assert len(everything[2:5]) == 3
    assert everything.filter(django_ct="archive.article").count() == 7
    assert SearchQuerySet().filter(content="春耕").count() == 7


def test_update_remove_and_clear(search_backend):
    articles = indexed(search_backend, 3)
    search_backend.remove(articles[0])
    assert SearchQuerySet().all().count() == 2
    search_backend.clear(models=[Article])
    assert SearchQuerySet().all().count() == 0
    index_articles()
    search_backend.clear()
    assert SearchQuerySet().all().count() == 0


def test_more_like_this_finds_similar_articles_but_not_itself(search_backend):
    articles = indexed(search_backend, 4)
    make_article(title="体育", body="篮球比赛今天开幕。", ocr_text="")
    index_articles()
    similar = SearchQuerySet().more_like_this(articles[0])
    pks = {int(result.pk) for result in similar}
    assert articles[0].pk not in pks
    assert pks == {article.pk for article in articles[1:]}


def test_spelling_suggestions_fix_ocr_confusions_and_traditional_characters(search_backend):
    indexed(search_backend)
    suggest = search_backend.create_spelling_suggestion
    assert suggest("己经") == "已经"  # 己/已: the index knows 已经
    assert suggest("滩區") == "滩区"
    assert suggest("春耕") is None  # known: nothing to suggest


def test_dates_in_any_date_field_are_indexed_as_dates(search_backend):
    value = search_backend.index_value
    assert value("date", datetime.date(2023, 1, 10)) == 20230110  # our DayField
    # Another index's DateField/DateTimeField gets Haystack's DATETIME mapping: dates go in
    # as datetimes, as in Haystack's own backend (not as strings Whoosh cannot parse).
    from haystack import indexes

    class Other(indexes.SearchIndex):
        text = indexes.CharField(document=True)
        published = indexes.DateField()
        seen = indexes.DateTimeField()

    _, schema = search_backend.build_schema(Other().fields)
    assert isinstance(schema["published"], DATETIME) and isinstance(schema["seen"], DATETIME)


def test_the_engine_imports_without_the_archive_models():
    code = (
        "import sys, django\n"
        "from django.conf import settings\n"
        "settings.configure(INSTALLED_APPS=['haystack'], HAYSTACK_CONNECTIONS={'default': "
        "{'ENGINE': 'haystack.backends.simple_backend.SimpleEngine'}})\n"
        "django.setup()\n"
        "import archive.search.engine.backend, archive.search.engine.writer, archive.search.engine.ranking\n"
        "assert 'archive.models' not in sys.modules, 'engine imported archive.models'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
