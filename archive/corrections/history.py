"""Revisions of articles and pages (django-reversion): record, list, count, compare, revert.

Every staff change is saved inside ``record_revision`` so a revision holds who, when, a
comment and the full serialized content of each object touched. Articles imported without
a revision get a *baseline* revision of their imported state before the first change, so
staff can always go back to what the importer produced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import reversion
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from reversion.models import Revision, Version

from archive.corrections.diff import FieldChange, field_changes
from archive.corrections.workflow import next_status
from archive.models import Article, County, Page

BASELINE_COMMENT = "导入时的原始状态"
SNAPSHOT_PREFIX = "操作前快照："
# A boundary operation's comment names its snapshot; the comment of its undo names the
# operation, so whether an operation is still in force can be read from the history.
UNDO_POINT = re.compile(r"撤销点#(\d+)")
UNDONE_MARK = "撤销修订#"

# What a reader sees of an article; a content revert restores exactly these.
ARTICLE_CONTENT_FIELDS = {
    "title": "标题",
    "subtitle": "副标题",
    "byline": "作者",
    "credit": "稿件来源",
    "body": "正文",
    "kind": "类型",
    "county_id": "县区",
    "continues_from": "上接版次",
}
# Codes and names: shown as old → new, a character diff of them reads as noise.
WHOLE_VALUE_FIELDS = frozenset({"kind", "county_id", "status", "page_id", "order"})
ARTICLE_DIFF_FIELDS = {
    **ARTICLE_CONTENT_FIELDS,
    "status": "校对状态",
    "page_id": "版面",
    "order": "阅读顺序",
}


def register_models() -> None:
    """Register the archive models with reversion (idempotent; called from AppConfig.ready)."""
    for model in (Article, Page):
        if not reversion.is_registered(model):
            reversion.register(model)


def versions_of(obj) -> list[Version]:
    """Return the versions of ``obj``, newest first."""
    return list(Version.objects.get_for_object(obj).select_related("revision__user"))


def ensure_baseline(objects: Iterable) -> None:
    """Give every object that has no revision yet one holding its current stored state."""
    missing = [
        obj for obj in objects if obj.pk and not Version.objects.get_for_object(obj).exists()
    ]
    if not missing:
        return
    with reversion.create_revision(manage_manually=True):
        reversion.set_comment(BASELINE_COMMENT)
        for obj in missing:
            reversion.add_to_revision(type(obj).objects.get(pk=obj.pk))


@contextmanager
def record_revision(objects: Iterable, *, user=None, comment: str = "") -> Iterator[None]:
    """Context manager: inside one transaction, make sure ``objects`` have a baseline, run the
    block, then store one revision with the saved state of every object saved in the block
    (and of ``objects``)."""
    objects = list(objects)
    with transaction.atomic():
        ensure_baseline(objects)
        with reversion.create_revision():
            yield
            if user is not None and user.is_authenticated:
                reversion.set_user(user)
            reversion.set_comment(comment)
            for obj in objects:
                if obj.pk and type(obj).objects.filter(pk=obj.pk).exists():
                    reversion.add_to_revision(obj)


def mark_corrected(article: Article, *, user) -> None:
    """Flag ``article`` as changed by staff (the importer never overwrites such articles),
    advance its optimistic-locking version and its status as any staff save does
    (``next_status``): an 已审核 article changed by a non-reviewer drops to 已校对."""
    article.status = next_status(article.status, article.status, user)
    article.corrected = True
    article.corrected_at = timezone.now()
    article.version = (article.version or 0) + 1


def staff_versions(article: Article):
    """Versions of ``article`` made by staff: baseline and pre-operation snapshots excluded."""
    return (
        Version.objects.get_for_object(article)
        .exclude(revision__comment=BASELINE_COMMENT)
        .exclude(revision__comment__startswith=SNAPSHOT_PREFIX)
    )


def revision_count(article: Article) -> int:
    """Return how many times staff saved ``article`` (edits, reverts, boundary operations)."""
    return staff_versions(article).count()


def version_for(article: Article, version_id: int) -> Version:
    """Return the version ``version_id`` of ``article``; raises Version.DoesNotExist otherwise."""
    return Version.objects.get_for_object(article).get(pk=version_id)


def version_with_number(article: Article, number: int) -> Version | None:
    """Return the newest revision of ``article`` whose stored ``Article.version`` is ``number``."""
    for version in Version.objects.get_for_object(article):
        if version.field_dict.get("version") == number:
            return version
    return None


def article_state(article: Article) -> dict:
    """Return the fields shown in diffs, read from ``article``."""
    return {field: getattr(article, field) for field in ARTICLE_DIFF_FIELDS}


def readable_state(values: dict) -> dict:
    """Return ``values`` (attname → stored value) with codes and ids replaced by what staff
    read: status and kind labels, county and page names."""
    readable = dict(values)
    choices = {"status": Article.Status, "kind": Article.Kind}
    for field, enum in choices.items():
        if values.get(field) in enum.values:
            readable[field] = enum(values[field]).label
    if values.get("county_id"):
        county = County.objects.filter(pk=values["county_id"]).first()
        readable["county_id"] = county.name if county else f"#{values['county_id']}"
    if values.get("page_id"):
        page = Page.objects.select_related("issue__newspaper").filter(pk=values["page_id"]).first()
        readable["page_id"] = str(page) if page else f"#{values['page_id']}"
    return readable


def article_changes(old: dict, new: dict) -> list[FieldChange]:
    """Return the readable field changes between two article states (attname → value)."""
    return field_changes(
        readable_state(old), readable_state(new), ARTICLE_DIFF_FIELDS, whole=WHOLE_VALUE_FIELDS
    )


def compare_versions(old: Version, new: Version) -> list[FieldChange]:
    """Return the field changes from revision ``old`` to revision ``new`` (character diffs)."""
    return article_changes(old.field_dict, new.field_dict)


class RevertRefused(ValueError):
    """The revert would lose text (or act on a stale page); nothing was changed."""


def operation_label(operation: Revision) -> str:
    """Return what a boundary operation did, without its undo point."""
    return re.sub(r"（撤销点#\d+）", "", operation.comment or "")


def undo_comment(operation: Revision) -> str:
    """Return the comment of the revision undoing ``operation``."""
    return f"撤销：{operation_label(operation)}（{UNDONE_MARK}{operation.pk}）"


def operations_in_force(article: Article) -> list[Revision]:
    """Return the boundary operations (split, merge, move, headline) that touched ``article``
    and have not been undone, newest first."""
    operations = [
        version.revision
        for version in Version.objects.get_for_object(article).select_related("revision")
        if UNDO_POINT.search(version.revision.comment or "")
    ]
    return [
        operation
        for operation in operations
        if not Revision.objects.filter(
            comment__endswith=f"（{UNDONE_MARK}{operation.pk}）"
        ).exists()
    ]


def blocking_operation(article: Article, version: Version) -> Revision | None:
    """Return the newest boundary operation still in force that happened after ``version``
    of ``article``, or None. Reverting to such a version would throw away text the operation
    moved in from or out to another article (e.g. the whole merged article)."""
    later = [op for op in operations_in_force(article) if op.pk > version.revision_id]
    return later[0] if later else None


def revert_article(
    article: Article, version: Version, *, user=None, expected_version: int | None = None
) -> Article:
    """Restore the reader-visible content of ``article`` from ``version`` and save that as a
    new revision (history is never rewritten). The original OCR is left untouched.

    Raises ``RevertRefused`` when a boundary operation that is still in force happened after
    ``version`` (it has to be undone first), or when ``expected_version`` is given and the
    stored article is no longer that version (checked and advanced in one conditional
    UPDATE). Returns the saved article."""
    if str(version.object_id) != str(article.pk):
        raise ValueError(f"修订 {version.pk} 不属于文章 {article.pk}")
    blocking = blocking_operation(article, version)
    if blocking is not None:
        raise RevertRefused(
            f"不能恢复到这个修订：此后做过文章边界操作“{operation_label(blocking)}”"
            f"（修订#{blocking.pk}），恢复到更早的版本会丢失被合并或移动的文字。"
            "请先在修订历史中对该操作点“撤销此操作”，再恢复。"
        )
    stored = version.field_dict
    when = timezone.localtime(version.revision.date_created)
    with record_revision([article], user=user, comment=f"恢复到 {when:%Y-%m-%d %H:%M} 的修订"):
        if expected_version is not None:
            _claim_for_revert(article.pk, expected_version)
        article.refresh_from_db()
        if expected_version is not None:
            article.version = expected_version  # the claim advanced it; save stores +1 once
        for field in ARTICLE_CONTENT_FIELDS:
            setattr(article, field, stored.get(field))
        mark_corrected(article, user=user)
        article.save()
    return article


def _claim_for_revert(pk: int, expected_version: int) -> None:
    """Advance the stored version if it is still ``expected_version``; else ``RevertRefused``."""
    if Article.objects.filter(pk=pk, version=expected_version).update(version=F("version") + 1):
        return
    now = Article.objects.filter(pk=pk).values_list("version", flat=True).first()
    raise RevertRefused(
        f"文章 {pk} 在您打开修订历史后已被修改（您看到的是第 {expected_version} 版，"
        f"现在是第 {now} 版），没有恢复。请刷新查看最新修订后再操作。"
    )
