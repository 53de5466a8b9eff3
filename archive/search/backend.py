"""Our Haystack engine: Whoosh with jieba words + character bigrams, fast indexing and search.

Configured with ``HAYSTACK_CONNECTIONS['default']['ENGINE'] =
'archive.search.backend.ChineseWhooshEngine'`` and Haystack's ``PATH``. Parallel indexing:
``manage.py update_index --workers 2`` (documents are analysed without holding the lock).
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
import uuid

from haystack.backends.whoosh_backend import (
    WhooshEngine,
    WhooshSearchBackend,
    WhooshSearchQuery,
)
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SkipDocument
from haystack.utils import get_identifier
from whoosh import fields
from whoosh import query as wq
from whoosh.fields import ID as WHOOSH_ID
from whoosh.fields import NUMERIC, Schema

from archive.search.fields import GramsField, WordsField
from archive.search.writer import (
    DirectSegmentWriter,
    PostingsBuffer,
    merge_everything,
    merge_tiers,
)

log = logging.getLogger(__name__)
# Bump when the files change shape (codec blocks, position encoding): an index written by an
# older version must be rebuilt, not misread.
INDEX_FORMAT = "newsroom-flat-2"
FORMAT_FILENAME = "NEWSROOM_FORMAT"
WRITE_LOCK_TIMEOUT = 120.0  # seconds to wait while another process commits or merges

ARTICLE_FIELDS = {
    "text": lambda: WordsField(),
    "grams": lambda: GramsField(),
    "title_words": lambda: WordsField(),
    "title_grams": lambda: GramsField(),
    "ocr_words": lambda: WordsField(),
    "ocr_grams": lambda: GramsField(),
    "county": lambda: WHOOSH_ID(sortable=True),
    "newspaper": lambda: WHOOSH_ID(sortable=True),
    # Signed on purpose: Whoosh 2.7.4 answers open-ended ranges ([ TO 20230110]) on unsigned
    # NUMERIC fields with every document.
    "date": lambda: NUMERIC(numtype=int, bits=32, sortable=True),
    "year": lambda: WHOOSH_ID(sortable=True),
    "page": lambda: WHOOSH_ID(),
    "kind": lambda: WHOOSH_ID(),
}


def to_index_value(name: str, value):
    """Haystack-prepared value → what our Whoosh field takes (dates become 20230110)."""
    if name == "date" and isinstance(value, datetime.date):
        return value.year * 10000 + value.month * 100 + value.day
    if name == "year":
        return str(value)
    if value is None:
        return None
    return value if isinstance(value, str | int) else str(value)


class IndexFormatError(RuntimeError):
    """The index on disk was written in another format; ``rebuild_index`` fixes it."""


def index_format_ok(index) -> bool:
    """Whether ``index`` is in :data:`INDEX_FORMAT`; a new, empty index is marked as such."""
    storage = index.storage
    if storage.file_exists(FORMAT_FILENAME):
        with storage.open_file(FORMAT_FILENAME) as marker:
            return marker.read().decode("ascii", "replace").strip() == INDEX_FORMAT
    if index.doc_count_all() == 0:
        # Written aside and renamed: another process never reads a half-written marker.
        temporary = f"{FORMAT_FILENAME}.{uuid.uuid4().hex}"
        with storage.create_file(temporary) as marker:
            marker.write(INDEX_FORMAT.encode("ascii"))
        storage.rename_file(temporary, FORMAT_FILENAME)
        return True
    return False


class ChineseWhooshSearchBackend(WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self._local = threading.local()

    # -- schema ---------------------------------------------------------------------------

    def build_schema(self, search_fields):
        """Our Chinese field types by name; Haystack's mapping for any other field."""
        schema_fields: dict[str, fields.FieldType] = {
            ID: WHOOSH_ID(stored=True, unique=True),
            DJANGO_CT: WHOOSH_ID(stored=True),
            DJANGO_ID: WHOOSH_ID(stored=True),
        }
        others = {}
        content_field_name = ""
        for field_class in search_fields.values():
            name = field_class.index_fieldname
            if field_class.document:
                content_field_name = name
            if name in ARTICLE_FIELDS:
                schema_fields[name] = ARTICLE_FIELDS[name]()
            else:
                others[name] = field_class
        if others:
            _, fallback = super().build_schema(others)
            for name in others:
                schema_fields[name] = fallback[name]
        return content_field_name, Schema(**schema_fields)

    def setup(self):
        from archive.search.userdict import teach_segmenter_database_places

        teach_segmenter_database_places()
        super().setup()
        self._format_ok = index_format_ok(self.index)

    def check_format(self) -> None:
        if not self.setup_complete:
            self.setup()
        if not self._format_ok:
            # Maybe rebuilt by another process since (``rebuild_index``): look again.
            self.setup()
            if self._format_ok:
                self._local.searcher = None
        if not self._format_ok:
            raise IndexFormatError(
                f"The search index in {self.path} was written by another version of newsroom "
                f"(not {INDEX_FORMAT}). Run `manage.py rebuild_index` to rebuild it."
            )

    # -- writing --------------------------------------------------------------------------

    def update(self, index, iterable, commit=True):
        """Index ``iterable``: analyse without the lock, then write one segment and commit.

        Returns the number of documents written."""
        self.check_format()
        started = time.monotonic()
        buffer = PostingsBuffer(self.schema)
        identifiers = []
        for obj in iterable:
            try:
                doc = index.full_prepare(obj)
            except SkipDocument:
                continue
            doc.pop("boost", None)
            values = {name: to_index_value(name, value) for name, value in doc.items()}
            buffer.add_document(**{k: v for k, v in values.items() if v is not None})
            identifiers.append(values[ID])
        if not identifiers:
            return 0
        self.index = self.index.refresh()
        writer = DirectSegmentWriter(self.index, timeout=WRITE_LOCK_TIMEOUT, compound=False)
        try:
            if not self.index.is_empty():
                # One query for the whole batch: delete_by_term opens a reader per call.
                writer.delete_by_query(wq.Or([wq.Term(ID, i) for i in identifiers]))
            writer.add_buffer(buffer)
        except Exception:
            writer.cancel()
            raise
        writer.commit(mergetype=merge_tiers)
        elapsed = time.monotonic() - started
        log.info("indexed %d articles in %.2fs (%.0f/s)", len(identifiers), elapsed,
                 len(identifiers) / max(elapsed, 1e-6))  # fmt: skip
        return len(identifiers)

    def optimize(self):
        """Merge every segment into one (streamed; Whoosh's own optimize pools every posting)."""
        self.check_format()
        self.index = self.index.refresh()
        writer = DirectSegmentWriter(self.index, timeout=WRITE_LOCK_TIMEOUT, compound=False)
        writer.commit(mergetype=merge_everything)

    def remove(self, obj_or_string, commit=True):
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        writer = self.index.writer(timeout=WRITE_LOCK_TIMEOUT)
        writer.delete_by_term(ID, get_identifier(obj_or_string))
        writer.commit(merge=False)

    # -- searching ------------------------------------------------------------------------

    def searcher(self):
        """A searcher kept per thread and refreshed when the index changed (cheap check)."""
        self.check_format()
        current = getattr(self._local, "searcher", None)
        if current is None:
            fresh = self.index.searcher()
        else:
            # Not closing the old one: Whoosh's refresh() reuses its unchanged segment readers.
            fresh = current.refresh()
        self._local.searcher = fresh
        return fresh

    def reset_searcher(self) -> None:
        current = getattr(self._local, "searcher", None)
        if current is not None:
            current.close()
        self._local.searcher = None

    def delete_index(self):
        self.reset_searcher()
        super().delete_index()

    def search_articles(self, request):
        from archive.search.whoosh_search import run_whoosh_search

        return run_whoosh_search(self.searcher(), request)

    def related_article_ids(self, article, limit: int) -> list[int]:
        from archive.search.whoosh_search import related_ids

        return related_ids(self.searcher(), article, limit)


class ChineseWhooshEngine(WhooshEngine):
    backend = ChineseWhooshSearchBackend
    query = WhooshSearchQuery
