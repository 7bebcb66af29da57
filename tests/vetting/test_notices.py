"""Underrättelse (FL 33 §): that a decision, with how to appeal, was sent is recorded."""

from __future__ import annotations

import pytest
from django.test import Client

from audit.models import AuditEvent
from tests.api.conftest import officer_for
from tests.world import World, drive
from vetting import services as svc
from vetting.errors import InvalidInput, PermissionRefused
from vetting.models import Application, DecisionNotice, State

pytestmark = pytest.mark.django_db


def test_a_notice_is_recorded_with_its_event(world: World) -> None:
    app = drive(world, world.submit(), State.REJECTED)
    decision = app.decisions.get()
    notice = svc.decision_notify(
        decision=decision,
        actor=world.handler,
        channel="letter",
        recipient="Scoutkåren Exempel, Box 1, 123 45 Staden",
        note="Beslutet och överklagandehänvisningen skickades med post.",
    )
    assert notice.sent_by == world.handler and list(decision.notices.all()) == [notice]
    event = AuditEvent.objects.get(action="decision.notified")
    assert event.case_ref == app.reference and event.object_id == str(decision.pk)
    assert event.changes["channel"] == "letter"
    app.refresh_from_db()
    assert app.state == State.REJECTED  # no state change
    with pytest.raises(PermissionError):
        notice.save()


def test_a_notice_needs_a_recipient_a_known_channel_a_decision_and_a_role(world: World) -> None:
    app = drive(world, world.submit(), State.APPROVED)
    decision = app.decisions.get()
    with pytest.raises(InvalidInput) as bad:
        svc.decision_notify(decision=decision, actor=world.handler, channel="fax", recipient="")
    assert set(bad.value.errors) == {"channel"}
    with pytest.raises(InvalidInput) as empty:
        svc.decision_notify(decision=decision, actor=world.handler, channel="email", recipient=" ")
    assert set(empty.value.errors) == {"recipient"}
    with pytest.raises(PermissionRefused):
        svc.decision_notify(
            decision=decision, actor=world.security, channel="email", recipient="kim@x.example"
        )
    undecided = drive(world, world.submit(), State.PROPOSED)
    response = officer_for(world.handler).post(
        f"/api/v1/applications/{undecided.pk}/actions/notify/",
        {"channel": "email", "recipient": "kim@x.example"},
        format="json",
    )
    assert response.status_code == 409 and "notify" not in response.json()["allowed_actions"]
    assert not DecisionNotice.objects.exists()


def test_notify_through_the_api_and_on_the_case_page(world: World) -> None:
    app = drive(world, world.submit(), State.APPROVED)
    Application.objects.filter(pk=app.pk).update(
        contact_name="Kim", contact_email="kim@forening.example"
    )
    app.refresh_from_db()
    api = officer_for(world.handler)
    assert "notify" in api.get(f"/api/v1/applications/{app.pk}/").json()["allowed_actions"]
    page = Client()
    page.force_login(world.handler)
    case = page.get(f"/arenden/{app.reference}/").content.decode()
    assert "Sökanden är inte underrättad om beslutet." in case
    form = page.get(f"/arenden/{app.reference}/atgard/notify/").content.decode()
    assert app.contact_email in form  # the recipient is prefilled with the case's contact
    response = api.post(
        f"/api/v1/applications/{app.pk}/actions/notify/",
        {"channel": "email", "recipient": app.contact_email},
        format="json",
    )
    assert response.status_code == 200, response.json()
    case = page.get(f"/arenden/{app.reference}/").content.decode()
    assert f"E-post till {app.contact_email}" in case
