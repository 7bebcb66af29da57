"""Refusals speak the reader's language; the audit trail records them in Swedish."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from audit.models import AuditEvent
from tests.api.conftest import officer_for
from tests.factories import DelegationFactory
from tests.world import World, drive
from vetting import roles
from vetting import services as svc
from vetting.errors import InvalidInput, PermissionRefused
from vetting.models import Application, State

FOUR_EYES_SV = "Fyra ögon: du har handlagt, bedömt eller föreslagit beslut i ärendet"
FOUR_EYES_EN = "Four-eyes: you have handled or assessed the case or proposed its decision"
NO_CONFLICT_SV = "Bekräfta att du inte är jävig i ärendet."
NO_CONFLICT_EN = "Confirm that you have no conflict of interest in the case."


def proposed_by_a_decision_maker(world: World) -> Application:
    """A proposed case whose handler is also a decision maker with delegation."""
    world.handler.groups.add(Group.objects.get(name=roles.DECISION_MAKER))
    DelegationFactory(user=world.handler, administration=world.kultur)
    world.handler._granska_roles = None  # type: ignore[attr-defined]
    return drive(world, world.submit(), State.PROPOSED)


def refuse_own_decision(world: World, app: Application) -> PermissionRefused:
    with pytest.raises(PermissionRefused) as info:
        svc.application_decide(
            application=app, actor=world.handler, outcome="approved", no_conflict_confirmed=True
        )
    return info.value


def test_refusal_message_follows_the_active_language(world: World) -> None:
    exc = refuse_own_decision(world, proposed_by_a_decision_maker(world))
    with translation.override("en"):
        assert str(exc.message).startswith(FOUR_EYES_EN)
        assert str(exc).startswith(FOUR_EYES_EN)
    with translation.override("sv"):
        assert str(exc.message).startswith(FOUR_EYES_SV)


def test_invalid_input_reasons_follow_the_active_language(world: World) -> None:
    with translation.override("en"), pytest.raises(InvalidInput) as info:
        svc.application_assign(
            application=world.submit(), actor=world.handler, no_conflict_confirmed=False
        )
    exc = info.value
    with translation.override("en"):
        assert [str(r) for r in exc.errors["no_conflict_confirmed"]] == [NO_CONFLICT_EN]
        assert str(exc.message) == f"Invalid input – no_conflict_confirmed: {NO_CONFLICT_EN}"
    assert [str(r) for r in exc.errors["no_conflict_confirmed"]] == [NO_CONFLICT_SV]
    assert str(exc.message) == f"Ogiltiga uppgifter – no_conflict_confirmed: {NO_CONFLICT_SV}"


def test_audit_records_the_refusal_in_swedish_whatever_the_language(world: World) -> None:
    app = proposed_by_a_decision_maker(world)
    with translation.override("en"):
        exc = refuse_own_decision(world, app)
        assert str(exc.message).startswith(FOUR_EYES_EN)
    event = AuditEvent.objects.get(action="application.refused", case_ref=app.reference)
    assert event.reasons_text.startswith(FOUR_EYES_SV)
    assert event.changes["refusal_code"] == "four_eyes"


def test_api_in_english_explains_a_refusal_in_english(world: World) -> None:
    app = proposed_by_a_decision_maker(world)
    api = officer_for(world.handler)
    response = api.post(
        f"/api/v1/applications/{app.pk}/actions/decide/",
        {"outcome": "approved", "no_conflict_confirmed": True},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith(FOUR_EYES_EN)
    event = AuditEvent.objects.get(action="application.refused", case_ref=app.reference)
    assert event.reasons_text.startswith(FOUR_EYES_SV)


def test_api_in_english_gives_english_field_errors(world: World) -> None:
    app = world.submit()
    api = officer_for(world.handler)
    url = f"/api/v1/applications/{app.pk}/actions/assign/"
    english = api.post(
        url, {"no_conflict_confirmed": False}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.status_code == 422
    assert english.json()["errors"]["no_conflict_confirmed"] == [NO_CONFLICT_EN]
    assert english.json()["detail"] == f"Invalid input – no_conflict_confirmed: {NO_CONFLICT_EN}"
    swedish = api.post(
        url, {"no_conflict_confirmed": False}, format="json", HTTP_ACCEPT_LANGUAGE="sv"
    )
    assert swedish.json()["errors"]["no_conflict_confirmed"] == [NO_CONFLICT_SV]
