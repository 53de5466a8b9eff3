"""Check a reading of a rendered page against its truth, one counted check at a time.

Check kinds (each counted separately; a failed check carries a *pattern*, the reason plus the
layout feature it concerns, and an example):

- ``pairing``: a titled report's headline heads the body holding its first key phrase (the
  title is one of its headline's lines, or the lines joined, and every line is in the title
  or subtitle).
- ``headline_order``: for headlines of two or more lines: title and subtitle exactly as the
  headline rule says (``truth.py``).
- ``whole``: every paragraph of a report is in one item (not cut by column ends, bylines …).
- ``separate``: a report's item holds no other item's start (two reports not merged).
- ``subheads``: a subhead stays inside its report's body and heads no item.
- ``continuation``: a continued report is one item, marked as continued, with no invented title.
- ``photo``: a caption is its own ``photo`` item, its credit in ``credit``/``byline`` and not
  in the caption text.
- ``brief``: a brief is its own untitled ``brief`` item.
- ``byline_not_title``: no byline name is read as (part of) a headline.
- ``byline``: the names of a byline are in the report's ``byline`` field, not in its body.
- ``credit``: a closing credit is in ``credit``, not in the body.
- ``no_empty``: every item read has a body.
- ``no_untitled``: every report read that does not continue another page has a title.
- ``banner``: a section banner between reports (``民生关注``) is in no item.
"""

from __future__ import annotations

from collections.abc import Sequence

from archive.ingest.layouts import checks
from archive.ingest.layouts.reading import (
    ArticleLike,
    Check,
    PageScore,
    Reading,
    compact,
    holder_of,
)
from archive.ingest.layouts.truth import ItemTruth

__all__ = ["CHECK_KINDS", "Check", "PageScore", "compact", "score_page"]

CHECK_KINDS = (
    "pairing",
    "headline_order",
    "whole",
    "separate",
    "subheads",
    "continuation",
    "photo",
    "brief",
    "byline_not_title",
    "byline",
    "credit",
    "no_empty",
    "no_untitled",
    "banner",
)


def score_page(
    articles: Sequence[ArticleLike], truth: Sequence[ItemTruth], banners: Sequence[str] = ()
) -> PageScore:
    """Every check of every truth item (and of every item read, and of every section banner)
    on one page."""
    reads = [Reading.of(article) for article in articles]
    score = PageScore()
    for banner in banners:
        score.subject = banner
        holder = next((r for r in reads if compact(banner) in r.headline + r.body), None)
        where = "in a headline" if holder and compact(banner) in holder.headline else "in a body"
        example = f"{banner!r} {holder.describe() if holder else ''}"
        score.add("banner", holder is None, f"section banner read {where}", example)
    for item in truth:
        score.tags, score.subject = tuple(item.tags), item.source
        holder = holder_of(reads, item.phrases[0])
        checks.check_pairing(score, item, holder, reads)
        checks.check_order(score, item, holder)
        checks.check_whole(score, item, holder, reads)
        checks.check_separate(score, item, holder, truth)
        checks.check_subheads(score, item, holder, reads)
        checks.check_continuation(score, item, holder)
        checks.check_photo(score, item, holder, truth)
        checks.check_brief(score, item, holder, truth)
        checks.check_bylines(score, item, holder, reads)
        checks.check_credit(score, item, holder)
    for read in reads:
        owner = _owner(read, truth)
        score.tags = tuple(owner.tags) if owner else ()
        score.subject = f"read from {owner.source if owner else '?'}"
        tags = f" [{'/'.join(owner.tags[:4])}]" if owner else ""
        example = f"{owner.source if owner else '?'} {read.describe()}"
        if not read.body:
            held = [
                name for name in ("title", "subtitle", "byline", "credit") if getattr(read, name)
            ]
            what = f"empty {read.article.kind} item holding only {'+'.join(held) or 'nothing'}"
            score.add("no_empty", False, what + tags, example)
        else:
            score.add("no_empty", True)
        if read.article.kind == "article" and not read.article.continues_from and read.body:
            starts = "a report's start" if owner and owner.phrases[0] in read.body else "a fragment"
            reason = f"untitled report ({starts})"
            score.add("no_untitled", bool(read.title), reason + tags, example)
    return score


def _owner(read: Reading, truth: Sequence[ItemTruth]) -> ItemTruth | None:
    """The truth item an item read comes (mostly) from: by body phrase, headline or byline."""
    for item in truth:
        if any(phrase in read.body for phrase in item.phrases):
            return item
    for item in truth:
        if read.title and read.title in "".join(compact(line) for line in item.headline_lines):
            return item
    for item in truth:
        if item.byline_names and any(name in read.byline for name in item.byline_names):
            return item
    return None
