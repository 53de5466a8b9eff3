"""Admin for articles: the correction desk (OCR beside the text), history, diff, revert,
article boundaries and the review queue. Views stay thin; the work is in archive.corrections."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from archive.admin.article_views import ArticleDeskViews
from archive.admin.forms import ArticleCorrectionForm
from archive.corrections.boundaries import BoundaryError, merge_with_next
from archive.corrections.editing import ApprovalNotAllowed, ConcurrentEditError, save_correction
from archive.corrections.history import record_revision
from archive.corrections.queue import next_in_queue
from archive.models import Article


@admin.register(Article)
class ArticleAdmin(ArticleDeskViews, admin.ModelAdmin):
    form = ArticleCorrectionForm
    # Few, short columns so the title column keeps room for a readable headline.
    list_display = (
        "display_title",
        "issue_and_page",
        "county",
        "kind",
        "status",
        "noise_score",
    )
    list_display_links = ("display_title",)
    list_filter = (
        "status",
        "kind",
        "corrected",
        "needs_review",
        "county",
        "page__issue__newspaper",
    )
    list_select_related = ("page__issue__newspaper", "county")
    date_hierarchy = "page__issue__date"
    search_fields = ("title", "subtitle", "byline", "body", "ocr_text")
    ordering = ("-page__issue__date", "page__sequence", "order")
    list_per_page = 50
    actions = ["merge_selected_with_next"]
    raw_id_fields = ("page",)  # a select of every page would load the whole archive
    readonly_fields = (
        "page_link",
        "original_ocr",
        "noise_score",
        "version",
        "corrected",
        "corrected_at",
        "updated_at",
    )
    fieldsets = (
        # A headline of 30+ characters needs the whole row (see static/archive/desk.css).
        (None, {"fields": ("page_link", "title", "subtitle", ("byline", "credit"))}),
        ("正文校对", {"fields": (("original_ocr", "body"),), "classes": ("correction-desk",)}),
        (
            "分类与状态",
            {
                "fields": (
                    ("kind", "county"),
                    ("status", "needs_review"),
                    "continues_from",
                    "change_comment",
                    "expected_version",
                    ("noise_score", "version", "corrected", "corrected_at", "updated_at"),
                )
            },
        ),
    )
    add_fieldsets = (
        (None, {"fields": ("page", "order", "title", "subtitle", "byline", "credit", "body")}),
        ("分类", {"fields": ("kind", "county", "status", "continues_from")}),
    )

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"current_user": request.user})

    def get_urls(self):
        return self.desk_urls() + super().get_urls()

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        comment = form.cleaned_data.get("change_comment") or ("校对修改" if change else "新建文章")
        if change:
            save_correction(
                obj,
                user=request.user,
                expected_version=form.cleaned_data["expected_version"],
                comment=comment,
            )
            return
        with record_revision([], user=request.user, comment=comment):
            obj.corrected = True
            obj.corrected_at = timezone.now()
            obj.save()

    def response_change(self, request: HttpRequest, obj: Article):
        if "_save_next" not in request.POST:
            return super().response_change(request, obj)
        following = next_in_queue(obj.pk)
        if following is None:
            messages.success(request, f"已保存：{obj.display_title}。待校对队列里没有其他文章了。")
            return HttpResponseRedirect(reverse("admin:archive_article_review"))
        messages.success(request, f"已保存：{obj.display_title}。这是队列中的下一篇。")
        return HttpResponseRedirect(reverse("admin:archive_article_change", args=[following]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            # The desk needs the width more than the app list (kept in the header's links).
            context["is_nav_sidebar_enabled"] = False
            context["open_error_reports"] = list(obj.error_reports.filter(resolved=False)[:20])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ConcurrentEditError as conflict:
            # Lost the race between the form check and the save: nothing was stored.
            messages.error(request, f"{conflict} 请重新打开后再修改。")
            return HttpResponseRedirect(request.path)
        except ApprovalNotAllowed as refused:
            messages.error(request, str(refused))
            return HttpResponseRedirect(request.path)

    @admin.action(description="与同版下一篇合并", permissions=["change"])
    def merge_selected_with_next(self, request, queryset) -> None:
        for article in queryset.order_by("-page_id", "-order"):
            try:
                merge_with_next(article, user=request.user)
            except BoundaryError as refused:
                self.message_user(request, str(refused), messages.WARNING)
            else:
                self.message_user(request, f"已合并：{article.display_title}（可在修订历史中撤销）")

    @admin.display(description="标题", ordering="title")
    def display_title(self, article: Article) -> str:
        return article.display_title

    @admin.display(description="日期 / 版次", ordering="page__issue__date")
    def issue_and_page(self, article: Article) -> str:
        return f"{article.page.issue.date:%Y-%m-%d} {article.page.label}"

    @admin.display(description="日期", ordering="page__issue__date")
    def issue_date(self, article: Article):
        return article.page.issue.date

    @admin.display(description="版次", ordering="page__sequence")
    def page_label(self, article: Article) -> str:
        return article.page.label

    @admin.display(description="版面")
    def page_link(self, article: Article) -> str:
        url = reverse("admin:archive_page_change", args=[article.page_id])
        return format_html('<a href="{}">{}</a>', url, article.page)

    @admin.display(description="原始OCR（只读，永不修改）")
    def original_ocr(self, article: Article) -> str:
        # Focusable: it scrolls, and keyboard users must be able to scroll it too.
        return format_html(
            '<pre tabindex="0" lang="zh-Hans" aria-label="原始OCR文本" class="ocr-original">{}</pre>',
            article.ocr_text or "（无）",
        )
