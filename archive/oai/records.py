"""What the repository holds: articles and tombstones as OAI items, in datestamp order.

An item's datestamp is the last change of the article (``updated_at``) or, for a deleted one,
the deletion time. Lists are walked by (datestamp, id) after the last item sent, so an article
changed during a harvest moves behind the cursor and is sent again, never skipped.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db.models import Min, Q

from archive.models import Article, County, DeletedArticle, Newspaper

SET_PATTERN = re.compile(r"^(newspaper|county)(?::([A-Za-z0-9_-]+))?$")
TOP_SETS = {"newspaper": "报纸", "county": "县区"}


@dataclass(frozen=True)
class OaiItem:
    article_id: int
    datestamp: datetime.datetime  # aware, full precision (the list cursor uses it)
    set_specs: tuple[str, ...]
    article: Article | None  # None: the article was deleted

    @property
    def deleted(self) -> bool:
        return self.article is None


@dataclass(frozen=True)
class Selection:
    """The harvester's ``from``/``until``/``set``: ``from_`` inclusive, ``before`` exclusive."""

    from_: datetime.datetime | None = None
    before: datetime.datetime | None = None
    set_spec: str = ""


def article_sets(newspaper_slug: str, county_slug: str) -> tuple[str, ...]:
    specs = [f"newspaper:{newspaper_slug}"] if newspaper_slug else []
    if county_slug:
        specs.append(f"county:{county_slug}")
    return tuple(specs)


def all_sets() -> list[tuple[str, str]]:
    """(setSpec, setName) of every set: the two top sets, then each newspaper and county."""
    sets = list(TOP_SETS.items())
    sets += [
        (f"newspaper:{slug}", name) for slug, name in Newspaper.objects.values_list("slug", "name")
    ]
    sets += [
        (f"county:{slug}", f"{city}{name}" if city else name)
        for slug, name, city in County.objects.order_by("slug").values_list("slug", "name", "city")
    ]
    return sets


def is_known_set_syntax(set_spec: str) -> bool:
    return bool(SET_PATTERN.match(set_spec))


def _filtered(selection: Selection):
    """(articles, tombstones) querysets restricted to ``selection``."""
    articles = Article.objects.all()
    tombstones = DeletedArticle.objects.all()
    if selection.from_:
        articles = articles.filter(updated_at__gte=selection.from_)
        tombstones = tombstones.filter(deleted_at__gte=selection.from_)
    if selection.before:
        articles = articles.filter(updated_at__lt=selection.before)
        tombstones = tombstones.filter(deleted_at__lt=selection.before)
    if selection.set_spec:
        match = SET_PATTERN.match(selection.set_spec)
        if not match:
            return articles.none(), tombstones.none()
        kind, slug = match.groups()
        if kind == "newspaper" and slug:
            articles = articles.filter(page__issue__newspaper__slug=slug)
            tombstones = tombstones.in_set(newspaper_slug=slug)
        elif kind == "newspaper":
            tombstones = tombstones.exclude(newspaper_slug="")
        elif slug:
            articles = articles.filter(county__slug=slug)
            tombstones = tombstones.in_set(county_slug=slug)
        else:
            articles = articles.filter(county__isnull=False)
            tombstones = tombstones.exclude(county_slug="")
    return articles, tombstones


def count_items(selection: Selection) -> int:
    articles, tombstones = _filtered(selection)
    return articles.count() + tombstones.count()


def list_items(
    selection: Selection, limit: int, after: tuple[datetime.datetime, int] | None = None
) -> tuple[list[OaiItem], bool]:
    """Up to ``limit`` items after ``after`` (datestamp, id) in order, and whether more follow."""
    articles, tombstones = _filtered(selection)
    if after:
        stamp, last_id = after
        articles = articles.filter(Q(updated_at__gt=stamp) | Q(updated_at=stamp, pk__gt=last_id))
        tombstones = tombstones.filter(
            Q(deleted_at__gt=stamp) | Q(deleted_at=stamp, pk__gt=last_id)
        )
    live = [
        _live_item(article)
        for article in articles.with_context().order_by("updated_at", "pk")[: limit + 1]
    ]
    gone = [
        _deleted_item(tombstone)
        for tombstone in tombstones.order_by("deleted_at", "pk")[: limit + 1]
    ]
    merged = sorted(live + gone, key=lambda item: (item.datestamp, item.article_id))
    return merged[:limit], len(merged) > limit


def find_item(article_id: int) -> OaiItem | None:
    article = Article.objects.with_context().filter(pk=article_id).first()
    if article is not None:
        return _live_item(article)
    tombstone = DeletedArticle.objects.filter(pk=article_id).first()
    return _deleted_item(tombstone) if tombstone else None


def earliest_datestamp() -> datetime.datetime | None:
    candidates = [
        Article.objects.aggregate(first=Min("updated_at"))["first"],
        DeletedArticle.objects.aggregate(first=Min("deleted_at"))["first"],
    ]
    found = [stamp for stamp in candidates if stamp is not None]
    return min(found) if found else None


def _live_item(article: Article) -> OaiItem:
    county_slug = article.county.slug if article.county_id else ""
    return OaiItem(
        article_id=article.pk,
        datestamp=article.updated_at,
        set_specs=article_sets(article.page.issue.newspaper.slug, county_slug),
        article=article,
    )


def _deleted_item(tombstone: DeletedArticle) -> OaiItem:
    return OaiItem(
        article_id=tombstone.pk,
        datestamp=tombstone.deleted_at,
        set_specs=article_sets(tombstone.newspaper_slug, tombstone.county_slug),
        article=None,
    )
