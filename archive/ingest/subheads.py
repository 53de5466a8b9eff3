"""Subheads inside a report (``以项目建设为抓手``, ``小板凳上的议事会``) are not headlines.

A long report is often broken by short headings. They look like headlines, but no new report
starts under them: the text after them has no opener (本报讯), no byline and no continuation
note, and the report before them is still open (no closing credit, no photo). A report
continued from another page (``（上接A01版②）``) keeps every heading it holds.
"""

from __future__ import annotations

from archive.ingest.bodies import Body, headline_text
from archive.ingest.headlines import similarity
from archive.ingest.segment import Item

SUBHEAD_MAX_LINES = 2


def absorb_subheads(
    sequence: list[tuple[str, object]], style: str = "before"
) -> list[tuple[str, object]]:
    """Fold headline groups that sit inside an open report into that report as paragraphs.

    On pages that print headlines after their bodies a headline after an open report may end
    it, so there only headings that no layout rule proved headlines (``Item.tentative``) are
    taken for subheads.
    """
    out: list[tuple[str, object]] = []
    index = 0
    while index < len(sequence):
        kind, element = sequence[index]
        if kind != "H":
            out.append((kind, element))
            index += 1
            continue
        end = index
        while end < len(sequence) and sequence[end][0] == "H":
            end += 1
        group = [block for _kind, block in sequence[index:end]]
        report = _open_report_before(out)
        following = sequence[end][1] if end < len(sequence) and sequence[end][0] == "T" else None
        # A continued report has its headline on the page it came from: whatever heading
        # follows its text here is one of its subheads.
        proven = (
            style == "after"
            and report is not None
            and not report.continues_from
            and following is not None
            and not all(block.tentative for block in group)
            and _summarises_before(group, report, following)
        )
        if (
            report is not None
            and not proven
            and not _headline_of(group, following)
            and _continues_report(following)
            and _subhead_shaped(group)
        ):
            for block in group:
                text = headline_text(block)
                report.paras.append(Item("para", list(block.lines), text=text, subhead=True))
            report.paras.extend(following.paras)
            report.extra_items.extend(following.extra_items)
            report.credit = " ".join(c for c in (report.credit, following.credit) if c)
            report.closed = following.closed
            index = end + 1
            continue
        out.extend(sequence[index:end])
        index = end
    return out


# A headline names its report's subject: long, and its wording comes back in the report's
# first paragraph. A subhead is a short slogan over one part of a report.
HEADLINE_MIN_CHARS = 12
HEADLINE_ECHO = 0.5


def _headline_of(group: list[Item], following: Body | None) -> bool:
    if following is None or not following.paras:
        return False
    text = "".join(headline_text(block) for block in group)
    opening = following.paras[0].text
    return len(text) >= HEADLINE_MIN_CHARS and similarity(text, opening) >= HEADLINE_ECHO


def _summarises_before(group: list[Item], report: Body, following: Body) -> bool:
    """A headline printed after its report repeats that report's wording more than the text
    after it does; a subhead announces what follows."""
    text = "".join(headline_text(block) for block in group)
    return similarity(text, report.text) > similarity(text, following.text)


def _open_report_before(out: list[tuple[str, object]]) -> Body | None:
    """The report just before, if it started as a report and nothing has closed it."""
    if not out or out[-1][0] != "T":
        return None
    body = out[-1][1]
    started = body.opener or body.byline_first or bool(body.continues_from)
    if body.kind != "article" or body.closed or not started or not body.paras:
        return None
    return body


def _continues_report(body: Body | None) -> bool:
    """Text that starts no report of its own: no opener, byline or continuation note."""
    return (
        body is not None
        and body.kind == "article"
        and bool(body.paras)
        and not body.opener
        and not body.byline_first
        and not body.continues_from
        and not body.follow_up
    )


def _subhead_shaped(group: list[Item]) -> bool:
    return len(group) <= 2 and all(
        len(block.lines) <= SUBHEAD_MAX_LINES and not block.explicit and not block.vertical
        for block in group
    )
