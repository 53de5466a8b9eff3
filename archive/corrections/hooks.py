"""Model hooks: every stored text is sanitized, every article's noise score is current."""

from __future__ import annotations

from django.db.models.signals import pre_save

from archive.corrections.noise import article_noise_score
from archive.sanitize import clean_model_text_fields


def clean_before_save(sender, instance, **kwargs) -> None:
    """pre_save receiver for every archive model: plain text only, and a fresh noise score."""
    clean_model_text_fields(instance)
    if sender._meta.model_name == "article":
        instance.noise_score = article_noise_score(
            instance.body, instance.ocr_text, instance.corrected
        )


def connect() -> None:
    """Connect the hooks to every model of the archive app (called from AppConfig.ready)."""
    from django.apps import apps

    for model in apps.get_app_config("archive").get_models():
        pre_save.connect(clean_before_save, sender=model, dispatch_uid=f"clean-{model._meta.label}")
