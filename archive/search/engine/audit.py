"""Comparing the database with the index (``manage.py check_index``), and repairing it.

Every indexed document carries the stamp of the prepared document it was written from
(:mod:`archive.search.engine.verified_writes`); preparing each object again (no analysis) and
comparing stamps tells, per model, which objects are **missing** from the index, which are
**stale** (indexed from older data, or indexed twice) and which index documents are
**extra** (their object is gone). Repairing re-indexes only those.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from haystack.constants import DJANGO_CT, ID
from haystack.utils import get_model_ct

from archive.search.engine.verified_writes import STAMP, prepare_one

REPAIR_BATCH = 500


@dataclass
class ModelAudit:
    label: str  # Haystack's content type, e.g. archive.article
    in_database: int = 0
    in_index: int = 0
    missing: list[str] = field(default_factory=list)  # identifiers
    stale: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not (self.missing or self.stale or self.extra)


@dataclass
class Audit:
    models: list[ModelAudit]
    generation: str = ""

    @property
    def equal(self) -> bool:
        return all(model.equal for model in self.models)

    def lines(self, examples: int = 5) -> list[str]:
        lines = [f"Index: {self.generation}"] if self.generation else []
        for model in self.models:
            lines.append(
                f"{model.label}: {model.in_database} in the database, {model.in_index} in the "
                f"index; missing {len(model.missing)}, stale {len(model.stale)}, "
                f"extra {len(model.extra)}"
            )
            for kind in ("missing", "stale", "extra"):
                found = getattr(model, kind)
                if found:
                    shown = ", ".join(sorted(found, key=_natural)[:examples])
                    more = " …" if len(found) > examples else ""
                    lines.append(f"  {kind}: {shown}{more}")
        return lines


def _natural(identifier: str):
    head, _, pk = identifier.rpartition(".")
    return (head, int(pk)) if pk.isdigit() else (head, 0, pk)


def index_stamps(backend) -> dict[str, dict[str, list[str]]]:
    """Per content type: identifier → stamps of its live documents (two: indexed twice)."""
    reader = backend.searcher().reader()
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for _docnum, stored in reader.iter_docs():
        found[stored.get(DJANGO_CT, "")][stored.get(ID, "")].append(stored.get(STAMP, ""))
    return found


def audit_index(using: str = "default") -> Audit:
    """Compare every indexed model's objects with the index of connection ``using``."""
    from haystack import connections

    backend = connections[using].get_backend()
    unified = connections[using].get_unified_index()
    stamps = index_stamps(backend)
    audits = []
    for model in unified.get_indexed_models():
        index = unified.get_index(model)
        label = get_model_ct(model)
        indexed = stamps.pop(label, {})
        audit = ModelAudit(label, in_index=sum(len(found) for found in indexed.values()))
        seen: Counter = Counter()
        for obj in index.index_queryset(using=using).iterator(chunk_size=1000):
            audit.in_database += 1
            document = prepare_one(backend, index, obj)
            if document is None:  # the index skips it: it must not be there
                continue
            seen[document.identifier] += 1
            found = indexed.get(document.identifier)
            if not found:
                audit.missing.append(document.identifier)
            elif found != [document.stamp]:
                audit.stale.append(document.identifier)
        audit.extra = [identifier for identifier in indexed if identifier not in seen]
        audits.append(audit)
    for label, indexed in stamps.items():  # documents of models no longer indexed
        audits.append(ModelAudit(label, in_index=len(indexed), extra=list(indexed)))
    generation = ""
    if hasattr(backend, "current_generation"):
        generation = str(backend.current_generation())
    return Audit(audits, generation)


def repair_index(audit: Audit, using: str = "default") -> int:
    """Re-index the missing and stale objects, remove the extra documents; returns how many
    documents were touched."""
    from haystack import connections

    backend = connections[using].get_backend()
    unified = connections[using].get_unified_index()
    by_label = {get_model_ct(model): model for model in unified.get_indexed_models()}
    touched = 0
    for model_audit in audit.models:
        if model_audit.extra:
            if hasattr(backend, "remove_identifiers"):
                backend.remove_identifiers(model_audit.extra)
            else:
                for identifier in model_audit.extra:
                    backend.remove(identifier)
            touched += len(model_audit.extra)
        model = by_label.get(model_audit.label)
        changed = model_audit.missing + model_audit.stale
        if model is None or not changed:
            continue
        index = unified.get_index(model)
        pks = [identifier.rpartition(".")[2] for identifier in changed]
        for start in range(0, len(pks), REPAIR_BATCH):
            chunk = pks[start : start + REPAIR_BATCH]
            objects = list(index.index_queryset(using=using).filter(pk__in=chunk))
            backend.update(index, objects)
        touched += len(changed)
    return touched
