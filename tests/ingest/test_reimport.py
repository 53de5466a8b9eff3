from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Article, Page
from tests.ingest.pages import HEADER_PAGE

pytestmark = pytest.mark.django_db

NEW_VERSION = HEADER_PAGE.replace("县城广场", "县体育场").replace("一场讲座", "两场讲座")


def run_import(path, *args) -> str:
    out = StringIO()
    call_command("import_pages", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def page_file(tmp_path):
    path = tmp_path / "b03.txt"
    path.write_text(HEADER_PAGE, encoding="utf-8")
    return path


def test_new_version_replaces_articles_nobody_corrected(page_file):
    run_import(page_file)
    page_file.write_text(NEW_VERSION, encoding="utf-8")
    output = run_import(page_file)
    page = Page.objects.get()
    assert page.ocr_text == NEW_VERSION
    assert "replaced" in output
    bodies = list(page.articles.order_by("order").values_list("body", flat=True))
    assert len(bodies) == 2
    assert "县体育场" in bodies[0] and "两场讲座" in bodies[1]


def correct_tree_planting_report() -> Article:
    """Staff correct one report of the first version, as the admin would."""
    corrected = Article.objects.get(title="博爱县举办春季植树活动")
    corrected.body = "本报讯 5月3日上午，博爱县举办春季植树活动（校对后的正文）。"
    corrected.corrected = True
    corrected.status = Article.Status.CORRECTED
    corrected.save()
    return corrected


def test_new_version_never_overwrites_a_staff_correction(page_file):
    run_import(page_file)
    corrected = correct_tree_planting_report()
    page_file.write_text(NEW_VERSION, encoding="utf-8")
    output = run_import(page_file)
    kept = Article.objects.get(pk=corrected.pk)
    assert kept.body == corrected.body and kept.needs_review
    assert Article.objects.filter(title="博爱县举办春季植树活动").count() == 1
    other = Article.objects.get(title="博爱县图书馆开展读书月活动")
    assert "两场讲座" in other.body and not other.needs_review
    assert "1 corrected kept for review" in output


def test_dry_run_reports_changes_and_writes_nothing(page_file):
    output = run_import(page_file, "--dry-run")
    assert "would be created" in output and "dry run" in output
    assert Page.objects.count() == 0 and Article.objects.count() == 0
    run_import(page_file)
    before = list(Article.objects.values_list("pk", "body"))
    page_file.write_text(NEW_VERSION, encoding="utf-8")
    output = run_import(page_file, "--dry-run")
    assert "would be replaced" in output
    assert list(Article.objects.values_list("pk", "body")) == before
    assert Page.objects.get().ocr_text == HEADER_PAGE


def test_a_file_with_two_page_headers_becomes_two_pages(tmp_path):
    second = HEADER_PAGE.replace("B03│博爱新闻", "B04│修武新闻").replace("博爱县", "修武县")
    (tmp_path / "two.txt").write_text(HEADER_PAGE + "\n" + second, encoding="utf-8")
    run_import(tmp_path)
    pages = list(Page.objects.order_by("label").values_list("label", "section", "county__name"))
    assert pages == [("B03", "博爱新闻", "博爱县"), ("B04", "修武新闻", "修武县")]
    assert Article.objects.filter(page__label="B04", title="修武县举办春季植树活动").exists()
    assert Article.objects.filter(page__label="B03").count() == 2


def test_another_section_under_the_same_label_from_another_file_is_a_page_of_its_own(
    page_file, tmp_path
):
    run_import(page_file)
    other = tmp_path / "b03-other.txt"
    other.write_text(
        HEADER_PAGE.replace("B03│博爱新闻", "B03│修武新闻").replace("博爱县", "修武县"),
        encoding="utf-8",
    )
    out = StringIO()
    err = StringIO()
    call_command("import_pages", str(other), stdout=out, stderr=err)
    pages = list(Page.objects.order_by("label").values_list("label", "section"))
    assert pages == [("B03", "博爱新闻"), ("B03-2", "修武新闻")]
    assert Article.objects.filter(page__label="B03").count() == 2
    assert "stored as B03-2" in err.getvalue()
    other.write_text(other.read_text(encoding="utf-8").replace("一场讲座", "两场讲座"), "utf-8")
    call_command("import_pages", str(other), stdout=StringIO(), stderr=StringIO())
    assert list(Page.objects.order_by("label").values_list("label", flat=True)) == ["B03", "B03-2"]
    assert "两场讲座" in Article.objects.get(page__label="B03-2", title__contains="图书馆").body


def test_orders_stay_unique_and_in_reading_order_when_a_correction_is_kept(page_file):
    run_import(page_file)
    corrected = correct_tree_planting_report()
    version = Article.objects.get(pk=corrected.pk).version
    page_file.write_text(NEW_VERSION, encoding="utf-8")
    run_import(page_file)
    rows = list(Page.objects.get().articles.order_by("order").values_list("order", "title"))
    assert rows == [(1, "博爱县举办春季植树活动"), (2, "博爱县图书馆开展读书月活动")]
    assert Article.objects.get(pk=corrected.pk).version == version


def test_a_kept_correction_missing_from_the_new_version_keeps_its_place(page_file):
    run_import(page_file)
    corrected = Article.objects.get(title="博爱县举办春季植树活动")
    corrected.title = "博爱县春季植树（已校对）"
    corrected.body = "校对后的正文。"
    corrected.ocr_text = "校对后的正文。"
    corrected.corrected = True
    corrected.save()
    page_file.write_text(NEW_VERSION.replace("博爱县举办春季植树活动", "植树"), encoding="utf-8")
    run_import(page_file)
    orders = list(Page.objects.get().articles.values_list("order", flat=True))
    assert sorted(orders) == list(range(1, len(orders) + 1))
    assert Article.objects.get(pk=corrected.pk).order == 1
