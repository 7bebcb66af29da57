"""An audit event's page names the keys it recorded but does not show ("Även registrerat
(visas inte)") only when they hold something: an empty note is not named."""

from __future__ import annotations

import pytest
from django.db import transaction

from audit.context import SYSTEM
from audit.models import AuditEvent
from audit.services import record_event

pytestmark = pytest.mark.django_db


def _event(note: str) -> AuditEvent:
    with transaction.atomic():
        record_event(
            actor=SYSTEM, action="refdata.delegation.created", object_type="delegation",
            changes={"kinds": ["foreningsbidrag"], "note": note, "valid_to": None},
        )  # fmt: skip
    return AuditEvent.objects.filter(action="refdata.delegation.created").latest("seq")


def test_an_empty_note_is_not_named_as_also_recorded(world, login) -> None:
    client = login(world.auditor)
    empty = client.get(f"/revision/handelser/{_event('').seq}/").content.decode()
    assert "Även registrerat" not in empty and "Anteckning" not in empty
    assert "Ärendeslag" in empty  # the shown facts are still shown
    noted = client.get(f"/revision/handelser/{_event('Vikariat').seq}/").content.decode()
    # A note is shown (audit-format 1.9: its text, or "gallrad <date>"), no longer only named.
    assert "Anteckning" in noted and "Vikariat" in noted and "Även registrerat" not in noted
