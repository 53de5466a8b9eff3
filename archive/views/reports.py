"""「报告错误」: a reader tells staff that an article is wrong. Thin: see archive/reports.py."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from archive.models import Article
from archive.reports import (
    ErrorReportForm,
    address_hash,
    store_error_report,
    take_report_slot,
)


@require_http_methods(["GET", "POST"])
def report_error(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.with_context(), pk=pk)
    form = ErrorReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            thanks = f"{article.get_absolute_url()}?reported=1#report"
            if form.is_robot():
                return HttpResponseRedirect(thanks)  # told nothing: robots learn nothing
            sender = address_hash(request.META.get("REMOTE_ADDR", ""))
            if take_report_slot(sender):
                store_error_report(article, form, sender)
                return HttpResponseRedirect(thanks)
            form.add_error(None, "您一小时内已提交多次报告，请稍后再试。谢谢您的耐心！")
            status = 429
        else:
            status = 400
    return render(
        request, "archive/report_error.html", {"article": article, "form": form}, status=status
    )
