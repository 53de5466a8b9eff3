"""A real OCR page from the sample corpus, once imported, can be reached every way a reader goes."""

import pytest
from django.core.management import call_command

from archive.models import Article, County, Page
from tests.corpus import require_corpus_page
from tests.crawler import crawl

JIAOZUO_A08 = "jiaozuo-daily-A08-2023-01-10.txt"

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported_page():
    call_command("import_pages", str(require_corpus_page(JIAOZUO_A08)), verbosity=0)
    return Page.objects.select_related("issue__newspaper").filter(issue__date="2023-01-10")


def test_imported_page_is_reachable_by_date_page_and_county(client, imported_page):
    pages = list(imported_page)
    assert pages, "the import stored no page"
    paper = pages[0].issue.newspaper
    calendar = client.get(f"/papers/{paper.slug}/").content.decode()
    assert f"/papers/{paper.slug}/2023-01-10/" in calendar
    issue_html = client.get(f"/papers/{paper.slug}/2023-01-10/").content.decode()
    for page in pages:
        assert page.get_absolute_url() in issue_html
        page_html = client.get(page.get_absolute_url()).content.decode()
        for article in page.articles.all():
            assert article.get_absolute_url() in page_html
    wenxian = County.objects.get(name="温县")
    county_html = client.get(wenxian.get_absolute_url()).content.decode()
    county_articles = Article.objects.filter(county=wenxian)
    assert county_articles.exists()
    for article in county_articles[:20]:
        assert article.get_absolute_url() in county_html


def test_every_link_on_the_imported_archive_works(client, imported_page):
    statuses, referrer = crawl(client, skip_prefixes=("/admin/", "/static/"))
    broken = {url: (status, referrer[url]) for url, status in statuses.items() if status != 200}
    assert broken == {}
    assert any(url.startswith("/articles/") for url in statuses)
