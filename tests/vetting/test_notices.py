"""Underrättelse (FL 33 §): that a decision, with how to appeal, was sent is recorded."""

from __future__ import annotations

import pytest
from django.test import Client

from audit.models import AuditEvent
from tests.api.conftest import officer_for
from tests.world import World, drive
from vetting import services as svc
from vetting.errors import ActionNotAllowed, InvalidInput, PermissionRefused
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
    with pytest.raises(PermissionError):  # kept as recorded (vetting.models.append_only)
        notice.delete()
    assert DecisionNotice.objects.filter(pk=notice.pk).exists()


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


def test_the_state_and_the_role_are_judged_before_the_recipient(world: World) -> None:
    """As for every action: a case that cannot be notified is a conflict, whatever the input."""
    undecided = drive(world, world.submit(), State.APPROVED)
    decision = undecided.decisions.get()
    Application.objects.filter(pk=undecided.pk).update(state=State.PROPOSED)
    with pytest.raises(ActionNotAllowed):
        svc.decision_notify(decision=decision, actor=world.handler, channel="email", recipient="")
    Application.objects.filter(pk=undecided.pk).update(state=State.APPROVED)
    with pytest.raises(PermissionRefused):
        svc.decision_notify(decision=decision, actor=world.security, channel="email", recipient="")


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


@pytest.mark.parametrize(
    ("channel", "recipient", "says"),
    [
        ("letter", "-", "Ange mottagaren"),
        ("letter", "\u200b", "Ange mottagaren"),  # an invisible character names nobody
        ("e_service", " , ", "Ange mottagaren"),
        ("email", "Kim Andersson", "Ange mottagarens e-postadress"),
        ("email", "Kim, kim@forening", "”kim@forening” är ingen giltig e-postadress."),
        ("email", "kim@@forening.example", "ingen giltig e-postadress"),
        ("letter", "Kim, Box 1, 123 45 Staden, kim@", "”kim@” är ingen giltig e-postadress."),
        # A tester's list: placeholders and single characters name nobody either.
        ("letter", "x", "Ange mottagaren"),
        ("letter", "123", "Ange mottagaren"),
        ("letter", "0", "Ange mottagaren"),
        ("letter", "n/a", "Ange mottagaren"),
        ("letter", "N/A", "Ange mottagaren"),
        ("letter", "Okänd", "Ange mottagaren"),
        ("in_person", "Ingen", "Ange mottagaren"),
        ("email", "Kim <kim@forening.example", "Stäng vinkelparentesen"),
    ],
)
def test_a_recipient_naming_nobody_or_a_bad_address_is_refused_at_the_field(
    world: World, channel: str, recipient: str, says: str
) -> None:
    app = drive(world, world.submit(), State.APPROVED)
    with pytest.raises(InvalidInput) as info:
        svc.decision_notify(
            decision=app.decisions.get(), actor=world.handler, channel=channel, recipient=recipient
        )
    assert set(info.value.errors) == {"recipient"}
    assert says in str(info.value.errors["recipient"][0])
    assert not DecisionNotice.objects.exists()


@pytest.mark.parametrize(
    ("channel", "recipient"),
    [
        ("email", "kim@forening.example"),
        ("email", "Kim Andersson, kim@forening.example"),  # as the form is prefilled
        ("email", "Kim Andersson <kim@forening.example>"),
        ("letter", "Scoutkåren Exempel, Box 1, 123 45 Staden"),
        ("in_person", "Bo"),  # a short name is a name
    ],
)
def test_a_named_recipient_with_valid_addresses_is_accepted(
    world: World, channel: str, recipient: str
) -> None:
    app = drive(world, world.submit(), State.APPROVED)
    notice = svc.decision_notify(
        decision=app.decisions.get(), actor=world.handler, channel=channel, recipient=recipient
    )
    assert notice.recipient == recipient


def test_the_form_and_the_api_name_the_recipient(world: World) -> None:
    app = drive(world, world.submit(), State.APPROVED)
    page = Client()
    page.force_login(world.handler)
    form = page.post(
        f"/arenden/{app.reference}/atgard/notify/", {"channel": "email", "recipient": "\u200b"}
    )
    assert form.status_code == 422
    html = form.content.decode()
    assert 'id="id_recipient_error"' in html and "Ange mottagaren" in html
    assert 'aria-invalid="true"' in html
    api = officer_for(world.handler).post(
        f"/api/v1/applications/{app.pk}/actions/notify/",
        {"channel": "email", "recipient": "Kim"},
        format="json",
    )
    assert api.status_code == 422 and list(api.json()["errors"]) == ["recipient"]
    assert not DecisionNotice.objects.exists()


def booked_and_approved(world: World) -> Application:
    """A rental that came from a booking system, approved."""
    from audit.context import SYSTEM
    from bookings.services import client_create
    from tests.api.conftest import client_for, post_booking

    creds = client_create(actor=SYSTEM, name="Bokningssystemet", premises=[world.hall])
    response = post_booking(client_for(creds))
    assert response.status_code == 201, response.json()
    app = Application.objects.get(reference=response.json()["reference"])
    return drive(world, app, State.APPROVED)


def test_the_booking_system_is_a_channel_only_for_a_case_from_one(world: World) -> None:
    grant = drive(world, world.submit(), State.APPROVED)
    with pytest.raises(InvalidInput) as info:
        svc.decision_notify(
            decision=grant.decisions.get(),
            actor=world.handler,
            channel="booking_system",
            recipient="Bokningssystemet",
        )
    assert set(info.value.errors) == {"channel"}
    assert "bokningssystem" in str(info.value.errors["channel"][0])
    assert not DecisionNotice.objects.exists()
    rental = booked_and_approved(world)
    notice = svc.decision_notify(
        decision=rental.decisions.get(),
        actor=world.handler,
        channel="booking_system",
        recipient="Bokningssystemet",
    )
    assert notice.channel == "booking_system"


def test_the_form_offers_the_booking_system_only_for_a_case_from_one(world: World) -> None:
    page = Client()
    page.force_login(world.handler)
    grant = drive(world, world.submit(), State.APPROVED)
    html = page.get(f"/arenden/{grant.reference}/atgard/notify/").content.decode()
    assert 'value="letter"' in html and 'value="booking_system"' not in html
    posted = page.post(
        f"/arenden/{grant.reference}/atgard/notify/",
        {"channel": "booking_system", "recipient": "Bokningssystemet"},
    )
    assert posted.status_code == 422 and "channel" in posted.context["form"].errors
    rental = booked_and_approved(world)
    html = page.get(f"/arenden/{rental.reference}/atgard/notify/").content.decode()
    assert 'value="booking_system"' in html
