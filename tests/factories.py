"""Small builders for test data: each returns a saved object with sensible defaults."""

from __future__ import annotations

import datetime
import itertools

from archive.models import Article, County, Issue, Newspaper, Page

_counter = itertools.count(1)


def make_newspaper(name: str = "怀川日报", **fields) -> Newspaper:
    paper, _ = Newspaper.objects.get_or_create(name=name, defaults=fields)
    return paper


def make_county(name: str = "温县", city: str = "焦作市") -> County:
    county, _ = County.objects.get_or_create(name=name, defaults={"city": city})
    return county


def make_issue(
    date: datetime.date | str = "2023-01-10", newspaper: Newspaper | None = None
) -> Issue:
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date)
    issue, _ = Issue.objects.get_or_create(newspaper=newspaper or make_newspaper(), date=date)
    return issue


def make_page(
    label: str = "A08", issue: Issue | None = None, county: County | None = None, **fields
) -> Page:
    fields.setdefault("section", f"{county.name}新闻" if county else "综合新闻")
    fields.setdefault("printed_label", label)
    return Page.objects.create(issue=issue or make_issue(), label=label, county=county, **fields)


def make_article(page: Page | None = None, **fields) -> Article:
    if page is None:
        issue = make_issue()
        page = issue.pages.filter(label="A08").first() or make_page("A08", issue=issue)
    n = next(_counter)
    fields.setdefault("order", n)
    fields.setdefault("title", f"测试标题{n}")
    fields.setdefault("body", f"本报讯 这是第{n}篇测试文章的正文。\n\n第二段落。")
    fields.setdefault("ocr_text", fields["body"])
    fields.setdefault("county", page.county)
    return Article.objects.create(page=page, **fields)


def make_staff_user(username: str = "editor", *, groups: tuple[str, ...] = ("校对员",), **fields):
    """A staff user in the given groups (groups come from migration 0002_admin_groups)."""
    from django.contrib.auth.models import Group, User

    from archive.corrections.roles import ensure_role_groups

    ensure_role_groups()  # transactional tests flush the groups the migration made
    user = User.objects.create_user(
        username=username, password="pw-校对-123", is_staff=True, **fields
    )
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user
