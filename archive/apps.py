from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "报纸档案"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from archive.caching import generation
        from archive.corrections import history, hooks
        from archive.oai import tombstones

        history.register_models()
        hooks.connect()
        tombstones.connect()
        generation.connect_signals()
