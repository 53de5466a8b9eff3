"""Template helpers for showing corrections to readers."""

from __future__ import annotations

from django import template

from archive.corrections.history import revision_count as count_revisions
from archive.models import Article

register = template.Library()


@register.simple_tag
def revision_count(article: Article) -> int:
    """``{% revision_count article %}``: how many times staff saved the article."""
    return count_revisions(article)
