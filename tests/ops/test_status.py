"""The operators' status: each item ok/warning/critical against the thresholds in settings, in
a constant number of queries."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import transaction
from django.utils import timezone

from associations.models import StatutesVersion
from associations.tasks import read_statutes_version
from audit.checkpoints import run_verification, sign_checkpoint
from audit.context import SYSTEM
from audit.services import record_event
from bookings.models import WebhookMessage
from bookings.services import client_create
from ops import status
from ops.tasks import heartbeat
from tests.api.conftest import client_for, post_booking
from tests.world import World

pytestmark = pytest.mark.django_db
QUERIES = 5  # one per item, whatever the amount of data


@pytest.fixture(autouse=True)
def signing_key(settings: Any) -> None:
    key = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    settings.AUDIT_SIGNING_KEY, settings.AUDIT_SIGNING_KEY_FILE = key.decode(), ""


def queue_webhooks(world: World, count: int, name: str = "Hook") -> Any:
    """``count`` booking requests from a client with a webhook: one pending message each."""
    creds = client_create(
        actor=SYSTEM, name=name, webhook_url="https://hook.example/x", premises=[world.hall]
    )
    api = client_for(creds)
    for n in range(count):
        assert post_booking(api, key=f"{name}{n}", external_ref=f"{name}{n}").status_code == 201
    return WebhookMessage.objects.filter(client=creds.client)


def item(code: str, now: datetime | None = None) -> status.Item:
    return next(i for i in status.status_report(now) if i.code == code)


def test_outbox_backlog_age_and_recent_failures(world, settings):
    settings.GRANSKA_STATUS_THRESHOLDS = {
        **settings.GRANSKA_STATUS_THRESHOLDS,
        "outbox_pending": (3, 5),
        "outbox_failed_24h": (1, 2),
    }
    assert item("webhook_outbox").status == "ok"
    messages = queue_webhooks(world, 3)
    now = timezone.now()
    result = item("webhook_outbox", now)
    assert result.status == "warning" and result.figures["pending"] == 3
    messages.update(created_at=now - timedelta(minutes=121))
    assert item("webhook_outbox", now).status == "critical"  # the oldest waits too long
    assert item("webhook_outbox", now).figures["oldest_pending_age_seconds"] == 121 * 60
    messages.filter(pk__in=list(messages.values_list("pk", flat=True)[:2])).update(
        status="failed", failed_at=now - timedelta(hours=1)
    )
    messages.filter(status="pending").update(created_at=now)
    result = item("webhook_outbox", now)
    assert result.figures == {
        "pending": 1,
        "oldest_pending_age_seconds": 0,
        "failed_last_24h": 2,
    }
    assert result.status == "critical"
    assert item("webhook_outbox", now + timedelta(hours=24)).figures["failed_last_24h"] == 0


def test_audit_verification_age_and_result(world):
    assert item("audit_verification").status == "warning"  # never verified yet
    run_verification(record=True)
    now = timezone.now()
    assert item("audit_verification", now).status == "ok"
    assert item("audit_verification", now).figures["intact"] is True
    assert item("audit_verification", now + timedelta(hours=27)).status == "warning"
    assert item("audit_verification", now + timedelta(hours=51)).status == "critical"
    with transaction.atomic():  # what the nightly task records when the chain is broken
        record_event(
            actor=SYSTEM,
            action="audit.verified",
            object_type="audit_chain",
            changes={"intact": False, "first_bad": 3, "findings": []},
        )
    assert item("audit_verification").status == "critical"


def test_reconciliation_findings_are_a_warning(world):
    with transaction.atomic():
        record_event(
            actor=SYSTEM,
            action="audit.verified",
            object_type="audit_chain",
            changes={"intact": True, "findings": ["case KFN-2026-00001: no event"]},
        )
    result = item("audit_verification")
    assert result.status == "warning" and result.figures["findings"] == 1
    assert "avstämningen har 1 avvikelse." in result.detail  # singular


def test_events_left_unsigned_too_long(world):
    now = timezone.now()
    checkpoint = sign_checkpoint()
    assert checkpoint is not None
    with transaction.atomic():
        record_event(actor=SYSTEM, action="test.unsigned", object_type="test")
    assert item("audit_checkpoint", now).status == "ok"
    assert item("audit_checkpoint", now + timedelta(minutes=151)).status == "warning"
    assert item("audit_checkpoint", now + timedelta(minutes=361)).status == "critical"
    sign_checkpoint()
    later = item("audit_checkpoint", now + timedelta(minutes=361))
    assert later.status == "ok"  # nothing new to sign: an old checkpoint is fine
    assert later.figures["checkpoint_seq"] == later.figures["head_seq"] == checkpoint.seq + 1


def test_no_checkpoint_yet_is_a_warning_that_says_how_to_sign_one(world):
    now = timezone.now()
    result = item("audit_checkpoint", now)
    assert result.status == "warning"  # however new the events: none is covered
    assert result.figures["checkpoint_seq"] == 0 and result.figures["age_seconds"] is None
    assert result.detail.startswith("Ingen kontrollpunkt är signerad ännu")
    assert f"kedjans {result.figures['head_seq']} händelser" in result.detail
    assert "manage.py audit_checkpoint" in result.detail and "var 60 min" in result.detail
    assert "efter den senaste kontrollpunkten" not in result.detail
    assert item("audit_checkpoint", now + timedelta(minutes=361)).status == "critical"


def test_no_checkpoint_and_no_events_is_ok(db):
    result = item("audit_checkpoint")
    assert result.status == "ok" and result.figures["head_seq"] == 0
    assert result.detail == "Ingen kontrollpunkt är signerad ännu; kedjan har inga händelser."


def test_events_after_a_checkpoint_are_counted_from_it(world):
    checkpoint = sign_checkpoint()
    assert checkpoint is not None
    with transaction.atomic():
        for n in range(3):
            record_event(actor=SYSTEM, action="test.unsigned", object_type="test", object_id=n)
    result = item("audit_checkpoint")
    assert result.status == "ok"
    assert result.detail.startswith("3 händelser efter den senaste kontrollpunkten")


def test_worker_heartbeat(db):
    assert item("worker_heartbeat").status == "critical"  # worker or beat never ran
    heartbeat()
    now = timezone.now()
    assert item("worker_heartbeat", now).status == "ok"
    assert item("worker_heartbeat", now + timedelta(minutes=6)).status == "warning"
    assert item("worker_heartbeat", now + timedelta(minutes=16)).status == "critical"


def test_statutes_waiting_to_be_read(world):
    waiting = StatutesVersion.objects.filter(reader_status="pending")
    assert waiting.exists()  # the world's statutes: reading is queued after commit
    now = timezone.now()
    result = item("statutes_reading", now)
    assert result.status == "ok" and result.figures["waiting"] == waiting.count()
    assert item("statutes_reading", now + timedelta(minutes=16)).status == "warning"
    assert item("statutes_reading", now + timedelta(minutes=121)).status == "critical"
    for pk in waiting.values_list("pk", flat=True):
        read_statutes_version(pk)
    assert item("statutes_reading", now + timedelta(minutes=121)).figures["waiting"] == 0


def test_statutes_the_reader_could_not_read_are_a_warning(world):
    now = timezone.now()
    assert item("statutes_reading", now).figures["failed"] == 0
    one = StatutesVersion.objects.filter(association=world.scouts).values("pk")[:1]
    StatutesVersion.objects.filter(pk__in=one).update(reader_status="failed")
    result = item("statutes_reading", now)
    assert result.status == "warning" and result.figures["failed"] == 1
    assert "reread_statutes" in result.detail


def test_overall_is_the_worst_item():
    items = [status.Item("a", "ok", ""), status.Item("b", "warning", "")]
    assert status.overall(items) == "warning"
    assert status.overall([*items, status.Item("c", "critical", "")]) == "critical"


def test_query_count_does_not_grow_with_the_data(world, django_assert_num_queries):
    with django_assert_num_queries(QUERIES):
        status.status_report()
    queue_webhooks(world, 4)
    WebhookMessage.objects.filter(pk=WebhookMessage.objects.first().pk).update(
        status="failed", failed_at=timezone.now()
    )
    run_verification(record=True)
    sign_checkpoint()
    queue_webhooks(world, 2, name="More")
    heartbeat()
    with django_assert_num_queries(QUERIES):
        status.status_report()
