import pytest

from tests.crawler import crawl
from tests.factories import make_article, make_county, make_issue, make_newspaper, make_page

pytestmark = pytest.mark.django_db


def test_every_link_from_home_works_on_a_small_archive(client):
    paper = make_newspaper()
    wen, meng = make_county("温县"), make_county("孟州市")
    for day, county in (("2023-01-09", wen), ("2023-01-10", meng), ("2024-02-23", wen)):
        issue = make_issue(day, paper)
        for label in ("A01", "A08"):
            page = make_page(label, issue=issue, county=county)
            make_article(page, continues_from="A01" if label == "A08" else "")
            make_article(page, kind="photo", title="")
    statuses, referrer = crawl(client, skip_prefixes=("/admin/", "/static/"))
    broken = {url: (status, referrer[url]) for url, status in statuses.items() if status != 200}
    assert broken == {}
    assert len(statuses) > 20  # the crawl really walked the archive
