"""Every article with its full revision history as JSON Lines: the part of a backup a person
(or another program) can read without the database."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from django.contrib.contenttypes.models import ContentType
from reversion.models import Version

from archive.ingest.export import article_record
from archive.models import Article

CHUNK = 500


def revisions_by_article() -> dict[int, list[dict]]:
    """Each article id → its revisions (django-reversion Versions), oldest first."""
    content_type = ContentType.objects.get_for_model(Article)
    versions = (
        Version.objects.filter(content_type=content_type)
        .select_related("revision__user")
        .order_by("revision__date_created", "pk")
    )
    grouped: dict[int, list[dict]] = defaultdict(list)
    for version in versions.iterator(chunk_size=CHUNK):
        revision = version.revision
        grouped[int(version.object_id)].append(
            {
                "version": version.pk,
                "revision": revision.pk,
                "date": revision.date_created.isoformat(),
                "user": revision.user.get_username() if revision.user else "",
                "comment": revision.comment,
                # The stored fields exactly as reversion serialized them.
                "fields": json.loads(version.serialized_data)[0]["fields"]
                if version.format == "json"
                else version.serialized_data,
            }
        )
    return grouped


def article_records() -> Iterator[dict]:
    """One dict per article, by id: what readers see, the original OCR, the workflow fields,
    where it was printed, and its revisions."""
    revisions = revisions_by_article()
    articles = Article.objects.select_related(
        "page__issue__newspaper", "county", "page__county"
    ).order_by("pk")
    for article in articles.iterator(chunk_size=CHUNK):
        yield {
            **article_record(article),
            "page": article.page.label,  # the page's key in the archive, as the backup holds it
            "ocr_text": article.ocr_text,
            "status": article.status,
            "corrected_at": article.corrected_at.isoformat() if article.corrected_at else None,
            "needs_review": article.needs_review,
            "updated_at": article.updated_at.isoformat(),
            "revisions": revisions.get(article.pk, []),
        }


def write_articles_jsonl(path: Path) -> tuple[int, int]:
    """Write every article to ``path``; returns (articles, revisions) written."""
    articles = revisions = 0
    with path.open("w", encoding="utf-8") as handle:
        for record in article_records():
            write_line(handle, record)
            articles += 1
            revisions += len(record["revisions"])
    return articles, revisions


def write_line(handle: IO[str], record: dict) -> None:
    handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
