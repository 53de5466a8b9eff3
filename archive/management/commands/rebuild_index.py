"""``rebuild_index``: Haystack's command, made atomic for our engine.

The index is built into a new generation while the old one keeps answering searches, and
switched to when complete; a failed or killed rebuild leaves the old index serving. Saves made
meanwhile reach both (see ``archive.search.engine.generations``). Backends without generations get
Haystack's clear-then-update.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import CommandError
from haystack import connections
from haystack.management.commands import rebuild_index

from archive.management.commands.clear_index import stdin_is_a_terminal

NO_TERMINAL = (
    "the search index would be rebuilt, which asks for a yes on a terminal, but there is no "
    "terminal to answer: run the command again with --noinput to go ahead without asking"
)


class Command(rebuild_index.Command):
    help = "Builds a new search index beside the old one and switches to it when complete."

    def handle(self, **options):
        if options.get("interactive", True):
            if not stdin_is_a_terminal():
                raise CommandError(NO_TERMINAL)
            answer = input(
                "This rebuilds the search index from the database (searches keep using the "
                "current one until it is done). Are you sure you wish to continue? [y/N] "
            )
            if answer.strip().lower() not in ("y", "yes"):
                self.stdout.write("No action taken.")
                return
        update_options = {k: v for k, v in options.items() if k != "interactive"}
        aliases = options.get("using") or list(connections.connections_info)
        for alias in aliases:
            backend = connections[alias].get_backend()
            if not hasattr(backend, "rebuilding"):
                call_command("clear_index", using=[alias], interactive=options["interactive"],
                             verbosity=options["verbosity"], commit=options["commit"])  # fmt: skip
                call_command("update_index", **{**update_options, "using": [alias]})
                continue
            with backend.rebuilding() as generation:
                if options["verbosity"] >= 1:
                    self.stdout.write(f"Building a new index in {generation}")
                call_command("update_index", **{**update_options, "using": [alias]})
                # One segment answers searches faster; saves go on during the merge.
                if options["verbosity"] >= 1:
                    self.stdout.write("Merging the new index into one segment")
                backend.optimize()
            if options["verbosity"] >= 1:
                self.stdout.write(f"Switched searches to {generation}")
