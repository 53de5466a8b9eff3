import pytest

from archive.corrections.queue import next_in_queue
from tests.factories import make_article, make_page

pytestmark = pytest.mark.django_db

NOISY = "县 里 召 开\n会\n议 ¤¤"
MILD = "县里召开会议，研究部署今年的工作。\n县 里"
CLEAN = "县里召开会议，研究部署今年的工作任务。"


def test_next_in_queue_is_the_article_after_this_one_in_queue_order():
    page = make_page()
    worst = make_article(page=page, body=NOISY)
    mild = make_article(page=page, body=MILD)
    clean = make_article(page=page, body=CLEAN)
    assert next_in_queue(worst.pk) == mild.pk
    assert next_in_queue(mild.pk) == clean.pk
    assert next_in_queue(clean.pk) is None


def test_after_proofreading_an_article_the_next_is_the_queue_head():
    page = make_page()
    done = make_article(page=page, body=NOISY, status="corrected")
    waiting = make_article(page=page, body=CLEAN)
    assert next_in_queue(done.pk) == waiting.pk
