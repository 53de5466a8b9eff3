"""Admin forms: the article correction form (optimistic locking, approval rule) and the page
metadata form (date moves the page to another issue)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from archive.corrections.editing import (
    ApprovalNotAllowed,
    ConcurrentEditError,
    check_status_change,
    check_version,
)
from archive.corrections.pages import PageMetadataError, check_page_metadata
from archive.models import Article, Page


class ArticleCorrectionForm(forms.ModelForm):
    """Carries the version the editor started from; refuses the save when someone else saved
    in between, exposing their changes as ``form.conflict`` for the template."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_comment = forms.CharField(
        label="修改说明", required=False, max_length=200, help_text="可选，记入修订历史"
    )
    current_user = None  # set by ArticleAdmin.get_form
    conflict: ConcurrentEditError | None = None

    class Meta:
        model = Article
        fields = (
            "page",
            "order",
            "title",
            "subtitle",
            "byline",
            "credit",
            "body",
            "kind",
            "county",
            "status",
            "needs_review",
            "continues_from",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("expected_version", self.instance.version)
            # Without it a save could silently overwrite someone else's work.
            self.fields["expected_version"].required = True

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected is not None:
            try:
                check_version(self.instance.pk, expected)
            except ConcurrentEditError as conflict:
                self.conflict = conflict
                # A deliberate second click saves over the shown changes; the editor has seen them.
                self.data = self.data.copy()
                self.data["expected_version"] = conflict.current_version
                raise ValidationError(
                    f"{conflict} 下面是对方在此期间的修改。请核对后决定：如仍要用您的版本覆盖，"
                    "再次点击保存。"
                ) from conflict
        previous = Article.objects.get(pk=self.instance.pk).status if self.instance.pk else None
        candidate = Article(status=cleaned.get("status"))
        try:
            check_status_change(candidate, previous, self.current_user)
        except ApprovalNotAllowed as refused:
            self.add_error("status", str(refused))
        return cleaned


class PageCorrectionForm(forms.ModelForm):
    """Page metadata with the issue date as a plain field: a new date moves the page."""

    date = forms.DateField(label="出版日期", help_text="改日期会把本版移到那一天的期（没有则新建）")

    class Meta:
        model = Page
        fields = ("label", "section", "county", "furniture")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("date", self.instance.issue.date)

    def clean(self):
        cleaned = super().clean()
        date, label = cleaned.get("date"), cleaned.get("label")
        if self.instance.pk and date and label:
            stored = Page.objects.select_related("issue__newspaper").get(pk=self.instance.pk)
            try:
                check_page_metadata(stored, date=date, label=label)
            except PageMetadataError as refused:
                self.add_error(refused.field, str(refused))
        return cleaned

    def validate_unique(self):
        # Uniqueness of (issue, label) is checked against the target issue in clean().
        pass
