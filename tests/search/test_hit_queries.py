"""A page of hits costs the same few queries however many hits it shows (no column a hit
shows is left unloaded)."""

from __future__ import annotations

import pytest

from tests.factories import make_article, make_county, make_page
from tests.search.conftest import index_articles


@pytest.fixture
def many_hits(search_backend):
    county = make_county("温县")
    pages = [
        make_page(f"A{number:02d}", county=county if number % 2 else None) for number in range(8)
    ]
    for number in range(30):
        page = pages[number % 8]
        make_article(page=page, title=f"黄河滩区第{number}篇", body="黄河滩区的农民开始春耕。",
                     county=county if number % 3 else None, corrected=bool(number % 4))  # fmt: skip
    index_articles()


@pytest.mark.parametrize("url", ["/search/", "/api/search"])
def test_a_page_of_hits_needs_few_queries(client, many_hits, url, django_assert_max_num_queries):
    client.get(url, {"q": "黄河", "per_page": 20})  # caches settle (sessions, segmenter places)
    with django_assert_max_num_queries(6):
        response = client.get(url, {"q": "滩区", "per_page": 20})
    assert response.status_code == 200
    if url == "/api/search":
        assert len(response.json()["results"]) == 20
    else:
        assert response.content.decode().count('class="summary"') == 20
