import pytest

from tests.factories import make_staff_user


@pytest.fixture
def editor(client):
    """A staff member with correction rights, logged in on ``client``."""
    user = make_staff_user()
    client.force_login(user)
    return user


@pytest.fixture
def signed_in_tabs(browser, live_server, client):
    """``open_tab(user, width)``: a Playwright tab that wide, signed in to the live server as
    ``user``; every tab is closed after the test."""
    contexts = []

    def open_tab(user, width: int):
        client.force_login(user)
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 860})
        session = client.cookies["sessionid"].value
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()
