"""The review queue's order, for "save and open the next article in the queue"."""

from __future__ import annotations

from archive.models import Article


def next_in_queue(after_pk: int) -> int | None:
    """Return the id of the article that follows ``after_pk`` in the review queue
    (``Article.objects.needing_review()``), or, when ``after_pk`` has left the queue (it was
    just proofread), the id of the queue's first article; None when nothing else is waiting."""
    ids = Article.objects.needing_review().values_list("pk", flat=True)
    first = None
    seen = False
    for pk in ids.iterator(chunk_size=1000):
        if seen:
            return pk
        if pk == after_pk:
            seen = True
        elif first is None:
            first = pk
            if not Article.objects.needing_review().filter(pk=after_pk).exists():
                return first
    return None
