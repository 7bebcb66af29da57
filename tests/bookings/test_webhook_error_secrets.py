"""A failed delivery's error, logged and kept as the attempt the admin shows, carries no secret
of the receiver's URL: requests put the query (``with url: /hook?token=…``) into its message,
so a token in the webhook URL reached the worker's log (deployment report; the audit trail
already masked it, bookings/webhook_transport.py ``url_for_the_record``)."""

from __future__ import annotations

from typing import Any

import pytest

from audit.context import SYSTEM
from bookings.models import DeliveryAttempt
from bookings.services import client_create
from bookings.webhook_transport import error_for_the_record
from bookings.webhooks import due_message_ids, webhook_deliver
from tests.api.conftest import client_for, post_booking

URL = "http://user:pass-word@127.0.0.1:9/hook?token=hemligt123&v=2"


@pytest.mark.django_db
@pytest.mark.usefixtures("allow_local_receivers")
def test_a_failed_delivery_logs_and_keeps_no_token(world: Any, caplog: Any) -> None:
    creds = client_create(actor=SYSTEM, name="Hook", webhook_url=URL, premises=[world.hall])
    post_booking(client_for(creds))
    for message_id in due_message_ids():
        assert webhook_deliver(message_id=message_id) == "pending"
    error = DeliveryAttempt.objects.get().error
    assert error.startswith("transient: ConnectionError") and "/hook?token=***&v=***" in error
    assert "hemligt123" not in error and "hemligt123" not in caplog.text
    assert "token=***" in caplog.text


def test_credentials_and_query_values_are_masked() -> None:
    text = "Max retries exceeded with url: /hook?token=hemligt123&v=2 (user:pass-word@host)"
    assert error_for_the_record(text, URL) == (
        "Max retries exceeded with url: /hook?token=***&v=*** (***@host)"
    )
    assert error_for_the_record("timed out", "https://receiver.example/hook") == "timed out"
