"""Processes for the concurrency tests: each runs one role against a data directory given by
NEWSROOM_DATA_DIR (dev settings: SQLite + index there), so several can run at once.

``python -m tests.search.index_processes ROLE [SECONDS]`` with ROLE one of: seed, save,
import, update, rebuild, search. ``search QUERY`` prints the total as JSON.
"""

from __future__ import annotations

import io
import json
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
DEMO_PAGE = REPO / "demo" / "pages" / "huaichuan-2023-03-14-A05.txt"
WORDS = ["小麦", "玉米", "黄河", "滩区", "春耕", "合作社", "大棚", "蔬菜", "种植", "温县", "怀药"]


def setup() -> None:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.dev")
    import django

    django.setup()


def seed(count: int) -> None:
    from django.db import transaction

    from tests.factories import make_article, make_county, make_issue, make_page

    with transaction.atomic():
        county = make_county()
        for day in range(1, 5):
            page = make_page("A05", issue=make_issue(f"2023-05-{day:02d}"), county=county)
            for n in range(count // 4):
                words = random.sample(WORDS, 4)
                make_article(page=page, title=f"{words[0]}{words[1]}新闻{day}-{n}",
                             body=f"本报讯 {''.join(words)}。第{day}-{n}篇。")  # fmt: skip


def save(seconds: float) -> None:
    """Corrections and deletions, as staff in the admin would make them (autocommit)."""
    from archive.models import Article

    stop = time.monotonic() + seconds
    n = 0
    while time.monotonic() < stop:
        ids = list(Article.objects.values_list("pk", flat=True))
        article = Article.objects.get(pk=random.choice(ids))
        n += 1
        if n % 9 == 0:
            article.delete()
            continue
        article.body = f"更正{os.getpid()}-{n}：{''.join(random.sample(WORDS, 3))}。"
        article.version += 1
        article.save()


def import_pages(seconds: float) -> None:
    from django.core.management import CommandError, call_command

    stop = time.monotonic() + seconds
    day = 1
    while time.monotonic() < stop and day < 28:
        for attempt in range(5):
            errors = io.StringIO()
            try:
                call_command("import_pages", str(DEMO_PAGE), newspaper="怀川日报", page="A05",
                             date=f"2023-06-{day:02d}", county="温县", verbosity=0,
                             stderr=errors)  # fmt: skip
                break
            except CommandError:
                # SQLite lets one writer in at a time: an import racing the savers may be told
                # "database is locked", with nothing stored; like an operator, it runs again.
                if attempt == 4 or "database is locked" not in errors.getvalue():
                    sys.stderr.write(errors.getvalue())
                    raise
                time.sleep(0.5)
        day += 1


def update(seconds: float) -> None:
    from django.core.management import call_command

    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        call_command("update_index", batchsize=40, remove=True, verbosity=0)


def rebuild(seconds: float) -> None:
    from django.core.management import call_command

    stop = time.monotonic() + seconds
    while True:
        call_command("rebuild_index", interactive=False, batchsize=10, verbosity=0)
        if time.monotonic() >= stop:
            break


def search(text: str) -> None:
    from archive.search.service import SearchRequest, search_articles

    page = search_articles(SearchRequest(text=text, per_page=5))
    print(json.dumps({"total": page.total, "error": page.error}))


if __name__ == "__main__":
    setup()
    role, argument = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "0"
    roles = {"seed": lambda a: seed(int(a)), "save": lambda a: save(float(a)),
             "import": lambda a: import_pages(float(a)), "update": lambda a: update(float(a)),
             "rebuild": lambda a: rebuild(float(a)), "search": search}  # fmt: skip
    roles[role](argument)
