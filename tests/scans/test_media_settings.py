"""Where scans are stored comes from the environment: MEDIA_ROOT, MEDIA_URL and the storage."""

from __future__ import annotations

import json

from tests.test_settings import run_django

SHOW = (
    "import json; "
    "print(json.dumps([str(settings.MEDIA_ROOT), settings.MEDIA_URL, settings.STORAGES['default']]))"
)


def test_scans_default_to_the_data_dir_and_can_move(tmp_path):
    result = run_django("newsroom.settings.dev", SHOW, NEWSROOM_DATA_DIR=str(tmp_path))
    root, url, storage = json.loads(result.stdout)
    assert root == str(tmp_path / "media") and url == "/media/"
    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"

    options = '{"location": "/srv/scans", "base_url": "https://scans.example.org/"}'
    result = run_django(
        "newsroom.settings.dev",
        SHOW,
        NEWSROOM_DATA_DIR=str(tmp_path),
        MEDIA_URL="https://scans.example.org/",
        MEDIA_STORAGE_OPTIONS=options,
    )
    _, url, storage = json.loads(result.stdout)
    assert url == "https://scans.example.org/"
    assert storage["OPTIONS"] == json.loads(options)


def test_bad_storage_options_stop_start_up_naming_the_variable(tmp_path):
    result = run_django(
        "newsroom.settings.dev", "print('started')",
        NEWSROOM_DATA_DIR=str(tmp_path), MEDIA_STORAGE_OPTIONS="{bucket: x}",
    )  # fmt: skip
    assert result.returncode != 0 and "MEDIA_STORAGE_OPTIONS must be a JSON object" in result.stderr
    assert "started" not in result.stdout
