"""Related articles: other articles sharing the most distinctive words."""

from __future__ import annotations

from archive.search.related import related_articles
from tests.factories import make_article, make_page
from tests.search.conftest import index_articles


def test_related_articles_share_distinctive_words_and_exclude_itself(search_backend):
    page = make_page()
    subject = make_article(
        page=page, title="怀山药丰收", body="怀山药种植户喜获丰收，怀山药价格上涨。"
    )
    close = make_article(page=page, title="怀山药加工", body="怀山药深加工项目投产。")
    make_article(page=page, title="篮球比赛", body="县篮球联赛开幕。")
    for n in range(6):
        make_article(page=page, title=f"其他{n}", body="天气晴朗，交通顺畅。")
    index_articles()
    related = related_articles(subject, limit=3)
    assert related[0] == close
    assert subject not in related
    assert len(related) <= 3


def test_article_page_lists_related_articles(client, search_backend):
    page = make_page()
    subject = make_article(page=page, title="石榴节开幕", body="石榴种植户迎来石榴采摘季。")
    close = make_article(page=page, title="石榴深加工", body="石榴汁加工厂投产，石榴销路更广。")
    make_article(page=page, title="篮球比赛", body="县篮球联赛开幕。")
    index_articles()
    html = client.get(subject.get_absolute_url()).content.decode()
    related = html.split('id="related-h"', 1)[1]
    assert close.get_absolute_url() in related
    assert subject.get_absolute_url() not in related


def related_in_another_issue():
    """``(subject, close)``: ``close`` is related to ``subject`` and in another issue."""
    from tests.factories import make_issue

    page = make_page()
    subject = make_article(page=page, title="石榴节开幕", body="石榴种植户迎来石榴采摘季。")
    other_issue = make_page("A02", issue=make_issue("2023-05-06"))
    close = make_article(page=other_issue, title="石榴深加工", body="石榴汁加工厂投产，石榴畅销。")
    make_article(page=page, title="篮球比赛", body="县篮球联赛开幕。")
    index_articles()
    return subject, close


def retitle(article, title: str, capture) -> None:
    from archive.corrections.editing import save_correction
    from archive.models import Article
    from tests.factories import make_staff_user

    article = Article.objects.get(pk=article.pk)
    article.title = title
    with capture(execute=True):
        save_correction(article, user=make_staff_user(), expected_version=article.version)


def test_a_retitled_related_article_shows_on_the_cached_page_listing_it(
    client, search_backend, django_capture_on_commit_callbacks
):
    subject, close = related_in_another_issue()
    assert "石榴深加工" in client.get(subject.get_absolute_url()).content.decode()  # cached
    retitle(close, "石榴深加工项目投产", django_capture_on_commit_callbacks)
    assert "石榴深加工项目投产" in client.get(subject.get_absolute_url()).content.decode()


def test_the_article_etag_changes_when_a_related_article_elsewhere_is_retitled(
    client, search_backend, django_capture_on_commit_callbacks
):
    subject, close = related_in_another_issue()
    url = subject.get_absolute_url()
    client.get(url)  # cached: now its ETag covers what it shows
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    retitle(close, "石榴深加工项目投产", django_capture_on_commit_callbacks)
    fresh = client.get(url, headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and "石榴深加工项目投产" in fresh.content.decode()
