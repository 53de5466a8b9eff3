"""``rebuild_index`` without ``--noinput`` and without a terminal stops with a clear message
(no traceback, index untouched); with a terminal it still asks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.management.commands import clear_index
from tests.factories import make_article
from tests.search.conftest import index_articles

ROOT = Path(__file__).resolve().parents[2]


def test_rebuild_index_with_no_terminal_says_to_add_noinput_without_a_traceback(tmp_path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev",
        "NEWSROOM_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "rebuild_index"],
        cwd=ROOT,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "--noinput" in result.stderr and "no terminal" in result.stderr
    assert not (tmp_path / "whoosh_index").exists()


@pytest.mark.django_db
def test_clear_index_without_a_terminal_keeps_the_index(search_backend, monkeypatch):
    make_article(title="", body="温县小麦喜获丰收")
    assert index_articles() == 1
    monkeypatch.setattr(clear_index, "stdin_is_a_terminal", lambda: False)
    with pytest.raises(CommandError, match="--noinput"):
        call_command("clear_index")
    assert search_backend.search("小麦")["hits"] == 1


@pytest.mark.django_db
def test_on_a_terminal_the_question_is_still_asked(search_backend, monkeypatch):
    make_article(title="", body="温县小麦喜获丰收")
    index_articles()
    monkeypatch.setattr(clear_index, "stdin_is_a_terminal", lambda: True)
    questions = []
    monkeypatch.setattr("builtins.input", lambda prompt: questions.append(prompt) or "y")
    call_command("clear_index", verbosity=0)
    assert questions and "continue" in questions[0]
    assert search_backend.search("小麦")["hits"] == 0
