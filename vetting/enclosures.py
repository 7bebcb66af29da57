"""The documents a communication letter encloses (bilagor, FL 25 §): the applicant is sent the
material the proposal rests on, not only its names. Each is the file of a cited assessment as it
was when the letter was sent, recorded in the communication's material by its stored name with
its SHA-256 and size (``sent_document``); stored files are never overwritten or deleted, so the
name keeps pointing at what was sent, and the digest shows it."""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile

from config.downloads import file_sha256
from vetting.models import Communication

log = logging.getLogger(__name__)


def sent_document(file: FieldFile | None) -> dict[str, Any]:
    """What identifies a document sent as an enclosure: its SHA-256 and size ({} without one)."""
    name = file.name if file else ""
    if not name or not file or not file.storage.exists(name):
        return {}
    return {
        "document_sha256": file_sha256(file.storage, name),
        "document_size": file.storage.size(name),
    }


def enclosure_numbers(material: list[dict[str, Any]]) -> list[int | None]:
    """Each material item's enclosure number (bilaga): the documents sent with the letter,
    numbered from 1 in the material's order; None for an item without a document. The letter,
    its page and the booking API number them alike."""
    numbers: list[int | None] = []
    count = 0
    for item in material:
        if item.get("document"):
            count += 1
            numbers.append(count)
        else:
            numbers.append(None)
    return numbers


def enclosure(communication: Communication, number: int) -> dict[str, Any] | None:
    """Enclosure ``number`` of the letter, as its material records it; None if it has none."""
    material = communication.material
    numbers = enclosure_numbers(material)
    return next((m for m, n in zip(material, numbers, strict=True) if n == number), None)


def intact(item: dict[str, Any]) -> bool:
    """The enclosure's file is stored and is the one sent: its SHA-256 as recorded when the
    letter was sent (a letter sent before digests were recorded: the file at the recorded name,
    which the storage never reuses)."""
    name = item.get("document") or ""
    if not name or not default_storage.exists(name):
        return False
    recorded = item.get("document_sha256")
    if not recorded or file_sha256(default_storage, name) == recorded:
        return True
    log.error("the enclosure %s differs from the file that was sent", name)
    return False
