"""Uploaded files (page scans and their tiles) in the backup: a copy of the media folder when
the site stores them on its own disk (Django's FileSystemStorage). Other storages (S3 and the
like) keep their own copies and are backed up by their own means."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages

MEDIA_FOLDER = "media"


def media_root() -> Path | None:
    """The folder the default storage writes to, or None when it is not a local folder."""
    storage = storages["default"]
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def count_files(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file()) if folder.is_dir() else 0


def copy_media(target: Path) -> int:
    """Copy the media folder into ``target``; returns how many files were copied."""
    root = media_root()
    if root is None or not count_files(root):
        return 0
    shutil.copytree(root, target / MEDIA_FOLDER)
    return count_files(target / MEDIA_FOLDER)


def media_files_present() -> int:
    root = media_root()
    return count_files(root) if root is not None else 0


def restore_media(source: Path) -> int:
    """Replace the media folder's content with the backup's; returns the files restored."""
    backed_up = source / MEDIA_FOLDER
    if not backed_up.is_dir():
        return 0
    root = media_root()
    if root is None:
        from archive.backup.database import BackupError

        raise BackupError(
            f"{backed_up} holds uploaded files, but the site stores them in "
            f"{type(storages['default']).__name__}, not a folder: copy them there yourself"
        )
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(backed_up, root)
    return count_files(root)
