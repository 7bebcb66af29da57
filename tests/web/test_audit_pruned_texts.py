"""After its free texts are pruned (gallrade, ADR 0027) the auditors' pages, the decision log
API, the case timeline and the CSV say "gallrad <date>" where the text was, in the reader's
language; before, they show the text; pruning costs the pages no query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from audit.context import SYSTEM
from audit.models import AuditEvent
from audit.pruning import event_texts_prune
from tests.world import drive
from vetting.models import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejected(world):
    app = drive(world, world.submit(), State.REJECTED)
    event = AuditEvent.objects.get(case_ref=app.reference, action="application.decide")
    assert event.reasons_sha256 and event.reasons_text  # format v2: the text is beside the chain
    return app, event.reasons_text


def prune(reference: str) -> str:
    event_texts_prune(actor=SYSTEM, case_ref=reference, ground="DHP 4.2")
    return f"{timezone.localdate():%Y-%m-%d}"


def decisions_api(user, language: str = "sv") -> list[dict]:
    api = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    api.force_authenticate(user)
    return api.get("/api/v1/audit/decisions/").json()["results"]


def test_the_decision_log_api_shows_the_text_then_when_it_was_pruned(world, rejected):
    app, text = rejected
    assert [row["reasons"] for row in decisions_api(world.auditor)] == [text]
    day = prune(app.reference)
    assert [row["reasons"] for row in decisions_api(world.auditor)] == [f"gallrad {day}"]
    assert [row["reasons"] for row in decisions_api(world.auditor, "en")] == [f"pruned {day}"]


def test_the_case_timeline_and_the_decision_log_say_gallrad(world, login, rejected):
    app, text = rejected
    client = login(world.auditor)
    timeline = f"/revision/arenden/{app.reference}/"
    assert text[:40] in client.get(timeline).content.decode()
    day = prune(app.reference)
    assert f"gallrad {day}" in client.get(timeline).content.decode()
    assert f"gallrad {day}" in client.get("/revision/").content.decode()
    english = login(world.auditor)
    english.cookies["django_language"] = "en"
    assert f"pruned {day}" in english.get(timeline, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_timeline_api_and_the_log_csv_say_gallrad(world, login, rejected):
    app, text = rejected
    day = prune(app.reference)
    api = APIClient()
    api.force_authenticate(world.auditor)
    timeline = api.get(f"/api/v1/audit/cases/{app.reference}/timeline/").json()["events"]
    decide = next(e for e in timeline if e["action"] == "application.decide")
    assert decide["reasons"] == f"gallrad {day}"
    csv = login(world.auditor).get("/revision/export.csv").content.decode()
    assert f"gallrad {day}" in csv and text not in csv


def test_pruning_adds_no_query_to_the_pages(world, login, rejected):
    app, _text = rejected
    client = login(world.auditor)
    pages = [f"/revision/arenden/{app.reference}/", "/revision/"]

    def counts() -> list[int]:
        found = []
        for page in pages:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(page).status_code == 200
            found.append(len(ctx.captured_queries))
        return found

    before = counts()
    prune(app.reference)
    assert counts() == before


def test_a_pruning_of_an_association_is_on_the_system_log_with_its_ground(world, login, rejected):
    app, text = rejected
    event_texts_prune(actor=SYSTEM, association_id=app.association_id, ground="DHP 4.2, tre år")
    page = login(world.auditor).get("/revision/ovriga/", {"kind": "erasure"}).content.decode()
    assert "Texter i loggen gallrade" in page and "DHP 4.2, tre år" in page
    assert text[:40] not in page
