"""Reading a free text of an event's ``changes`` in tests (ADR 0027, docs/audit-format.md 1.9):
the chain holds its commitment, the text is beside it."""

from __future__ import annotations

from audit.freetext import field_name, is_commitment
from audit.models import AuditEvent, EventText
from audit.texts import text_commitment


def committed_text(event: AuditEvent, key: str) -> str:
    """The text of ``changes[key]`` as shown, after checking that the chained ``changes``
    holds the commitment of its side text (and not the text)."""
    committed = event.changes[key]
    assert is_commitment(committed), f"changes[{key!r}] in clear in the chain: {committed!r}"
    side = EventText.objects.get(event_id=event.seq, field=field_name(key))
    assert committed == {"sha256": text_commitment(side.nonce, side.text)}
    shown = event.changes_shown[key]
    assert isinstance(shown, str)
    return shown
