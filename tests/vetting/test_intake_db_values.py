"""The intake's INSERT of a case sends exactly what the ORM would (vetting.services._db_values)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import CharField
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tests.world import World
from vetting.models import Application, Kind, Rulebook
from vetting.services import _db_values as db_values
from vetting.services.intake import _create_with_reference, _insert_with_reference_sql

NOW = datetime(2026, 5, 4, 3, 2, 1, 123456, tzinfo=UTC)


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """auto_now / auto_now_add give the same time to both writes."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def every_field_set(world: World, **overrides: Any) -> dict[str, Any]:
    """A value for every column of a case: text, dates, times, decimals, integers, keys, JSON."""
    at = datetime(2026, 6, 1, 18, 0, tzinfo=UTC)
    values: dict[str, Any] = {
        "kind": "lokaluthyrning",
        "association": world.scouts,
        "applicant_name": "Scoutkåren Exempel – Ä😀",
        "party_confirmed_at": at,
        "administration_id": world.kultur.pk,
        "rulebook": Rulebook.objects.get(version=1),
        "received_on": date(2026, 5, 4),
        "subject": 'Ansökan "om" stöd\n\\',
        "handler": world.handler,
        "amount_applied": Decimal("4000.50"),
        "amount_granted": Decimal("3000"),
        "event_title": "Vårkonsert",
        "event_description": "",
        "event_starts_at": at,
        "event_ends_at": datetime(2026, 6, 1, 21, 0, tzinfo=UTC),
        "expected_attendance": 80,
        "premises": world.hall,
        "contact_name": "Anna",
        "contact_email": "anna@example.org",
        "supplement_due": date(2026, 5, 20),
        "supplement_delivered_at": at,
        "response_due": date(2026, 5, 21),
        "responded_at": at,
        "proposed_outcome": "approved",
        "proposed_amount": Decimal("3000.00"),
        "proposal_reasons": "Skäl",
        "proposal_criteria": ["DEMOCRACY_STATUTES"],
        "proposed_by": world.decider,
        "decided_at": at,
        "escalated_from": "proposed",
        "paid_at": at,
        "amount_paid": Decimal("3000.00"),
        "payment_reference": "VER-1",
        "paid_on": date(2026, 6, 2),
        "revocation_response_due": date(2026, 7, 1),
        "revocation_responded_at": at,
        "revoked_at": at,
        "closed_at": at,
    }
    values.update(overrides)
    return values


def nothing_set(world: World) -> dict[str, Any]:
    """The required fields only: every nullable column None, every text blank."""
    return {
        "kind": "foreningsbidrag",
        "association_id": world.scouts.pk,
        "administration_id": world.kultur.pk,
        "rulebook_id": Rulebook.objects.get(version=1).pk,
        "subject": "S",
    }


def orm_values(app: Application) -> list[Any]:
    columns, _ = _insert_with_reference_sql()
    return [c.field.get_db_prep_save(c.field.pre_save(app, True), connection) for c in columns]


def typed(values: list[Any]) -> list[tuple[type, Any]]:
    """Each value with its exact type; psycopg's Jsonb wrapper (no __eq__) by what it wraps."""
    return [(type(v), getattr(v, "obj", v)) for v in values]


CASES = {
    "every field": lambda world: every_field_set(world),
    "nothing": nothing_set,
    # What does not take the short cut: a str subclass (a Kind member), a lazy translation, an
    # int for a positive integer field, a bool where an int goes (as the ORM: int(True)).
    "subclasses and lazy text": lambda world: every_field_set(
        world,
        kind=Kind.LOKALUTHYRNING,
        subject=gettext_lazy("Ärendemening krävs."),
        expected_attendance=True,
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_insert_values_are_the_orms(world: World, frozen: None, case: str) -> None:
    fields = CASES[case](world)
    expected = orm_values(Application(**fields))
    columns, _ = _insert_with_reference_sql()
    assert typed(db_values.values(Application(**fields), columns, connection)) == typed(expected)


def test_text_none_and_key_values_skip_the_orms_calls(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The short cut is taken: a CharField's prep is called for no exact str or None, only for
    the state (its default, State.SUBMITTED, is a str subclass: the ORM's own call)."""
    # The plan is cached per process: build it before the patch, or a run where this test is
    # the first to build it would compare the fields with the patched method (and fail).
    columns, _ = _insert_with_reference_sql()
    calls: list[str] = []
    original = CharField.get_db_prep_save

    def counted(self: CharField, value: Any, conn: Any) -> Any:
        calls.append(self.name)
        return original(self, value, conn)

    monkeypatch.setattr(CharField, "get_db_prep_save", counted)
    db_values.values(Application(**every_field_set(world)), columns, connection)
    assert calls == ["state"]
    plain = {c.field.name for c in columns if c.attname is not None}
    assert {"subject", "state", "association", "paid_at", "amount_paid"} <= plain
    assert {"created_at", "updated_at"}.isdisjoint(plain)  # auto_now(_add): pre_save is called


@pytest.mark.postgres
@pytest.mark.parametrize("case", CASES)
def test_the_intakes_row_equals_the_orms(world: World, frozen: None, case: str) -> None:
    """PostgreSQL (the one-statement INSERT): the row as stored equals Application.objects.create's
    with the same values, column by column."""
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement INSERT is PostgreSQL's; SQLite saves through the ORM")
    fields = CASES[case](world)
    ours = _create_with_reference(Application(**fields), year=2026, prefix="T")
    theirs = Application.objects.create(**fields, reference="ORM-1")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM vetting_application WHERE id IN (%s, %s) ORDER BY id",
                       [ours.pk, theirs.pk])  # fmt: skip
        names = [d.name for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        del row["id"], row["reference"]
    assert rows[0] == rows[1]
    assert rows[0]["created_at"] == NOW and rows[0]["proposal_criteria"] is not None
