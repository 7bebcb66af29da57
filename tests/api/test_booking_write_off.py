"""What a booking system sees of a supplement request and of a write-off (ADR 0025): the
consequence of not supplementing (FL 20 §) with what is asked, and the write-off as the request's
``decision`` (outcome ``written_off``) in the webhook written with it and in GET."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone

from bookings.models import WebhookMessage
from bookings.webhooks import reset_windows
from tests.api.conftest import post_booking
from tests.world import World, drive
from vetting import services as svc
from vetting.models import Application, State

pytestmark = pytest.mark.django_db
URL = "/api/v1/booking-requests/"


def _supplement_requested(bc: Any, world: World) -> tuple[dict[str, Any], Application]:
    body = post_booking(bc).json()
    app = Application.objects.get(reference=body["reference"])
    return body, drive(world, app, State.SUPPLEMENT_REQUESTED)


def test_the_request_says_what_follows_if_the_supplement_does_not_come(bc: Any, world: World):
    body, app = _supplement_requested(bc, world)
    request = app.supplement_requests.get()
    [item] = bc.get(f"{URL}{body['id']}/").json()["requested"]
    assert item["kind"] == "supplement" and item["description"].startswith(request.what)
    due = request.due.isoformat()
    assert (
        f"Om kompletteringen inte har kommit in senast {due} kan ansökan komma att avgöras i "
        "befintligt skick eller inte tas upp till prövning (jfr 20 § förvaltningslagen)."
    ) in item["description"]
    assert f"If the supplement has not arrived by {due}" in item["description"]


def test_the_write_off_reaches_the_booking_system_as_its_decision(
    bc: Any, creds: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    body, app = _supplement_requested(bc, world)
    creds.client.webhook_url = "http://127.0.0.1:9/hook"
    creds.client.save(update_fields=["webhook_url"])
    Application.objects.filter(pk=app.pk).update(
        supplement_due=timezone.localdate() - timedelta(days=1)
    )
    reset_windows()  # the earlier changes' ring window would coalesce this one
    with mock.patch("bookings.tasks.dispatch_client_webhooks.delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            decision = svc.application_write_off(
                application=app, actor=world.decider, no_conflict_confirmed=True
            )
        delay.assert_not_called()  # nothing leaves before the commit
        for callback in callbacks:
            callback()
    delay.assert_called_once()
    message = WebhookMessage.objects.get(event_type="booking_request.write_off")
    data = json.loads(message.body)["data"]
    assert data["state"] == "written_off" and data["requested"] == []
    sent = data["decision"]
    assert sent["outcome"] == "written_off" and sent["reasons"] == decision.reasons
    assert "Kompletteringen kom inte in senast" in sent["reasons"]
    assert sent["appeal_instructions"] == decision.appeal_instructions
    shown = bc.get(f"{URL}{body['id']}/").json()
    assert shown["decision"] == sent  # GET shows what the webhook carried


def test_a_request_written_off_before_decisions_shows_no_decision(bc: Any, world: World):
    """A case written off before a write-off was a decision has none: null, never invented."""
    body, app = _supplement_requested(bc, world)
    Application.objects.filter(pk=app.pk).update(state=State.WRITTEN_OFF)
    shown = bc.get(f"{URL}{body['id']}/").json()
    assert shown["state"] == "written_off" and shown["decision"] is None
