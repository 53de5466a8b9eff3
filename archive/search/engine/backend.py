"""Our Haystack engine: Whoosh with jieba words + character bigrams, fast indexing and search.

Configured with ``HAYSTACK_CONNECTIONS['default']['ENGINE'] =
'archive.search.engine.backend.ChineseWhooshEngine'`` and Haystack's ``PATH``; optional
``SETUP_HOOKS`` (dotted paths of functions run once before first use, e.g. to teach the
segmenter place names). The engine knows no model: field types come from the ``SearchIndex``
(see :mod:`archive.search.engine.index_fields`).

What it guarantees beyond Haystack's stock Whoosh backend:

* **the index never goes back in time**: documents are analysed without the lock, then, under
  the index lock, each object is read again from the database; one that changed meanwhile is
  analysed again, one that is gone is dropped (:mod:`archive.search.engine.verified_writes`);
* **atomic rebuilds**: :meth:`rebuilding` fills a new generation directory and switches to it
  when complete (:mod:`archive.search.engine.generations`);
* **damage is reported**, never answered with partial or empty results: a missing index, a
  truncated or missing segment file or an unreadable one raises :class:`IndexUnavailable`
  (:mod:`archive.search.engine.integrity`); searching never creates an index.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from pathlib import Path

from django.utils.module_loading import import_string
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.utils import get_identifier
from whoosh import fields
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import DATETIME, NUMERIC, Schema
from whoosh.fields import ID as WHOOSH_ID
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import FuzzyTermPlugin

from archive.search.engine import generations
from archive.search.engine.decoded import set_budget_mb
from archive.search.engine.fields import GramsField, WordsField
from archive.search.engine.haystack_searches import EveryParser, HaystackSearches
from archive.search.engine.index_format import (
    INDEX_FORMAT,
    IndexFormatError,
    index_format_ok,
    mark_format,
)
from archive.search.engine.integrity import (
    READ_ERRORS,
    IndexDamaged,
    IndexMissing,
    IndexUnavailable,
    damaged_files,
    rebuild_advice,
)
from archive.search.engine.merging import merge_segments
from archive.search.engine.verified_writes import STAMP, prepare_documents, write_verified

log = logging.getLogger(__name__)
WRITE_LOCK_TIMEOUT = 120.0  # seconds to wait while another process commits or merges
INTEGRITY_CHECK_SECONDS = 5.0  # segment files checked against their manifests this often
# Segment files found missing because a commit replaced their segments meanwhile: read the
# new table of contents at most this many times before calling the index damaged.
SUPERSEDED_RETRIES = 5
# Set by :meth:`ChineseWhooshSearchBackend.rebuilding` for its own process (and the
# ``update_index --workers`` processes it forks): write only to the generation being built.
REBUILD_GENERATION_ENV = "NEWSROOM_REBUILD_GENERATION"
# Our field types by Haystack ``field_type`` (see archive.search.engine.index_fields).
FIELD_TYPES = {
    "chinese_words": WordsField,
    "chinese_grams": GramsField,
    "keyword": lambda: WHOOSH_ID(sortable=True),
    # Signed on purpose: Whoosh 2.7.4 answers open-ended ranges ([ TO 20230110]) on unsigned
    # NUMERIC fields with every document.
    "day": lambda: NUMERIC(numtype=int, bits=32, sortable=True),
}


def day_number(day) -> int:
    return day.year * 10000 + day.month * 100 + day.day


class ChineseWhooshSearchBackend(HaystackSearches, WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.root = Path(self.path)
        self.setup_hooks = tuple(connection_options.get("SETUP_HOOKS", ()))
        self.integrity_check_seconds = float(
            connection_options.get("INTEGRITY_CHECK_SECONDS", INTEGRITY_CHECK_SECONDS)
        )
        if "POSTINGS_CACHE_MB" in connection_options:
            set_budget_mb(float(connection_options["POSTINGS_CACHE_MB"]))
        self._local = threading.local()
        self._indexes: dict[Path, whoosh_index.FileIndex] = {}
        self._format_checked: set[Path] = set()

    # -- schema and set-up ----------------------------------------------------------------

    def build_schema(self, search_fields):
        """Our field types by ``field_type``; Haystack's mapping for every other field, plus a
        stored version stamp per document (see ``check_index``)."""
        schema_fields: dict[str, fields.FieldType] = {
            ID: WHOOSH_ID(stored=True, unique=True),
            DJANGO_CT: WHOOSH_ID(stored=True),
            DJANGO_ID: WHOOSH_ID(stored=True),
            STAMP: fields.STORED(),
        }
        others = {}
        content_field_name = ""
        for field_class in search_fields.values():
            name = field_class.index_fieldname
            if field_class.document:
                content_field_name = name
            factory = FIELD_TYPES.get(field_class.field_type)
            if factory is not None:
                schema_fields[name] = factory()
            else:
                others[name] = field_class
        if others:
            _, fallback = super().build_schema(others)
            for name in others:
                schema_fields[name] = fallback[name]
        return content_field_name, Schema(**schema_fields)

    def setup(self):
        """Schema and parser only: opening (never creating) the index happens on use."""
        from haystack import connections

        for hook in self.setup_hooks:
            import_string(hook)()
        unified = connections[self.connection_alias].get_unified_index()
        self.content_field_name, self.schema = self.build_schema(unified.all_searchfields())
        self.parser = EveryParser(self.content_field_name, schema=self.schema)
        self.parser.add_plugins([FuzzyTermPlugin])
        self._indexes.clear()
        self._format_checked.clear()
        self.setup_complete = True

    # -- which index ----------------------------------------------------------------------

    def current_generation(self) -> Path:
        """The directory searches read; raises :class:`IndexMissing` when there is none."""
        if not self.setup_complete:
            self.setup()
        generation = generations.current_generation(self.root)
        # A directory check per search; the slower look for a TOC only before first opening.
        opened = generation in self._indexes and os.path.isdir(generation)
        if generation is None or not (opened or generations.holds_index(generation)):
            raise IndexMissing(rebuild_advice(self.root, "is missing (never built, or deleted)"))
        return generation

    def open_generation(self, generation: Path) -> whoosh_index.FileIndex:
        index = self._indexes.get(generation)
        if index is None:
            try:
                index = FileStorage(str(generation)).open_index(schema=self.schema)
            except READ_ERRORS + (whoosh_index.EmptyIndexError,) as error:
                raise IndexDamaged(
                    rebuild_advice(generation, f"cannot be opened ({error})")
                ) from error
            self._indexes[generation] = index
        if generation not in self._format_checked:
            if not index_format_ok(index):
                raise IndexFormatError(
                    rebuild_advice(
                        generation,
                        f"was written by another version of newsroom (not {INDEX_FORMAT})",
                    )
                )
            self._format_checked.add(generation)
        return index

    @property
    def index(self) -> whoosh_index.FileIndex:
        """The current generation's index (Haystack's methods read ``self.index``)."""
        return self.open_generation(self.current_generation())

    @index.setter
    def index(self, value) -> None:
        self._indexes[Path(value.storage.folder)] = value

    def create_generation_index(self, directory: Path) -> whoosh_index.FileIndex:
        """An empty index in ``directory``, marked with our format."""
        storage = FileStorage(str(directory))
        index = storage.create_index(self.schema)
        mark_format(storage)
        self._indexes[directory] = index
        self._format_checked.add(directory)
        return index

    def write_generations(self) -> list[Path]:
        """Where a write goes: a rebuild's own generation, or ``BUILDING`` and ``CURRENT``.
        The first write on a new installation creates the index."""
        if not self.setup_complete:
            self.setup()
        forced = os.environ.get(REBUILD_GENERATION_ENV)
        if forced and Path(forced).parent == self.root:
            return [Path(forced)]
        targets = generations.write_targets(self.root)
        if not targets:
            self.root.mkdir(parents=True, exist_ok=True)
            with generations.layout_lock(self.root):
                targets = generations.write_targets(self.root)
                if not targets:
                    directory = generations.new_generation(self.root)
                    self.create_generation_index(directory)
                    generations.write_pointer(self.root, generations.CURRENT, directory)
                    targets = [directory]
        usable = [target for target in targets if generations.holds_index(target)]
        for target in targets:
            if target not in usable:
                log.warning("search index generation %s is gone; not writing to it", target)
        return usable

    # -- writing --------------------------------------------------------------------------

    def update(self, index, iterable, commit=True):
        """Index ``iterable``: analyse without the lock, then, per target generation, check
        every object against the database under the lock and commit one segment.

        Returns the number of documents written."""
        if not self.setup_complete:
            self.setup()
        started = time.monotonic()
        prepared = prepare_documents(self, index, iterable)
        if not prepared.documents:
            return 0
        written = 0
        for generation in self.write_generations():
            target = self.open_generation(generation)
            written = write_verified(self, target, index, prepared, WRITE_LOCK_TIMEOUT)
        elapsed = time.monotonic() - started
        log.info("indexed %d documents in %.2fs (%.0f/s)", written, elapsed,
                 written / max(elapsed, 1e-6))  # fmt: skip
        return written

    def index_value(self, name: str, value):
        """A Haystack-prepared value → what the schema's field takes (days become 20230110,
        dates become datetimes as in Haystack's own backend, keywords strings)."""
        if value is None:
            return None
        field = self.schema[name] if name in self.schema else None
        is_day = isinstance(field, NUMERIC) and not isinstance(field, DATETIME)
        if is_day and hasattr(value, "strftime"):
            return day_number(value)
        if isinstance(field, WHOOSH_ID) and not isinstance(value, str):
            return str(value)
        return self._from_python(value)

    def optimize(self):
        """Merge every segment into one, saves going on meanwhile (see ``merging.py``)."""
        for generation in self.write_generations():
            merge_segments(self.open_generation(generation).refresh(), timeout=WRITE_LOCK_TIMEOUT)

    def remove(self, obj_or_string, commit=True):
        self.remove_identifiers([get_identifier(obj_or_string)])

    def remove_identifiers(self, identifiers) -> None:
        """Delete documents by Haystack identifier (``archive.article.12``) in one commit."""
        identifiers = list(identifiers)
        if not identifiers:
            return
        for generation in self.write_generations():
            index = self.open_generation(generation).refresh()
            writer = index.writer(timeout=WRITE_LOCK_TIMEOUT)
            writer.delete_by_query(wq.Or([wq.Term(ID, i) for i in identifiers]))
            writer.commit(merge=False)

    def clear(self, models=None, commit=True):
        """Every document (a fresh, empty generation replaces the current one atomically), or
        those of ``models``."""
        if not self.setup_complete:
            self.setup()
        if models is not None:
            cts = [f"{model._meta.app_label}.{model._meta.model_name}" for model in models]
            for generation in self.write_generations():
                index = self.open_generation(generation).refresh()
                index.delete_by_query(wq.Or([wq.Term(DJANGO_CT, ct) for ct in cts]))
            return
        self.reset_searcher()
        self.root.mkdir(parents=True, exist_ok=True)
        directory = generations.new_generation(self.root)
        self.create_generation_index(directory)
        generations.switch_to(self.root, directory)
        self._forget_closed_generations()

    def delete_index(self):
        self.clear()

    @contextlib.contextmanager
    def rebuilding(self):
        """Fill a new generation (writes of this process go only there) and make it current
        when the block completes; on an exception it is discarded and the old one serves.
        A second rebuild waits for the first."""
        if not self.setup_complete:
            self.setup()
        self.root.mkdir(parents=True, exist_ok=True)
        with generations.rebuild_lock(self.root):
            generation = generations.start_building(self.root, self.create_generation_index)
            os.environ[REBUILD_GENERATION_ENV] = str(generation)
            try:
                yield generation
            except BaseException:
                generations.abandon_building(self.root, generation)
                raise
            finally:
                os.environ.pop(REBUILD_GENERATION_ENV, None)
            generations.switch_to(self.root, generation)
        self.reset_searcher()
        self._forget_closed_generations()

    def _forget_closed_generations(self) -> None:
        for directory in list(self._indexes):
            if not directory.exists():
                self._indexes.pop(directory, None)
                self._format_checked.discard(directory)

    # -- searching ------------------------------------------------------------------------

    def searcher(self):
        """A searcher of the current generation, kept per thread, refreshed when the index
        changed, its segment files checked against their manifests (a few ``stat`` calls)."""
        generation = self.current_generation()
        index = self.open_generation(generation)
        local = self._local
        for _ in range(SUPERSEDED_RETRIES):
            toc = self._latest_toc(index)
            try:
                if getattr(local, "generation", None) != generation or local.searcher is None:
                    self.reset_searcher()
                    fresh = index.searcher()
                else:
                    # refresh() closes what it does not reuse (Whoosh 2.7.4 reuses no reader:
                    # it keys them by generation, looks them up by segment id; the rest are
                    # freed).
                    fresh = local.searcher.refresh()
            except READ_ERRORS as error:
                if not self._committed_since(index, toc):
                    advice = rebuild_advice(generation, f"cannot be read ({error})")
                    raise IndexDamaged(advice) from error
                self.reset_searcher()  # its segments went away under a newer commit
                problems = [f"unreadable while replaced ({error})"]
                continue
            local.searcher, local.generation = fresh, generation
            segments = [reader.segment() for reader, _ in fresh.reader().leaf_readers()]
            checked = (generation, tuple(s.segment_id() for s in segments if s is not None))
            now = time.monotonic()
            # A stat per segment file costs ~1-3 ms a search on a busy machine: checked when
            # the segments change and then every INTEGRITY_CHECK_SECONDS.
            if checked == getattr(local, "checked", None) and now < local.check_due:
                return fresh
            problems = damaged_files(generation, list(checked[1]))
            if not problems:
                local.checked, local.check_due = checked, now + self.integrity_check_seconds
                return fresh
            if not self._committed_since(index, toc):
                break
            # Another process committed since the table of contents was read, and its merge
            # deleted these segments' files: read the segments that replaced them.
        raise IndexDamaged(rebuild_advice(generation, "is damaged: " + ", ".join(problems)))

    @staticmethod
    def _latest_toc(index) -> int | None:
        """The newest table of contents' number on disk (None if it cannot be read)."""
        try:
            return index.latest_generation()
        except READ_ERRORS:
            return None

    @classmethod
    def _committed_since(cls, index, toc: int | None) -> bool:
        """Whether a table of contents newer than ``toc`` is on disk (False if either is
        unknown: missing files are then damage)."""
        latest = cls._latest_toc(index)
        return toc is not None and latest is not None and latest != toc

    def reset_searcher(self) -> None:
        current = getattr(self._local, "searcher", None)
        if current is not None:
            with contextlib.suppress(Exception):
                current.close()
        self._local.searcher = None
        self._local.generation = None

    @contextlib.contextmanager
    def reading(self, what: str = "read"):
        """Turn what a damaged index raises while being read into :class:`IndexDamaged`."""
        try:
            yield
        except IndexUnavailable:
            raise
        except READ_ERRORS as error:
            raise IndexDamaged(
                rebuild_advice(self.root, f"could not be {what} ({type(error).__name__}: {error})")
            ) from error

    def index_version(self) -> str:
        """Changes whenever what searches read changes (a commit, a switched rebuild): for
        caching search answers. Raises :class:`IndexMissing` when there is no index."""
        generation = self.current_generation()
        try:
            commit = self.open_generation(generation).latest_generation()
        except READ_ERRORS as error:
            raise IndexDamaged(rebuild_advice(generation, f"cannot be read ({error})")) from error
        return f"{generation.name}:{commit}"

    def health(self) -> tuple[bool, str]:
        """``(ok, message)`` for monitoring: whether searches can be answered."""
        try:
            with self.reading():
                count = self.searcher().doc_count()
        except IndexUnavailable as error:
            return False, str(error)
        message = f"{count} documents in {self.current_generation()}"
        if generations.building_generation(self.root) is not None:
            running = generations.rebuild_running(self.root)
            message += "; a rebuild is running" if running else "; a rebuild was interrupted"
        return True, message


class ChineseWhooshEngine(WhooshEngine):
    backend = ChineseWhooshSearchBackend
    query = WhooshSearchQuery
