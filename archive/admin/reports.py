"""Admin for readers' error reports (「读者报错」): read them, open the article, mark them done."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from archive.models import ErrorReport


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    list_display = ("created_at", "article_link", "message", "contact", "resolved")
    list_display_links = ("created_at",)
    list_editable = ("resolved",)
    list_filter = ("resolved", "created_at")
    ordering = ("resolved", "-created_at")
    search_fields = ("message", "contact", "article__title")
    list_select_related = ("article",)
    readonly_fields = ("article_link", "message", "contact", "created_at", "ip_hash")
    fields = ("article_link", "message", "contact", "created_at", "resolved", "ip_hash")
    actions = ("mark_resolved",)

    def has_add_permission(self, request) -> bool:
        return False  # reports come from readers, through the article page

    @admin.display(description="文章")
    def article_link(self, report: ErrorReport) -> str:
        url = reverse("admin:archive_article_change", args=[report.article_id])
        return format_html('<a href="{}">{}</a>', url, report.article.display_title)

    @admin.action(description="标为已处理")
    def mark_resolved(self, request, queryset) -> None:
        updated = queryset.update(resolved=True)
        self.message_user(request, f"已将 {updated} 条报错标为已处理。")
