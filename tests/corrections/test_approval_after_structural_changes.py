"""Split, merge, move, headline and revert change approved text: like an edit, they send an
已审核 article back to 已校对 unless a reviewer did it, and never create an 已审核 article."""

import pytest

from archive.corrections.boundaries import (
    make_headline,
    merge_with_next,
    move_paragraph,
    split_article,
)
from archive.corrections.editing import save_correction
from archive.corrections.history import revert_article, versions_of
from archive.models import Article
from tests.factories import make_article, make_page, make_staff_user

pytestmark = pytest.mark.django_db

APPROVED, CORRECTED = Article.Status.APPROVED, Article.Status.CORRECTED


def approved_pair():
    page = make_page()
    first = make_article(page=page, order=1, body="甲一\n\n甲二", status=APPROVED)
    second = make_article(page=page, order=2, body="乙一\n\n乙二", status=APPROVED)
    return first, second


def status(article) -> str:
    return Article.objects.get(pk=article.pk).status


def test_split_of_an_approved_article_creates_no_approved_article():
    first, _ = approved_pair()
    new = split_article(first, 1, user=make_staff_user())
    assert (status(first), status(new)) == (CORRECTED, CORRECTED)


def test_split_by_a_reviewer_still_leaves_the_new_article_for_review():
    first, _ = approved_pair()
    reviewer = make_staff_user("reviewer", groups=("审核员",))
    new = split_article(first, 1, user=reviewer)
    assert (status(first), status(new)) == (APPROVED, CORRECTED)


def test_split_of_an_unreviewed_article_starts_the_new_one_in_progress():
    article = make_article(body="一\n\n二")
    new = split_article(article, 1, user=make_staff_user())
    assert status(new) == Article.Status.IN_PROGRESS


@pytest.mark.parametrize(
    "operation",
    [
        lambda first, second, user: merge_with_next(first, user=user),
        lambda first, second, user: make_headline(first, 1, user=user),
        lambda first, second, user: move_paragraph(first, 1, "next", user=user),
    ],
    ids=["merge", "headline", "move"],
)
def test_boundary_operation_by_a_proofreader_demotes_approved_articles(operation):
    first, second = approved_pair()
    operation(first, second, make_staff_user())
    assert status(first) == CORRECTED


def test_move_demotes_the_receiving_article_too():
    first, second = approved_pair()
    move_paragraph(first, 1, "next", user=make_staff_user())
    assert (status(first), status(second)) == (CORRECTED, CORRECTED)


def reverted_by(user):
    article = make_article(body="原文", status=CORRECTED)
    reviewer = make_staff_user("approver", groups=("审核员",))
    article.body, article.status = "审核后的文本", APPROVED
    save_correction(article, user=reviewer, expected_version=article.version)
    assert status(article) == APPROVED
    revert_article(Article.objects.get(pk=article.pk), versions_of(article)[-1], user=user)
    return status(article)


def test_revert_by_a_proofreader_demotes_an_approved_article():
    assert reverted_by(make_staff_user()) == CORRECTED


def test_revert_by_a_reviewer_keeps_approval():
    assert reverted_by(make_staff_user("other-reviewer", groups=("审核员",))) == APPROVED
