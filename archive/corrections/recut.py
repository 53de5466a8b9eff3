"""Re-cutting a whole page: staff redraw where each article's span of the raw page text
begins and ends and which line is its headline; one save rebuilds every article touched.

A plan is a list of ``Span``s over ``Page.ocr_text`` in reading order. Articles whose span
and headline stay as they were are left alone (their corrections too). Each touched article
gets its raw ``ocr_text`` and offsets from its new span and its reader text rebuilt from it
by the importer's own line joining and cutting, so what a reader sees matches the new span.
Articles on the page without a span (created by hand or by a split) keep their text and
their place after the article they followed.

The save is one boundary operation (see ``boundaries``): every article touched is claimed
at the version the editor saw (a change meanwhile refuses the whole save), snapshotted,
and recorded in one revision that ``boundaries.undo_operation`` undoes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils import timezone
from reversion.models import Revision

from archive.corrections.boundaries import BoundaryError, join_paragraphs, run_operation
from archive.corrections.history import UNDONE_MARK, mark_corrected
from archive.ingest.articles import unwrap_headline_lines
from archive.ingest.lines import MARKDOWN_BOLD_RE, MARKDOWN_HEADLINE_RE, is_vertical_char
from archive.ingest.normalize import collapse_ocr_spaces
from archive.ingest.pipeline import parse_page_text
from archive.models import Article, Page

LABEL_PREFIX = "整版重新切分"
MAX_ROWS = 500


class RecutError(ValueError):
    """The plan is not valid or the page changed meanwhile; nothing was changed."""


@dataclass(frozen=True)
class Span:
    """One article's part of the page text: ``[start, end)``; ``headline`` is the
    ``[start, end)`` of its headline lines inside the span, or None for an untitled item.
    ``article_id`` None means a new article."""

    start: int
    end: int
    article_id: int | None = None
    headline: tuple[int, int] | None = None


@dataclass
class RecutResult:
    created: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    revision: Revision | None = None

    @property
    def touched(self) -> int:
        return len(self.created) + len(self.changed) + len(self.deleted)


def line_range(text: str, offset: int) -> tuple[int, int]:
    """Return ``[start, end)`` of the line of ``text`` holding ``offset`` (without its newline)."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def page_lines(text: str) -> list[tuple[int, int]]:
    """Return ``[start, end)`` of every line of ``text``."""
    lines, start = [], 0
    for match in re.finditer("\n", text):
        lines.append((start, match.start()))
        start = match.end()
    lines.append((start, len(text)))
    return lines


def headline_line_text(raw: str) -> str:
    """A headline line as readers see it: Markdown heading and bold marks removed, OCR
    letter-spacing collapsed."""
    text = MARKDOWN_BOLD_RE.sub(r"\1", MARKDOWN_HEADLINE_RE.sub("", raw))
    return collapse_ocr_spaces(text.strip())


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def current_headline(text: str, article: Article) -> tuple[int, int] | None:
    """Return the lines inside the article's span that read as its title, or None."""
    title = _compact(article.title)
    if not title or article.ocr_start is None or article.ocr_end is None:
        return None
    lines = [(s, e) for s, e in page_lines(text) if s >= article.ocr_start and e <= article.ocr_end]
    for index, (start, _end) in enumerate(lines):
        end = _lines_reading(text, lines[index:], title, skip_blank=False)
        if end is not None:
            subtitle = _compact(article.subtitle)
            if subtitle:  # printed under the title, or above it as a kicker (温县赵堡镇)
                below = [line for line in lines if line[0] > end]
                above = [line for line in lines if line[1] < start][::-1]
                found_below = _lines_reading(text, below, subtitle, skip_blank=True)
                found_above = _lines_reading(text, above, subtitle[::-1], skip_blank=True, rev=True)
                end = found_below or end
                start = found_above if found_above is not None and not found_below else start
            return start, end
    return None


def _lines_reading(
    text: str,
    lines: list[tuple[int, int]],
    wanted: str,
    *,
    skip_blank: bool,
    rev: bool = False,
) -> int | None:
    """Return the end of the run of ``lines`` (from the first, or the first non-blank one
    with ``skip_blank``) whose headline text reads ``wanted`` (compacted), or None. With
    ``rev`` the lines are given bottom-up, ``wanted`` is reversed and the start of the run's
    top line is returned."""
    joined = ""
    for line_start, line_end in lines:
        piece = _compact(headline_line_text(text[line_start:line_end]))
        if rev:
            piece = piece[::-1]
        if not piece:
            if skip_blank and not joined:
                continue
            return None
        joined += piece
        if joined == wanted:
            return line_start if rev else line_end
        if not wanted.startswith(joined):
            return None
    return None


def spanned_articles(page: Page) -> list[Article]:
    """The page's articles that have a span of the page text, in reading order."""
    return list(
        page.articles.filter(ocr_start__isnull=False, ocr_end__isnull=False).order_by("order", "pk")
    )


def current_plan(page: Page) -> list[Span]:
    """Return the page as it is cut now."""
    return [
        Span(a.ocr_start, a.ocr_end, a.pk, current_headline(page.ocr_text, a))
        for a in spanned_articles(page)
    ]


def _number(value: str, row: int, label: str, *, required: bool = True) -> int | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise RecutError(f"第 {row} 行：{label}不能为空")
        return None
    if not value.isdigit():
        raise RecutError(f"第 {row} 行：{label}必须是非负整数，而不是“{value}”")
    return int(value)


def plan_from_post(data: Mapping[str, str], text: str) -> tuple[list[Span], dict[int, int]]:
    """Read a posted plan: ``rows`` = N, and for each row i < N ``row-i-article`` (id, empty
    for a new article), ``row-i-start``, ``row-i-end`` (offsets into the page text; a row with
    both empty is dropped, so its article is joined into its neighbours), optional
    ``row-i-headline`` (any offset on the headline's first line) and ``row-i-headline_end``
    (end of its last line; default the end of that first line). ``version-<id>`` carries the
    version the editor saw of each article. Returns the spans in page order and the
    versions. Raises ``RecutError`` naming the row and field of bad input."""
    rows = _number(data.get("rows", ""), 0, "行数 rows")
    if rows > MAX_ROWS:
        raise RecutError(f"行数 {rows} 过多（最多 {MAX_ROWS}）")
    spans: list[Span] = []
    for index in range(rows):
        row = index + 1

        def get(name: str, index: int = index) -> str:
            return str(data.get(f"row-{index}-{name}", ""))

        if not get("start").strip() and not get("end").strip():
            continue
        start = _number(get("start"), row, "起点")
        end = _number(get("end"), row, "终点")
        article = _number(get("article"), row, "文章编号", required=False)
        headline_at = _number(get("headline"), row, "标题行", required=False)
        headline = None
        if headline_at is not None:
            if headline_at >= len(text):
                raise RecutError(f"第 {row} 行：标题行位置 {headline_at} 超出版面原文")
            first_start, first_end = line_range(text, headline_at)
            last_end = _number(get("headline_end"), row, "标题终点", required=False)
            headline = (first_start, first_end if last_end is None else last_end)
        spans.append(Span(start, end, article, headline))
    versions = {}
    for key, value in data.items():
        if key.startswith("version-"):
            pk = key.removeprefix("version-")
            if pk.isdigit() and str(value).isdigit():
                versions[int(pk)] = int(value)
    return sorted(spans, key=lambda span: span.start), versions


def check_plan(page: Page, spans: list[Span]) -> None:
    """Raise ``RecutError`` unless the spans lie inside the page text in order without
    overlapping, each holds text, each headline lies inside its span, and each article id is
    a spanned article of this page used once."""
    text = page.ocr_text
    known = {a.pk for a in spanned_articles(page)}
    seen: set[int] = set()
    previous_end = 0
    for number, span in enumerate(spans, start=1):
        where = f"第 {number} 篇（原文 {span.start}–{span.end}）"
        if not 0 <= span.start < span.end <= len(text):
            raise RecutError(f"{where}：起点须小于终点，且都在 0–{len(text)} 之内")
        if span.start < previous_end:
            raise RecutError(f"{where}与前一篇重叠（前一篇到 {previous_end} 为止）")
        if not text[span.start : span.end].strip():
            raise RecutError(f"{where}：这段原文是空白")
        if span.headline is not None:
            h_start, h_end = span.headline
            if not span.start <= h_start < h_end <= span.end:
                raise RecutError(f"{where}：标题行必须在本篇范围之内")
        if span.article_id is not None:
            if span.article_id not in known:
                raise RecutError(f"{where}：文章 {span.article_id} 不是本版可切分的文章")
            if span.article_id in seen:
                raise RecutError(f"{where}：文章 {span.article_id} 出现了两次")
            seen.add(span.article_id)
        previous_end = span.end


@dataclass
class SpanText:
    title: str = ""
    subtitle: str = ""
    byline: str = ""
    credit: str = ""
    body: str = ""
    kind: str = Article.Kind.ARTICLE


def _parsed_articles(text: str) -> list:
    """The importer's articles cut from ``text``, in text order."""
    found = [article for page in parse_page_text(text) for article in page.articles]
    return sorted(found, key=lambda article: article.ocr_start)


def _collect(result: SpanText, parsed_articles: list, main=None) -> None:
    """Fill ``result``'s body, byline and credit from the importer's articles: ``main`` gives
    its body, any other one its headline lines too, as paragraphs."""
    paragraphs: list[str] = []
    bylines: list[str] = []
    credits: list[str] = []
    for parsed in parsed_articles:
        if parsed is not main:
            paragraphs.extend(p for p in (parsed.title, parsed.subtitle) if p)
        paragraphs.extend(p for p in parsed.body.split("\n\n") if p.strip())
        bylines.extend([parsed.byline] if parsed.byline else [])
        credits.extend([parsed.credit] if parsed.credit else [])
    result.body = join_paragraphs(paragraphs)
    result.byline = " ".join(bylines)[:200]
    result.credit = (credits[-1] if credits else "")[:200]


def _headline_lines(text: str, headline: tuple[int, int]) -> list[str]:
    raw_lines = [line for line in text[headline[0] : headline[1]].splitlines() if line.strip()]
    lines = [headline_line_text(line) for line in raw_lines]
    if len(raw_lines) > 1 and all(is_vertical_char(line) for line in raw_lines):
        return ["".join(lines)]  # printed vertically, one character a line
    return unwrap_headline_lines(lines)


def text_of_span(text: str, span: Span) -> SpanText:
    """Return the reader fields of a span, cut by the importer so a re-cut article reads as
    an imported one: when the importer, reading the whole span, gives the chosen headline
    lines to one article, that article's title, subtitle (kickers, wrapped lines) and body
    are used; otherwise the headline lines (unwrapped) are title and subtitle and the rest
    is cut without them. Whatever other headlines the importer finds in the span become
    paragraphs, so no line of the span is lost from what readers see (furniture aside)."""
    result = SpanText()
    whole = text[span.start : span.end]
    if span.headline is None:
        parsed = _parsed_articles(whole)
        _collect(result, parsed)
        if len(parsed) == 1 and not parsed[0].title:
            result.kind = parsed[0].kind  # an untitled brief or photo caption stays one
        return result
    lines = _headline_lines(text, span.headline)
    chosen = _compact("".join(lines))
    parsed = _parsed_articles(whole)
    owners = [
        article
        for article in parsed
        if article.title
        and chosen
        in {
            _compact(article.title + article.subtitle),
            _compact(article.subtitle + article.title),
        }
    ]
    if len(owners) == 1:
        main = owners[0]
        result.title, result.subtitle = main.title[:300], main.subtitle[:300]
        _collect(result, parsed, main)
        return result
    result.title = (lines[0] if lines else "")[:300]
    result.subtitle = " ".join(lines[1:])[:300]
    before = _parsed_articles(text[span.start : span.headline[0]])
    after = _parsed_articles(text[span.headline[1] : span.end])
    _collect(result, before + after)
    return result


def _new_sequence(
    spans: list[Span], articles: list[Article], unspanned: list[Article]
) -> list[int | Span]:
    """The page's reading order after the re-cut: spans in page order, each article without
    a span right after the spanned article it followed before (at the top if none)."""
    follows: dict[int | None, list[Article]] = {}
    anchor: int | None = None
    for article in sorted([*articles, *unspanned], key=lambda a: (a.order, a.pk)):
        if article.ocr_start is None or article.ocr_end is None:
            follows.setdefault(anchor, []).append(article)
        else:
            anchor = article.pk
    kept_ids = {span.article_id for span in spans}
    previous_kept: int | None = None
    for article in articles:  # a deleted anchor hands its followers to the one before
        if article.pk in kept_ids:
            previous_kept = article.pk
        elif article.pk in follows:
            follows.setdefault(previous_kept, []).extend(follows.pop(article.pk))
    sequence: list[int | Span] = [a.pk for a in follows.pop(None, [])]
    for span in spans:
        sequence.append(span)
        if span.article_id is not None:
            sequence.extend(a.pk for a in follows.pop(span.article_id, []))
    return sequence


def recut_page(
    page: Page, spans: list[Span], *, expected_versions: Mapping[int, int], user=None
) -> RecutResult:
    """Apply the plan ``spans`` to ``page`` (see the module docstring). Spanned articles the
    plan leaves out are deleted (their text now belongs to the spans around them).
    ``expected_versions`` maps article id to the version the editor saw; every article
    touched must be in it. Raises ``RecutError`` when the plan is invalid or an article
    touched changed meanwhile (nothing is stored then). Returns what changed; with nothing
    to change, nothing is stored and ``revision`` is None."""
    check_plan(page, spans)
    text = page.ocr_text
    articles = spanned_articles(page)
    by_id = {a.pk: a for a in articles}
    unspanned = [a for a in page.articles.order_by("order", "pk") if a.pk not in by_id]
    listed = {span.article_id for span in spans if span.article_id}
    deleted = [a for a in articles if a.pk not in listed]
    sequence = _new_sequence(spans, articles, unspanned)
    result = RecutResult(deleted=[a.pk for a in deleted])

    rebuild: list[tuple[Article, Span, int]] = []
    reorder: list[tuple[Article, int]] = []
    creations: list[tuple[Span, int]] = []
    for order, item in enumerate(sequence, start=1):
        if isinstance(item, Span) and item.article_id is None:
            creations.append((item, order))
        elif isinstance(item, Span):
            article = by_id[item.article_id]
            same_cut = (article.ocr_start, article.ocr_end) == (item.start, item.end) and (
                current_headline(text, article) == item.headline
            )
            if not same_cut:
                rebuild.append((article, item, order))
            elif article.order != order:
                reorder.append((article, order))
        else:
            article = next(a for a in unspanned if a.pk == item)
            if article.order != order:
                reorder.append((article, order))
    claimed = [a for a, _s, _o in rebuild] + [a for a, _o in reorder] + deleted
    if not claimed and not creations:
        return result
    missing = [a.pk for a in claimed if a.pk not in expected_versions]
    if missing:
        raise RecutError(f"缺少文章 {', '.join(map(str, missing))} 的版本号，请刷新后重试")
    for article in claimed:
        article.version = expected_versions[article.pk]

    def change() -> None:
        for article in deleted:
            article.delete()
        for article, span, order in rebuild:
            fields = text_of_span(text, span)
            # A headline printed outside the article's span (kept out so the span would not
            # swallow a neighbour's text) cannot be chosen in the span: keep it.
            keeps_title = (
                span.headline is None and current_headline(text, article) is None and article.title
            )
            if not keeps_title:
                article.title, article.subtitle = fields.title, fields.subtitle
            article.byline, article.credit, article.body = fields.byline, fields.credit, fields.body
            article.ocr_text = text[span.start : span.end]
            article.ocr_start, article.ocr_end, article.order = span.start, span.end, order
            mark_corrected(article, user=user)
            article.save()
            result.changed.append(article.pk)
        for article, order in reorder:
            article.order = order
            article.version += 1  # as claimed: an editor with it open must reload
            article.save()
            result.changed.append(article.pk)
        for span, order in creations:
            fields = text_of_span(text, span)
            new = Article.objects.create(
                page=page,
                order=order,
                kind=fields.kind,
                title=fields.title,
                subtitle=fields.subtitle,
                byline=fields.byline,
                credit=fields.credit,
                body=fields.body,
                ocr_text=text[span.start : span.end],
                ocr_start=span.start,
                ocr_end=span.end,
                county=page.county,
                status=Article.Status.IN_PROGRESS,
                corrected=True,
                corrected_at=timezone.now(),
            )
            result.created.append(new.pk)

    label = f"{LABEL_PREFIX}：版面#{page.pk} {page}"
    try:
        result.revision = run_operation(claimed, label, user, change)
    except BoundaryError as refused:
        raise RecutError(f"{refused} 整版切分没有保存。") from refused
    return result


def last_recut(page: Page) -> Revision | None:
    """Return the newest re-cut of ``page`` that has not been undone, or None."""
    revision = (
        Revision.objects.filter(comment__startswith=f"{LABEL_PREFIX}：版面#{page.pk} ")
        .order_by("-pk")
        .first()
    )
    if revision is None:
        return None
    undone = Revision.objects.filter(comment__endswith=f"（{UNDONE_MARK}{revision.pk}）")
    return None if undone.exists() else revision
