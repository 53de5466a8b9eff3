"""Hits over time: matching articles per year or month, as counts or per 1,000 articles.

The counts come from the search's own facet pass (``SearchPage.year_counts`` and
``month_counts``): drawing a chart costs no search per bar. Comparing queries costs one search
per query and one grouped database query for the number of articles in each period.
"""

from __future__ import annotations

import calendar
import datetime
import math
from dataclasses import dataclass, field

from archive.search.service import SearchFilters, SearchPage

YEAR, MONTH = "year", "month"
MONTHS_UP_TO = 24  # a range of at most two years is drawn month by month
MAX_QUERIES = 3


@dataclass(frozen=True)
class Period:
    """One bar's period: a year (``key`` 2023) or a month (``key`` 202303)."""

    key: int
    granularity: str

    @property
    def year(self) -> int:
        return self.key if self.granularity == YEAR else self.key // 100

    @property
    def month(self) -> int | None:
        return None if self.granularity == YEAR else self.key % 100

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, 1)

    @property
    def end(self) -> datetime.date:
        if self.month is None:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def label(self) -> str:
        return f"{self.year}年" if self.month is None else f"{self.year}年{self.month}月"

    @property
    def iso(self) -> str:
        return str(self.year) if self.month is None else f"{self.year}-{self.month:02d}"


def month_key(day: datetime.date) -> int:
    return day.year * 100 + day.month


def _month_index(key: int) -> int:
    return (key // 100) * 12 + key % 100 - 1


def choose_granularity(filters: SearchFilters, month_keys: list[int]) -> str:
    """Months when the period shown (the ``from``/``to`` range, or where a bound is missing,
    the first or last month with a hit) spans at most two years; years otherwise."""
    if not month_keys and not (filters.date_from and filters.date_to):
        return YEAR
    first = month_key(filters.date_from) if filters.date_from else min(month_keys)
    last = month_key(filters.date_to) if filters.date_to else max(month_keys)
    return MONTH if _month_index(last) - _month_index(first) < MONTHS_UP_TO else YEAR


def periods_between(first: int, last: int, granularity: str) -> list[Period]:
    """Every period from ``first`` to ``last`` (keys), with the empty ones between."""
    if granularity == YEAR:
        return [Period(year, YEAR) for year in range(first, last + 1)]
    keys = range(_month_index(first), _month_index(last) + 1)
    return [Period((index // 12) * 100 + index % 12 + 1, MONTH) for index in keys]


def axis(filters: SearchFilters, granularity: str, keys: list[int]) -> list[Period]:
    """The periods to draw: from the first to the last with hits; by month, the whole
    ``from``/``to`` range when one was given (the empty months say something too)."""
    if granularity == MONTH:
        first = [month_key(filters.date_from)] if filters.date_from else []
        last = [month_key(filters.date_to)] if filters.date_to else []
    else:
        first = last = []
    if not keys and not (first and last):
        return []
    return periods_between(min(first or keys), max(last or keys), granularity)


def counts_of(page: SearchPage, granularity: str) -> dict[int, int]:
    pairs = page.year_counts if granularity == YEAR else page.month_counts
    return dict(pairs)


# -- drawing --------------------------------------------------------------------------------

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 12, 30
MAX_TICK_LABELS = 12
MAX_GROUP_WIDTH = 72


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: float
    series: int
    title: str
    url: str
    active: bool = False


@dataclass
class Chart:
    """Geometry of a bar chart in a ``WIDTH`` × ``HEIGHT`` SVG viewBox."""

    periods: list[Period]
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)  # x centre, label
    grid: list[tuple[float, str]] = field(default_factory=list)  # y, value label
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at least ``value`` (axis maximum)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value - 1e-12:
            return step * power
    return 10 * power  # pragma: no cover


def format_value(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}".rstrip("0").rstrip(".")


def tick_label(period: Period, first: bool) -> str:
    if period.month is None:
        return str(period.year)
    return f"{period.year}.{period.month}" if first or period.month == 1 else f"{period.month}月"


def draw_bars(
    periods: list[Period],
    series: list[list[float]],
    titles: list[list[str]],
    urls: list[list[str]],
    active: set[int] | None = None,
) -> Chart:
    """Grouped bars: ``series[s][p]`` is the value of series ``s`` in ``periods[p]``."""
    chart = Chart(periods=periods)
    largest = max((v for values in series for v in values), default=0)
    whole = all(float(v).is_integer() for values in series for v in values)
    grid_step = nice_ceiling(largest / 4)
    if whole:  # counts: no grid line at 0.5 articles
        grid_step = max(grid_step, 1.0)
    top = grid_step * 4
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(periods), 1)
    group = min(slot * 0.8, MAX_GROUP_WIDTH)  # one or two periods: bars, not walls
    bar_width = group / max(len(series), 1)
    for step in range(5):
        value = top * step / 4
        chart.grid.append((HEIGHT - BOTTOM - plot_height * step / 4, format_value(value)))
    every = math.ceil(len(periods) / MAX_TICK_LABELS) or 1
    for index, period in enumerate(periods):
        left = LEFT + slot * index + (slot - group) / 2
        if index % every == 0:
            chart.ticks.append((LEFT + slot * (index + 0.5), tick_label(period, index == 0)))
        for number, values in enumerate(series):
            height = plot_height * values[index] / top
            chart.bars.append(
                Bar(
                    x=round(left + bar_width * number, 2),
                    y=round(HEIGHT - BOTTOM - height, 2),
                    width=round(max(bar_width - 1, 1), 2),
                    height=round(height, 2),
                    value=values[index],
                    series=number,
                    title=titles[number][index],
                    url=urls[number][index],
                    active=bool(active and period.key in active),
                )
            )
    return chart


# -- comparing queries ----------------------------------------------------------------------


@dataclass
class Series:
    text: str
    total: int
    counts: list[int]
    per_thousand: list[float]
    error: str = ""


@dataclass
class Comparison:
    granularity: str
    periods: list[Period]
    articles: list[int]  # articles in each period (the denominators)
    series: list[Series]


def per_thousand(count: int, articles: int) -> float:
    return round(count * 1000 / articles, 2) if articles else 0.0


def compare(pages: list[SearchPage], filters: SearchFilters) -> Comparison:
    """Counts and rates per period for the searches ``pages`` (same filters, one a query)."""
    from archive.models import Article

    month_keys = sorted({key for page in pages for key, _ in page.month_counts})
    granularity = choose_granularity(filters, month_keys)
    keys = sorted({key for page in pages for key in counts_of(page, granularity)})
    periods = axis(filters, granularity, keys)
    totals = Article.objects.within_search_filters(filters).counts_per_period(granularity)
    articles = [totals.get(period.key, 0) for period in periods]
    series = []
    for page in pages:
        counts = counts_of(page, granularity)
        row = [counts.get(period.key, 0) for period in periods]
        series.append(
            Series(
                text=page.request.text,
                total=page.total,
                counts=row,
                per_thousand=[per_thousand(c, n) for c, n in zip(row, articles, strict=True)],
                error=page.error,
            )
        )
    return Comparison(granularity, periods, articles, series)
