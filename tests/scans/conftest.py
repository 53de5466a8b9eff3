from __future__ import annotations

import pytest
from django.test import override_settings


@pytest.fixture(autouse=True)
def media_root(tmp_path):
    """Each test writes scans into its own empty media folder."""
    with override_settings(MEDIA_ROOT=tmp_path / "media", MEDIA_URL="/media/"):
        yield tmp_path / "media"
