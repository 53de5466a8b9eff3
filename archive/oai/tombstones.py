"""Tombstones for deleted articles, so that OAI-PMH reports them as deleted (``persistent``)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from archive.models import Article, County, DeletedArticle, Page


def record_deleted_article(sender, instance: Article, **kwargs) -> None:
    """Write the tombstone of ``instance`` with the sets it belonged to."""
    # Articles go before their page, issue and newspaper when a deletion cascades, so the
    # page row is still there to name the sets.
    newspaper_slug = (
        Page.objects.filter(pk=instance.page_id)
        .values_list("issue__newspaper__slug", flat=True)
        .first()
    )
    county_slug = (
        County.objects.filter(pk=instance.county_id).values_list("slug", flat=True).first()
        if instance.county_id
        else None
    )
    DeletedArticle.objects.update_or_create(
        pk=instance.pk,
        defaults={
            "deleted_at": timezone.now(),
            "newspaper_slug": newspaper_slug or "",
            "county_slug": county_slug or "",
        },
    )


def forget_tombstone(sender, instance: Article, created: bool, **kwargs) -> None:
    """An article saved again under a deleted id (``loaddata``) is no longer deleted."""
    if created:
        DeletedArticle.objects.filter(pk=instance.pk).delete()


def connect() -> None:
    post_delete.connect(record_deleted_article, sender=Article, dispatch_uid="oai-tombstone")
    post_save.connect(forget_tombstone, sender=Article, dispatch_uid="oai-tombstone-undo")
