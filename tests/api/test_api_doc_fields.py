"""docs/api.md's request-object table names every field the API returns (BookingRequestSerializer,
which the answers, the webhooks and the schema follow), nested ones in their field's row: the
table had left out decision_maker, delegation, document_url and statutes_adopted_on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from rest_framework import serializers

from api.serializers.booking import BookingRequestSerializer

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def _table() -> dict[str, str]:
    """Each row of the request-object table by the fields its first column names."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("### The request object", 1)[1].split("\n\n", 2)[1]
    rows: dict[str, str] = {}
    for line in section.splitlines():
        cells = line.split("|")
        if len(cells) < 4 or not cells[1].strip().startswith("`"):
            continue
        for name in re.findall(r"`([a-z_]+)`", cells[1]):
            rows[name] = cells[2]
    return rows


def _nested(field: serializers.Field) -> Iterator[str]:
    child = field.child if isinstance(field, serializers.ListSerializer) else field
    if isinstance(child, serializers.Serializer):
        for name, inner in child.fields.items():
            yield name
            yield from _nested(inner)


def test_the_request_object_table_lists_every_field():
    rows = _table()
    fields = BookingRequestSerializer().fields
    assert set(fields) - set(rows) == set(), "top-level fields missing from the table"
    for name, field in fields.items():
        words = set(re.findall(r"[a-z0-9_]+", rows[name]))
        missing = set(_nested(field)) - words
        assert missing == set(), f"{name}: {sorted(missing)} missing from its row"


def test_the_decision_documents_are_documented():
    text = DOC.read_text(encoding="utf-8")
    assert "### `GET /api/v1/booking-requests/{id}/decisions/{decision_id}.pdf`" in text
    assert "`…/{id}/decision.pdf`" in text and "decision **in force**" in text
