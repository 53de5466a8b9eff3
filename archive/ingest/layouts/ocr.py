"""How OCR of a printed column mangles running text: hard line breaks, column ends, spacing."""

from __future__ import annotations

import random
import re

CJK_RE = re.compile(r"[\u4e00-\u9fff]")
DATE_RE = re.compile(r"(\d{1,2})月(\d{1,2})日")
SPACED_ALREADY_RE = re.compile(r"[\sA-Za-z0-9]")


# Chinese typesetting never starts a line with closing punctuation: it stays on the line above.
NO_LINE_START = "，。、；：！？”’）》」』…"


def wrap(text: str, width: int) -> list[str]:
    """``text`` cut every ``width`` characters, mid-word, as a narrow column prints it."""
    lines: list[str] = []
    rest = text
    while rest:
        cut = width
        while cut < len(rest) and rest[cut] in NO_LINE_START:
            cut += 1
        lines.append(rest[:cut])
        rest = rest[cut:].lstrip(" ")
    return lines or [""]


def break_column(lines: list[str], rng: random.Random) -> list[str]:
    """``lines`` with one blank line where a column ends mid-paragraph.

    Ends right after the first line (leaving a full-width fragment alone, which looks like a
    headline) or before the last one are as common as the others.
    """
    if len(lines) < 2:
        return lines
    choice = rng.random()
    if choice < 0.3:
        cut = 1
    elif choice < 0.5:
        cut = len(lines) - 1
    else:
        cut = rng.randint(1, len(lines) - 1)
    return [*lines[:cut], "", *lines[cut:]]


def space_out(line: str, rng: random.Random, skip: int = 0) -> str:
    """``line`` with a run of its characters letter-spaced (``主 持 召 开``), as OCR of
    justified type reads it; the first ``skip`` characters stay as they are."""
    if len(line) - skip < 4:
        return line
    start = rng.randint(skip, len(line) - 4)
    end = rng.randint(start + 3, len(line)) if rng.random() < 0.6 else len(line)
    run = line[start:end]
    if not CJK_RE.search(run) or SPACED_ALREADY_RE.search(run):
        return line
    return line[:start] + " ".join(run) + line[end:]


def space_dates(text: str) -> str:
    """``1月7日`` → ``1 月 7 日``: digits set in another font come out spaced."""
    return DATE_RE.sub(r"\1 月 \2 日", text)


def space_name(name: str, rng: random.Random) -> str:
    """A two-character name printed with a justifying space (``刘 洋``), sometimes."""
    return " ".join(name) if len(name) == 2 and rng.random() < 0.5 else name
