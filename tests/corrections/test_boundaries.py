import pytest
from reversion.models import Revision

from archive.corrections.boundaries import (
    BoundaryError,
    make_headline,
    merge_with_next,
    move_paragraph,
    split_article,
    undo_operation,
)
from archive.corrections.history import revision_count, versions_of
from archive.models import Article
from tests.factories import make_article, make_page, make_staff_user

pytestmark = pytest.mark.django_db


def three_paragraphs(page=None, **fields):
    return make_article(page=page, body="第一段文字\n\n第二段文字\n\n第三段文字", **fields)


def last_operation(article) -> Revision:
    return versions_of(article)[0].revision


def test_split_moves_the_later_paragraphs_into_a_new_article_right_after():
    page = make_page()
    article = three_paragraphs(page, order=1)
    after = make_article(page=page, order=2, title="后一篇")
    new = split_article(article, 1, user=make_staff_user())
    article.refresh_from_db()
    after.refresh_from_db()
    assert article.body == "第一段文字"
    assert new.body == "第二段文字\n\n第三段文字"
    assert [a.pk for a in Article.objects.filter(page=page).order_by("order")] == [
        article.pk,
        new.pk,
        after.pk,
    ]
    assert new.corrected and article.corrected


def test_split_at_the_first_paragraph_is_refused():
    article = three_paragraphs()
    with pytest.raises(BoundaryError):
        split_article(article, 0)


def test_undo_split_deletes_the_new_article_and_restores_the_text():
    page = make_page()
    article = three_paragraphs(page, order=1)
    after = make_article(page=page, order=2)
    new = split_article(article, 2)
    undo_operation(last_operation(article))
    assert not Article.objects.filter(pk=new.pk).exists()
    article.refresh_from_db()
    assert article.body == "第一段文字\n\n第二段文字\n\n第三段文字"
    assert Article.objects.get(pk=after.pk).order == 2


def test_merge_appends_the_next_article_with_its_headline_and_deletes_it():
    page = make_page()
    first = make_article(page=page, order=1, body="前文", ocr_text="前文OCR")
    second = make_article(page=page, order=2, title="后标题", body="后文", ocr_text="后文OCR")
    merge_with_next(first, user=make_staff_user())
    first.refresh_from_db()
    assert first.body == "前文\n\n后标题\n\n后文"
    assert first.ocr_text == "前文OCR\n后文OCR"
    assert not Article.objects.filter(pk=second.pk).exists()
    assert revision_count(first) == 1


def test_revert_after_merge_brings_back_both_articles():
    page = make_page()
    first = make_article(page=page, order=1, title="甲", body="前文")
    second = make_article(page=page, order=2, title="乙", body="后文", byline="记者丙")
    merge_with_next(first)
    restored = undo_operation(last_operation(first), user=make_staff_user())
    assert {a.pk for a in restored} == {first.pk, second.pk}
    first.refresh_from_db()
    back = Article.objects.get(pk=second.pk)
    assert (first.title, first.body) == ("甲", "前文")
    assert (back.title, back.body, back.byline, back.order) == ("乙", "后文", "记者丙", 2)
    assert versions_of(first)[0].revision.comment.startswith("撤销：合并文章")


def test_merge_of_the_last_article_is_refused():
    article = make_article()
    with pytest.raises(BoundaryError):
        merge_with_next(article)


def test_move_paragraph_to_previous_appends_it_there():
    page = make_page()
    first = make_article(page=page, order=1, body="甲文")
    second = make_article(page=page, order=2, body="漏掉的尾段\n\n乙文")
    move_paragraph(second, 0, "previous")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.body == "甲文\n\n漏掉的尾段"
    assert second.body == "乙文"


def test_move_paragraph_to_next_prepends_it_and_is_undoable():
    page = make_page()
    first = make_article(page=page, order=1, body="甲文\n\n其实属于下篇")
    second = make_article(page=page, order=2, body="乙文")
    move_paragraph(first, 1, "next")
    second.refresh_from_db()
    assert second.body == "其实属于下篇\n\n乙文"
    undo_operation(last_operation(first))
    second.refresh_from_db()
    first.refresh_from_db()
    assert (first.body, second.body) == ("甲文\n\n其实属于下篇", "乙文")


def test_move_paragraph_without_neighbour_is_refused():
    article = make_article(body="独一段")
    with pytest.raises(BoundaryError):
        move_paragraph(article, 0, "next")


def test_make_headline_keeps_the_old_title_as_first_paragraph():
    article = make_article(title="错的标题", body="正文一\n\n真正的标题\n\n正文二")
    make_headline(article, 1)
    article.refresh_from_db()
    assert article.title == "真正的标题"
    assert article.body == "错的标题\n\n正文一\n\n正文二"


def test_every_operation_advances_the_version():
    article = make_article(body="一\n\n二")
    make_headline(article, 1)
    article.refresh_from_db()
    assert article.version == 2


def test_undo_of_an_ordinary_edit_is_refused():
    article = make_article()
    make_headline(article, 0)
    snapshot = versions_of(article)[1].revision
    with pytest.raises(BoundaryError):
        undo_operation(snapshot)


def test_undo_is_refused_when_an_article_changed_after_the_operation():
    page = make_page()
    first = make_article(page=page, order=1, body="前文")
    make_article(page=page, order=2, body="后文")
    merge_with_next(first)
    operation = last_operation(first)
    first.refresh_from_db()
    make_headline(first, 1)  # a later change on top of the merge
    with pytest.raises(BoundaryError, match="之后又被修改过"):
        undo_operation(operation)
    assert Article.objects.count() == 1


def page_state(page) -> list[tuple]:
    return list(
        Article.objects.filter(page=page)
        .order_by("order", "pk")
        .values_list("pk", "order", "title", "subtitle", "body", "ocr_text")
    )


@pytest.mark.parametrize(
    "operation",
    [
        lambda a: split_article(a, 1),
        lambda a: split_article(a, 2),
        lambda a: merge_with_next(a),
        lambda a: move_paragraph(a, 0, "previous"),
        lambda a: move_paragraph(a, 2, "next"),
        lambda a: make_headline(a, 1),
    ],
    ids=["split-1", "split-2", "merge", "move-previous", "move-next", "headline"],
)
def test_undo_restores_the_whole_page_exactly(operation):
    page = make_page()
    make_article(page=page, order=1, title="甲", body="甲一\n\n甲二")
    middle = make_article(
        page=page, order=2, title="乙", body="乙一\n\n乙二\n\n乙三", ocr_text="乙原"
    )
    make_article(page=page, order=3, title="丙", subtitle="丙副", body="丙一", ocr_text="丙原")
    before = page_state(page)
    operation(middle)
    assert page_state(page) != before
    undo_operation(last_operation(middle))
    assert page_state(page) == before
