"""The status workflow 未校对 → 校对中 → 已校对 → 已审核, and who may approve."""

from __future__ import annotations

from archive.corrections.roles import APPROVE_PERMISSION
from archive.models import Article


def can_approve(user) -> bool:
    """True for superusers and members of 审核员 (holders of ``archive.approve_article``)."""
    return bool(
        user and user.is_active and (user.is_superuser or user.has_perm(APPROVE_PERMISSION))
    )


def next_status(requested: str, previous: str | None, user) -> str:
    """Return the status a staff save stores: an untouched 未校对 becomes 校对中 (someone is
    working on it), and an 已审核 article edited by a non-reviewer falls back to 已校对 so a
    reviewer looks at it again. Any other requested status is kept."""
    if requested == Article.Status.UNREVIEWED:
        return Article.Status.IN_PROGRESS
    if requested == Article.Status.APPROVED == previous and not can_approve(user):
        return Article.Status.CORRECTED
    return requested


def status_of_split_off(status: str) -> str:
    """Return the status of an article split off one with ``status``: never 已审核 (no
    reviewer has seen it as an article of its own), 已校对 if the text was corrected."""
    if status in {Article.Status.CORRECTED, Article.Status.APPROVED}:
        return Article.Status.CORRECTED
    return Article.Status.IN_PROGRESS
