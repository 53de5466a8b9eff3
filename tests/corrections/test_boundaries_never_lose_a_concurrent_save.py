"""A split, merge, move or headline change claims the version of every article it touches:
a correction saved by someone else after the articles were read is never overwritten or
deleted; the operation is refused and nothing changes."""

import pytest
from reversion.models import Revision

from archive.corrections.boundaries import (
    BoundaryError,
    make_headline,
    merge_with_next,
    move_paragraph,
    split_article,
)
from archive.corrections.editing import save_correction
from archive.models import Article
from tests.factories import make_article, make_page, make_staff_user

pytestmark = pytest.mark.django_db


def saved_meanwhile(article, **changes) -> None:
    """Another editor saves ``article`` (a fresh copy), leaving the caller's copy stale."""
    theirs = Article.objects.get(pk=article.pk)
    for field, value in changes.items():
        setattr(theirs, field, value)
    save_correction(theirs, user=make_staff_user("other"), expected_version=theirs.version)


def neighbours_read_before(monkeypatch, article):
    """Make the operation see ``article``'s neighbours as read now, whatever happens next."""
    stale = article.neighbours()
    monkeypatch.setattr(Article, "neighbours", lambda self: stale)
    return stale


def test_merge_refuses_to_delete_a_next_article_saved_meanwhile(monkeypatch):
    page = make_page()
    first = make_article(page=page, order=1, body="甲文")
    second = make_article(page=page, order=2, body="乙文")
    neighbours_read_before(monkeypatch, first)
    saved_meanwhile(second, body="乙文刚改好")
    revisions = Revision.objects.count()
    with pytest.raises(BoundaryError, match="已被他人修改"):
        merge_with_next(first, user=make_staff_user())
    assert Article.objects.get(pk=second.pk).body == "乙文刚改好"
    assert Article.objects.get(pk=first.pk).body == "甲文"
    assert Revision.objects.count() == revisions


def test_move_refuses_when_the_receiving_article_was_saved_meanwhile(monkeypatch):
    page = make_page()
    first = make_article(page=page, order=1, body="甲文\n\n该移走的段")
    second = make_article(page=page, order=2, body="乙文")
    neighbours_read_before(monkeypatch, first)
    saved_meanwhile(second, body="乙文刚改好")
    with pytest.raises(BoundaryError):
        move_paragraph(first, 1, "next", user=make_staff_user())
    assert Article.objects.get(pk=second.pk).body == "乙文刚改好"
    assert Article.objects.get(pk=first.pk).body == "甲文\n\n该移走的段"


@pytest.mark.parametrize(
    "operation",
    [
        lambda article: split_article(article, 1),
        lambda article: make_headline(article, 1),
        lambda article: merge_with_next(article),
    ],
    ids=["split", "headline", "merge"],
)
def test_operation_on_an_article_saved_meanwhile_is_refused(operation):
    page = make_page()
    article = make_article(page=page, order=1, body="一段\n\n二段")
    make_article(page=page, order=2, body="下一篇")
    saved_meanwhile(article, body="一段\n\n二段（刚改好）")
    with pytest.raises(BoundaryError, match="第 1 版"):
        operation(article)
    assert Article.objects.get(pk=article.pk).body == "一段\n\n二段（刚改好）"
    assert Article.objects.filter(page=page).count() == 2


def test_every_article_a_split_touches_gets_a_new_version():
    page = make_page()
    article = make_article(page=page, order=1, body="一段\n\n二段")
    later = make_article(page=page, order=2)
    split_article(article, 1)
    assert Article.objects.get(pk=article.pk).version == 2
    assert Article.objects.get(pk=later.pk).version == 2
