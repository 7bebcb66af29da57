"""The webhooks in the OpenAPI schema (issue 4): the booking_request webhook with its envelope,
the event types the code sends, the signature headers, and info.description as the integration
guide with the settings' values."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.conf import settings

from audit.context import SYSTEM
from bookings import keys
from bookings.models import WebhookMessage
from bookings.services import client_create
from bookings.webhooks import webhook_events
from tests.api.conftest import client_for, post_booking
from tests.api.openapi import live_schema
from tests.world import drive
from vetting import services as svc
from vetting.models import Application, State

pytestmark = pytest.mark.django_db
GUIDE = Path(settings.BASE_DIR) / "docs" / "api-guide.md"


def _schema() -> dict:
    return live_schema()


def _event_enum(schema: dict) -> list[str]:
    envelope = schema["components"]["schemas"]["BookingRequestWebhook"]
    return envelope["properties"]["type"]["enum"]


def test_the_webhook_is_in_the_schema_with_its_envelope_and_headers():
    schema = _schema()
    assert schema["openapi"].startswith("3.1")
    hook = schema["webhooks"]["booking_request"]["post"]
    body = hook["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("/BookingRequestWebhook")
    envelope = schema["components"]["schemas"]["BookingRequestWebhook"]
    assert set(envelope["required"]) == {"type", "id", "timestamp", "data"}
    data = envelope["properties"]["data"]
    assert data["allOf"][0]["$ref"].endswith("/BookingRequest")  # the object GET answers
    get = schema["paths"]["/api/v1/booking-requests/{id}/"]["get"]["responses"]["200"]
    assert get["content"]["application/json"]["schema"]["$ref"].endswith("/BookingRequest")
    headers = {p["name"]: p for p in hook["parameters"]}
    assert set(headers) == {"webhook-id", "webhook-timestamp", "webhook-signature"}
    assert all(p["in"] == "header" and " / " in p["description"] for p in headers.values())
    assert {"200", "410"} <= set(hook["responses"])


def test_the_event_types_are_the_ones_the_code_sends(world, settings):
    settings.GRANSKA_WEBHOOK_ALLOW_HTTP = settings.GRANSKA_WEBHOOK_ALLOW_PRIVATE = True
    enum = _event_enum(_schema())
    assert enum == [f"booking_request.{event}" for event in webhook_events()]
    assert "booking_request.escalate" not in enum and "booking_request.pay" not in enum
    creds = client_create(
        actor=SYSTEM, name="Hook", webhook_url="http://127.0.0.1:9/h", premises=[world.hall]
    )
    api = client_for(creds)
    first = Application.objects.get(reference=post_booking(api).json()["reference"])
    drive(world, first, State.PROGRAM_REVIEW)
    svc.program_submit(application=first, actor=world.handler, text="18.00 Konsert")
    second = post_booking(api, key="key-2", external_ref="bk-2").json()
    drive(world, Application.objects.get(reference=second["reference"]), State.APPROVED)
    sent = set(WebhookMessage.objects.values_list("event_type", flat=True))
    assert {"booking_request.created", "booking_request.program_received"} <= sent
    assert sent <= set(enum)


def test_the_description_is_the_integration_guide_with_the_settings_values(settings):
    settings.GRANSKA_WEBHOOK_RETRY_HOURS = 31
    text = _schema()["info"]["description"]
    assert "## Svenska" in text and "## English" in text
    for needed in (
        "Bearer gk_",
        "Token gt_",
        "X-CSRFToken",
        "csrf_failed",
        "Idempotency-Key",
        "updated_since",
        "next_cursor",
        "RFC 9457",
        "ProblemCodeEnum",
        "429",
        "Retry-After",
        "5 MiB (5242880 byte)",
        "whsec_",
        "webhook-signature",
        "410 Gone",
        "booking_request.decide",
    ):
        assert needed in text, needed
    assert "i 31 h från" in text and "for 31 h from" in text
    assert "5 s, 10 s, 20 s" in text and "3600 s" in text
    assert "$" not in text.replace("$ref", "")  # every placeholder filled


def test_the_guides_python_example_verifies_our_signature():
    [code] = re.findall(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.S)
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - the documentation's own example
    secret, msg_id, body = keys.new_webhook_secret(), "msg_1", '{"type":"x"}'
    other = keys.new_webhook_secret()
    stamp = int(time.time())
    headers = {
        "webhook-id": msg_id,
        "webhook-timestamp": str(stamp),
        "webhook-signature": keys.signature_header([other, secret], msg_id, stamp, body),
    }
    assert namespace["verify"](secret, headers, body.encode())
    assert not namespace["verify"](keys.new_webhook_secret(), headers, body.encode())
    assert not namespace["verify"](secret, headers, b'{"type":"y"}')
