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
