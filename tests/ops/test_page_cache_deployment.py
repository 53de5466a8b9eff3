"""Cached pages never outlive the settings and code that made them
(``archive/caching/deployment.py``)."""

from __future__ import annotations

from archive.caching import deployment


def test_an_edited_template_changes_the_fingerprint_at_once_only_under_debug(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text("<p>一</p>", encoding="utf-8")
    settings.DEBUG = False
    deployment.forget_fingerprint()
    before = deployment.deployment_fingerprint()
    template.write_text("<p>一二</p>", encoding="utf-8")
    assert deployment.deployment_fingerprint() == before  # once per process in production
    settings.DEBUG = True
    assert deployment.deployment_fingerprint() != before  # a developer sees the edit
    settings.DEBUG = False
    deployment.forget_fingerprint()
    assert deployment.deployment_fingerprint() != before  # and a restarted server too


def test_each_key_setting_changes_the_fingerprint(settings):
    settings.DEBUG = False
    deployment.forget_fingerprint()
    seen = {deployment.deployment_fingerprint()}
    changes = {
        "SECURE_SSL_REDIRECT": not settings.SECURE_SSL_REDIRECT,
        "X_FRAME_OPTIONS": "SAMEORIGIN",
        "SECURE_HSTS_SECONDS": 12345,
        "ALLOWED_HOSTS": ["only.example"],
        "MIDDLEWARE": settings.MIDDLEWARE[:-1],
    }
    for name, value in changes.items():
        setattr(settings, name, value)
        deployment.forget_fingerprint()
        seen.add(deployment.deployment_fingerprint())
    assert len(seen) == len(changes) + 1
