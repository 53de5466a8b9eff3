"""The archive: newspapers, counties, issues, pages and the articles cut from them.

The raw OCR of a page (``Page.ocr_text``) and of each article (``Article.ocr_text``) is kept
verbatim and never edited; what readers see (``Article.body`` and the headline fields) is
derived from it and may be corrected by staff.
"""

from __future__ import annotations

import datetime
import re

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth, ExtractYear
from django.urls import reverse

from archive.sanitize import clean_model_text_fields
from archive.slugs import pinyin_slug, unique_slug

WEEKDAYS = "一二三四五六日"
UNTITLED_LEAD = re.compile(r"^(?:本报讯|又讯|[↑↓←→\s])+")


def chinese_date(day: datetime.date) -> str:
    """``2023年1月10日 星期二``: the form Chinese newspapers print in their page headers."""
    return f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"


def page_sequence(label: str) -> int:
    """Sort key for page labels: A01 < A02 < … < B01; plain numbers sort as section 0."""
    match = re.match(r"^\s*([A-Za-z]?)\s*0*(\d+)", label or "")
    if not match:
        return 99_999
    letter, number = match.groups()
    section = (ord(letter.upper()) - ord("A") + 1) if letter else 0
    return section * 1000 + int(number)


class NewspaperQuerySet(models.QuerySet):
    def with_issue_counts(self) -> NewspaperQuerySet:
        return self.annotate(issue_count=Count("issues", distinct=True))


class Newspaper(models.Model):
    name = models.CharField("报名", max_length=100, unique=True)
    slug = models.SlugField("网址名", max_length=100, unique=True)
    latin_name = models.CharField("外文报名", max_length=100, blank=True)
    description = models.TextField("简介", blank=True)

    objects = NewspaperQuerySet.as_manager()

    class Meta:
        verbose_name = "报纸"
        verbose_name_plural = "报纸"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            taken = set(Newspaper.objects.exclude(pk=self.pk).values_list("slug", flat=True))
            self.slug = unique_slug(self.name, taken)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("archive:newspaper", args=[self.slug])


class CountyQuerySet(models.QuerySet):
    def with_article_counts(self) -> CountyQuerySet:
        return self.annotate(article_count=Count("articles", distinct=True))

    def by_city(self) -> list[tuple[str, list[County]]]:
        """Counties grouped by city; cities and counties in pinyin order, as Chinese indexes sort."""
        groups: dict[str, list[County]] = {}
        for county in sorted(
            self, key=lambda c: (pinyin_slug(c.city or "其他"), pinyin_slug(c.name))
        ):
            groups.setdefault(county.city or "其他", []).append(county)
        return list(groups.items())


class County(models.Model):
    name = models.CharField("名称", max_length=50, unique=True)
    slug = models.SlugField("网址名", max_length=100, unique=True)
    city = models.CharField("所属市", max_length=50, blank=True)

    objects = CountyQuerySet.as_manager()

    class Meta:
        verbose_name = "县区"
        verbose_name_plural = "县区"
        ordering = ["city", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            taken = set(County.objects.exclude(pk=self.pk).values_list("slug", flat=True))
            self.slug = unique_slug(self.name, taken)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("archive:county", args=[self.slug])


class IssueQuerySet(models.QuerySet):
    def for_county(self, county: County) -> IssueQuerySet:
        return self.filter(pages__county=county).distinct()

    def in_year(self, year: int) -> IssueQuerySet:
        return self.filter(date__year=year)

    def latest_first(self) -> IssueQuerySet:
        return self.order_by("-date", "newspaper__name")


class Issue(models.Model):
    newspaper = models.ForeignKey(
        Newspaper, on_delete=models.CASCADE, related_name="issues", verbose_name="报纸"
    )
    date = models.DateField("出版日期")
    number = models.CharField("期号", max_length=50, blank=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = "期"
        verbose_name_plural = "期"
        ordering = ["newspaper", "date"]
        constraints = [
            models.UniqueConstraint(fields=["newspaper", "date"], name="unique_issue_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.newspaper.name} {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("archive:issue", args=[self.newspaper.slug, self.date.isoformat()])

    @property
    def chinese_date(self) -> str:
        return chinese_date(self.date)

    def previous_issue(self) -> Issue | None:
        return (
            Issue.objects.filter(newspaper=self.newspaper, date__lt=self.date)
            .order_by("-date")
            .first()
        )

    def next_issue(self) -> Issue | None:
        return (
            Issue.objects.filter(newspaper=self.newspaper, date__gt=self.date)
            .order_by("date")
            .first()
        )

    def delete_if_empty(self) -> None:
        """Delete this issue when a page moved away left it with no page and no number."""
        if not self.pages.exists() and not self.number:
            self.delete()


class PageQuerySet(models.QuerySet):
    def in_reading_order(self) -> PageQuerySet:
        return self.order_by("sequence", "label")


validate_page_label = RegexValidator(
    r"^[^/\s]+$", "版次不能包含斜杠或空白，如 A08。", code="invalid_page_label"
)


class Page(models.Model):
    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="pages", verbose_name="期"
    )
    label = models.CharField(
        "版次", max_length=20, help_text="如 A08", validators=[validate_page_label]
    )
    printed_label = models.CharField(
        "印刷版次",
        max_length=20,
        blank=True,
        help_text="报纸上印的版次；未印版次时留空（“版次”是网址中的内部键）",
    )
    sequence = models.PositiveIntegerField("排序", default=0, editable=False)
    section = models.CharField("版名", max_length=100, blank=True, help_text="如 温县新闻")
    county = models.ForeignKey(
        County,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pages",
        verbose_name="县区",
    )
    ocr_text = models.TextField("原始OCR文本", blank=True, help_text="导入时的原文，永不修改")
    furniture = models.TextField("版面附属文字", blank=True, help_text="报头、版权行、栏目条等")
    source_file = models.CharField("来源文件", max_length=500, blank=True)
    source_sha256 = models.CharField("来源SHA256", max_length=64, blank=True, db_index=True)
    imported_at = models.DateTimeField("导入时间", auto_now=True)
    # The printed page as scanned (kept as imported; Deep Zoom tiles beside it, see
    # archive.scans). Optional: a page without a scan shows its text only.
    scan = models.FileField("版面扫描图", max_length=300, blank=True, editable=False)
    scan_sha256 = models.CharField("扫描图SHA256", max_length=64, blank=True, editable=False)
    scan_width = models.PositiveIntegerField("扫描图宽度", null=True, blank=True, editable=False)
    scan_height = models.PositiveIntegerField("扫描图高度", null=True, blank=True, editable=False)

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = "版面"
        verbose_name_plural = "版面"
        ordering = ["issue", "sequence", "label"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "label"], name="unique_page_label_per_issue")
        ]

    def __str__(self) -> str:
        return f"{self.issue} {self.label}"

    def save(self, *args, **kwargs) -> None:
        self.sequence = page_sequence(self.label)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        issue = self.issue
        return reverse(
            "archive:page", args=[issue.newspaper.slug, issue.date.isoformat(), self.label]
        )

    @property
    def printed_name(self) -> str:
        """``A08版``: the label the paper printed, or '' when it printed none. ``label`` is the
        URL key and may be one the archive made up (``A08-2`` for a second half page)."""
        return f"{self.printed_label}版" if self.printed_label else ""

    @property
    def heading(self) -> str:
        """What readers call the page: ``A08版 · 温县新闻``; the section tells two halves
        printed under one label apart, and names a page that printed no label."""
        parts = [part for part in (self.printed_name, self.section) if part]
        return " · ".join(parts) or "未标版次"

    @property
    def short_name(self) -> str:
        """``A08版``, else the section, for lists of articles."""
        return self.printed_name or self.section

    @property
    def has_scan(self) -> bool:
        return bool(self.scan and self.scan_sha256 and self.scan_width and self.scan_height)

    def scan_tile_source(self) -> dict | None:
        """OpenSeadragon's tile source for the scan (tile URLs from the storage), or None."""
        if not self.has_scan:
            return None
        from archive.scans.deepzoom import ScanFiles, tile_source

        tiles_url = self.scan.storage.url(ScanFiles(self.scan_sha256).tiles + "/")
        return tile_source(tiles_url, self.scan_width, self.scan_height)

    def scan_thumbnail_url(self) -> str:
        if not self.has_scan:
            return ""
        from archive.scans.deepzoom import ScanFiles

        return self.scan.storage.url(ScanFiles(self.scan_sha256).thumbnail)

    def neighbours(self) -> tuple[Page | None, Page | None]:
        pages = list(self.issue.pages.in_reading_order())
        index = next(i for i, page in enumerate(pages) if page.pk == self.pk)
        previous = pages[index - 1] if index > 0 else None
        following = pages[index + 1] if index + 1 < len(pages) else None
        return previous, following


class ArticleQuerySet(models.QuerySet):
    def with_context(self) -> ArticleQuerySet:
        return self.select_related("page__issue__newspaper", "county", "page__county")

    def for_county(self, county: County) -> ArticleQuerySet:
        return self.filter(county=county)

    def following_page_county(self, page: Page) -> ArticleQuerySet:
        """``page``'s articles tagged with the page's own county (or, like the page, none):
        the ones whose county changes when the page's does."""
        articles = self.filter(page=page)
        if page.county_id:
            return articles.filter(county_id=page.county_id)
        return articles.filter(county__isnull=True)

    def on_date(self, day: datetime.date) -> ArticleQuerySet:
        return self.filter(page__issue__date=day)

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("-page__issue__date", "page__sequence", "page__label", "order", "pk")

    def in_reading_order(self) -> ArticleQuerySet:
        return self.order_by("page__issue__date", "page__sequence", "page__label", "order", "pk")

    def corrected(self) -> ArticleQuerySet:
        return self.filter(corrected=True)

    def within_search_filters(self, filters) -> ArticleQuerySet:
        """The articles a search with ``filters`` (``archive.search.service.SearchFilters``)
        looks through, whatever its words: the denominator of hits-over-time rates."""
        articles = self
        if filters.county:
            if filters.county == "-":  # the search index's value for "no county"
                articles = articles.filter(county__isnull=True)
            else:
                articles = articles.filter(county__slug=filters.county)
        if filters.newspaper:
            articles = articles.filter(page__issue__newspaper__slug=filters.newspaper)
        if filters.date_from:
            articles = articles.filter(page__issue__date__gte=filters.date_from)
        if filters.date_to:
            articles = articles.filter(page__issue__date__lte=filters.date_to)
        if filters.page:
            articles = articles.filter(page__label=filters.page)
        if filters.kind:
            articles = articles.filter(kind=filters.kind)
        return articles

    def counts_per_period(self, granularity: str) -> dict[int, int]:
        """``{2023: n}`` (``granularity="year"``) or ``{202303: n}`` (``"month"``): one
        grouped query."""
        year = ExtractYear("page__issue__date")
        period = year if granularity == "year" else year * 100 + ExtractMonth("page__issue__date")
        rows = self.order_by().annotate(period=period).values("period").annotate(n=Count("id"))
        return {row["period"]: row["n"] for row in rows}

    def proofread(self) -> ArticleQuerySet:
        """Articles whose workflow status says a person proofread them (已校对 or 已审核)."""
        return self.filter(status__in=Article.PROOFREAD_STATUSES)

    def with_open_error_reports(self) -> ArticleQuerySet:
        """Annotate ``open_error_reports``: readers' error reports not yet resolved."""
        return self.annotate(
            open_error_reports=Count("error_reports", filter=Q(error_reports__resolved=False))
        )

    def needing_review(self) -> ArticleQuerySet:
        """Articles not yet proofread (status 未校对 or 校对中), whatever their score: flagged
        ones first, then those readers reported errors in, then the noisiest text."""
        return (
            self.exclude(status__in=Article.PROOFREAD_STATUSES)
            .with_open_error_reports()
            .order_by("-needs_review", "-open_error_reports", "-noise_score", "pk")
        )


class Article(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", "文章"
        PHOTO = "photo", "图片"
        BRIEF = "brief", "简讯"

    class Status(models.TextChoices):
        UNREVIEWED = "unreviewed", "未校对"
        IN_PROGRESS = "in_progress", "校对中"
        CORRECTED = "corrected", "已校对"
        APPROVED = "approved", "已审核"

    # A person read the text against the scan: the reader badge and the review queue agree.
    PROOFREAD_STATUSES = (Status.CORRECTED, Status.APPROVED)

    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="articles", verbose_name="版面"
    )
    order = models.PositiveIntegerField("阅读顺序", default=0)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.ARTICLE)
    title = models.CharField("标题", max_length=300, blank=True)
    subtitle = models.CharField("副标题", max_length=300, blank=True)
    byline = models.CharField("作者", max_length=200, blank=True)
    credit = models.CharField("稿件来源", max_length=200, blank=True, help_text="如（温融媒）")
    body = models.TextField("正文", blank=True, help_text="读者看到的文本，段落之间空一行")
    ocr_text = models.TextField("原始OCR文本", blank=True, editable=False)
    ocr_start = models.PositiveIntegerField("原文起点", null=True, blank=True, editable=False)
    ocr_end = models.PositiveIntegerField("原文终点", null=True, blank=True, editable=False)
    continues_from = models.CharField("上接版次", max_length=20, blank=True)
    county = models.ForeignKey(
        County,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name="县区",
    )
    status = models.CharField(
        "校对状态", max_length=20, choices=Status.choices, default=Status.UNREVIEWED
    )
    corrected = models.BooleanField("已人工校正", default=False, editable=False)
    corrected_at = models.DateTimeField("最后校正时间", null=True, blank=True, editable=False)
    needs_review = models.BooleanField("需复核", default=False)
    noise_score = models.FloatField("OCR噪声分", default=0.0, editable=False, db_index=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"
        ordering = ["page", "order"]
        indexes = [
            models.Index(fields=["page", "order"]),
            # OAI-PMH lists walk articles in (datestamp, id) order.
            models.Index(fields=["updated_at", "id"], name="article_oai_order"),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("archive:article", args=[self.pk])

    @property
    def display_title(self) -> str:
        """The title, or for untitled items (briefs, photo captions) their opening words.

        The kind is not part of it: pages show it as a tag beside the title (「简讯」), and a
        prefix here printed it twice (「简讯：… [简讯]」)."""
        if self.title:
            return self.title
        # Without the report opener or caption arrow, which say nothing about the story.
        first = UNTITLED_LEAD.sub("", self.paragraphs[0]) if self.paragraphs else ""
        if not first:
            return self.kind_label or "无标题"
        words = first if len(first) <= 24 else f"{first[:24]}…"
        if self.continues_from and not self.kind_label:
            # A report continued from another page has its headline there: say so rather
            # than passing its first sentence off as a title.
            return f"（上接{self.continues_from}版）{words}"
        return words

    @property
    def kind_label(self) -> str:
        """「图片」 or 「简讯」 for items that are not plain articles, else empty."""
        return "" if self.kind == self.Kind.ARTICLE else self.get_kind_display()

    @property
    def excerpt(self) -> str:
        """The opening of the body as one run of text (Chinese paragraphs join without spaces)."""
        return "".join(self.paragraphs)

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in re.split(r"\n\s*\n|\n", self.body or "") if p.strip()]

    @property
    def is_proofread(self) -> bool:
        """True when the workflow status is 已校对 or 已审核 (what the reader badge says)."""
        return self.status in self.PROOFREAD_STATUSES

    @property
    def date(self) -> datetime.date:
        return self.page.issue.date

    def neighbours(self) -> tuple[Article | None, Article | None]:
        siblings = Article.objects.filter(page=self.page)
        previous = (
            siblings.filter(Q(order__lt=self.order) | Q(order=self.order, pk__lt=self.pk))
            .order_by("-order", "-pk")
            .first()
        )
        following = (
            siblings.filter(Q(order__gt=self.order) | Q(order=self.order, pk__gt=self.pk))
            .order_by("order", "pk")
            .first()
        )
        return previous, following


class DeletedArticleQuerySet(models.QuerySet):
    def in_set(self, newspaper_slug: str = "", county_slug: str = "") -> DeletedArticleQuerySet:
        found = self
        if newspaper_slug:
            found = found.filter(newspaper_slug=newspaper_slug)
        if county_slug:
            found = found.filter(county_slug=county_slug)
        return found


class DeletedArticle(models.Model):
    """A tombstone for a deleted article, kept for ever so that harvesters (OAI-PMH) who
    copied the article learn that it is gone. The id is the deleted article's id."""

    id = models.BigIntegerField("文章编号", primary_key=True)
    deleted_at = models.DateTimeField("删除时间", db_index=True)
    newspaper_slug = models.CharField("报纸网址名", max_length=100, blank=True)
    county_slug = models.CharField("县区网址名", max_length=100, blank=True)

    objects = DeletedArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "已删除文章"
        verbose_name_plural = "已删除文章"
        ordering = ["deleted_at", "id"]

    def __str__(self) -> str:
        return f"已删除文章 {self.pk}"


class ErrorReportQuerySet(models.QuerySet):
    def unresolved(self) -> ErrorReportQuerySet:
        return self.filter(resolved=False)


class ErrorReport(models.Model):
    """A reader's note that an article's text is wrong (「报告错误」); shown to staff, never
    published, and it never changes the article by itself."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="error_reports", verbose_name="文章"
    )
    message = models.TextField("错误说明", max_length=2000)
    contact = models.CharField("联系方式", max_length=200, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)
    resolved = models.BooleanField("已处理", default=False)
    # A keyed hash of the sender's address: enough to spot a flood from one sender, useless
    # for finding out who they are.
    ip_hash = models.CharField("来源标识", max_length=64, blank=True, editable=False)

    objects = ErrorReportQuerySet.as_manager()

    class Meta:
        verbose_name = "读者报错"
        verbose_name_plural = "读者报错"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.article_id}：{self.message[:30]}"

    def save(self, *args, **kwargs) -> None:
        clean_model_text_fields(self)
        super().save(*args, **kwargs)
