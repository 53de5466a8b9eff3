"""Staff roles: 校对员 may correct articles and pages, 审核员 may also approve.

Migration 0002_admin_groups creates the groups on a fresh database; ``ensure_role_groups``
recreates them where a database was emptied after migrating (e.g. transactional tests)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

PROOFREADERS = "校对员"
REVIEWERS = "审核员"
APPROVE_CODENAME = "approve_article"
APPROVE_PERMISSION = f"archive.{APPROVE_CODENAME}"
CORRECTING = (
    "view_newspaper",
    "view_issue",
    "view_county",
    "view_page",
    "change_page",
    "view_article",
    "change_article",
    "add_article",
    "view_errorreport",
    "change_errorreport",
)


def ensure_role_groups() -> tuple[Group, Group]:
    """Create (or complete) the two groups with their permissions; returns (校对员, 审核员)."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    create_permissions(apps.get_app_config("archive"), verbosity=0)
    article_type = ContentType.objects.get_by_natural_key("archive", "article")
    approve, _ = Permission.objects.get_or_create(
        codename=APPROVE_CODENAME,
        content_type=article_type,
        defaults={"name": "可审核文章（设为已审核）"},
    )
    correcting = list(
        Permission.objects.filter(content_type__app_label="archive", codename__in=CORRECTING)
    )
    proofreaders, _ = Group.objects.get_or_create(name=PROOFREADERS)
    proofreaders.permissions.add(*correcting)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    reviewers.permissions.add(*correcting, approve)
    return proofreaders, reviewers
