import pytest

from archive.corrections.editing import (
    ApprovalNotAllowed,
    ConcurrentEditError,
    can_approve,
    save_correction,
)
from archive.models import Article
from tests.factories import make_article, make_staff_user

pytestmark = pytest.mark.django_db


def test_second_of_two_concurrent_saves_is_refused_and_shows_what_changed():
    article = make_article(body="甲乙丙丁", status="in_progress")
    first_editor = Article.objects.get(pk=article.pk)
    second_editor = Article.objects.get(pk=article.pk)
    first_editor.body = "甲乙丙丁戊"
    save_correction(first_editor, user=make_staff_user("a"), expected_version=1)

    second_editor.body = "甲乙丙"
    with pytest.raises(ConcurrentEditError) as refused:
        save_correction(second_editor, user=make_staff_user("b"), expected_version=1)

    assert Article.objects.get(pk=article.pk).body == "甲乙丙丁戊"
    (change,) = refused.value.changes
    assert change.field == "body"
    assert [(r.operation, r.text) for r in change.runs] == [("equal", "甲乙丙丁"), ("insert", "戊")]
    assert refused.value.current_version == 2
    assert "第 1 版" in str(refused.value)


def test_a_save_from_the_current_version_is_accepted():
    article = make_article()
    user = make_staff_user()
    article.body = "一"
    save_correction(article, user=user, expected_version=1)
    article.body = "二"
    save_correction(article, user=user, expected_version=2)
    assert Article.objects.get(pk=article.pk).body == "二"


def test_proofreader_may_not_approve():
    article = make_article()
    article.status = Article.Status.APPROVED
    with pytest.raises(ApprovalNotAllowed):
        save_correction(article, user=make_staff_user(groups=("校对员",)), expected_version=1)
    assert Article.objects.get(pk=article.pk).status == Article.Status.UNREVIEWED


def test_reviewer_and_superuser_may_approve():
    reviewer = make_staff_user("reviewer", groups=("审核员",))
    boss = make_staff_user("boss", groups=(), is_superuser=True)
    assert can_approve(reviewer) and can_approve(boss)
    assert not can_approve(make_staff_user("proofreader"))
    article = make_article()
    article.status = Article.Status.APPROVED
    save_correction(article, user=reviewer, expected_version=1)
    assert Article.objects.get(pk=article.pk).status == Article.Status.APPROVED


def test_a_staff_save_moves_an_unreviewed_article_to_in_progress():
    article = make_article()
    article.body = "改了一处"
    save_correction(article, user=make_staff_user(), expected_version=1)
    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_PROGRESS


def test_an_approved_article_edited_by_a_proofreader_goes_back_to_corrected():
    article = make_article(status=Article.Status.APPROVED)
    article.body = "审核后又改了"
    save_correction(article, user=make_staff_user(), expected_version=1)
    assert Article.objects.get(pk=article.pk).status == Article.Status.CORRECTED


def test_a_reviewer_editing_an_approved_article_keeps_it_approved():
    article = make_article(status=Article.Status.APPROVED)
    article.body = "审核员自己改"
    save_correction(article, user=make_staff_user(groups=("审核员",)), expected_version=1)
    assert Article.objects.get(pk=article.pk).status == Article.Status.APPROVED
