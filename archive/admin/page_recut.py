"""The page re-cut tool (整版重新切分) of the page admin: shows the raw page text with each
article's span and lets staff save a new cut of the whole page. The work is in
archive.corrections.recut; these views parse the request and call it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from reversion.models import Revision

from archive.corrections import boundaries, recut
from archive.models import Page


def line_rows(page: Page, plan: list[recut.Span]) -> list[dict]:
    """One row per line of the page text: offsets, text, the plan row it belongs to (or
    None) and whether it is that row's headline."""
    rows = []
    for start, end in recut.page_lines(page.ocr_text):
        owner = next((i for i, s in enumerate(plan) if s.start <= start < s.end), None)
        lines_of_headline = plan[owner].headline if owner is not None else None
        headline = bool(lines_of_headline) and lines_of_headline[0] <= start < lines_of_headline[1]
        rows.append(
            {
                "start": start,
                "end": end,
                "text": page.ocr_text[start:end],
                "owner": owner,
                "headline": headline,
            }
        )
    return rows


class PageRecutViews:
    """Mixin for PageAdmin; needs ``admin_site``, ``opts`` and ``has_change_permission``."""

    def recut_urls(self):
        wrap = self.admin_site.admin_view
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<int:object_id>/recut/", wrap(self.recut_view), name=f"{name}_recut"),
            path(
                "<int:object_id>/recut/undo/<int:revision_id>/",
                wrap(require_POST(self.recut_undo_view)),
                name=f"{name}_recut_undo",
            ),
        ]

    def _recut_page(self, request: HttpRequest, object_id: int) -> Page:
        page = get_object_or_404(Page.objects.select_related("issue__newspaper"), pk=object_id)
        if not self.has_change_permission(request, page):
            raise PermissionDenied
        return page

    def recut_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        page = self._recut_page(request, object_id)
        back = reverse("admin:archive_page_recut", args=[page.pk])
        if request.method == "POST":
            try:
                spans, versions = recut.plan_from_post(request.POST, page.ocr_text)
                result = recut.recut_page(
                    page, spans, expected_versions=versions, user=request.user
                )
            except recut.RecutError as refused:
                messages.error(request, str(refused))
                return HttpResponseRedirect(back)
            if result.revision is None:
                messages.info(request, "切分没有变化，什么也没有保存。")
            else:
                messages.success(
                    request,
                    f"已保存整版切分：改动 {len(result.changed)} 篇，新建 {len(result.created)} 篇，"
                    f"并入相邻文章 {len(result.deleted)} 篇。可在本页撤销。",
                )
            return HttpResponseRedirect(back)
        articles = recut.spanned_articles(page)
        plan = recut.current_plan(page)
        by_id = {a.pk: a for a in articles}
        rows = [(index, span, by_id[span.article_id]) for index, span in enumerate(plan)]
        unspanned = page.articles.exclude(pk__in=by_id).order_by("order", "pk")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": page,
            "page_obj": page,
            "title": f"整版重新切分：{page}",
            "is_nav_sidebar_enabled": False,  # the page text needs the width
            "lines": line_rows(page, plan),
            "rows": rows,
            "new_row_index": len(rows),
            "row_count": len(rows) + 1,
            "unspanned": unspanned,
            "text_length": len(page.ocr_text),
            "last_recut": recut.last_recut(page),
        }
        return TemplateResponse(request, "admin/archive/page/recut.html", context)

    def recut_undo_view(self, request: HttpRequest, object_id: int, revision_id: int):
        page = self._recut_page(request, object_id)
        revision = get_object_or_404(
            Revision, pk=revision_id, comment__startswith=f"{recut.LABEL_PREFIX}：版面#{page.pk} "
        )
        try:
            boundaries.undo_operation(revision, user=request.user)
        except boundaries.BoundaryError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "已撤销上次整版切分，各篇文章恢复到切分前的内容。")
        return HttpResponseRedirect(reverse("admin:archive_page_recut", args=[page.pk]))
