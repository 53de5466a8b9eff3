"""Extra admin views of the article desk: revisions, diff, revert, undo, boundaries, review
queue. Each parses the request and calls one function of archive.corrections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from reversion.models import Revision, Version

from archive.corrections import boundaries
from archive.corrections.diff import compact_sections
from archive.corrections.history import (
    BASELINE_COMMENT,
    SNAPSHOT_PREFIX,
    RevertRefused,
    compare_versions,
    operations_in_force,
    revert_article,
    version_for,
    versions_of,
)
from archive.corrections.noise import REVIEW_TEXT_LABEL, noise_components
from archive.models import Article

BOUNDARY_OPERATIONS = {"split", "merge", "move_previous", "move_next", "headline"}


class ArticleDeskViews:
    """Mixin for ArticleAdmin; needs ``admin_site``, ``opts`` and ``has_change_permission``."""

    def desk_urls(self):
        wrap = self.admin_site.admin_view
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("review/", wrap(self.review_queue_view), name=f"{name}_review"),
            path("<int:object_id>/revisions/", wrap(self.revisions_view), name=f"{name}_revisions"),
            path("<int:object_id>/diff/", wrap(self.diff_view), name=f"{name}_diff"),
            path(
                "<int:object_id>/revert/<int:version_id>/",
                wrap(require_POST(self.revert_view)),
                name=f"{name}_revert",
            ),
            path(
                "<int:object_id>/undo/<int:revision_id>/",
                wrap(require_POST(self.undo_view)),
                name=f"{name}_undo",
            ),
            path(
                "<int:object_id>/boundaries/", wrap(self.boundaries_view), name=f"{name}_boundaries"
            ),
        ]

    def _article(self, request: HttpRequest, object_id: int, *, change: bool = True) -> Article:
        article = get_object_or_404(Article.objects.with_context(), pk=object_id)
        allowed = self.has_change_permission if change else self.has_view_permission
        if not allowed(request, article):
            raise PermissionDenied
        return article

    def _context(self, request: HttpRequest, article: Article | None, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "article": article,
            "title": title,
            **extra,
        }

    def _posted_version(self, request: HttpRequest, article: Article) -> int | None:
        """Return the article version the posted page was showing, or None (with an error
        message for the editor) when it is missing or no longer the stored one."""
        posted = request.POST.get("version", "")
        if posted.isdigit() and int(posted) == article.version:
            return int(posted)
        messages.error(
            request,
            f"文章在您打开此页后已被修改（现在是第 {article.version} 版），操作没有执行。"
            "请查看最新修订后再操作。",
        )
        return None

    def revisions_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        article = self._article(request, object_id, change=False)
        in_force = operations_in_force(article)
        # Reverting past an operation still in force would lose text (see revert_article).
        oldest_revertable = in_force[0].pk if in_force else 0
        rows = []
        for position, version in enumerate(versions_of(article)):
            is_snapshot = version.revision.comment.startswith(SNAPSHOT_PREFIX)
            rows.append(
                {
                    "version": version,
                    "revision": version.revision,
                    "is_baseline": version.revision.comment == BASELINE_COMMENT,
                    "is_snapshot": is_snapshot,
                    "revertable": position > 0
                    and not is_snapshot
                    and version.revision_id >= oldest_revertable,
                    "undoable": boundaries.undo_point(version.revision) is not None,
                }
            )
        return TemplateResponse(
            request,
            "admin/archive/article/revisions.html",
            self._context(request, article, f"修订历史：{article.display_title}", rows=rows),
        )

    def diff_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        article = self._article(request, object_id, change=False)
        versions = versions_of(article)
        if not versions:
            raise Http404("这篇文章还没有修订")
        try:
            new = version_for(article, int(request.GET.get("to") or versions[0].pk))
            old_id = request.GET.get("from") or (
                versions[1].pk if len(versions) > 1 else versions[0].pk
            )
            old = version_for(article, int(old_id))
        except (ValueError, Version.DoesNotExist) as missing:
            raise Http404("没有这个修订") from missing
        changes = compare_versions(old, new)
        sections, change_count = compact_sections(changes)
        return TemplateResponse(
            request,
            "admin/archive/article/diff.html",
            self._context(
                request,
                article,
                f"修订对比：{article.display_title}",
                old=old,
                new=new,
                changes=changes,
                sections=sections,
                change_count=change_count,
                full=request.GET.get("full") == "1",
                versions=versions,
            ),
        )

    def revert_view(self, request: HttpRequest, object_id: int, version_id: int) -> HttpResponse:
        article = self._article(request, object_id)
        try:
            version = version_for(article, version_id)
        except Version.DoesNotExist as missing:
            raise Http404("没有这个修订") from missing
        history = reverse("admin:archive_article_revisions", args=[article.pk])
        expected = self._posted_version(request, article)
        if expected is None:
            return HttpResponseRedirect(history)
        try:
            revert_article(article, version, user=request.user, expected_version=expected)
        except RevertRefused as refused:
            messages.error(request, str(refused))
            return HttpResponseRedirect(history)
        when = timezone.localtime(version.revision.date_created)
        messages.success(request, f"已恢复到 {when:%Y-%m-%d %H:%M} 的修订。")
        return HttpResponseRedirect(reverse("admin:archive_article_change", args=[article.pk]))

    def undo_view(self, request: HttpRequest, object_id: int, revision_id: int) -> HttpResponse:
        article = self._article(request, object_id)
        revision = get_object_or_404(
            Revision.objects.distinct(),
            pk=revision_id,
            version__object_id=str(article.pk),
            version__content_type=ContentType.objects.get_for_model(Article),
        )
        if self._posted_version(request, article) is None:
            return HttpResponseRedirect(
                reverse("admin:archive_article_revisions", args=[article.pk])
            )
        try:
            boundaries.undo_operation(revision, user=request.user)
        except boundaries.BoundaryError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"已撤销：{revision.comment}")
        return HttpResponseRedirect(reverse("admin:archive_article_change", args=[article.pk]))

    def boundaries_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        article = self._article(request, object_id)
        if request.method == "POST":
            return self._apply_boundary(request, article)
        previous, following = article.neighbours()
        return TemplateResponse(
            request,
            "admin/archive/article/boundaries.html",
            self._context(
                request,
                article,
                f"文章边界：{article.display_title}",
                paragraphs=list(enumerate(article.paragraphs)),
                previous=previous,
                following=following,
            ),
        )

    def _apply_boundary(self, request: HttpRequest, article: Article) -> HttpResponse:
        operation = request.POST.get("operation", "")
        back = reverse("admin:archive_article_boundaries", args=[article.pk])
        if str(article.version) != request.POST.get("version"):
            messages.error(request, "文章在您打开后已被修改，请查看最新内容后再操作。")
            return HttpResponseRedirect(back)
        try:
            index = int(request.POST.get("paragraph", "0"))
            if operation not in BOUNDARY_OPERATIONS:
                raise boundaries.BoundaryError(f"未知操作 {operation!r}")
            if operation == "split":
                result = boundaries.split_article(article, index, user=request.user)
            elif operation == "merge":
                result = boundaries.merge_with_next(article, user=request.user)
            elif operation == "headline":
                result = boundaries.make_headline(article, index, user=request.user)
            else:
                direction = operation.removeprefix("move_")
                result = boundaries.move_paragraph(article, index, direction, user=request.user)
        except (ValueError, boundaries.BoundaryError) as refused:
            messages.error(request, str(refused))
            return HttpResponseRedirect(back)
        messages.success(request, f"完成。结果：{result.display_title}（可在修订历史中撤销）")
        return HttpResponseRedirect(back)

    def review_queue_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        queryset = Article.objects.needing_review().select_related(
            "page__issue__newspaper", "county"
        )
        page = Paginator(queryset, 50).get_page(request.GET.get("p"))
        # The same text the stored score was computed from on save (see noise.REVIEW_TEXT_LABEL).
        rows = [(article, noise_components(article.body or "")) for article in page]
        return TemplateResponse(
            request,
            "admin/archive/article/review_queue.html",
            self._context(
                request,
                None,
                "待校对队列",
                page=page,
                rows=rows,
                scored_text=REVIEW_TEXT_LABEL,
            ),
        )
