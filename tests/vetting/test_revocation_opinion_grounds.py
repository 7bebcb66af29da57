"""RF 2 kap. 21 § on revocations: the intended revocation's grounds (its kommunicering) and the
revocation itself withdraw a grant as a refusal refuses one, so grounds argued in words of
political or religious affiliation or opinions (the reasons, or the evidence of the failed
criteria cited) need the officer's confirmation (``confirm_not_opinion``) in the service, on
the page and over the API; the trail records only that it was given. Deciding not to revoke
restricts nothing and is not asked."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from audit.models import AuditEvent
from tests.api.conftest import officer_for
from tests.api.openapi import live_schema
from tests.world import World, drive
from vetting import demo
from vetting import services as svc
from vetting.errors import InvalidInput
from vetting.models import Application, State
from vetting.services.opinion_grounds import OPINION_CONFIRMED

pytestmark = pytest.mark.django_db

CODE = "DEMOCRATIC_PRINCIPLES"
ACT = (
    "Föreningens ordförande uppmanade den 3 mars vid ett offentligt möte till våld mot "
    "meningsmotståndare (polisanmälan K123-26)."
)
ACT_REASONS = (
    "Villkoret DEMOCRATIC_PRINCIPLES är inte längre uppfyllt: föreningens ordförande uppmanade "
    "till våld vid ett offentligt möte."
)
PARTY_REASONS = (
    "Villkoret DEMOCRATIC_PRINCIPLES är inte längre uppfyllt: föreningens ordförande är medlem "
    "i ett parti som vill lämna EU."
)
MOSQUE = "Föreningen visade sig vara knuten till en muslimsk församling."
URL = "/api/v1/applications/"


def _granted(world: World, evidence: str = ACT) -> Application:
    """An approved grant with a failed criterion recorded after the decision (``evidence``)."""
    app = drive(world, world.submit(), State.APPROVED)
    data = svc.AssessmentInput(
        criterion_code=CODE, outcome="fail", evidence_kind="fact", evidence_text=evidence,
        confirm_not_opinion=True,
    )  # fmt: skip
    svc.assessment_record(application=app, actor=world.handler, data=data)
    return app


def _communicate(world: World, app: Application, reasons: str, **extra: Any) -> Any:
    return svc.application_communicate_revocation(
        application=app, actor=world.handler, reasons=reasons, criteria=[CODE], **extra
    )


def _revoke(world: World, app: Application, reasons: str, **extra: Any) -> Any:
    return svc.application_revoke(
        application=app, actor=world.decider, reasons=reasons, criteria=[CODE],
        no_conflict_confirmed=True, **_answer(app), **extra,
    )  # fmt: skip


def _answer(app: Application) -> dict[str, Any]:
    """The answer to an objecting response to the intended revocation (FL 32 §), once one is."""
    app.refresh_from_db()
    answered = app.revocation_responded_at is not None
    return {"response_considered": demo.REVOCATION_RESPONSE_CONSIDERED} if answered else {}


def _heard(world: World, app: Application, reasons: str = ACT_REASONS) -> Application:
    _communicate(world, app, reasons, confirm_not_opinion=True)
    svc.application_record_response(
        application=app, actor=world.handler, response="Föreningen bestrider uppgifterna."
    )
    app.refresh_from_db()
    return app


def _asked(call: Any) -> None:
    with pytest.raises(InvalidInput) as info:
        call()
    assert "confirm_not_opinion" in info.value.errors
    assert "2 kap. 21 § regeringsformen" in str(info.value.errors["confirm_not_opinion"][0])


def test_the_intended_revocation_on_affiliation_needs_the_confirmation(world: World) -> None:
    app = _granted(world)
    _asked(lambda: _communicate(world, app, PARTY_REASONS))
    assert not app.communications.filter(purpose="revocation").exists()
    _communicate(world, app, PARTY_REASONS, confirm_not_opinion=True)
    event = AuditEvent.objects.get(action="application.communicate_revocation")
    assert event.changes[OPINION_CONFIRMED] is True
    recorded = json.dumps(event.changes, ensure_ascii=False).lower()
    assert "confirmed_not_opinion" in recorded and "muslim" not in recorded


def test_the_evidence_of_the_cited_criterion_counts_as_a_refusals_does(world: World) -> None:
    app = _granted(world, evidence=MOSQUE)
    _asked(lambda: _communicate(world, app, ACT_REASONS))


def test_grounds_of_acts_are_never_asked(world: World) -> None:
    app = _granted(world)
    _communicate(world, app, ACT_REASONS)
    event = AuditEvent.objects.get(action="application.communicate_revocation")
    assert OPINION_CONFIRMED not in event.changes


def test_the_revocation_is_confirmed_again_by_whoever_decides_it(world: World) -> None:
    app = _heard(world, _granted(world))
    _asked(lambda: _revoke(world, app, PARTY_REASONS))
    assert Application.objects.get(pk=app.pk).state == State.APPROVED
    _revoke(world, app, PARTY_REASONS, confirm_not_opinion=True)
    event = AuditEvent.objects.get(action="application.revoke")
    assert event.changes[OPINION_CONFIRMED] is True
    assert Application.objects.get(pk=app.pk).state == State.REVOKED


def test_a_revocation_on_acts_is_not_asked(world: World) -> None:
    app = _heard(world, _granted(world))
    _revoke(world, app, ACT_REASONS)
    assert OPINION_CONFIRMED not in AuditEvent.objects.get(action="application.revoke").changes


def test_the_api_asks_for_and_takes_the_confirmation(world: World) -> None:
    app = _granted(world)
    handler, decider = officer_for(world.handler), officer_for(world.decider)
    body: dict[str, Any] = {"reasons": PARTY_REASONS, "criteria": [CODE]}
    url = f"{URL}{app.pk}/actions/communicate_revocation/"
    response = handler.post(url, body, format="json")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "21 §" in response.json()["errors"]["confirm_not_opinion"][0]
    response = handler.post(url, {**body, "confirm_not_opinion": True}, format="json")
    assert response.status_code == 200
    svc.application_record_response(
        application=app, actor=world.handler, response="Föreningen bestrider uppgifterna."
    )
    revoke = {**body, "no_conflict_confirmed": True, **_answer(app)}
    url = f"{URL}{app.pk}/actions/revoke/"
    response = decider.post(url, revoke, format="json")
    assert response.status_code == 422 and "confirm_not_opinion" in response.json()["errors"]
    response = decider.post(url, {**revoke, "confirm_not_opinion": True}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "revoked"


def test_the_openapi_describes_the_confirmation_on_both_actions(world: World) -> None:
    schema = live_schema()
    for name in ("CommunicateRevocationInputRequest", "RevokeInputRequest"):
        field = schema["components"]["schemas"][name]["properties"]["confirm_not_opinion"]
        assert "återkallande" in field["description"] and "revocation" in field["description"]


def test_the_pages_state_the_rule_and_ask_for_the_confirmation(world: World) -> None:
    app = _granted(world)
    web = Client()
    web.force_login(world.handler)
    url = f"/arenden/{app.reference}/atgard/communicate_revocation/"
    page = web.get(url).content.decode()
    assert "2 kap. 1 och 21 §§" in page and 'name="confirm_not_opinion"' in page
    post = {"reasons": PARTY_REASONS, "criteria": [CODE]}
    response = web.post(url, post)
    assert response.status_code == 422
    assert "confirm_not_opinion" in response.context["form"].errors
    assert web.post(url, {**post, "confirm_not_opinion": "on"}).status_code == 302
    svc.application_record_response(
        application=app, actor=world.handler, response="Föreningen bestrider uppgifterna."
    )
    web.force_login(world.decider)
    url = f"/arenden/{app.reference}/atgard/revoke/"
    page = web.get(url).content.decode()
    assert "2 kap. 1 och 21 §§" in page and 'name="confirm_not_opinion"' in page
    post = {**post, "no_conflict_confirmed": "on", **_answer(app)}
    response = web.post(url, post)
    assert response.status_code == 422
    assert "confirm_not_opinion" in response.context["form"].errors
    assert web.post(url, {**post, "confirm_not_opinion": "on"}).status_code == 302
