"""The applicant's name is kept as the application gave it; the organisation number decides the
party. A name that is not the association's in substance holds back the association's earlier
assessments until the handler confirms the party (ADR 0020)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from audit.models import AuditEvent
from tests.world import World, assess, assess_all, drive
from vetting import services as svc
from vetting.actions import allowed_actions
from vetting.errors import (
    ActionNotAllowed,
    GuardFailed,
    HandledByOther,
    InvalidInput,
    PermissionRefused,
)
from vetting.models import Application, State
from vetting.selectors import checklist, party_warning
from vetting.services.proposals import require_all_passed

pytestmark = pytest.mark.django_db

STATUTE_CODES = {
    "OPEN_MEMBERSHIP",
    "NON_DISCRIMINATION",
    "DEMOCRATIC_STRUCTURE",
    "DEMOCRATIC_PRINCIPLES",
}


def second_case(world: World, name: str) -> Application:
    """A case of the scouts' after one whose criteria all passed, under ``name``."""
    assess_all(world, drive(world, world.submit(), State.IN_REVIEW))
    return drive(world, world.submit(applicant_name=name), State.IN_REVIEW)


def test_the_name_is_kept_and_defaults_to_the_association_s(world: World) -> None:
    assert world.submit().applicant_name == "Scoutkåren Exempel"
    app = world.submit(applicant_name=" Helt Annat Namn ")
    assert app.applicant_name == "Helt Annat Namn" and app.association_id == world.scouts.pk
    assert app.names_differ and app.party_unconfirmed


def test_another_name_holds_back_reuse_until_the_party_is_confirmed(world: World) -> None:
    app = second_case(world, "Helt Annat Namn")
    rows = {row.criterion.code: row for row in checklist(app)}
    assert not any(row.reused for row in rows.values())
    assert {code for code, row in rows.items() if row.held} == STATUTE_CODES
    assert all(rows[code].assessment is None for code in STATUTE_CODES)
    assert "confirm_party" in allowed_actions(app, world.handler)
    for code in ("NO_VIOLENT_EXTREMISM",):
        assess(world, app, code)
    with pytest.raises(GuardFailed) as info:
        require_all_passed(app)
    assert "bekräftat parten" in str(info.value.message)

    svc.application_confirm_party(
        application=app, actor=world.handler, party_checked=True, note="Ringde kontaktpersonen."
    )
    app.refresh_from_db()
    assert app.party_confirmed_at is not None and not app.party_unconfirmed
    assert {row.criterion.code for row in checklist(app) if row.reused} == STATUTE_CODES
    assert "confirm_party" not in allowed_actions(app, world.handler)
    event = AuditEvent.objects.get(action="application.party_confirmed")
    assert event.changes == {
        "applicant_name": "Helt Annat Namn",
        "association_name": "Scoutkåren Exempel",
        "org_number": "802000-0017",
    }
    assert event.reasons_text == "Ringde kontaktpersonen." and event.case_ref == app.reference


@pytest.mark.parametrize("name", ["SCOUTKÅREN EXEMPEL", "Scoutkåren Exempel, ideell förening"])
def test_the_same_name_in_another_form_reuses_at_once(world: World, name: str) -> None:
    app = second_case(world, name)
    assert {row.criterion.code for row in checklist(app) if row.reused} == STATUTE_CODES
    assert not app.names_differ and party_warning(app) == ""
    assert "confirm_party" not in allowed_actions(app, world.handler)


def test_the_warning_names_both_names_and_the_number(world: World) -> None:
    app = second_case(world, "Helt Annat Namn")
    warning = str(party_warning(app))
    assert "Helt Annat Namn" in warning and "Scoutkåren Exempel" in warning
    assert "802000-0017" in warning and "återanvänds inte" in warning
    svc.application_confirm_party(application=app, actor=world.handler, party_checked=True)
    app.refresh_from_db()
    assert "bekräftat att ärendet gäller föreningen" in str(party_warning(app))


def test_confirming_is_the_case_handler_s_and_explicit(world: World) -> None:
    app = second_case(world, "Helt Annat Namn")
    with pytest.raises(PermissionRefused):
        svc.application_confirm_party(application=app, actor=world.decider, party_checked=True)
    with pytest.raises(HandledByOther):
        svc.application_confirm_party(application=app, actor=world.handler2, party_checked=True)
    assert (
        AuditEvent.objects.filter(
            action="application.refused", changes__attempted_action="confirm_party"
        ).count()
        == 2
    )
    with pytest.raises(InvalidInput) as info:
        svc.application_confirm_party(application=app, actor=world.handler, party_checked=False)
    assert set(info.value.errors) == {"party_checked"}
    app.refresh_from_db()
    assert app.party_confirmed_at is None


def test_nothing_to_confirm_when_the_names_agree_or_it_is_confirmed(world: World) -> None:
    same = drive(world, world.submit(), State.IN_REVIEW)
    with pytest.raises(ActionNotAllowed):
        svc.application_confirm_party(application=same, actor=world.handler, party_checked=True)
    app = second_case(world, "Helt Annat Namn")
    svc.application_confirm_party(application=app, actor=world.handler, party_checked=True)
    with pytest.raises(ActionNotAllowed):
        svc.application_confirm_party(application=app, actor=world.handler, party_checked=True)
    submitted = world.submit(applicant_name="Helt Annat Namn")
    with pytest.raises(ActionNotAllowed):  # taken first
        svc.application_confirm_party(
            application=submitted, actor=world.handler, party_checked=True
        )


def test_the_migration_gives_older_cases_the_association_s_name(world: World) -> None:
    app = world.submit()
    Application.objects.filter(pk=app.pk).update(applicant_name="")
    migration = importlib.import_module("vetting.migrations.0019_applicant_name")
    migration.backfill(apps, None)
    app.refresh_from_db()
    assert app.applicant_name == "Scoutkåren Exempel" and not app.party_unconfirmed
