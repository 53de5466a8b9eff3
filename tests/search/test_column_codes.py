"""Facet columns decode in numpy to exactly the values Whoosh stored, document by document."""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import fields
from whoosh.analysis import IDAnalyzer
from whoosh.columns import VarBytesColumn
from whoosh.filedb.filestore import RamStorage

from archive.search.engine import postings
from archive.search.engine.postings import column_codes

VALUES = ["wenxian", "孟州市", "", "a", "ab", "wenxian", "b", "-", "shanyangqu", "a", "", "孟州"]


def no_keyword_codes(monkeypatch) -> None:
    monkeypatch.setattr("archive.search.engine.postings.keyword_codes", lambda *args: None)


def ram_index(values, lowercase: bool = False):
    analyzer = IDAnalyzer(lowercase=lowercase)
    schema = fields.Schema(
        key=fields.ID(stored=True), county=fields.ID(sortable=True, analyzer=analyzer)
    )
    index = RamStorage().create_index(schema)
    writer = index.writer()
    for number, value in enumerate(values):
        if value is None:
            writer.add_document(key=str(number))
        else:
            writer.add_document(key=str(number), county=value)
    writer.commit()
    return index


# 0: every value hashes alike, so only the exact comparison tells them apart
@pytest.mark.parametrize("multiplier", [postings.HASH_MULTIPLIER, np.uint64(0)])
@pytest.mark.parametrize("from_postings", [True, False])
def test_every_document_gets_its_own_value_back(multiplier, from_postings, monkeypatch):
    monkeypatch.setattr("archive.search.engine.postings.HASH_MULTIPLIER", multiplier)
    if not from_postings:
        no_keyword_codes(monkeypatch)
    reader = ram_index(VALUES * 3).reader()
    assert isinstance(reader.column_reader("county", translate=False), VarBytesColumn.Reader)
    labels, codes = column_codes(reader, "county")
    assert len(codes) == reader.doc_count_all() == len(VALUES) * 3
    assert [labels[code] for code in codes.tolist()] == VALUES * 3
    assert len(labels) == len(set(VALUES))


@pytest.mark.parametrize("few_missing", [1024, 0])  # looked up in the column, or no postings
def test_documents_without_the_field_get_the_columns_value(few_missing, monkeypatch):
    monkeypatch.setattr("archive.search.engine.postings.FEW_MISSING", few_missing)
    values = ["wenxian", None, "孟州市", None, "wenxian"]
    reader = ram_index(values).reader()
    column = list(reader.column_reader("county"))
    labels, codes = column_codes(reader, "county")
    assert [labels[code] for code in codes.tolist()] == column
    assert column[1] == "" and column[0] == "wenxian"


def test_a_lowercased_field_is_counted_by_its_column_values():
    """Its terms are lowercased, its column keeps the value as given."""
    reader = ram_index(["WenXian", "wenxian", "MengZhou"], lowercase=True).reader()
    labels, codes = column_codes(reader, "county")
    assert [labels[code] for code in codes.tolist()] == ["WenXian", "wenxian", "MengZhou"]


@pytest.mark.django_db
def test_posting_lists_and_column_agree_on_a_real_index(search_backend, monkeypatch):
    """Our own codec, two segments, deleted documents included (codes cover every docnum)."""
    from archive.models import Article
    from tests.factories import make_article, make_county, make_page
    from tests.search.conftest import index_articles

    counties = [make_county("温县"), make_county("孟州市"), None]
    articles = []
    for number in range(12):
        page = make_page(f"A{number:02d}", county=counties[number % 3])
        articles.append(make_article(page=page, title=f"标题{number}", body="正文。"))
    index_articles()
    index_articles(
        Article.objects.filter(pk__in=[articles[1].pk, articles[4].pk])
    )  # re-indexed: deletions in the first segment
    found = []
    for sub, _ in search_backend.searcher().leaf_searchers():
        reader = sub.reader()
        for name in ("county", "year", "page"):
            assert postings.keyword_codes(reader, name, reader.column_reader(name)) is not None
            labels, codes = column_codes(reader, name)
            found.append([labels[code] for code in codes.tolist()])
    no_keyword_codes(monkeypatch)
    expected = []
    for sub, _ in search_backend.searcher().leaf_searchers():
        for name in ("county", "year", "page"):
            labels, codes = column_codes(sub.reader(), name)
            expected.append([labels[code] for code in codes.tolist()])
    assert found == expected and len(found) == 6


@pytest.mark.parametrize("spread", [10, 100_000, 2**40])  # a table of the range, or a sort
def test_distinct_ints_equal_numpys_unique(spread):
    from archive.search.engine.ranking import distinct_ints

    values = np.random.default_rng(3).integers(5, 5 + spread, 5_000)
    found, inverse = distinct_ints(values)
    expected, expected_inverse = np.unique(values, return_inverse=True)
    assert found.tolist() == expected.tolist()
    assert inverse.tolist() == expected_inverse.ravel().tolist()


def test_a_document_with_two_terms_is_counted_by_its_column():
    """A column holds one value a document; postings that give one two cannot stand in."""
    reader = ram_index(["wenxian", "孟州市", "wenxian"]).reader()
    reader.lexicon = lambda fieldname: iter([b"wenxian", "孟州市".encode(), b"wenxian"])
    column = reader.column_reader("county", translate=False)
    assert postings.keyword_codes(reader, "county", column) is None
    labels, codes = column_codes(reader, "county")
    assert [labels[code] for code in codes.tolist()] == ["wenxian", "孟州市", "wenxian"]
