"""Admin for the catalogue: newspapers, counties and issues."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count

from archive.models import County, Issue, Newspaper


@admin.register(Newspaper)
class NewspaperAdmin(admin.ModelAdmin):
    list_display = ("name", "latin_name", "slug", "issue_count")
    search_fields = ("name", "latin_name", "slug")

    def get_queryset(self, request):
        return super().get_queryset(request).with_issue_counts()

    @admin.display(description="期数", ordering="issue_count")
    def issue_count(self, newspaper: Newspaper) -> int:
        return newspaper.issue_count


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "slug", "article_count")
    list_filter = ("city",)
    search_fields = ("name", "city", "slug")

    def get_queryset(self, request):
        return super().get_queryset(request).with_article_counts()

    @admin.display(description="文章数", ordering="article_count")
    def article_count(self, county: County) -> int:
        return county.article_count


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ("__str__", "newspaper", "date", "number", "page_count")
    list_filter = ("newspaper",)
    list_select_related = ("newspaper",)
    date_hierarchy = "date"
    search_fields = ("newspaper__name", "number", "date")
    ordering = ("-date",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(page_count=Count("pages"))

    @admin.display(description="版数", ordering="page_count")
    def page_count(self, issue: Issue) -> int:
        return issue.page_count
