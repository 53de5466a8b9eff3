"""Place names for the segmenter: a shipped list plus the counties in the database."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

PLACES_FILE = Path(__file__).with_name("places.txt")
log = logging.getLogger(__name__)


@cache
def shipped_place_names() -> tuple[str, ...]:
    """Names from ``places.txt``: one a line, ``#`` starts a comment."""
    names = []
    for line in PLACES_FILE.read_text(encoding="utf-8").splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            names.append(name)
    return tuple(names)


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
    from archive.search.analyzer import segmenter

    segmenter.add_words(database_place_names())
