"""A consistent copy of the whole database and its way back: SQLite's online backup API, or
``pg_dump``/``pg_restore`` for PostgreSQL.

Both snapshots are taken inside a transaction the caller holds open (see ``snapshot``), so
what else the caller reads in that transaction (the JSON Lines export) is the same state.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, transaction

SQLITE_FILE = "db.sqlite3"
POSTGRES_FILE = "db.pgdump"


class BackupError(RuntimeError):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def database_file(vendor: str) -> str:
    if vendor == "sqlite":
        return SQLITE_FILE
    if vendor == "postgresql":
        return POSTGRES_FILE
    raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")


@contextmanager
def snapshot(target: Path) -> Iterator[str]:
    """Inside one read transaction: write the database to ``target`` (a folder), then let the
    caller read the same state. Yields the database file's name."""
    name = database_file(connection.vendor)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # pg_dump joins this transaction's snapshot: the dump and the caller's reads
                # see one state, even while the site keeps writing.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SELECT pg_export_snapshot()")
                (snapshot_id,) = cursor.fetchone()
            run_postgres_tool(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                 f"--snapshot={snapshot_id}", f"--file={target / name}"],
            )  # fmt: skip
        else:
            with connection.cursor() as cursor:
                # The first read takes SQLite's shared lock, held until the transaction ends,
                # so no write lands between the copy and the caller's reads.
                cursor.execute("SELECT count(*) FROM sqlite_master")
            copy = sqlite3.connect(target / name)
            try:
                connection.connection.backup(copy)
            finally:
                copy.close()
        yield name


def stored_data() -> dict[str, int]:
    """How many rows of what people would lose the database holds (newspapers, pages,
    articles, revisions, user accounts); empty when there is none or no tables yet.
    What ``migrate`` alone creates (content types, permissions, the two staff groups) is not
    counted."""
    from django.contrib.auth import get_user_model
    from reversion.models import Revision

    from archive.models import Article, County, Issue, Newspaper, Page

    tables = set(connection.introspection.table_names())
    found = {}
    for model in (Newspaper, County, Issue, Page, Article, Revision, get_user_model()):
        if model._meta.db_table in tables:
            count = model.objects.count()
            if count:
                found[model._meta.label] = count
    return found


def restore_database(source: Path) -> None:
    """Replace the configured database's content with the snapshot in ``source``."""
    vendor = connection.vendor
    name = database_file(vendor)
    path = source / name
    if not path.is_file():
        other = POSTGRES_FILE if name == SQLITE_FILE else SQLITE_FILE
        hint = (
            f" (it holds {other}: restore it with a DATABASE_URL of that kind)"
            if (source / other).is_file()
            else ""
        )
        raise BackupError(f"{path}: not found; the site's database is {vendor}{hint}")
    if vendor == "postgresql":
        connection.close()
        run_postgres_tool(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--exit-on-error", "--single-transaction", str(path)],
        )  # fmt: skip
        return
    connection.ensure_connection()
    snapshot_file = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        snapshot_file.backup(connection.connection)
    finally:
        snapshot_file.close()


def run_postgres_tool(arguments: list[str]) -> None:
    """Run pg_dump/pg_restore against the configured database; errors become BackupError."""
    tool = arguments[0]
    if not shutil.which(tool):
        raise BackupError(
            f"{tool} not found: install the PostgreSQL client (Debian: postgresql-client)"
        )
    settings = connection.settings_dict
    environment = {**os.environ}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if settings.get(key):
            environment[variable] = str(settings[key])
    command = [tool, f"--dbname={settings['NAME']}", *arguments[1:]]
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{tool} failed (exit {result.returncode}): {result.stderr.strip()}")
