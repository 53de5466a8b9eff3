"""The simplest peer for ``bench/search.py``: SQLite FTS5 with the ``trigram`` tokenizer.

FTS5 ``trigram`` matches any substring of three or more characters and cannot answer shorter
terms (a one- or two-character word matches nothing), which is why newsroom does not simply
use it. The benchmark asks both engines the same queries and compares them on the ones FTS5
can answer: the first 20 hits by FTS5's bm25 ``rank`` with a highlighted ``snippet()``, and
the exact number of matches (our engine also counts facets and loads the articles). The
FTS5 file holds a copy of the text (``snippet()`` needs it); newsroom's index does not.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

QUOTED = re.compile(r'"([^"]*)"')


def fts5_terms(query: str) -> list[str] | None:
    """The query's terms (a quoted phrase is one term), or None when FTS5 trigram cannot
    answer it: a term shorter than three characters, or none at all."""
    phrases = QUOTED.findall(query)
    terms = [phrase.strip() for phrase in phrases] + QUOTED.sub(" ", query).split()
    if not terms or any(len(term) < 3 for term in terms):
        return None
    return terms


def fts5_match(terms: list[str]) -> str:
    """FTS5 query syntax: every term a quoted string, all required."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def build(path: Path, rows: Iterable[tuple[int, str]], progress=None) -> dict:
    """Index ``(rowid, text)`` rows into a new FTS5 trigram table at ``path``."""
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    connection.execute("CREATE VIRTUAL TABLE docs USING fts5(text, tokenize='trigram')")
    started = time.perf_counter()
    batch: list[tuple[int, str]] = []
    count = 0
    for row in rows:
        batch.append(row)
        if len(batch) == 5000:
            connection.executemany("INSERT INTO docs(rowid, text) VALUES (?, ?)", batch)
            count += len(batch)
            batch = []
            if progress and count % 100_000 == 0:
                progress(f"FTS5: indexed {count} rows")
    connection.executemany("INSERT INTO docs(rowid, text) VALUES (?, ?)", batch)
    count += len(batch)
    connection.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    connection.commit()
    seconds = time.perf_counter() - started
    connection.close()
    return {
        "docs": count,
        "index_docs_per_s": round(count / seconds, 1),
        "index_mb": round(path.stat().st_size / 2**20, 1),
    }


class Searcher:
    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(path, check_same_thread=False)

    def search(self, query: str) -> int:
        """First 20 hits with snippets plus the exact count (the query must be answerable)."""
        terms = fts5_terms(query)
        if terms is None:
            raise ValueError(f"FTS5 trigram cannot answer {query!r}")
        match = fts5_match(terms)
        hits = self.connection.execute(
            "SELECT rowid, snippet(docs, 0, '<mark>', '</mark>', '…', 40) FROM docs "
            "WHERE docs MATCH ? ORDER BY rank LIMIT 20",
            (match,),
        ).fetchall()
        (total,) = self.connection.execute(
            "SELECT count(*) FROM docs WHERE docs MATCH ?", (match,)
        ).fetchone()
        assert len(hits) == min(total, 20)
        return total
