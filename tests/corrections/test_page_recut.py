"""The page re-cut tool's core (archive.corrections.recut) and its admin view."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive.corrections.boundaries import undo_operation
from archive.corrections.editing import save_correction
from archive.corrections.history import revision_count
from archive.corrections.recut import (
    RecutError,
    Span,
    current_plan,
    plan_from_post,
    recut_page,
)
from archive.models import Article, Page
from tests.factories import make_article, make_page, make_staff_user

pytestmark = pytest.mark.django_db

H1, H2, H3 = "温县召开小麦春管现场会", "黄河滩区迁建项目加快推进", "县医院开设银发门诊"
PAGE = (
    f"{H1}\n"
    "本报讯 3月13日，温县在祥云镇\n召开小麦春管现场会，部署病虫\n害防治工作。\n（温融媒）\n"
    f"{H2}\n"
    "本报讯 近日，记者从县发改委获\n悉，黄河滩区迁建安置区二期工\n程已完成主体施工。\n"
    f"{H3}\n"
    "本报讯 为方便老年人就医，县人\n民医院近日开设了银发门诊。\n"
)
S2, S3 = PAGE.index(H2), PAGE.index(H3)


def line(text: str) -> tuple[int, int]:
    start = PAGE.index(text)
    return start, PAGE.index("\n", start)


@pytest.fixture
def badly_cut():
    """Reports 1 and 2 merged into one article under report 2's headline; report 3 right."""
    page = make_page(ocr_text=PAGE)
    merged = make_article(
        page=page,
        order=1,
        title=H2,
        body="本报讯 3月13日，温县在祥云镇召开小麦春管现场会。\n\n本报讯 近日，黄河滩区迁建。",
        ocr_text=PAGE[:S3],
        ocr_start=0,
        ocr_end=S3,
    )
    right = make_article(
        page=page,
        order=2,
        title=H3,
        body="本报讯 为方便老年人就医，县人民医院近日开设了银发门诊。",
        ocr_text=PAGE[S3:],
        ocr_start=S3,
        ocr_end=len(PAGE),
    )
    return page, merged, right


def fixed_plan(merged, right) -> list[Span]:
    return [
        Span(0, S2, merged.pk, line(H1)),
        Span(S2, S3, None, line(H2)),
        Span(S3, len(PAGE), right.pk, line(H3)),
    ]


def versions(*articles) -> dict[int, int]:
    return {a.pk: Article.objects.get(pk=a.pk).version for a in articles}


def test_current_plan_reads_spans_and_finds_each_title_line(badly_cut):
    page, merged, right = badly_cut
    assert current_plan(page) == [
        Span(0, S3, merged.pk, line(H2)),
        Span(S3, len(PAGE), right.pk, line(H3)),
    ]


def test_one_save_splits_merged_reports_and_gives_each_its_own_headline(badly_cut, client):
    page, merged, right = badly_cut
    user = make_staff_user()
    result = recut_page(
        page, fixed_plan(merged, right), expected_versions=versions(merged, right), user=user
    )

    first, second, third = page.articles.order_by("order")
    assert (first.pk, third.pk) == (merged.pk, right.pk)
    assert first.title == H1 and "祥云镇召开小麦春管现场会" in first.body
    assert "黄河滩区" not in first.body and first.credit == "（温融媒）"
    assert first.ocr_text == PAGE[:S2] and (first.ocr_start, first.ocr_end) == (0, S2)
    assert second.title == H2 and "二期工程已完成主体施工" in second.body
    assert (second.ocr_start, second.ocr_end) == (S2, S3) and second.corrected
    assert third.title == H3 and third.body == right.body  # its cut did not change
    assert result.created == [second.pk] and result.deleted == []
    # One revision per article touched, all in the one operation.
    touched = {int(v.object_id) for v in result.revision.version_set.all()}
    assert touched == {first.pk, second.pk, third.pk}
    assert revision_count(first) == 1
    # Readers see it at once.
    html = client.get(first.get_absolute_url()).content.decode()
    assert H1 in html and "二期工程" not in html


def test_undo_restores_the_page_as_it_was_cut_before(badly_cut):
    page, merged, right = badly_cut
    before = {a.pk: (a.title, a.body, a.ocr_start, a.ocr_end) for a in page.articles.all()}
    result = recut_page(page, fixed_plan(merged, right), expected_versions=versions(merged, right))

    undo_operation(result.revision)

    after = {a.pk: (a.title, a.body, a.ocr_start, a.ocr_end) for a in page.articles.all()}
    assert after == before
    assert not Article.objects.filter(pk__in=result.created).exists()


def test_a_concurrent_edit_of_a_touched_article_refuses_the_whole_save(badly_cut):
    page, merged, right = badly_cut
    seen = versions(merged, right)
    other = Article.objects.get(pk=merged.pk)
    other.body = "另一位编辑刚刚保存的正文。"
    save_correction(other, user=make_staff_user("other"), expected_version=other.version)

    with pytest.raises(RecutError, match="已被他人修改"):
        recut_page(page, fixed_plan(merged, right), expected_versions=seen)

    assert page.articles.count() == 2
    assert Article.objects.get(pk=merged.pk).body == "另一位编辑刚刚保存的正文。"


def test_an_article_whose_cut_is_unchanged_keeps_its_corrections(badly_cut):
    page, merged, right = badly_cut
    fixed = Article.objects.get(pk=right.pk)
    fixed.body = "本报讯 人工校对过的正文。"
    save_correction(fixed, user=make_staff_user(), expected_version=fixed.version)

    recut_page(page, fixed_plan(merged, right), expected_versions=versions(merged, right))

    stored = Article.objects.get(pk=right.pk)
    assert stored.body == "本报讯 人工校对过的正文。" and stored.order == 3


def test_joining_two_spans_deletes_the_one_left_out(badly_cut):
    page, merged, right = badly_cut
    plan = [Span(0, len(PAGE), merged.pk, line(H2))]
    result = recut_page(page, plan, expected_versions=versions(merged, right))
    assert result.deleted == [right.pk]
    (only,) = page.articles.all()
    assert "银发门诊" in only.body and only.ocr_end == len(PAGE)


def test_nothing_changed_stores_nothing(badly_cut):
    page, merged, right = badly_cut
    result = recut_page(page, current_plan(page), expected_versions={})
    assert result.revision is None and result.touched == 0


@pytest.mark.parametrize(
    "plan, message",
    [
        ([Span(0, S3 + 5), Span(S3, len(PAGE))], "重叠"),
        ([Span(0, len(PAGE) + 1)], "之内"),
        ([Span(0, S2, None, (S2, S3))], "标题行必须在本篇范围之内"),
        ([Span(0, S2, 999_999)], "不是本版"),
    ],
)
def test_an_invalid_plan_is_refused_with_a_clear_message(badly_cut, plan, message):
    page, merged, right = badly_cut
    with pytest.raises(RecutError, match=message):
        recut_page(page, plan, expected_versions=versions(merged, right))
    assert page.articles.count() == 2


def test_posted_rows_become_spans_and_bad_numbers_name_their_row():
    data = {
        "rows": "3",
        "row-0-article": "7",
        "row-0-start": "0",
        "row-0-end": str(S2),
        "row-0-headline": "3",  # anywhere on the headline line
        "row-1-article": "",
        "row-1-start": "",
        "row-1-end": "",
        "row-2-start": str(S2),
        "row-2-end": str(S3),
        "version-7": "4",
    }
    spans, seen = plan_from_post(data, PAGE)
    assert spans == [Span(0, S2, 7, line(H1)), Span(S2, S3, None, None)]
    assert seen == {7: 4}
    with pytest.raises(RecutError, match="第 3 行：终点必须是非负整数"):
        plan_from_post({**data, "row-2-end": "abc"}, PAGE)


def test_admin_view_saves_a_posted_recut_and_undoes_it(badly_cut, client):
    page, merged, right = badly_cut
    client.force_login(make_staff_user())
    url = reverse("admin:archive_page_recut", args=[page.pk])
    html = client.get(url).content.decode()
    assert H2 in html and 'name="row-0-start"' in html
    data = {
        "rows": "3",
        "row-0-article": merged.pk,
        "row-0-start": 0,
        "row-0-end": S2,
        "row-0-headline": 0,
        "row-1-article": right.pk,
        "row-1-start": S3,
        "row-1-end": len(PAGE),
        "row-1-headline": S3,
        "row-2-start": S2,
        "row-2-end": S3,
        "row-2-headline": S2,
        **{f"version-{pk}": v for pk, v in versions(merged, right).items()},
    }
    response = client.post(url, data, follow=True)
    assert "已保存整版切分" in response.content.decode()
    assert [a.title for a in page.articles.order_by("order")] == [H1, H2, H3]

    html = client.get(url).content.decode()
    assert "撤销上次整版切分" in html
    undo = client.post(
        reverse("admin:archive_page_recut_undo", args=[page.pk, _last_revision(html)]),
        follow=True,
    )
    assert "已撤销上次整版切分" in undo.content.decode()
    assert [a.title for a in page.articles.order_by("order")] == [H2, H3]


def test_admin_view_refuses_a_stale_page(badly_cut, client):
    page, merged, right = badly_cut
    client.force_login(make_staff_user())
    url = reverse("admin:archive_page_recut", args=[page.pk])
    data = {
        "rows": "1",
        "row-0-article": merged.pk,
        "row-0-start": 0,
        "row-0-end": len(PAGE),
        f"version-{merged.pk}": 99,
        f"version-{right.pk}": 99,
    }
    response = client.post(url, data, follow=True)
    assert "整版切分没有保存" in response.content.decode()
    assert page.articles.count() == 2


def _last_revision(html: str) -> int:
    import re

    return int(re.search(r"/recut/undo/(\d+)/", html).group(1))


def test_search_finds_the_recut_articles_at_once(client, django_capture_on_commit_callbacks):
    from haystack import connections

    backend = connections["default"].get_backend()
    backend.clear()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            page = make_page(ocr_text=PAGE)
            merged = make_article(
                page=page, order=1, title=H2, body="两篇合在一起。", ocr_start=0, ocr_end=S3
            )
            right = make_article(page=page, order=2, title=H3, ocr_start=S3, ocr_end=len(PAGE))
        with django_capture_on_commit_callbacks(execute=True):
            result = recut_page(
                page, fixed_plan(merged, right), expected_versions=versions(merged, right)
            )
        (created,) = result.created
        html = client.get(reverse("archive:search"), {"q": "二期工程"}).content.decode()
        assert f"/articles/{created}/" in html
        assert f"/articles/{merged.pk}/" not in html
    finally:
        backend.clear()


def test_rebuilding_a_span_as_it_is_gives_what_the_importer_made():
    """The re-cut rebuilds touched articles with the importer's own cutting: on the demo
    pages, rebuilding each article from its current span and headline changes nothing."""
    from pathlib import Path

    from django.core.management import call_command

    from archive.corrections.recut import text_of_span

    demo = Path(__file__).resolve().parents[2] / "demo" / "pages"
    call_command("import_pages", str(demo), manifest=demo / "manifest.csv", verbosity=0)
    compared = 0
    for page in Page.objects.all():
        for span in current_plan(page):
            article = Article.objects.get(pk=span.article_id)
            rebuilt = text_of_span(page.ocr_text, span)
            fields = ("title", "subtitle", "body", "byline", "credit")
            assert [getattr(rebuilt, f) for f in fields] == [getattr(article, f) for f in fields]
            compared += 1
    assert compared >= 8


def test_a_kicker_printed_above_the_title_belongs_to_the_headline(tmp_path):
    from django.core.management import call_command

    from archive.corrections.recut import text_of_span

    source = tmp_path / "page.txt"
    source.write_text(
        "温县赵堡镇\n\n“六帮六助”不停步\n\n"
        "本报讯 一枝一叶总关情，寒冬最是问暖时。12月23日，在温县赵堡镇南保丰村，\n"
        "镇村干部走访慰问困难群众，送去米面油和防寒衣物。\n",
        encoding="utf-8",
    )
    call_command("import_pages", str(source), newspaper="怀川日报", date="2023-01-10", verbosity=0)
    page = Page.objects.get()
    (article,) = page.articles.all()
    assert (article.title, article.subtitle) == ("“六帮六助”不停步", "温县赵堡镇")
    (span,) = current_plan(page)
    assert span.headline == (0, page.ocr_text.index("\n", page.ocr_text.index("六帮")))
    rebuilt = text_of_span(page.ocr_text, span)
    assert (rebuilt.title, rebuilt.subtitle, rebuilt.body) == (
        article.title,
        article.subtitle,
        article.body,
    )
