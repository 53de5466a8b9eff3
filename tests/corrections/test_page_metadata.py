import datetime

import pytest

from archive.corrections.pages import PageMetadataError, correct_page_metadata
from archive.models import Article, Issue
from tests.factories import make_article, make_county, make_issue, make_page, make_staff_user

pytestmark = pytest.mark.django_db


def test_changing_the_date_moves_the_page_to_a_new_issue():
    page = make_page(issue=make_issue("2023-01-10"))
    old_issue = page.issue
    article = make_article(page=page)
    correct_page_metadata(page, date=datetime.date(2023, 1, 11), user=make_staff_user())
    page.refresh_from_db()
    assert page.issue.date == datetime.date(2023, 1, 11)
    assert page.issue.newspaper == old_issue.newspaper
    assert Article.objects.get(pk=article.pk).date == datetime.date(2023, 1, 11)
    assert not Issue.objects.filter(pk=old_issue.pk).exists()


def test_changing_the_date_joins_an_existing_issue_and_keeps_the_old_one_with_pages():
    old_issue = make_issue("2023-01-10")
    page = make_page("A08", issue=old_issue)
    make_page("A01", issue=old_issue)
    target = make_issue("2023-01-12")
    correct_page_metadata(page, date=target.date)
    page.refresh_from_db()
    assert page.issue == target
    assert Issue.objects.filter(pk=old_issue.pk).exists()


def test_a_label_already_used_in_the_target_issue_is_refused():
    target = make_issue("2023-01-12")
    make_page("A08", issue=target)
    page = make_page("A08", issue=make_issue("2023-01-10"))
    with pytest.raises(PageMetadataError, match="A08"):
        correct_page_metadata(page, date=target.date)
    page.refresh_from_db()
    assert page.issue.date == datetime.date(2023, 1, 10)


def test_label_change_updates_reading_order():
    page = make_page("A08")
    correct_page_metadata(page, label="A02")
    page.refresh_from_db()
    assert (page.label, page.sequence) == ("A02", 1002)


def test_county_change_follows_only_articles_with_the_old_county():
    wen, meng, other = make_county("温县"), make_county("孟州市"), make_county("沁阳市")
    page = make_page(county=wen)
    following = make_article(page=page, county=wen)
    elsewhere = make_article(page=page, county=other)
    correct_page_metadata(page, county=meng, user=make_staff_user())
    assert Article.objects.get(pk=following.pk).county == meng
    assert Article.objects.get(pk=elsewhere.pk).county == other
    assert Article.objects.get(pk=following.pk).corrected


@pytest.mark.parametrize("label", ["A/08", "A 08", "A\t08", "第一/二版"])
def test_a_label_with_a_slash_or_whitespace_is_refused_and_nothing_changes(label):
    page = make_page("A08")
    with pytest.raises(PageMetadataError, match="斜杠或空白") as refused:
        correct_page_metadata(page, label=label)
    assert refused.value.field == "label"
    page.refresh_from_db()
    assert page.label == "A08"


def test_surrounding_spaces_of_a_label_are_dropped_not_refused():
    page = make_page("A08")
    correct_page_metadata(page, label=" A09 ")
    page.refresh_from_db()
    assert page.label == "A09"
