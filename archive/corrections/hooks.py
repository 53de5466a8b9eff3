"""Model hooks: every stored text is sanitized, every article's noise score is current."""

from __future__ import annotations

from django.db.models.signals import pre_save

from archive.corrections.noise import article_noise_score
from archive.sanitize import clean_model_text_fields


def clean_before_save(sender, instance, **kwargs) -> None:
    """pre_save receiver: plain text only, and a fresh noise score for articles."""
    clean_model_text_fields(instance)
    if sender._meta.model_name == "article":
        instance.noise_score = article_noise_score(instance.body)


def connect() -> None:
    """Connect the hooks to the archive's reader-facing models (called from AppConfig.ready).

    Listed explicitly: a future model holding raw data must opt in, not be cleaned by surprise.
    """
    from archive.models import Article, County, Issue, Newspaper, Page

    for model in (Newspaper, County, Issue, Page, Article):
        pre_save.connect(clean_before_save, sender=model, dispatch_uid=f"clean-{model._meta.label}")
