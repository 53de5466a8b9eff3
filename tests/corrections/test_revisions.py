import pytest
from reversion.models import Version

from archive.corrections.editing import save_correction
from archive.corrections.history import (
    BASELINE_COMMENT,
    compare_versions,
    revert_article,
    revision_count,
    versions_of,
)
from archive.models import Article
from tests.factories import make_article, make_staff_user

pytestmark = pytest.mark.django_db


def correct(article, user, **changes):
    for field, value in changes.items():
        setattr(article, field, value)
    return save_correction(article, user=user, expected_version=article.version, comment="改错字")


def test_first_correction_keeps_the_imported_state_as_a_baseline_revision():
    article = make_article(body="县委书纪主持会议")
    user = make_staff_user()
    correct(article, user, body="县委书记主持会议")
    versions = versions_of(article)
    assert [v.revision.comment for v in versions] == ["改错字", BASELINE_COMMENT]
    assert versions[1].field_dict["body"] == "县委书纪主持会议"
    assert versions[0].field_dict["body"] == "县委书记主持会议"
    assert versions[0].revision.user == user


def test_a_correction_marks_the_article_corrected_and_advances_its_version():
    article = make_article()
    correct(article, make_staff_user(), title="新标题")
    stored = Article.objects.get(pk=article.pk)
    assert stored.corrected and stored.corrected_at is not None
    assert stored.version == 2


def test_a_correction_never_overwrites_the_original_ocr():
    article = make_article(body="错字原文", ocr_text="错字原文")
    article.ocr_text = "有人想改原文"
    correct(article, make_staff_user(), body="正确的文本")
    stored = Article.objects.get(pk=article.pk)
    assert (stored.body, stored.ocr_text) == ("正确的文本", "错字原文")


def test_revision_count_counts_staff_saves_only():
    article = make_article()
    user = make_staff_user()
    assert revision_count(article) == 0
    correct(article, user, body="第一次修改")
    correct(article, user, body="第二次修改")
    assert revision_count(article) == 2
    assert Version.objects.get_for_object(article).count() == 3


def test_compare_versions_shows_character_changes():
    article = make_article(body="今年粮食丰收", status="in_progress")
    correct(article, make_staff_user(), body="今年棉花丰收")
    new, old = versions_of(article)
    (change,) = compare_versions(old, new)
    assert change.label == "正文"
    assert [(r.operation, r.text) for r in change.runs] == [
        ("equal", "今年"),
        ("delete", "粮食"),
        ("insert", "棉花"),
        ("equal", "丰收"),
    ]


def test_revert_restores_old_text_as_a_new_revision():
    article = make_article(title="旧标题", body="原来的正文")
    user = make_staff_user()
    correct(article, user, title="新标题", body="改过的正文")
    baseline = versions_of(article)[-1]
    revert_article(Article.objects.get(pk=article.pk), baseline, user=user)
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.body) == ("旧标题", "原来的正文")
    assert stored.version == 3
    assert versions_of(article)[0].revision.comment.startswith("恢复到")
    assert revision_count(article) == 2


def test_revert_refuses_a_version_of_another_article():
    first = make_article()
    second = make_article(page=first.page)
    correct(first, make_staff_user(), body="改")
    with pytest.raises(ValueError):
        revert_article(second, versions_of(first)[0])


def test_compare_versions_shows_status_and_county_by_name():
    from tests.factories import make_county

    article = make_article(body="正文")
    correct(article, make_staff_user(), county=make_county("孟州市"))
    new, old = versions_of(article)
    changes = {change.field: change for change in compare_versions(old, new)}
    assert (changes["status"].old, changes["status"].new) == ("未校对", "校对中")
    assert [(r.operation, r.text) for r in changes["county_id"].runs] == [("insert", "孟州市")]
