"""Counties and districts the papers cover, so a section (``温县新闻``) or banner names a county.

Only place names live here (no article text). Names already in the database are matched too,
so an archive covering other regions works once its counties exist.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

# Names of counties already in the database, set while a file is parsed (see ``known``).
_EXTRA_NAMES: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar(
    "extra_county_names", default=()
)

# canonical name → (city, short forms printed in sections and headlines)
KNOWN_COUNTIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "温县": ("焦作市", ()),
    "孟州市": ("焦作市", ("孟州",)),
    "沁阳市": ("焦作市", ("沁阳",)),
    "博爱县": ("焦作市", ("博爱",)),
    "武陟县": ("焦作市", ("武陟",)),
    "修武县": ("焦作市", ("修武",)),
    "山阳区": ("焦作市", ()),
    "解放区": ("焦作市", ()),
    "中站区": ("焦作市", ()),
    "马村区": ("焦作市", ()),
    "示范区": ("焦作市", ()),
    "牧野区": ("新乡市", ()),
    "凤泉区": ("新乡市", ()),
    "卫滨区": ("新乡市", ()),
    "红旗区": ("新乡市", ()),
    "封丘县": ("新乡市", ("封丘",)),
    "原阳县": ("新乡市", ("原阳",)),
    "延津县": ("新乡市", ("延津",)),
    "获嘉县": ("新乡市", ("获嘉",)),
    "新乡县": ("新乡市", ()),
    "长垣市": ("新乡市", ("长垣",)),
    "卫辉市": ("新乡市", ("卫辉",)),
    "辉县市": ("新乡市", ("辉县",)),
}


# Any county-level place printed as a section (``临泉县新闻``, ``某某区新闻``) or as a bare
# banner (``利辛县``): pages of counties missing from KNOWN_COUNTIES still get their county.
# Bare banners leave out 市, which ends too many common words (夜市, 超市) to be evidence.
SECTION_NAME_RE = re.compile(r"^(?P<name>[\u4e00-\u9fff]{1,6}?[县区市旗])新闻$")
BANNER_NAME_RE = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,5}[县区旗])$")
# Words ending like a place name that name no place.
NOT_PLACES = frozenset(
    {
        "都市",
        "城市",
        "超市",
        "夜市",
        "集市",
        "城区",
        "市区",
        "山区",
        "郊区",
        "辖区",
        "园区",
        "景区",
        "街区",
        "社区",
        "校区",
        "库区",
        "片区",
        "新区",
        "本县",
        "全县",
        "全区",
        "全市",
        # page-section words, not places (区县新闻, 县市动态)
        "区县",
        "县区",
        "县市",
        "市县",
        "各县",
        "郊县",
        "各区",
        "城乡",
    }
)


def place_in_section(section: str) -> str:
    """The county-level place a section or banner names by its form alone (``临泉县新闻`` →
    ``临泉县``, ``利辛县`` → ``利辛县``), known to the gazetteer or not; '' otherwise."""
    match = SECTION_NAME_RE.match(section) or BANNER_NAME_RE.match(section)
    if not match or match["name"] in NOT_PLACES or len(match["name"]) < 2:
        return ""
    return match["name"]


@contextmanager
def known(names: tuple[str, ...]) -> Iterator[None]:
    """Within the block, also recognise ``names`` (e.g. every County in the database)."""
    token = _EXTRA_NAMES.set(tuple(names))
    try:
        yield
    finally:
        _EXTRA_NAMES.reset(token)


def county_forms(extra_names: list[str] | tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """``(printed form, canonical name)`` pairs, longest printed form first."""
    return _forms(tuple(sorted({*extra_names, *_EXTRA_NAMES.get()})))


@lru_cache(maxsize=64)
def _forms(extra_names: tuple[str, ...]) -> list[tuple[str, str]]:
    pairs = []
    for name, (_city, short_forms) in KNOWN_COUNTIES.items():
        pairs.append((name, name))
        pairs.extend((short, name) for short in short_forms)
    for name in extra_names:
        if name:
            pairs.append((name, name))
            if len(name) >= 3 and name[-1] in "县市区" and not GENERIC_AREA_RE.match(name):
                pairs.append((name[:-1], name))  # 青云县 is printed 青云 in 青云新闻
    return sorted(set(pairs), key=lambda pair: (-len(pair[0]), pair[0]))


def city_of(name: str) -> str:
    return KNOWN_COUNTIES.get(name, ("", ()))[0]


def county_in_section(section: str, extra_names: tuple[str, ...] = ()) -> str:
    """The canonical county a section name like ``温县新闻`` or ``孟州新闻`` names, or ''.

    Known names (and their short forms) first, then any ``…县/区/市/旗新闻`` section."""
    for form, name in county_forms(extra_names):
        if section.startswith(form):
            return name
    return place_in_section(section) if section.endswith("新闻") else ""


# Districts named by a common noun (示范区, 高新区, 开发区) are that district only when the
# word stands alone: in 农业科技示范区 or 国家级经济技术开发区 it is any such zone anywhere.
GENERIC_AREA_RE = re.compile(r"^(?:示范|开发|高新|经开|保税|试验|实验|综合|自贸|工业|产业|新)区$")
# What may stand right before a standalone generic district name.
GENERIC_AREA_LEFT = "在和与及、为到赴从向对是该全我"


def counties_mentioned(text: str, extra_names: tuple[str, ...] = ()) -> dict[str, int]:
    """How often each known county is named in ``text`` (longest forms counted first)."""
    counts: dict[str, int] = {}
    remaining = text
    for form, name in county_forms(extra_names):
        pattern = _standalone(form) if GENERIC_AREA_RE.match(form) else None
        hits = len(pattern.findall(remaining)) if pattern else remaining.count(form)
        if hits:
            counts[name] = counts.get(name, 0) + hits
            if pattern:
                remaining = pattern.sub("\0", remaining)
            else:
                remaining = remaining.replace(form, "\0")
    return counts


@lru_cache(maxsize=64)
def _standalone(form: str) -> re.Pattern[str]:
    return re.compile(rf"(?:(?<=[^\u4e00-\u9fff])|(?<=[{GENERIC_AREA_LEFT}])|^){re.escape(form)}")


def is_county_name(text: str, extra_names: tuple[str, ...] = ()) -> str:
    """The canonical name when ``text`` is exactly a county name (a banner like ``封丘县``),
    a known one or any ``…县/区/旗`` name."""
    for form, name in county_forms(extra_names):
        if text == form:
            return name
    return place_in_section(text) if not text.endswith("新闻") else ""
