"""Facet columns decode in numpy to exactly the values Whoosh stored, document by document."""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import fields
from whoosh.columns import VarBytesColumn
from whoosh.filedb.filestore import RamStorage

from archive.search.engine import postings
from archive.search.engine.postings import column_codes

VALUES = ["wenxian", "孟州市", "", "a", "ab", "wenxian", "b", "-", "shanyangqu", "a", "", "孟州"]


# 0: every value hashes alike, so only the exact comparison tells them apart
@pytest.mark.parametrize("multiplier", [postings.HASH_MULTIPLIER, np.uint64(0)])
def test_every_document_gets_its_own_value_back(multiplier, monkeypatch):
    monkeypatch.setattr("archive.search.engine.postings.HASH_MULTIPLIER", multiplier)
    schema = fields.Schema(key=fields.ID(stored=True), county=fields.ID(sortable=True))
    index = RamStorage().create_index(schema)
    writer = index.writer()
    for number, value in enumerate(VALUES * 3):
        writer.add_document(key=str(number), county=value)
    writer.commit()
    reader = index.reader()
    assert isinstance(reader.column_reader("county", translate=False), VarBytesColumn.Reader)
    labels, codes = column_codes(reader, "county")
    assert len(codes) == reader.doc_count_all() == len(VALUES) * 3
    assert [labels[code] for code in codes.tolist()] == VALUES * 3
    assert len(labels) == len(set(VALUES))


@pytest.mark.parametrize("spread", [10, 100_000, 2**40])  # a table of the range, or a sort
def test_distinct_ints_equal_numpys_unique(spread):
    from archive.search.engine.ranking import distinct_ints

    values = np.random.default_rng(3).integers(5, 5 + spread, 5_000)
    found, inverse = distinct_ints(values)
    expected, expected_inverse = np.unique(values, return_inverse=True)
    assert found.tolist() == expected.tolist()
    assert inverse.tolist() == expected_inverse.ravel().tolist()
