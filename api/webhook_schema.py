"""The webhooks and the integration guide in the OpenAPI schema: the ``booking_request`` webhook
(``SPECTACULAR_SETTINGS["WEBHOOKS"]``) with its envelope, event types and headers, and
``info.description`` read from ``docs/api-guide.md`` with the values of the settings."""

from __future__ import annotations

from pathlib import Path
from string import Template
from typing import Any

from django.conf import settings
from drf_spectacular.utils import (
    OpenApiResponse,
    OpenApiWebhook,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers

from api.schema import size
from api.serializers.booking import BookingRequestSerializer
from api.serializers.fields import ChoiceField
from bookings.webhooks import backoff_base_seconds, event_type_of, webhook_events

GUIDE = Path(settings.BASE_DIR) / "docs" / "api-guide.md"


def event_types() -> list[str]:
    """``booking_request.<event>`` for every event the code sends."""
    return [event_type_of(event) for event in webhook_events()]


EVENT_TYPES = event_types()


# Built inline: a declared field named ``data`` would shadow Serializer.data.
BookingRequestWebhookSerializer = inline_serializer(
    name="BookingRequestWebhook",
    fields={
        "type": ChoiceField(
            choices=EVENT_TYPES,
            help_text="Händelsen: booking_request.<åtgärd> / The event: booking_request.<action>",
        ),
        "id": serializers.CharField(
            help_text="Meddelandets id, samma som huvudet webhook-id och vid omleverans; "
            "avduplicera på det / The message id, the same as the webhook-id header and on "
            "redelivery; deduplicate on it"
        ),
        "timestamp": serializers.DateTimeField(
            help_text="När meddelandet skapades (RFC 3339) / When the message was created "
            "(RFC 3339)"
        ),
        "data": BookingRequestSerializer(
            help_text="Förfrågan som GET /api/v1/booking-requests/{id}/ visar den, state_label "
            "på svenska / The request as GET /api/v1/booking-requests/{id}/ shows it, "
            "state_label in Swedish"
        ),
    },
)


HEADERS = [
    (
        "webhook-id",
        "Meddelandets id (msg_…), samma vid omförsök; avduplicera på det / The message id "
        "(msg_…), the same on retries; deduplicate on it",
    ),
    (
        "webhook-timestamp",
        "Försökets tid, Unix-sekunder; avvisa gamla / The attempt's time, Unix seconds; reject "
        "old ones",
    ),
    (
        "webhook-signature",
        "v1,<base64 HMAC-SHA256 av id.timestamp.kropp>, en per hemlighet, mellanslagsseparerade "
        "/ v1,<base64 HMAC-SHA256 of id.timestamp.body>, one per secret, space-separated",
    ),
]


def retry_schedule() -> str:
    """The waits between attempts, before jitter, up to the cap: "5 s, 10 s, …, 3600 s"."""
    waits: list[int] = []
    attempt = 1
    while not waits or waits[-1] < settings.GRANSKA_WEBHOOK_BACKOFF_CAP_SECONDS:
        waits.append(backoff_base_seconds(attempt))
        attempt += 1
        if len(waits) > 30:
            break
    return ", ".join(f"{w} s" for w in waits) + ", …"


def guide() -> str:
    """``info.description``: docs/api-guide.md with the settings' values."""
    rates = settings.GRANSKA_API_RATES
    return Template(GUIDE.read_text(encoding="utf-8")).substitute(
        events=", ".join(f"`{t}`" for t in event_types()),
        schedule=retry_schedule(),
        retry_hours=settings.GRANSKA_WEBHOOK_RETRY_HOURS,
        timeout=settings.GRANSKA_WEBHOOK_TIMEOUT_SECONDS,
        secret_grace_hours=settings.GRANSKA_WEBHOOK_SECRET_GRACE_HOURS,
        key_grace_hours=settings.GRANSKA_KEY_ROTATION_GRACE_HOURS,
        rate_client=rates["client"],
        rate_officer=rates["officer"],
        rate_anonymous=rates["anonymous"],
        body_limit=size(int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)),
        program_limit=size(int(settings.GRANSKA_API_PROGRAM_MAX_BYTES)),
        evidence_limit=size(int(settings.GRANSKA_EVIDENCE_MAX_BYTES)),
    )


BOOKING_REQUEST_WEBHOOK = OpenApiWebhook(
    name="booking_request",
    decorator=extend_schema(
        summary="Förfrågan har ändrats / A booking request changed",
        description="Skickas till bokningssystemets webhook-URL vid varje ändring det ser; "
        "signatur, omförsök och ordning: se beskrivningen överst. / Sent to the booking "
        "system's webhook URL on every change it sees; signature, retries and order: see the "
        "description at the top.",
        request={"application/json": BookingRequestWebhookSerializer},
        responses={
            200: OpenApiResponse(
                description="Varje 2xx: mottaget (kroppen läses inte) / Any 2xx: received (the "
                "body is not read)"
            ),
            410: OpenApiResponse(
                description="Ge upp meddelandet nu; allt annat försöks igen / Give the message "
                "up now; anything else is retried"
            ),
        },
    ),
)


def postprocess(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """The guide as ``info.description``, and the webhook's signature headers (an
    ``OpenApiWebhook`` takes no parameters)."""
    result["info"]["description"] = guide()
    for item in result.get("webhooks", {}).values():
        for operation in item.values():
            operation["parameters"] = [
                {
                    "name": name,
                    "in": "header",
                    "required": True,
                    "schema": {"type": "string"},
                    "description": description,
                }
                for name, description in HEADERS
            ]
    return result
