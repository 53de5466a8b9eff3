"""Check a reading of a rendered page against its truth, one counted check at a time.

Check kinds (each counted separately; a failed check carries a *pattern*, the reason plus the
layout feature it concerns, and an example):

- ``pairing``: a titled report's headline heads the body holding its first key phrase (the
  title is one of its headline's lines, or the lines joined, and every line is in the title
  or subtitle).
- ``headline_order``: for headlines of two or more lines: title and subtitle exactly as the
  headline rule says (``truth.py``).
- ``whole``: every paragraph of a report is in one item (not cut by column ends, bylines …).
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
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from archive.ingest.layouts.truth import ItemTruth

CHECK_KINDS = (
    "pairing",
    "headline_order",
    "whole",
    "subheads",
    "continuation",
    "photo",
    "brief",
    "byline_not_title",
    "byline",
    "credit",
    "no_empty",
    "no_untitled",
)
DASHES_RE = re.compile(r"^[—－\-]+")


class ArticleLike(Protocol):
    """What the checks read of a parsed article (``archive.ingest.articles.ParsedArticle``)."""

    kind: str
    title: str
    subtitle: str
    byline: str
    credit: str
    body: str
    continues_from: str
    notes: list[str]


@dataclass(frozen=True)
class Check:
    kind: str
    passed: bool
    pattern: str = ""  # why it failed, and the layout feature concerned
    example: str = ""


@dataclass
class PageScore:
    checks: list[Check] = field(default_factory=list)

    def add(self, kind: str, passed: bool, pattern: str = "", example: str = "") -> None:
        self.checks.append(Check(kind, passed, "" if passed else pattern, example))

    def counts(self) -> dict[str, tuple[int, int]]:
        """``{kind: (passed, total)}`` for the kinds checked on this page."""
        result: dict[str, tuple[int, int]] = {}
        for check in self.checks:
            passed, total = result.get(check.kind, (0, 0))
            result[check.kind] = (passed + check.passed, total + 1)
        return result

    @property
    def failures(self) -> list[Check]:
        return [check for check in self.checks if not check.passed]


def compact(text: str) -> str:
    """Text as compared: no whitespace, no Markdown bold, no leading dashes."""
    return DASHES_RE.sub("", re.sub(r"\s|\*\*", "", text or ""))


@dataclass
class _Read:
    """A parsed article with its texts compacted once."""

    article: ArticleLike
    title: str
    subtitle: str
    body: str
    byline: str
    credit: str

    @classmethod
    def of(cls, article: ArticleLike) -> _Read:
        return cls(
            article,
            compact(article.title),
            compact(article.subtitle),
            compact(article.body),
            compact(article.byline),
            compact(article.credit),
        )

    @property
    def headline(self) -> str:
        return self.title + self.subtitle

    def describe(self) -> str:
        body = self.body[:16] + ("…" if len(self.body) > 16 else "")
        return (
            f"[{self.article.kind} title={self.article.title!r} "
            f"subtitle={self.article.subtitle!r} body={body!r}]"
        )


def score_page(articles: Sequence[ArticleLike], truth: Sequence[ItemTruth]) -> PageScore:
    """Every check of every truth item (and of every item read) on one page."""
    reads = [_Read.of(article) for article in articles]
    score = PageScore()
    for item in truth:
        holder = _holder(reads, item.phrases[0])
        _check_pairing(score, item, holder, reads)
        _check_order(score, item, holder)
        _check_whole(score, item, holder, reads)
        _check_subheads(score, item, holder, reads)
        _check_continuation(score, item, holder)
        _check_photo(score, item, holder, reads)
        _check_brief(score, item, holder)
        _check_bylines(score, item, holder, reads)
        _check_credit(score, item, holder)
    for read in reads:
        owner = _owner(read, truth)
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


def _owner(read: _Read, truth: Sequence[ItemTruth]) -> ItemTruth | None:
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


def _holder(reads: list[_Read], phrase: str) -> _Read | None:
    return next((read for read in reads if phrase in read.body), None)


def _example(item: ItemTruth, holder: _Read | None) -> str:
    got = holder.describe() if holder else "[no item holds its first phrase]"
    want = f"title={item.title!r} subtitle={item.subtitle!r}" if item.title else item.kind
    return f"{item.source} want {want}; got {got}"


def _where_is_phrase(reads: list[_Read], phrase: str) -> str:
    if any(phrase in read.headline for read in reads):
        return "body text read as a headline"
    return "body text lost"


def _check_pairing(score: PageScore, item: ItemTruth, holder, reads) -> None:
    if not item.title:
        return
    layout = "/".join(item.tags[:3])
    lines = [compact(line) for line in item.headline_lines]
    whole = "".join(lines)
    if holder is None:
        score.add("pairing", False, f"{_where_is_phrase(reads, item.phrases[0])} [{layout}]")
        return
    ok = bool(holder.title) and holder.title in (whole, *lines)
    ok = ok and all(line in holder.headline for line in lines)
    if ok:
        score.add("pairing", True)
        return
    elsewhere = next((r for r in reads if r is not holder and lines[-1] in r.headline), None)
    if not holder.title:
        reason = (
            "report untitled, its headline on another item"
            if elsewhere
            else ("report untitled, headline lost (left in a body?)")
        )
    elif any(name in holder.headline for name in item.byline_names):
        reason = "byline read as the headline"
    elif any(line in holder.headline for line in lines):
        reason = "headline lines split or mixed with other text"
    elif elsewhere:
        reason = "titled with another item's headline, its own on another item"
    else:
        reason = "titled with another item's headline or a body line"
    score.add("pairing", False, f"{reason} [{layout}]", _example(item, holder))


def _check_order(score: PageScore, item: ItemTruth, holder) -> None:
    if not item.title or len(item.headline_lines) < 2:
        return
    want = (compact(item.title), compact(item.subtitle))
    got = (holder.title, holder.subtitle) if holder else ("", "")
    if got == want:
        score.add("headline_order", True)
        return
    if holder is None or not holder.title:
        reason = "no headline on the report"
    elif got == want[::-1]:
        reason = "title and subtitle swapped"
    elif item.shape == "wrapped" and holder.subtitle:
        reason = "wrapped headline split into title and subtitle"
    elif item.subtitle and holder.title == want[1] + want[0]:
        reason = "lead-in joined before the title"
    elif item.subtitle and not holder.subtitle:
        reason = "subtitle missing"
    else:
        reason = "other title/subtitle"
    score.add("headline_order", False, f"{reason} [{item.shape}]", _example(item, holder))


def _check_whole(score: PageScore, item: ItemTruth, holder, reads) -> None:
    if len(item.phrases) < 2 or item.continuation:
        return
    holders = {id(_holder(reads, phrase)) for phrase in item.phrases}
    ok = holder is not None and holders == {id(holder)}
    tags = "/".join(item.tags[:2]) + ("/subheads" if item.subheads else "")
    score.add("whole", ok, f"report cut into {len(holders)} items [{tags}]", _example(item, holder))


def _check_subheads(score: PageScore, item: ItemTruth, holder, reads) -> None:
    for subhead in item.subheads:
        inside = holder is not None and subhead in holder.body
        as_title = any(subhead[:6] in read.headline for read in reads)
        kind = "continued report" if item.continuation else "report"
        reason = "subhead read as a headline" if as_title else "subhead not in its report's body"
        score.add(
            "subheads",
            inside and not as_title,
            f"{reason} ({kind}) [{item.tags[0]}]",
            f"{subhead!r}: {_example(item, holder)}",
        )


def _check_continuation(score: PageScore, item: ItemTruth, holder) -> None:
    if not item.continuation:
        return
    tags = "/".join(item.tags)
    if holder is None:
        score.add("continuation", False, f"continuation lost [{tags}]", _example(item, holder))
        return
    parts = all(phrase in holder.body for phrase in item.phrases)
    marked = bool(holder.article.continues_from) or any("上接" in n for n in holder.article.notes)
    titled_ok = holder.title == compact(item.title)
    if parts and marked and titled_ok:
        score.add("continuation", True)
        return
    if not parts:
        reason = "continuation cut into items"
    elif not titled_ok:
        reason = "continuation given an invented title" if not item.title else "title lost"
    else:
        reason = "continuation not marked as continued"
    score.add("continuation", False, f"{reason} [{tags}]", _example(item, holder))


def _check_photo(score: PageScore, item: ItemTruth, holder, reads) -> None:
    if item.kind != "photo":
        return
    tags = item.tags[1]
    if holder is None:
        score.add("photo", False, f"caption lost [{tags}]", _example(item, holder))
        return
    fields = holder.credit + holder.byline
    if holder.article.kind != "photo":
        others = len(holder.body) > len(item.phrases[0]) * 12
        reason = (
            "caption merged into a report" if others else f"caption read as {holder.article.kind}"
        )
    elif not all(name in fields for name in item.byline_names):
        reason = "credit not in credit/byline"
    elif any(name in holder.body for name in item.byline_names) or holder.body.endswith("摄"):
        reason = "credit left in the caption text"
    else:
        score.add("photo", True)
        return
    score.add("photo", False, f"{reason} [{tags}]", _example(item, holder))


def _check_brief(score: PageScore, item: ItemTruth, holder) -> None:
    if item.kind != "brief":
        return
    ok = holder is not None and holder.article.kind == "brief" and not holder.title
    ok = ok and len(holder.body) < len(item.phrases[0]) * 20
    score.add("brief", ok, f"brief not its own brief item [{item.tags[1]}]", _example(item, holder))


def _check_bylines(score: PageScore, item: ItemTruth, holder, reads) -> None:
    if not item.byline_names or item.kind == "photo":
        return
    opener = "+opener" if "byline-line-and-opener" in item.tags else ""
    tags = f"{item.byline_place}{opener}/{item.tags[1]}"
    in_title = [r for r in reads if any(name in r.headline for name in item.byline_names)]
    score.add(
        "byline_not_title",
        not in_title,
        f"byline read as a headline [{tags}]",
        _example(item, in_title[0] if in_title else holder),
    )
    if holder is None:
        score.add("byline", False, f"report lost [{tags}]", _example(item, holder))
        return
    in_field = all(name in holder.byline for name in item.byline_names)
    in_body = any(name in holder.body for name in item.byline_names)
    elsewhere = next(
        (r for r in reads if r is not holder and any(n in r.byline for n in item.byline_names)),
        None,
    )
    if in_body:
        reason = "byline left in the body"
    elif elsewhere is not None:
        where = "an empty item" if not elsewhere.body else "another report"
        reason = f"byline given to {where}"
    else:
        reason = "byline lost"
    score.add("byline", in_field and not in_body, f"{reason} [{tags}]", _example(item, holder))


def _check_credit(score: PageScore, item: ItemTruth, holder) -> None:
    if not item.credit or item.kind == "photo" or holder is None:
        return
    credit = compact(item.credit)
    inner = credit[1:-1]
    ok = inner in holder.credit and inner not in holder.body
    reason = "credit left in the body" if inner in holder.body else "credit not in credit field"
    score.add("credit", ok, f"{reason} [{item.tags[0]}]", _example(item, holder))
