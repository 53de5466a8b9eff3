"""Saving a staff correction: roles, workflow and optimistic locking (no lost updates)."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from archive.corrections.diff import FieldChange
from archive.corrections.history import (
    article_changes,
    article_state,
    record_revision,
    version_with_number,
)
from archive.corrections.workflow import can_approve, next_status
from archive.models import Article


class ConcurrentEditError(Exception):
    """Someone else saved the article after the editor opened it.

    ``changes`` lists what they changed (from the version the editor started from to the
    stored one); ``current_version`` is the version number now stored."""

    def __init__(self, article: Article, expected_version: int, changes: list[FieldChange]):
        self.article = article
        self.expected_version = expected_version
        self.current_version = article.version
        self.changes = changes
        super().__init__(
            f"文章 {article.pk} 已被他人修改（您打开的是第 {expected_version} 版，"
            f"现在是第 {article.version} 版），您的保存未被接受。"
        )


class ApprovalNotAllowed(Exception):
    """A user without the reviewer role tried to set the status 已审核."""


def changes_since(article_pk: int, expected_version: int) -> list[FieldChange]:
    """Return what was stored on top of version number ``expected_version`` of the article."""
    current = Article.objects.get(pk=article_pk)
    started_from = version_with_number(current, expected_version)
    before = started_from.field_dict if started_from else {}
    return article_changes(before, article_state(current))


def check_version(article_pk: int, expected_version: int) -> None:
    """Raise ``ConcurrentEditError`` if the stored version of the article is not
    ``expected_version``."""
    current = Article.objects.get(pk=article_pk)
    if current.version != expected_version:
        raise ConcurrentEditError(
            current, expected_version, changes_since(article_pk, expected_version)
        )


def check_status_change(article: Article, previous_status: str | None, user) -> None:
    """Raise ``ApprovalNotAllowed`` when ``user`` sets 已审核 without the reviewer role."""
    approving = (
        article.status == Article.Status.APPROVED and previous_status != Article.Status.APPROVED
    )
    if approving and not can_approve(user):
        raise ApprovalNotAllowed("只有审核员可以把文章设为“已审核”。")


def save_correction(
    article: Article, *, user, expected_version: int, comment: str = "校对修改"
) -> Article:
    """Store the staff edit in ``article`` (an unsaved modified instance) as a new revision.

    Guarantees: the save happens only if the stored version is still ``expected_version``
    (checked and advanced in one conditional UPDATE, so two concurrent saves cannot both
    pass); otherwise ``ConcurrentEditError`` is raised and nothing is stored. The article is
    flagged ``corrected`` with ``corrected_at`` now; ``ocr_text`` keeps its stored value; the
    status follows ``next_status``."""
    stored = Article.objects.only("status", "ocr_text", "ocr_start", "ocr_end").get(pk=article.pk)
    check_status_change(article, stored.status, user)
    article.status = next_status(article.status, stored.status, user)
    with record_revision([article], user=user, comment=comment):
        claimed = Article.objects.filter(pk=article.pk, version=expected_version).update(
            version=F("version") + 1
        )
        if not claimed:
            check_version(article.pk, expected_version)
            raise ConcurrentEditError(Article.objects.get(pk=article.pk), expected_version, [])
        # The original OCR is never overwritten, whatever the form or caller put there.
        article.ocr_text, article.ocr_start, article.ocr_end = (
            stored.ocr_text,
            stored.ocr_start,
            stored.ocr_end,
        )
        article.version = expected_version + 1
        article.corrected = True
        article.corrected_at = timezone.now()
        article.save()
    return article
