import pytest

from tests.factories import make_article, make_county, make_page

pytestmark = pytest.mark.django_db


def test_sitemap_lists_articles_pages_issues_and_counties(client):
    county = make_county("温县")
    page = make_page(county=county)
    article = make_article(page)
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert "sitemap-articles.xml" in index.content.decode()
    articles = client.get("/sitemap-articles.xml").content.decode()
    assert f"http://testserver{article.get_absolute_url()}" in articles
    assert page.get_absolute_url() in client.get("/sitemap-pages.xml").content.decode()
    assert page.issue.get_absolute_url() in client.get("/sitemap-issues.xml").content.decode()
    assert county.get_absolute_url() in client.get("/sitemap-counties.xml").content.decode()


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_points_to_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_article_sitemap_lists_every_article_across_its_pages(client, monkeypatch):
    from archive.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    page = make_page()
    articles = [make_article(page) for _ in range(5)]
    index = client.get("/sitemap.xml").content.decode()
    pages = [f"/sitemap-articles.xml?p={n}" for n in (1, 2, 3)]
    assert all(f"http://testserver{url}" in index for url in pages[1:])
    listed = "".join(client.get(url).content.decode() for url in pages)
    for article in articles:
        assert f"<loc>http://testserver{article.get_absolute_url()}</loc>" in listed
