"""GET /api/v1/ops/status: the operators' status for auditors and administrators."""

from __future__ import annotations

import pytest

from tests.api.conftest import officer_for
from tests.ops.test_status import queue_webhooks

pytestmark = pytest.mark.django_db
QUERIES = 7  # the token with its user, the roles, then one per item (5)


def test_auditor_reads_the_status(world, django_assert_num_queries):
    api = officer_for(world.auditor)
    with django_assert_num_queries(QUERIES):
        response = api.get("/api/v1/ops/status")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "critical"  # no worker heartbeat in a test
    heartbeat = next(i for i in body["items"] if i["code"] == "worker_heartbeat")
    assert heartbeat == {
        "code": "worker_heartbeat",
        "status": "critical",
        "detail": "Inget hjärtslag från Celery-workern är registrerat (körs worker och beat?).",
        "figures": {"age_seconds": None},
    }
    queue_webhooks(world, 3)
    with django_assert_num_queries(QUERIES):
        response = api.get("/api/v1/ops/status", HTTP_ACCEPT_LANGUAGE="en")
    outbox = response.json()["items"][0]
    assert outbox["figures"]["pending"] == 3 and outbox["detail"].startswith("3 webhook messages")


def test_a_handler_may_not(world):
    response = officer_for(world.handler).get("/api/v1/ops/status")
    assert response.status_code == 403
