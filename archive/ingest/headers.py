"""Page furniture: mastheads, folio lines (``A08│温县新闻2023年1月10日 星期二``) and staff lines.

These lines are printed on every page; they are not article text. They are moved to
``Page.furniture`` and read as metadata (page label, section, date, newspaper).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

# Latin mastheads printed above the folio line, mapped to the paper's Chinese name.
KNOWN_MASTHEADS = {
    "JIAOZUO DAILY": "焦作日报",
    "XINXIANG DAILY": "新乡日报",
    "HENAN DAILY": "河南日报",
    "PINGYUAN WANBAO": "平原晚报",
}

MASTHEAD_RE = re.compile(r"^[A-Z][A-Z .&'-]{4,}$")
RULE = "│|丨｜┃"
FOLIO_RE = re.compile(
    rf"^(?P<label>[A-Z]?\d{{1,3}})\s*[{RULE}]\s*(?P<section>[^\d{RULE}]*?)\s*"
    rf"(?P<year>\d{{4}})\s*年\s*(?P<month>\d{{1,2}})\s*月\s*(?P<day>\d{{1,2}})\s*日"
    rf"\s*(?:星期[一二三四五六日天])?\s*$"
)
FOLIO_DATE_FIRST_RE = re.compile(
    rf"^(?P<year>\d{{4}})\s*年\s*(?P<month>\d{{1,2}})\s*月\s*(?P<day>\d{{1,2}})\s*日"
    rf"\s*(?:星期[一二三四五六日天])?\s*[{RULE}]?\s*(?P<section>[^\d{RULE}]*?)\s*[{RULE}]\s*"
    rf"(?P<label>[A-Z]?\d{{1,3}})\s*版?\s*$"
)
# Staff lines name desk roles with a colon: ■新闻热线：…│■编辑：…│校对：…
STAFF_RE = re.compile(
    r"(?:责任编辑|编辑|责编|校对|组版|美编|版式|新闻热线|热线电话|投稿邮箱)\s*[：:]"
)


@dataclass
class PageHeader:
    """One folio line (plus the masthead above it), in the order found in the file."""

    label: str
    section: str
    date: datetime.date | None
    masthead: str = ""
    line_index: int = 0
    furniture: list[str] = field(default_factory=list)

    @property
    def newspaper(self) -> str:
        """The paper's Chinese name when the masthead is a known one, else the masthead."""
        return KNOWN_MASTHEADS.get(self.masthead.upper(), self.masthead)


def parse_folio(line: str) -> PageHeader | None:
    """A ``PageHeader`` when ``line`` is a folio line (label, section, date), else None."""
    text = line.strip()
    match = FOLIO_RE.match(text) or FOLIO_DATE_FIRST_RE.match(text)
    if not match:
        return None
    try:
        date = datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        date = None
    section = re.sub(r"\s+", "", match["section"] or "")
    return PageHeader(label=match["label"], section=section, date=date)


def is_masthead(line: str) -> bool:
    return bool(MASTHEAD_RE.match(line.strip()))


def is_staff_line(line: str) -> bool:
    text = line.strip()
    if not text or len(text) >= 120 or re.search(r"[。！？]", text):
        return False  # a sentence mentioning an editor is article text
    return len(STAFF_RE.findall(text)) >= 2 or (
        text.startswith("■") and bool(STAFF_RE.search(text))
    )


def find_page_headers(lines: list[str]) -> tuple[list[PageHeader], set[int]]:
    """Return the page headers found in ``lines`` and the indexes of every furniture line.

    A masthead directly above a folio line belongs to it; staff lines are furniture wherever
    they appear.
    """
    headers: list[PageHeader] = []
    furniture: set[int] = set()
    for index, line in enumerate(lines):
        header = parse_folio(line)
        if header:
            header.line_index = index
            header.furniture.append(line.strip())
            previous = _previous_nonblank(lines, index)
            if previous is not None and is_masthead(lines[previous]):
                header.masthead = lines[previous].strip()
                header.furniture.insert(0, header.masthead)
                furniture.add(previous)
            headers.append(header)
            furniture.add(index)
        elif is_staff_line(line):
            furniture.add(index)
            if headers and index - headers[-1].line_index <= 3:
                headers[-1].furniture.append(line.strip())
        elif is_masthead(line) and _next_is_folio(lines, index):
            furniture.add(index)
    return headers, furniture


def _previous_nonblank(lines: list[str], index: int) -> int | None:
    for back in range(index - 1, max(-1, index - 3), -1):
        if lines[back].strip():
            return back
    return None


def _next_is_folio(lines: list[str], index: int) -> bool:
    for forward in range(index + 1, min(len(lines), index + 3)):
        if lines[forward].strip():
            return parse_folio(lines[forward]) is not None
    return False
