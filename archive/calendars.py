"""Month grids for the issue calendar: which days of a month have an issue."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

MONTH_NAMES = [
    "一月",
    "二月",
    "三月",
    "四月",
    "五月",
    "六月",
    "七月",
    "八月",
    "九月",
    "十月",
    "十一月",
    "十二月",
]
WEEKDAY_HEADERS = ["一", "二", "三", "四", "五", "六", "日"]


@dataclass(frozen=True)
class CalendarDay:
    date: datetime.date
    in_month: bool
    has_issue: bool


@dataclass(frozen=True)
class MonthGrid:
    year: int
    month: int
    weeks: list[list[CalendarDay]]
    issue_count: int

    @property
    def name(self) -> str:
        return MONTH_NAMES[self.month - 1]

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)


def month_grid(year: int, month: int, issue_dates: set[datetime.date]) -> MonthGrid:
    """A Monday-first grid of ``month``; days in ``issue_dates`` are marked as having an issue."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    grid = [
        [
            CalendarDay(day, day.month == month, day.month == month and day in issue_dates)
            for day in week
        ]
        for week in weeks
    ]
    count = sum(1 for day in issue_dates if day.year == year and day.month == month)
    return MonthGrid(year, month, grid, count)


def year_grids(year: int, issue_dates: set[datetime.date]) -> list[MonthGrid]:
    """Grids of the months of ``year`` that have an issue, in order (a year with one issue
    is one small grid, not twelve mostly empty ones)."""
    months = sorted({day.month for day in issue_dates if day.year == year})
    return [month_grid(year, month, issue_dates) for month in months]


def shift_month(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)
