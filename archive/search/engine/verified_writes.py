"""Writing documents so that the index never goes back in time.

Analysing a batch (jieba, bigrams) takes long and happens without the index lock, so a
correction saved meanwhile would be overwritten by the older text the batch read. Under the
lock, before writing, every object is therefore read again from the database and prepared
again (cheap: no analysis): its stamp — a digest of the prepared document — tells whether it
changed. Changed ones are analysed again under the lock, deleted ones are dropped. Whatever
commits after that re-read queues its own index update (signals), which waits for this lock,
so the last write of each document is always its latest committed state.

The stamp is stored with each document, so ``check_index`` can tell stale documents apart.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from haystack.constants import ID
from haystack.exceptions import SkipDocument
from haystack.utils import get_identifier
from whoosh import query as wq

from archive.search.engine.writer import DirectSegmentWriter, PostingsBuffer, merge_tiers

STAMP = "doc_stamp"  # stored field: digest of the prepared document
RECHECK_CHUNK = 500  # primary keys per query when reading a batch again


@dataclass
class Document:
    identifier: str  # Haystack's "app.model.pk"
    pk: object
    values: dict  # field → index value, with the stamp
    stamp: str


@dataclass
class Prepared:
    documents: list[Document]
    buffer: PostingsBuffer  # the documents analysed, numbered as in ``documents``


def stamp_of(prepared: dict) -> str:
    """A digest of a Haystack-prepared document (equal documents, equal stamps, any process)."""
    text = repr(sorted((name, repr(value)) for name, value in prepared.items()))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def prepare_one(backend, index, obj) -> Document | None:
    """``obj`` as index values (None when the index skips it)."""
    try:
        prepared = index.full_prepare(obj)
    except SkipDocument:
        return None
    prepared.pop("boost", None)
    stamp = stamp_of(prepared)
    values = {name: backend.index_value(name, value) for name, value in prepared.items()}
    values = {name: value for name, value in values.items() if value is not None}
    values[STAMP] = stamp
    return Document(values[ID], getattr(obj, "pk", None), values, stamp)


def analysed(schema, documents: list[Document]) -> PostingsBuffer:
    buffer = PostingsBuffer(schema)
    for document in documents:
        buffer.add_document(**document.values)
    return buffer


def prepare_documents(backend, index, objects) -> Prepared:
    """Prepare and analyse ``objects`` (no lock held); a repeated object counts once."""
    by_identifier: dict[str, Document] = {}
    for obj in objects:
        document = prepare_one(backend, index, obj)
        if document is not None:
            by_identifier.pop(document.identifier, None)
            by_identifier[document.identifier] = document
    documents = list(by_identifier.values())
    return Prepared(documents, analysed(backend.schema, documents))


def current_documents(backend, index, documents: list[Document]) -> dict[str, Document | None]:
    """The documents as the database has them now, by identifier (None: gone, or no longer
    indexed). Objects without a primary key (never saved) are left out: nothing to compare."""
    pks = [document.pk for document in documents if document.pk is not None]
    found: dict[str, Document | None] = {}
    queryset = index.index_queryset(using=backend.connection_alias)
    for start in range(0, len(pks), RECHECK_CHUNK):
        for obj in queryset.filter(pk__in=pks[start : start + RECHECK_CHUNK]):
            found[get_identifier(obj)] = prepare_one(backend, index, obj)
    return {
        document.identifier: found.get(document.identifier)
        for document in documents
        if document.pk is not None
    }


def write_verified(backend, target, index, prepared: Prepared, timeout: float) -> int:
    """Write ``prepared`` into the Whoosh index ``target`` as the database has it now (see
    the module docstring); one segment, one commit. Returns the number of documents written."""
    target = target.refresh()
    writer = DirectSegmentWriter(target, timeout=timeout, compound=False)
    try:
        now = current_documents(backend, index, prepared.documents)
        dropped: set[int] = set()
        replacements: list[Document] = []
        for number, document in enumerate(prepared.documents):
            if document.identifier not in now:
                continue
            current = now[document.identifier]
            if current is None or current.stamp != document.stamp:
                dropped.add(number)
                if current is not None:
                    replacements.append(current)
        if not target.is_empty():
            # One query for the whole batch: delete_by_term opens a reader per call.
            identifiers = [document.identifier for document in prepared.documents]
            writer.delete_by_query(wq.Or([wq.Term(ID, i) for i in identifiers]))
        buffer = prepared.buffer.without(dropped)
        if len(buffer):
            writer.add_buffer(buffer)
        if replacements:
            writer.add_buffer(analysed(backend.schema, replacements))
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=merge_tiers)
    return len(buffer) + len(replacements)
