import pytest
from django.urls import reverse

from tests.factories import make_staff_user

pytestmark = pytest.mark.django_db

PASSWORD = "pw-校对-123"


def login(client, password):
    return client.post(
        reverse("admin:login"), {"username": "editor", "password": password, "next": "/admin/"}
    )


def test_staff_can_log_in(client):
    make_staff_user()
    assert login(client, PASSWORD).status_code == 302


def test_repeated_failed_logins_lock_the_account_even_with_the_right_password(client, settings):
    make_staff_user()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "wrong").status_code == 200
    assert login(client, "wrong").status_code == 429  # the limit is reached
    locked = login(client, PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_page_explains_in_chinese(client, settings):
    make_staff_user()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = login(client, "wrong")
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()
