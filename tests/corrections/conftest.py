import pytest

from tests.factories import make_staff_user


@pytest.fixture
def editor(client):
    """A staff member with correction rights, logged in on ``client``."""
    user = make_staff_user()
    client.force_login(user)
    return user
