"""Telling a damaged index from a good one, cheaply, before every search.

Each segment our writer commits gets a small manifest, ``<segment>.sizes``, with the size of
every file of the segment, written before the table of contents names the segment. Before a
search the files of every segment are checked against it (a few ``stat`` calls): a truncated
or deleted file is reported instead of answering some queries from the damaged part and
failing others with an obscure ``Block tag error``.
"""

from __future__ import annotations

import json
import os
import pickle
import struct
import zlib
from pathlib import Path

from lz4.block import LZ4BlockError
from whoosh import index as whoosh_index

MANIFEST_SUFFIX = ".sizes"
REBUILD_COMMAND = "manage.py rebuild_index --noinput"
MANIFEST_CACHE = 1024
_manifests: dict[Path, dict[str, int]] = {}


# What a damaged index raises while being read (Whoosh reports damage in all of these; a
# posting block whose checksum does not match raises ValueError, see codec.py).
READ_ERRORS = (
    OSError,
    EOFError,
    ValueError,
    KeyError,
    IndexError,
    struct.error,
    zlib.error,
    LZ4BlockError,
    pickle.UnpicklingError,
    whoosh_index.IndexError,
)


class IndexUnavailable(RuntimeError):
    """The index cannot answer correctly; the message says why and what to run."""


class IndexMissing(IndexUnavailable):
    """There is no index where the settings say (never built, or deleted)."""


class IndexDamaged(IndexUnavailable):
    """Index files are truncated, missing or unreadable."""


def segment_files(directory: Path, segment_id: str) -> list[Path]:
    """The files of one segment (``MAIN_abc123.trm`` …), manifest excluded."""
    prefix = f"{segment_id}."
    return sorted(
        path
        for path in directory.iterdir()
        if path.name.startswith(prefix) and not path.name.endswith(MANIFEST_SUFFIX)
    )


def manifest_path(directory: Path, segment_id: str) -> Path:
    return directory / f"{segment_id}{MANIFEST_SUFFIX}"


def write_manifest(directory: Path, segment_id: str) -> None:
    """Record the sizes of a finished segment's files (call before the TOC names it)."""
    sizes = {path.name: path.stat().st_size for path in segment_files(directory, segment_id)}
    temporary = directory / f".{segment_id}{MANIFEST_SUFFIX}.tmp"
    temporary.write_text(json.dumps(sizes, sort_keys=True), encoding="ascii")
    os.replace(temporary, manifest_path(directory, segment_id))


def damaged_files(directory: Path, segment_ids: list[str]) -> list[str]:
    """Descriptions of files that differ from their segment's manifest ([] when all agree;
    segments written without a manifest are not checked)."""
    problems = []
    for segment_id in segment_ids:
        path = manifest_path(directory, segment_id)
        sizes = _manifests.get(path)
        if sizes is None:
            try:
                sizes = json.loads(path.read_text("ascii"))
            except FileNotFoundError:
                continue
            except (OSError, ValueError):
                problems.append(f"{segment_id}{MANIFEST_SUFFIX} (unreadable)")
                continue
            if len(_manifests) >= MANIFEST_CACHE:
                _manifests.clear()
            _manifests[path] = sizes  # a segment never changes once written
        for name, size in sizes.items():
            try:
                found = os.stat(directory / name).st_size
            except FileNotFoundError:
                problems.append(f"{name} (missing)")
                continue
            if found != size:
                problems.append(f"{name} ({found} bytes, written with {size})")
    return problems


def rebuild_advice(path: str | Path, what: str) -> str:
    """The operator's message: what is wrong, where, and what to run."""
    return f"The search index in {path} {what}. Run `{REBUILD_COMMAND}` to rebuild it."
