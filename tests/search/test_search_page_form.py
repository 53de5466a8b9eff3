"""The search page's form: one search box, filters folded into 「筛选」 unless one is set."""

from __future__ import annotations

import pytest

from tests.factories import make_article, make_county, make_issue, make_page
from tests.search.conftest import index_articles

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(search_backend):
    for number, county in enumerate(("温县", "孟州市", "沁阳市")):
        page = make_page(f"A0{number + 1}", make_issue(f"202{number}-03-14"), make_county(county))
        for item in range(5):
            make_article(page, title=f"黄河报道{item}", body=f"{county}黄河滩区第{item}篇。")
    index_articles()


def test_the_search_page_has_one_search_box(client, archive):
    html = client.get("/search/", {"q": "黄河"}).content.decode()
    assert html.count('type="search"') == 1
    assert 'id="site-q"' not in html
    assert 'id="site-q"' in client.get("/").content.decode()  # other pages keep the header box


def test_filters_fold_away_unless_one_is_set(client, archive):
    plain = client.get("/search/", {"q": "黄河"}).content.decode()
    assert '<details class="search-options">' in plain
    narrowed = client.get("/search/", {"q": "黄河", "county": "wenxian", "kind": "brief"})
    html = narrowed.content.decode()
    assert '<details class="search-options" open>' in html
    assert "已选 2 项" in html


def test_every_filter_label_holds_its_control(client, archive):
    html = client.get("/search/", {"q": "黄河"}).content.decode()
    block = html.split('<div class="search-fields">', 1)[1].split("</div>", 1)[0]
    for name in ("newspaper", "county", "from", "to", "label", "kind", "in"):
        label = block.split(f'name="{name}"', 1)[0].rsplit("<label", 1)[1]
        assert "</label>" not in label, name


def test_results_come_before_the_county_and_year_counts(client, archive):
    html = client.get("/search/", {"q": "黄河"}).content.decode()
    assert html.index('class="search-results"') < html.index('class="filters"')


def test_search_page_needs_few_queries(client, archive, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get("/search/", {"q": "黄河", "county": "wenxian", "sort": "newest"})
    assert "找到 <strong>5</strong> 篇" in response.content.decode()


def test_search_hits_leave_the_raw_ocr_text_in_the_database(client, archive):
    """A page's raw OCR is the whole page's text: twenty hits would fetch it twenty times."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": "黄河"})
    assert "找到 <strong>" in response.content.decode()
    hits_query = [q["sql"] for q in queries if '"archive_article"."title"' in q["sql"]]
    assert hits_query and not any("ocr_text" in sql or "furniture" in sql for sql in hits_query)
