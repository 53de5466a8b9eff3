"""Where the index lives: generations of index directories under the configured ``PATH``.

::

    PATH/CURRENT        the name of the generation searches read, e.g. ``gen-20261201T151000-1a2b``
    PATH/BUILDING       the generation a running rebuild fills (absent otherwise)
    PATH/REBUILD.lock   held (flock) by the running rebuild; released by the kernel if it dies
    PATH/gen-…/         a complete Whoosh index each

A rebuild fills a new generation and then renames ``CURRENT`` into place, so searches see the
old index until the new one is complete, and a killed rebuild leaves the old one serving.
Writers (saves, ``update_index``) write to ``BUILDING`` and ``CURRENT``, read in that order:
whichever way they race with a rebuild's switch, their document reaches the index that ends
up current. An index written before generations existed (Whoosh files directly in ``PATH``)
is read as it is until the first rebuild.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

CURRENT = "CURRENT"
BUILDING = "BUILDING"
REBUILD_LOCK = "REBUILD.lock"
LAYOUT_LOCK = "LAYOUT.lock"
GENERATION_PREFIX = "gen-"
TOC_GLOB = "_*_*.toc"


def holds_index(directory: Path) -> bool:
    """Whether ``directory`` holds a Whoosh index (a table of contents file)."""
    return directory.is_dir() and any(directory.glob(TOC_GLOB))


_pointers: dict[Path, tuple[tuple[int, int, int], Path | None]] = {}


def _read_pointer(root: Path, name: str) -> Path | None:
    """The generation a pointer file names; read again only when the file was replaced (one
    ``stat`` per search: pointers change by rename, which gives a new inode and mtime)."""
    path = root / name
    try:
        status = os.stat(path)
        key = (status.st_ino, status.st_mtime_ns, status.st_size)
        cached = _pointers.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        target = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    generation = root / target if target else None
    _pointers[path] = (key, generation)
    return generation


def write_pointer(root: Path, name: str, generation: Path) -> None:
    """Point ``name`` at ``generation`` atomically (written aside, fsynced, renamed)."""
    temporary = root / f".{name}.{uuid.uuid4().hex}"
    with open(temporary, "w", encoding="ascii") as pointer:
        pointer.write(generation.name)
        pointer.flush()
        os.fsync(pointer.fileno())
    os.replace(temporary, root / name)


def current_generation(root: Path) -> Path | None:
    """The directory searches read, or None when there is no index at all."""
    pointed = _read_pointer(root, CURRENT)
    if pointed is not None:
        return pointed
    return root if holds_index(root) else None  # an index from before generations


def building_generation(root: Path) -> Path | None:
    return _read_pointer(root, BUILDING)


def write_targets(root: Path) -> list[Path]:
    """The generations a write must reach: the one being rebuilt (if any), then the current.

    ``BUILDING`` is read first: a rebuild switches ``CURRENT`` before removing ``BUILDING``, so
    a writer that finds no ``BUILDING`` finds the switched ``CURRENT``."""
    targets = []
    building = building_generation(root)
    if building is not None:
        targets.append(building)
    current = current_generation(root)
    if current is not None and current not in targets:
        targets.append(current)
    return targets


def new_generation(root: Path) -> Path:
    """A new, empty generation directory (not yet pointed at)."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S")
    directory = root / f"{GENERATION_PREFIX}{stamp}-{uuid.uuid4().hex[:8]}"
    directory.mkdir(parents=True)
    return directory


@contextlib.contextmanager
def _flock(path: Path, blocking: bool = True) -> Iterator[bool]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        flags = fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB)
        try:
            fcntl.flock(handle.fileno(), flags)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def layout_lock(root: Path):
    """Held while pointers change (short): creating the first generation, switching."""
    return _flock(root / LAYOUT_LOCK)


def rebuild_lock(root: Path, blocking: bool = True):
    """Held for a whole rebuild: a second rebuild waits; a dead one releases it."""
    return _flock(root / REBUILD_LOCK, blocking)


def rebuild_running(root: Path) -> bool:
    """Whether a process holds the rebuild lock right now."""
    if not (root / REBUILD_LOCK).exists():
        return False
    with rebuild_lock(root, blocking=False) as acquired:
        return not acquired


def start_building(root: Path, prepare: Callable[[Path], object]) -> Path:
    """Make a new generation, ``prepare`` it (create the empty index) and point ``BUILDING``
    at it (call under :func:`rebuild_lock`); an interrupted rebuild's generation is removed."""
    with layout_lock(root):
        abandoned = building_generation(root)
        generation = new_generation(root)
        prepare(generation)
        write_pointer(root, BUILDING, generation)
    if abandoned is not None and abandoned != current_generation(root):
        shutil.rmtree(abandoned, ignore_errors=True)
    return generation


def switch_to(root: Path, generation: Path) -> Path | None:
    """Make ``generation`` current (atomic rename), drop ``BUILDING`` if it names it, and
    delete generations older than the one replaced (kept for a moment: a writer may still be
    finishing a document in it). Returns the replaced generation."""
    with layout_lock(root):
        replaced = current_generation(root)
        write_pointer(root, CURRENT, generation)
        if building_generation(root) == generation:
            (root / BUILDING).unlink(missing_ok=True)
    keep = {generation, replaced, building_generation(root)}
    for directory in root.glob(f"{GENERATION_PREFIX}*"):
        if directory not in keep:
            shutil.rmtree(directory, ignore_errors=True)
    if root not in keep:
        remove_unversioned_index(root)
    return replaced


def remove_unversioned_index(root: Path) -> None:
    """Delete the files of an index from before generations (Whoosh files directly in
    ``root``), once a generation has replaced it."""
    for pattern in (TOC_GLOB, "MAIN_*", "NEWSROOM_FORMAT*"):
        for path in root.glob(pattern):
            if path.is_file():
                path.unlink(missing_ok=True)


def abandon_building(root: Path, generation: Path) -> None:
    """A rebuild that failed: forget its generation (the current one keeps serving)."""
    with layout_lock(root):
        if building_generation(root) == generation:
            (root / BUILDING).unlink(missing_ok=True)
    shutil.rmtree(generation, ignore_errors=True)
