"""Template helpers for showing corrections to readers."""

from __future__ import annotations

from django import template
from django.db.models import Count

from archive.corrections.history import revision_count as count_revisions
from archive.models import Article

register = template.Library()


@register.simple_tag
def revision_count(article: Article) -> int:
    """``{% revision_count article %}``: how many times staff saved the article."""
    return count_revisions(article)


@register.simple_tag
def correction_progress() -> list[tuple[str, int, str]]:
    """``{% correction_progress as rows %}``: (status label, article count, status value) for
    each step of the workflow 未校对 → 校对中 → 已校对 → 已审核, in that order."""
    counts = dict(Article.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return [(label, counts.get(value, 0), value) for value, label in Article.Status.choices]
