"""Place names for the segmenter: a shipped list plus the counties in the database."""

from __future__ import annotations

import logging

from archive.search.engine.analyzer import segmenter
from archive.search.engine.places import PLACES_FILE, shipped_place_names

__all__ = ["PLACES_FILE", "database_place_names", "shipped_place_names",
           "teach_segmenter_database_places"]  # fmt: skip
log = logging.getLogger(__name__)


def database_place_names() -> list[str]:
    """County names and their cities as stored in the archive (empty if the DB is not ready)."""
    from django.db import DatabaseError

    from archive.models import County

    try:
        rows = list(County.objects.values_list("name", "city"))
    except DatabaseError:  # e.g. before migrate: the shipped list still applies
        log.debug("counties not readable yet; using the shipped place names only")
        return []
    return sorted({name for row in rows for name in row if name})


def teach_segmenter_database_places() -> None:
    """Add the database's place names to the shared segmenter (idempotent, cheap)."""
    segmenter.add_words(database_place_names())
