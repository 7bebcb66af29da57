"""The same statutes uploaded twice at once give one version and one file (PostgreSQL).

``statutes_add_or_find`` looked for the hash before its transaction, without a lock: two uploads
of the same file (a double click, two officers) both found nothing, both saved the file, and the
second insert hit the unique (association, sha256) constraint: an IntegrityError (500) instead of
the existing version, and a file in storage that no row points at. The association row is now
locked in the transaction and the hash looked up again under it.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection

import associations.services as assoc_services
from associations.models import StatutesVersion
from tests.threads import errors, meet, run_at_once
from tests.world import build_world

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

TEXT = (
    "Stadgar för Studentspexet. Föreningen är öppen för alla som delar dess syfte. "
    "Årsmötet är föreningens högsta beslutande organ. Varje medlem har en röst."
).encode()


def test_same_statutes_twice_at_once_gives_the_existing_version(
    audit_rows_removed_after, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setattr(assoc_services, "_queue_reading", lambda pk: None)
    world = build_world()
    barrier = threading.Barrier(2)

    def content_file(data):  # both have looked for the hash and found nothing (before the fix)
        meet(barrier, 3)  # the second waits for the lock
        return ContentFile(data)

    monkeypatch.setattr(assoc_services, "ContentFile", content_file)

    def upload() -> int:
        version, _ = assoc_services.statutes_add_or_find(
            association=world.spex,
            actor=world.handler,
            adopted_on=date(2024, 1, 1),
            data=TEXT,
            filename="stadgar.txt",
        )
        return version.pk

    outcomes = run_at_once(upload, upload, timeout=30)
    stored = sorted(p.name for p in Path(tmp_path).rglob("*") if p.is_file())
    assert errors(outcomes) == [], (errors(outcomes), stored)
    assert len({outcome.value for outcome in outcomes}) == 1
    assert StatutesVersion.objects.filter(association=world.spex).count() == 1
    assert len(stored) == 1, f"files in storage for one version: {stored}"
