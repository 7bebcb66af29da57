"""Files that a service writes to storage inside its transaction.

Storage is not transactional: a file saved before the row that points at it outlives a
transaction that rolls back (an unreferenced document, often with personal data, that nobody can
find, erase or account for). Services save uploads through ``stored_files``, which deletes them
again when the transaction fails::

    with stored_files() as files, transaction.atomic():
        ...
        files.save(row.document, name, upload)
        row.save()

Put it *outside* ``transaction.atomic()``, so that a failed commit is caught too. A service's
transaction is the outermost one (services own their transactions); if it is nested in a caller's
that rolls back later, the file stays, as Django has no hook for a rollback.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage
from django.db.models.fields.files import FieldFile

log = logging.getLogger(__name__)

# What the storage adds to a name already taken: "_" and 7 random letters and digits. Taken off
# only a file stored before the upload's own name was recorded (``original_filename`` ""), and
# then not when the 7 look like a word ("_stadgar", "_Program", "_SKANNAT") or a number, which the
# random suffix hardly ever is: a name is better shown a suffix too long than cut short.
LEGACY_STORAGE_SUFFIX = re.compile(
    r"_(?![a-z]{7}$|[A-Z]{7}$|[A-Z][a-z]{6}$|[0-9]{7}$)[A-Za-z0-9]{7}$"
)


class StoredFiles:
    """The files saved in one transaction, to delete if it fails."""

    def __init__(self) -> None:
        self._saved: list[tuple[Storage, str]] = []

    def save(self, field_file: FieldFile, name: str, content: File[Any]) -> None:
        """Save the content under the field's storage (the row itself is saved by the caller)."""
        field_file.save(name, content, save=False)
        if field_file.name:
            self._saved.append((field_file.storage, field_file.name))

    def save_upload(self, owner: Any, field: str, upload: File[Any], default: str) -> None:
        """Save an upload into ``owner``'s file field ``field`` (named as ``stored_name`` says)
        and record its own name in ``owner.original_filename`` (``upload_name``); the caller
        saves the row."""
        self.save(getattr(owner, field), stored_name(upload.name, default), upload)
        owner.original_filename = upload_name(upload.name)

    def delete(self) -> None:
        for storage, name in self._saved:
            try:
                storage.delete(name)
            except OSError:
                log.exception("could not delete %s after a failed transaction", name)
        self._saved.clear()


@contextmanager
def stored_files() -> Iterator[StoredFiles]:
    """Yield a ``StoredFiles``; when the block raises, delete what was saved through it."""
    files = StoredFiles()
    try:
        yield files
    except BaseException:
        files.delete()
        raise


def stored_name(name: str | None, default: str) -> str:
    """An upload's name as stored: its last part, shortened to fit the column with room for
    the storage's suffix (a 250-character name was a SuspiciousFileOperation, answered 400)."""
    path = PurePosixPath((name or default).replace("\\", "/"))
    stem, suffix = path.stem or default, path.suffix[:10]
    return f"{stem[:50]}{suffix}"


def upload_name(name: str | None) -> str:
    """An upload's own name, as recorded beside the stored file (``original_filename``) and
    shown: its last part (a browser may send a path), at most 255 characters with its suffix.
    Recorded because the stored name cannot give it back: the storage makes it safe and adds
    ``_`` and 7 letters or digits to a name already taken, which "_stadgar" cannot be told from."""
    path = PurePosixPath((name or "").replace("\\", "/"))
    base = path.name.strip()
    if len(base) <= 255:
        return base
    suffix = path.suffix[:10]
    return base[: 255 - len(suffix)] + suffix


def shown_name(stored: str, original: str = "") -> str:
    """A file's name as shown: the upload's own (``original``, as recorded); for a file stored
    before names were recorded, the stored name without the storage's folders (never shown)
    or the suffix it adds to a name already taken."""
    if original:
        return original
    path = PurePosixPath(stored)
    return LEGACY_STORAGE_SUFFIX.sub("", path.stem) + path.suffix
