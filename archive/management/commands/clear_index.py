"""``manage.py clear_index`` (and ``rebuild_index``, which calls it): Haystack's command, but
without a terminal to answer its question it stops with a message instead of a traceback."""

from __future__ import annotations

import sys

from django.core.management.base import CommandError
from haystack.management.commands import clear_index

NO_TERMINAL = (
    "the search index would be emptied, which asks for a yes on a terminal, but there is no "
    "terminal to answer: run the command again with --noinput to go ahead without asking"
)


class Command(clear_index.Command):
    def handle(self, **options) -> None:
        if options.get("interactive", True) and not stdin_is_a_terminal():
            raise CommandError(NO_TERMINAL)
        super().handle(**options)


def stdin_is_a_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except ValueError:  # stdin closed
        return False
