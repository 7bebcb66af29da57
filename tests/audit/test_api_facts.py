"""The API's events carry the key facts the auditors' timeline shows (``audit.facts``): each a
stable key and the value as recorded, with its label and text in the caller's language and
whether it is adverse; read from the event alone (no query per row)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from audit.facts import event_facts
from audit.models import AuditEvent
from tests.api.openapi import live_schema
from tests.world import World, drive
from vetting.models import Application, Decision, State
from vetting.selectors import case_decision_numbers

pytestmark = pytest.mark.django_db
EVENTS = "/api/v1/audit/events/"


def api_as(user: Any, language: str = "sv") -> APIClient:
    api = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    api.force_authenticate(user)
    return api


def events_of(api: APIClient, case: Application, action: str) -> list[dict[str, Any]]:
    response = api.get(EVENTS, {"case": case.reference, "action": action})
    assert response.status_code == 200
    return response.json()["results"]


@pytest.fixture
def revoked(world: World) -> Application:
    return drive(world, world.submit(), State.REVOKED)


def test_a_submission_gives_its_kind_and_amount_applied(world: World, revoked: Any) -> None:
    [event] = events_of(api_as(world.auditor), revoked, "application.submitted")
    assert event["facts"] == [
        {"key": "kind", "value": "foreningsbidrag", "label": "Ärendeslag",
         "text": "Föreningsbidrag", "adverse": False},
        {"key": "amount_applied", "value": "4000.00", "label": "Sökt belopp",
         "text": "4\xa0000 kr", "adverse": False},
    ]  # fmt: skip


def test_a_decision_gives_its_number_outcome_and_amount(world: World, revoked: Any) -> None:
    [event] = events_of(api_as(world.auditor), revoked, "application.decide")
    decision = Decision.objects.get(application=revoked, outcome="approved")
    facts = {f["key"]: f for f in event["facts"]}
    assert list(facts) == ["decision_id", "outcome", "amount_granted"]
    assert facts["decision_id"]["value"] == decision.pk
    assert facts["decision_id"]["text"] == f"{revoked.reference} beslut 1"  # as the log names it
    assert facts["outcome"] == {"key": "outcome", "value": "approved", "label": "Utfall",
                                "text": "Bifall", "adverse": False}  # fmt: skip
    assert facts["amount_granted"]["value"] == "4000.00"


def test_a_failed_assessment_and_a_revocation_are_adverse(world: World, revoked: Any) -> None:
    api = api_as(world.auditor)
    failed = [
        f for e in events_of(api, revoked, "assessment.recorded") for f in e["facts"]
        if f["key"] == "outcome" and f["value"] == "fail"
    ]  # fmt: skip
    assert failed and all(f["adverse"] and f["text"] == "Inte uppfyllt" for f in failed)
    [revocation] = events_of(api, revoked, "application.revoke")
    keys = [f["key"] for f in revocation["facts"]]
    assert keys[:3] == ["decision_id", "outcome", "reclaim_amount"]
    assert next(f for f in revocation["facts"] if f["key"] == "outcome")["adverse"] is True


def test_labels_and_texts_follow_the_callers_language(world: World, revoked: Any) -> None:
    [event] = events_of(api_as(world.auditor, "en"), revoked, "application.submitted")
    amount = event["facts"][1]
    assert (amount["key"], amount["value"], amount["label"]) == (
        "amount_applied", "4000.00", "Amount applied for"
    )  # fmt: skip
    assert amount["text"].endswith(" kr") and "4" in amount["text"]


def test_every_event_gives_what_the_timeline_shows(world: World, revoked: Any) -> None:
    """Same facts, same order, same words as the page (one function makes both)."""
    rows = api_as(world.auditor).get(EVENTS, {"page_size": 1000}).json()["results"]
    events = {e.seq: e for e in AuditEvent.objects.all()}
    numbers = case_decision_numbers([revoked.reference])  # as the page reads them, once
    assert any(row["facts"] for row in rows)
    for row in rows:
        shown = [(f.label, f.value, f.adverse) for f in event_facts(events[row["seq"]], numbers)]
        assert [(f["label"], f["text"], f["adverse"]) for f in row["facts"]] == shown, row["action"]


def test_the_decision_log_and_the_case_timeline_carry_facts(world: World, revoked: Any) -> None:
    rows = api_as(world.auditor).get("/api/v1/audit/decisions/").json()["results"]
    decide = next(r for r in rows if r["kind"] == "decide")
    assert [f["key"] for f in decide["facts"]] == ["decision_id", "outcome", "amount_granted"]
    timeline = api_as(world.handler).get(f"/api/v1/audit/cases/{revoked.reference}/timeline/")
    assert timeline.status_code == 200
    submitted = timeline.json()["events"][0]
    assert [f["key"] for f in submitted["facts"]] == ["kind", "amount_applied"]


def test_facts_cost_no_query_per_row(world: World, revoked: Any) -> None:
    api = api_as(world.auditor)

    def count(url: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            response = api.get(url)
        assert response.status_code == 200
        rows = response.json()["results"]
        return len(ctx.captured_queries), sum(len(r["facts"]) for r in rows)

    count(EVENTS)  # warm the per-user role cache
    few, few_facts = count(EVENTS)
    few_decisions, _ = count("/api/v1/audit/decisions/")
    for _ in range(2):
        drive(world, world.submit(), State.REVOKED)
    many, many_facts = count(EVENTS)
    assert many_facts > few_facts and many == few
    assert count("/api/v1/audit/decisions/")[0] == few_decisions


def test_the_schema_documents_facts_in_swedish_and_english() -> None:

    schema = live_schema()["components"]["schemas"]
    fact = schema["Fact"]
    assert set(fact["properties"]) == {"key", "value", "label", "text", "adverse"}
    for name, prop in fact["properties"].items():
        assert " / " in prop.get("description", ""), name
    assert fact["properties"]["key"]["allOf"] == [{"$ref": "#/components/schemas/AuditFactKeyEnum"}]
    assert {"amount_granted", "outcome", "criterion"} <= set(schema["AuditFactKeyEnum"]["enum"])
    for event in ("AuditEvent", "DecisionLog"):
        facts = schema[event]["properties"]["facts"]
        assert facts["type"] == "array" and facts["items"]["$ref"].endswith("/Fact"), event
        assert " / " in facts["description"]
