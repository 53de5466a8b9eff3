"""Admin for pages: metadata corrections (date, label, county) that the articles follow."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.utils.html import format_html

from archive.admin.forms import PageCorrectionForm
from archive.admin.page_recut import PageRecutViews
from archive.corrections.history import record_revision
from archive.corrections.pages import PageMetadataError, correct_page_metadata
from archive.models import Article, Page


class ArticleInline(admin.TabularInline):
    model = Article
    fields = ("order", "display_title", "kind", "county", "status", "noise_score")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("order",)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("county")

    @admin.display(description="标题")
    def display_title(self, article: Article) -> str:
        return article.display_title


@admin.register(Page)
class PageAdmin(PageRecutViews, admin.ModelAdmin):
    list_display = ("__str__", "issue_date", "label", "section", "county", "article_count")
    list_filter = ("issue__newspaper", "county")
    list_select_related = ("issue__newspaper", "county")
    date_hierarchy = "issue__date"
    search_fields = ("label", "section", "issue__newspaper__name", "source_file")
    ordering = ("-issue__date", "sequence")
    readonly_fields = ("newspaper", "original_ocr", "source_file", "source_sha256", "imported_at")
    inlines = [ArticleInline]
    raw_id_fields = ("issue",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    def get_urls(self):
        return self.recut_urls() + super().get_urls()

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = PageCorrectionForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("issue", "label", "section", "county", "ocr_text", "furniture", "source_file")
        return (
            "newspaper",
            "date",
            "label",
            "section",
            "county",
            "furniture",
            "original_ocr",
            "source_file",
            "source_sha256",
            "imported_at",
        )

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        # Its rules were checked by the form; PageMetadataError here means someone else
        # took the label meanwhile: changeform_view reports it instead of a success message.
        correct_page_metadata(
            obj,
            date=form.cleaned_data["date"],
            label=form.cleaned_data["label"],
            county=form.cleaned_data["county"],
            section=form.cleaned_data["section"],
            user=request.user,
        )
        # The one field the metadata correction does not handle.
        stored = Page.objects.get(pk=obj.pk)
        if stored.furniture != form.cleaned_data["furniture"]:
            with record_revision([stored], user=request.user, comment="更正版面附属文字"):
                stored.furniture = form.cleaned_data["furniture"]
                stored.save()
        obj.refresh_from_db()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except PageMetadataError as refused:
            # The whole correction ran in one transaction and was rolled back.
            messages.error(request, f"{refused} 没有保存，请检查后重试。")
            return HttpResponseRedirect(request.path)

    @admin.display(description="出版日期", ordering="issue__date")
    def issue_date(self, page: Page):
        return page.issue.date

    @admin.display(description="报纸")
    def newspaper(self, page: Page) -> str:
        return page.issue.newspaper.name

    @admin.display(description="文章数", ordering="article_count")
    def article_count(self, page: Page) -> int:
        return page.article_count

    @admin.display(description="原始OCR文本（只读）")
    def original_ocr(self, page: Page) -> str:
        return format_html('<pre class="ocr-original">{}</pre>', page.ocr_text or "（无）")
