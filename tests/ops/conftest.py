"""The search tests' empty-index fixture, for the operations tests that need an index, and the
small archive and correction helper the page-cache tests share."""

import pytest

from archive.corrections.editing import save_correction
from archive.models import Article
from tests.factories import make_article, make_county, make_issue, make_page, make_staff_user
from tests.search.conftest import search_backend  # noqa: F401


@pytest.fixture
def archive(search_backend):  # noqa: F811
    """温县's page A08 of 2023-01-10 with two articles; the first is returned."""
    county = make_county("温县")
    page = make_page("A08", issue=make_issue("2023-01-10"), county=county)
    first = make_article(page=page, title="黄河滩区春耕忙", body="本报讯 农民开始春耕。")
    make_article(page=page, title="温县小麦长势好", body="本报讯 小麦返青。")
    return first


def correct(article: Article, capture, **changes) -> None:
    """Save ``changes`` to ``article`` as staff do, running the on-commit callbacks."""
    article = Article.objects.get(pk=article.pk)
    for name, value in changes.items():
        setattr(article, name, value)
    with capture(execute=True):
        save_correction(article, user=make_staff_user(), expected_version=article.version)
