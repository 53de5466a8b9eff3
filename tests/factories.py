"""Small builders for test data. Keep them minimal; add what your tests need."""

from __future__ import annotations

import datetime

from archive.models import Article, County, Issue, Newspaper, Page


def make_page(label: str = "A01", day: datetime.date | None = None, **fields) -> Page:
    newspaper, _ = Newspaper.objects.get_or_create(name=fields.pop("newspaper", "测试日报"))
    issue, _ = Issue.objects.get_or_create(
        newspaper=newspaper, date=day or datetime.date(2024, 3, 1)
    )
    return Page.objects.create(issue=issue, label=label, **fields)


def make_article(page: Page | None = None, **fields) -> Article:
    fields.setdefault("title", "新建文化广场开放")
    fields.setdefault("body", "本报讯 近日，村里的文化广场正式开放。")
    return Article.objects.create(page=page or make_page(), **fields)


def make_county(name: str = "河东县", city: str = "测试市") -> County:
    county, _ = County.objects.get_or_create(name=name, defaults={"city": city})
    return county
