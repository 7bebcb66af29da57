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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage
from django.db.models.fields.files import FieldFile

log = logging.getLogger(__name__)


class StoredFiles:
    """The files saved in one transaction, to delete if it fails."""

    def __init__(self) -> None:
        self._saved: list[tuple[Storage, str]] = []

    def save(self, field_file: FieldFile, name: str, content: File[Any]) -> None:
        """Save the content under the field's storage (the row itself is saved by the caller)."""
        field_file.save(name, content, save=False)
        if field_file.name:
            self._saved.append((field_file.storage, field_file.name))

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
