"""sitemap.xml: every issue, page, article and county, so catalogues can harvest the archive."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from archive.models import Article, County, Issue, Page


class IssueSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Issue.objects.select_related("newspaper").order_by("newspaper_id", "date")

    def lastmod(self, issue: Issue):
        return issue.date


class PageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Page.objects.select_related("issue__newspaper").order_by("issue_id", "sequence")


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10_000

    def items(self):
        return Article.objects.order_by("pk").only("pk", "updated_at")

    def lastmod(self, article: Article):
        return article.updated_at


class CountySitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return County.objects.order_by("slug")


SITEMAPS = {
    "issues": IssueSitemap,
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "counties": CountySitemap,
}
