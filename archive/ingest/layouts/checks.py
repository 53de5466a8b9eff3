"""One function per check kind: each adds its checks for one truth item to a ``PageScore``
(the kinds are described in ``score.py``)."""

from __future__ import annotations

from collections.abc import Sequence

from archive.ingest.layouts.reading import PageScore, Reading, compact, holder_of
from archive.ingest.layouts.truth import ItemTruth


def _example(item: ItemTruth, holder: Reading | None) -> str:
    got = holder.describe() if holder else "[no item holds its first phrase]"
    want = f"title={item.title!r} subtitle={item.subtitle!r}" if item.title else item.kind
    return f"{item.source} want {want}; got {got}"


def _where_is_phrase(reads: list[Reading], phrase: str) -> str:
    if any(phrase in read.headline for read in reads):
        return "body text read as a headline"
    return "body text lost"


def check_pairing(
    score: PageScore, item: ItemTruth, holder: Reading | None, reads: list[Reading]
) -> None:
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


def check_order(score: PageScore, item: ItemTruth, holder: Reading | None) -> None:
    if not item.title or len(item.headline_lines) < 2:
        return
    want = (compact(item.title), compact(item.subtitle))
    got = (holder.title, holder.subtitle) if holder else ("", "")
    if got == want:
        score.add("headline_order", True)
        return
    joined = "".join(compact(line) for line in item.headline_lines)
    if holder is None or not holder.title:
        reason = "no headline on the report"
    elif not all(compact(line) in holder.headline for line in item.headline_lines):
        reason = "report carries another item's headline"
    elif got == want[::-1]:
        reason = "title and subtitle swapped"
    elif holder.title == want[0] and want[1] and not holder.subtitle:
        reason = "subtitle missing"
    elif holder.title == want[0]:
        reason = "subtitle holds other text (banner, byline …)"
    elif holder.title + holder.subtitle in (joined, want[0]) and holder.subtitle:
        reason = "headline split into title and subtitle"
    elif want[1] and holder.title in (want[1] + want[0], want[0] + want[1]):
        reason = "lead-in or subtitle joined into the title"
    else:
        reason = "title holds other text"
    score.add("headline_order", False, f"{reason} [{item.shape}]", _example(item, holder))


def check_whole(
    score: PageScore, item: ItemTruth, holder: Reading | None, reads: list[Reading]
) -> None:
    if len(item.phrases) < 2 or item.continuation:
        return
    holders = {id(holder_of(reads, phrase)) for phrase in item.phrases}
    ok = holder is not None and holders == {id(holder)}
    tags = "/".join(item.tags[:2]) + ("/subheads" if item.subheads else "")
    score.add("whole", ok, f"report cut into {len(holders)} items [{tags}]", _example(item, holder))


def check_separate(
    score: PageScore, item: ItemTruth, holder: Reading | None, truth: Sequence[ItemTruth]
) -> None:
    if item.kind != "article" or holder is None:
        return
    others = [other for other in truth if other is not item and other.phrases[0] in holder.body]
    kinds = "+".join(sorted({"continuation" if o.continuation else o.kind for o in others}))
    tags = "/".join(item.tags[:2])
    score.add(
        "separate",
        not others,
        f"report merged with another item ({kinds}) [{tags}]",
        _example(item, holder),
    )


def check_subheads(
    score: PageScore, item: ItemTruth, holder: Reading | None, reads: list[Reading]
) -> None:
    for subhead in item.subheads:
        score.subject = f"{item.source} {subhead}"
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
    score.subject = item.source


def check_continuation(score: PageScore, item: ItemTruth, holder: Reading | None) -> None:
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


def _holds_others(holder: Reading, item: ItemTruth, truth: Sequence[ItemTruth]) -> bool:
    """True when ``holder`` also holds text of another item of the page."""
    return any(
        phrase in holder.body for other in truth if other is not item for phrase in other.phrases
    )


def check_photo(
    score: PageScore, item: ItemTruth, holder: Reading | None, truth: Sequence[ItemTruth]
) -> None:
    if item.kind != "photo":
        return
    tags = item.tags[1]
    if holder is None:
        score.add("photo", False, f"caption lost [{tags}]", _example(item, holder))
        return
    fields = holder.credit + holder.byline
    if holder.article.kind != "photo":
        mixed = _holds_others(holder, item, truth)
        reason = (
            "caption merged into a report" if mixed else f"caption read as {holder.article.kind}"
        )
    elif _holds_others(holder, item, truth):
        reason = "report text merged into the caption"
    elif not all(name in fields for name in item.byline_names):
        reason = "credit not in credit/byline"
    elif any(name in holder.body for name in item.byline_names) or holder.body.endswith("摄"):
        reason = "credit left in the caption text"
    else:
        score.add("photo", True)
        return
    score.add("photo", False, f"{reason} [{tags}]", _example(item, holder))


def check_brief(
    score: PageScore, item: ItemTruth, holder: Reading | None, truth: Sequence[ItemTruth]
) -> None:
    if item.kind != "brief":
        return
    ok = holder is not None and holder.article.kind == "brief" and not holder.title
    ok = ok and not _holds_others(holder, item, truth)
    score.add("brief", ok, f"brief not its own brief item [{item.tags[1]}]", _example(item, holder))


def check_bylines(
    score: PageScore, item: ItemTruth, holder: Reading | None, reads: list[Reading]
) -> None:
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
    example = _example(item, holder)
    if elsewhere is not None:
        example += f"; byline on {elsewhere.describe()} byline={elsewhere.article.byline!r}"
    score.add("byline", in_field and not in_body, f"{reason} [{tags}]", example)


def check_credit(score: PageScore, item: ItemTruth, holder: Reading | None) -> None:
    if not item.credit or item.kind == "photo" or holder is None:
        return
    credit = compact(item.credit)
    inner = credit[1:-1]
    ok = inner in holder.credit and inner not in holder.body
    reason = "credit left in the body" if inner in holder.body else "credit not in credit field"
    score.add("credit", ok, f"{reason} [{item.tags[0]}]", _example(item, holder))
