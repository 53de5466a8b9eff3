"""Fixing where articles begin and end: split, merge, move a paragraph, make a headline.

Each operation stores two revisions: a snapshot of every article it touches as they were
before (comment starts with ``SNAPSHOT_PREFIX``), then the operation itself, whose comment
names the snapshot (``撤销点#<id>``). ``undo_operation`` puts the snapshot back: articles a
merge deleted come back with their old id, articles a split created are deleted.
"""

from __future__ import annotations

import reversion
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from reversion.models import Revision

from archive.corrections.history import (
    SNAPSHOT_PREFIX,
    UNDO_POINT,
    ensure_baseline,
    mark_corrected,
    undo_comment,
)
from archive.corrections.workflow import status_of_split_off
from archive.models import Article

PARAGRAPH_SEPARATOR = "\n\n"


class BoundaryError(ValueError):
    """The operation does not apply (no such paragraph, no neighbour …); nothing was changed."""


def join_paragraphs(paragraphs: list[str]) -> str:
    return PARAGRAPH_SEPARATOR.join(p for p in paragraphs if p)


def _paragraph(article: Article, index: int) -> str:
    paragraphs = article.paragraphs
    if not 0 <= index < len(paragraphs):
        raise BoundaryError(f"文章 {article.pk} 没有第 {index + 1} 段（共 {len(paragraphs)} 段）")
    return paragraphs[index]


def _snapshot(articles: list[Article], label: str, user) -> Revision:
    ensure_baseline(articles)
    with reversion.create_revision(manage_manually=True):
        reversion.set_comment(f"{SNAPSHOT_PREFIX}{label}")
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        for article in articles:
            reversion.add_to_revision(Article.objects.get(pk=article.pk))
    return Revision.objects.filter(comment=f"{SNAPSHOT_PREFIX}{label}").latest("pk")


def claim_versions(articles: list[Article]) -> None:
    """Advance the stored version of every article, each only if it still is the version the
    operation read (one conditional UPDATE each, as ``save_correction`` does), so a save made
    meanwhile is never overwritten or deleted. Raises ``BoundaryError`` otherwise; the caller's
    transaction then undoes the claims already made."""
    for article in articles:
        claimed = Article.objects.filter(pk=article.pk, version=article.version).update(
            version=F("version") + 1
        )
        if claimed:
            continue
        now = Article.objects.filter(pk=article.pk).values_list("version", flat=True).first()
        if now is None:
            raise BoundaryError(f"文章 {article.pk} 已不存在（可能刚被他人合并），操作没有执行。")
        raise BoundaryError(
            f"文章 {article.pk} 在您打开后已被他人修改（您看到的是第 {article.version} 版，"
            f"现在是第 {now} 版），操作没有执行。请刷新查看最新内容后再操作。"
        )


def run_operation(articles: list[Article], label: str, user, change) -> Revision:
    """Claim ``articles`` (``claim_versions``), snapshot them, run ``change()`` (which saves/deletes
    them, each saved one with its version advanced by one), record the operation."""
    with transaction.atomic():
        claim_versions(articles)  # first: it also locks the rows until the operation is stored
        snapshot = _snapshot(articles, label, user)
        with reversion.create_revision():
            if user is not None and user.is_authenticated:
                reversion.set_user(user)
            reversion.set_comment(f"{label}（撤销点#{snapshot.pk}）")
            change()
        return Revision.objects.filter(comment=f"{label}（撤销点#{snapshot.pk}）").latest("pk")


def split_article(article: Article, paragraph_index: int, *, user=None) -> Article:
    """Split ``article`` so that paragraph ``paragraph_index`` (0-based, not the first) starts a
    new article placed right after it on the same page. Returns the new article."""
    paragraphs = article.paragraphs
    if not 1 <= paragraph_index < len(paragraphs):
        raise BoundaryError(f"只能在第 2 到第 {len(paragraphs)} 段之前拆分文章 {article.pk}")
    later = list(Article.objects.filter(page=article.page, order__gt=article.order))
    created: list[Article] = []
    split_off_status = status_of_split_off(article.status)

    def change() -> None:
        for following in later:  # make room right after the split article
            following.order += 1
            following.version += 1  # as claimed: an editor with it open must reload
            following.save()
        article.body = join_paragraphs(paragraphs[:paragraph_index])
        mark_corrected(article, user=user)
        article.save()
        new = Article(
            page=article.page,
            order=article.order + 1,
            kind=article.kind,
            county=article.county,
            status=split_off_status,
            body=join_paragraphs(paragraphs[paragraph_index:]),
            corrected=True,
            corrected_at=timezone.now(),
        )
        new.save()
        created.append(new)

    run_operation(
        [article, *later], f"拆分文章 {article.pk}（第 {paragraph_index + 1} 段起）", user, change
    )
    return created[0]


def merge_with_next(article: Article, *, user=None) -> Article:
    """Append the next article on the page (its headline lines become paragraphs) to
    ``article`` and delete it. Both OCR originals are kept, one after the other. Returns
    ``article``."""
    following = article.neighbours()[1]
    if following is None:
        raise BoundaryError(f"文章 {article.pk} 是本版最后一篇，没有可合并的下一篇")

    def change() -> None:
        article.body = join_paragraphs(
            [article.body.strip(), following.title, following.subtitle, following.body.strip()]
        )
        article.ocr_text = "\n".join(t for t in (article.ocr_text, following.ocr_text) if t)
        if following.ocr_end is not None:
            article.ocr_end = max(article.ocr_end or 0, following.ocr_end)
        mark_corrected(article, user=user)
        article.save()
        following.delete()

    run_operation([article, following], f"合并文章 {article.pk} 与 {following.pk}", user, change)
    return article


def move_paragraph(article: Article, paragraph_index: int, direction: str, *, user=None) -> Article:
    """Move paragraph ``paragraph_index`` to the end of the previous article (``direction`` =
    ``"previous"``) or the start of the next one (``"next"``). Returns the receiving article."""
    if direction not in {"previous", "next"}:
        raise BoundaryError(f"方向必须是 previous 或 next，而不是 {direction!r}")
    text = _paragraph(article, paragraph_index)
    previous, following = article.neighbours()
    target = previous if direction == "previous" else following
    if target is None:
        raise BoundaryError(
            f"文章 {article.pk} 没有{'上' if direction == 'previous' else '下'}一篇"
        )

    def change() -> None:
        remaining = article.paragraphs
        del remaining[paragraph_index]
        article.body = join_paragraphs(remaining)
        if direction == "previous":
            target.body = join_paragraphs([target.body.strip(), text])
        else:
            target.body = join_paragraphs([text, target.body.strip()])
        for changed in (article, target):
            mark_corrected(changed, user=user)
            changed.save()

    where = "上一篇" if direction == "previous" else "下一篇"
    run_operation(
        [article, target],
        f"把文章 {article.pk} 第 {paragraph_index + 1} 段移到{where}",
        user,
        change,
    )
    return target


def make_headline(article: Article, paragraph_index: int, *, user=None) -> Article:
    """Make paragraph ``paragraph_index`` the title of ``article``; a previous title is kept as
    the first paragraph so no text is lost. Returns ``article``."""
    text = _paragraph(article, paragraph_index)

    def change() -> None:
        remaining = article.paragraphs
        del remaining[paragraph_index]
        if article.title:
            remaining.insert(0, article.title)
        article.title = text[:300]
        article.body = join_paragraphs(remaining)
        mark_corrected(article, user=user)
        article.save()

    run_operation(
        [article], f"把文章 {article.pk} 第 {paragraph_index + 1} 段设为标题", user, change
    )
    return article


def undo_point(revision: Revision) -> Revision | None:
    """Return the snapshot revision an operation revision can be undone to, if any."""
    match = UNDO_POINT.search(revision.comment or "")
    return Revision.objects.filter(pk=match.group(1)).first() if match else None


def _claim_as_recorded(revision: Revision) -> set[int]:
    """Advance the stored version of every article recorded in ``revision`` that still exists,
    each only if it is still the version recorded there (one conditional UPDATE each).
    Returns the ids claimed. Raises ``BoundaryError`` when one was changed since; the
    caller's transaction then undoes the claims already made."""
    claimed: set[int] = set()
    for version in revision.version_set.all():
        if version.content_type.model_class() is not Article:
            continue
        pk, recorded = int(version.object_id), version.field_dict.get("version")
        if Article.objects.filter(pk=pk, version=recorded).update(version=F("version") + 1):
            claimed.add(pk)
            continue
        now = Article.objects.filter(pk=pk).values_list("version", flat=True).first()
        if now is not None:
            raise BoundaryError(
                f"文章 {pk} 在这次操作之后又被修改过（第 {now} 版），"
                "不能直接撤销；请先恢复它之后的修改，或手工调整。"
            )
    return claimed


def undo_operation(revision: Revision, *, user=None) -> list[Article]:
    """Undo the boundary operation recorded in ``revision``: every article in its snapshot gets
    its former content, page and order back (deleted ones are re-created with their id),
    articles the operation created are deleted. Stored as a new revision. Returns the
    restored articles."""
    snapshot = undo_point(revision)
    if snapshot is None:
        raise BoundaryError(f"修订 {revision.pk} 不是可撤销的文章边界操作")
    before = {int(v.object_id): v.field_dict for v in snapshot.version_set.all()}
    created = [
        int(v.object_id)
        for v in revision.version_set.all()
        if int(v.object_id) not in before and v.content_type.model_class() is Article
    ]
    restored: list[Article] = []
    with transaction.atomic(), reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(undo_comment(revision))
        claimed = _claim_as_recorded(revision)
        for article in Article.objects.filter(pk__in=created):
            article.delete()
        # Free the orders first so re-created rows never collide with shifted ones.
        for pk, fields in sorted(before.items(), key=lambda item: item[1].get("order", 0)):
            current = Article.objects.filter(pk=pk).first()
            article = Article(**fields)
            if pk in claimed:
                article.version = current.version  # already advanced by the claim
            else:
                article.version = (current.version if current else fields.get("version", 1)) + 1
            article.corrected = True
            article.corrected_at = timezone.now()
            article.save()
            restored.append(article)
    return restored
