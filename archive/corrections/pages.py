"""Correcting a page's date, label and county; its articles follow."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from archive.corrections.history import mark_corrected, record_revision
from archive.models import Article, County, Issue, Page, validate_page_label

_UNCHANGED = object()


class PageMetadataError(ValueError):
    """The correction would break a rule (e.g. the label is taken); nothing was changed.

    ``field`` names the form field at fault (``"label"``, ``"date"``), or None."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def check_page_metadata(
    page: Page, *, date: datetime.date | None = None, label: str | None = None
) -> str:
    """Return the label ``page`` would get from this correction; raise ``PageMetadataError``
    when the label is empty, breaks ``validate_page_label`` (no "/" or whitespace: labels are
    URL segments) or is already used in the issue of the (new) date."""
    new_label = (label if label is not None else page.label).strip()
    if not new_label:
        raise PageMetadataError("版次不能为空", field="label")
    try:
        validate_page_label(new_label)
    except ValidationError as invalid:
        raise PageMetadataError(
            f"版次“{new_label}”无效：{invalid.messages[0]}", field="label"
        ) from invalid
    issue = page.issue
    if date is not None and date != issue.date:
        issue = Issue.objects.filter(newspaper=issue.newspaper, date=date).first()
    clash = issue.pages.filter(label=new_label).exclude(pk=page.pk).first() if issue else None
    if clash is not None:
        raise PageMetadataError(
            f"{issue} 已有版次 {new_label} 的版面（#{clash.pk}），不能再放入版面 #{page.pk}。"
            "请换一个版次或日期。",
            field="label",
        )
    return new_label


def correct_page_metadata(
    page: Page,
    *,
    date: datetime.date | None = None,
    label: str | None = None,
    county: County | None | object = _UNCHANGED,
    section: str | None = None,
    user=None,
) -> Page:
    """Apply the given corrections to ``page`` (as stored) and return it saved.

    A new ``date`` moves the page to that day's issue of the same newspaper, created if
    needed; the old issue is deleted when it is left without pages and has no number. A new
    ``county`` is also given to every article of the page that had the page's old county.
    Page and changed articles are stored as one revision. Raises ``PageMetadataError`` when
    the target issue already has a page with that label."""
    page = Page.objects.select_related("issue__newspaper", "county").get(pk=page.pk)
    old_issue, old_county = page.issue, page.county
    new_county = page.county if county is _UNCHANGED else county
    with transaction.atomic():
        new_label = check_page_metadata(page, date=date, label=label)
        target_issue = old_issue
        if date is not None and date != old_issue.date:
            target_issue, _ = Issue.objects.get_or_create(newspaper=old_issue.newspaper, date=date)
        followers = []
        if new_county != old_county:
            followers = list(Article.objects.following_page_county(page))
        with record_revision(
            [page, *followers],
            user=user,
            comment=_describe(page, date, new_label, new_county, section),
        ):
            page.issue = target_issue
            page.label = new_label
            page.county = new_county
            if section is not None:
                page.section = section
            page.save()
            for article in followers:
                article.county = new_county
                mark_corrected(article, user=user)
                article.save()
        if target_issue != old_issue:
            old_issue.delete_if_empty()
    return page


def _describe(page: Page, date, label: str, county, section) -> str:
    parts = []
    if date is not None and date != page.issue.date:
        parts.append(f"日期 {page.issue.date:%Y-%m-%d}→{date:%Y-%m-%d}")
    if label != page.label:
        parts.append(f"版次 {page.label}→{label}")
    if county != page.county:
        parts.append(f"县区 {page.county or '无'}→{county or '无'}")
    if section is not None and section != page.section:
        parts.append(f"版名 {page.section or '无'}→{section or '无'}")
    return "更正版面信息：" + ("，".join(parts) or "无变化")


def articles_of(page: Page) -> list[Article]:
    return list(page.articles.order_by("order", "pk"))
