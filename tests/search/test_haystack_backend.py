"""Our engine behind Haystack's API with Haystack's stock field types, in the style of
Haystack's own Whoosh backend tests (``test_haystack/whoosh_tests``): the ``contract``
connection indexes only a small test model (``tests.contract_app``)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from haystack import connections
from haystack.query import SQ, SearchQuerySet

from tests.contract_app.models import Note

AUTHORS = ["daniel", "david", "daniel", "sam", "david", "daniel"]


@pytest.fixture
def backend(db):
    engine = connections["contract"]
    backend = engine.get_backend()
    backend.clear()
    yield backend
    backend.clear()


@pytest.fixture
def notes(backend) -> list[Note]:
    start = timezone.make_aware(datetime.datetime(2009, 2, 24, 8, 30))
    made = [
        Note.objects.create(
            author=AUTHORS[n],
            title=f"Indexed title {n}" if n % 2 == 0 else f"Another title {n}",
            body=f"Indexed! {n} " + ("whoosh engine" if n < 3 else "haystack search"),
            pub_date=start - datetime.timedelta(days=n),
            published=(start - datetime.timedelta(days=n)).date(),
            rating=n * 10,
        )
        for n in range(6)
    ]
    index = connections["contract"].get_unified_index().get_index(Note)
    assert backend.update(index, made) == 6
    return made


def sqs() -> SearchQuerySet:
    return SearchQuerySet(using="contract")


def pks(results) -> list[int]:
    return [int(result.pk) for result in results]


def test_update_remove_clear(backend, notes):
    assert backend.search("*")["hits"] == 6
    backend.remove(notes[0])
    assert backend.search("*")["hits"] == 5
    backend.clear(models=[Note])
    assert backend.search("*")["hits"] == 0


def test_updating_an_object_replaces_its_document(backend, notes):
    index = connections["contract"].get_unified_index().get_index(Note)
    notes[0].title = "Renamed"
    notes[0].save()
    backend.update(index, [notes[0]])
    assert sqs().all().count() == 6
    assert pks(sqs().filter(title="Renamed")) == [notes[0].pk]


def test_query_generation_and_filters(backend, notes):
    assert sqs().filter(content="indexed").count() == 6
    assert sqs().filter(content="whoosh").count() == 3
    assert sqs().filter(content="whoosh").exclude(author="daniel").count() == 1
    assert sqs().filter(SQ(author="sam") | SQ(author="david")).count() == 3
    assert sqs().filter(author__in=["sam", "david"]).count() == 3
    assert sqs().filter(rating__gte=30).count() == 3
    assert sqs().filter(rating__range=[10, 30]).count() == 3


def test_date_filters_and_dates_come_back_as_dates(backend, notes):
    cutoff = datetime.datetime(2009, 2, 22)
    assert sqs().filter(pub_date__lte=cutoff).count() == 3
    assert sqs().filter(published__gte=datetime.date(2009, 2, 23)).count() == 2
    result = sqs().filter(author="sam")[0]
    assert isinstance(result.pub_date, datetime.datetime)
    assert result.pub_date.date() == datetime.date(2009, 2, 21)
    assert result.published == datetime.date(2009, 2, 21)


def test_ordering_and_slicing(backend, notes):
    newest_first = pks(sqs().all().order_by("-pub_date"))
    assert newest_first == [note.pk for note in notes]
    assert pks(sqs().all().order_by("pub_date")) == newest_first[::-1]
    # Page-aligned slices, as Haystack's Whoosh backend pages (it cannot start mid-page).
    assert pks(sqs().all().order_by("rating")[2:4]) == [notes[2].pk, notes[3].pk]
    assert len(sqs().all()[:4]) == 4


def test_facets_count_field_values(backend, notes):
    counts = sqs().all().facet("author").facet_counts()
    assert dict(counts["fields"]["author"]) == {"daniel": 3, "david": 2, "sam": 1}


def test_highlighting_marks_the_query(backend, notes):
    result = sqs().filter(content="whoosh").highlight()[0]
    assert "<em>whoosh</em>" in result.highlighted["text"][0]


def test_autocomplete_on_an_edge_ngram_field(backend, notes):
    found = sqs().autocomplete(title_auto="anoth")
    assert sorted(pks(found)) == [notes[1].pk, notes[3].pk, notes[5].pk]


def test_boosting_a_term_as_haystacks_whoosh_backend_does(backend, notes):
    # Haystack's Whoosh query appends "haystack^10" to the AND group: boosted and required.
    boosted = sqs().filter(content="indexed").boost("haystack", 10)
    assert set(pks(boosted)) == {notes[3].pk, notes[4].pk, notes[5].pk}
    assert all(result.score > 0 for result in boosted)


def test_more_like_this_leaves_the_object_out(backend, notes):
    similar = pks(sqs().more_like_this(notes[0]))
    assert notes[0].pk not in similar
    assert set(similar) >= {notes[1].pk, notes[2].pk}


def test_spelling_suggestion(backend, notes):
    # The content field is stemmed (Haystack's StemmingAnalyzer): "indexed" is indexed as "index".
    assert sqs().auto_query("indexd").spelling_suggestion() == "index"
    assert sqs().auto_query("whoosh").spelling_suggestion() is None
