import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser("boss", password="pw-校对-123"))
    return client


def test_axes_entries_in_the_admin_sidebar_are_in_chinese(superuser_client):
    html = superuser_client.get(reverse("admin:index")).content.decode()
    for name in ("登录防护", "登录尝试", "登录失败记录", "登录日志"):
        assert name in html
    for english in ("Access attempts", "Access failures", "Access logs", "Axes"):
        assert english not in html


def test_article_list_has_few_columns_and_a_wide_title_column(superuser_client):
    make_article(title="县委书记深入黄河滩区调研春季农业生产和防汛准备工作")
    html = superuser_client.get(reverse("admin:archive_article_changelist")).content.decode()
    assert "县委书记深入黄河滩区调研春季农业生产和防汛准备工作" in html
    table = html[html.index('id="result_list"') :]
    table = table[: table.index("</thead>")]
    assert table.count('<th scope="col"') == 7  # checkbox + six columns
    assert "#result_list .field-display_title { min-width: 14em" in html
