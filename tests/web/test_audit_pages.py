"""Auditors' pages: the decision log, its filters and CSV export, the chain status."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from tests.world import drive
from vetting.models import Kind, State

pytestmark = pytest.mark.django_db


def refs(page: str) -> set[str]:
    return set(re.findall(r'href="/revision/arenden/([\w-]+)/"', page))


@pytest.fixture
def decided(world):
    grant = world.submit(Kind.FORENINGSBIDRAG, subject="Bidrag")
    drive(world, grant, State.APPROVED)
    rental = world.submit(Kind.LOKALUTHYRNING, subject="Hyra", association=world.spex)
    drive(world, rental, State.REJECTED)
    return grant, rental


def test_decision_log_lists_transitions_and_filters(world, login, decided):
    grant, rental = decided
    client = login(world.auditor)
    page = client.get("/revision/").content.decode()
    assert refs(page) == {grant.reference, rental.reference}
    assert "Beslut" in page and world.decider.get_full_name() in page

    def filtered(query: str) -> set[str]:
        return refs(client.get(f"/revision/?{query}").content.decode())

    assert filtered("kind=lokaluthyrning") == {rental.reference}
    assert filtered("outcome=approved") == {grant.reference}
    assert filtered(f"association={world.spex.pk}") == {rental.reference}
    assert filtered(f"administration={world.social.pk}") == set()
    assert filtered(f"decision_maker={world.decider.pk}&decisions_only=on") == {
        grant.reference,
        rental.reference,
    }
    assert filtered(f"decision_maker={world.decider_small.pk}") == set()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert filtered(f"date_from={tomorrow}") == set()
    assert filtered(f"date_to={timezone.localdate().isoformat()}") == {
        grant.reference,
        rental.reference,
    }


def test_csv_export_of_the_filtered_log_is_recorded(world, login, decided):
    _, rental = decided
    response = login(world.auditor).get(
        "/revision/export.csv?decisions_only=on&kind=lokaluthyrning"
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["seq", "tidpunkt", "diarienummer"]
    assert [r[2] for r in rows[1:]] == [rental.reference]
    assert rows[1][7] == "Beslut" and rows[1][9] == "Avslagen"  # as the log page says them
    event = AuditEvent.objects.get(action="audit.exported")
    assert event.changes["rows"] == 1
    assert event.changes["filters"]["kind"] == "lokaluthyrning"


def test_case_timeline_for_auditors(world, login, decided):
    grant, _ = decided
    page = login(world.auditor).get(f"/revision/arenden/{grant.reference}/").content.decode()
    assert "application.submitted" in page and "application.decide" in page
    assert world.handler.get_full_name() in page


def test_chain_page_degrades_gracefully(world, login):
    response = login(world.auditor).get("/revision/kedja/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="verify-result"' in page and "Senaste signerade kontrollpunkt" in page


def test_log_query_count_is_constant_in_rows(world, login):
    client = login(world.auditor)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/revision/").status_code == 200
        return len(ctx.captured_queries)

    drive(world, world.submit(), State.IN_REVIEW)  # 2 events
    few = count()
    for _ in range(3):
        drive(world, world.submit(), State.APPROVED)  # many events, several people
    many = count()
    assert few == many


def test_a_get_of_the_chain_page_never_verifies_or_writes(world, login, decided):
    client = login(world.auditor)
    before = AuditEvent.objects.count()
    for path in ("/revision/kedja/", "/revision/kedja/?verify=1"):
        page = client.get(path).content.decode()
        assert "Ingen verifiering har registrerats" in page  # nothing walked, nothing recorded
    assert AuditEvent.objects.count() == before
    assert client.get("/revision/kedja/verifiera/").status_code == 302
    assert AuditEvent.objects.count() == before


def test_a_get_of_the_verify_address_goes_to_the_chain_page_without_verifying(
    world, login, decided
):
    """An old bookmark of /revision/kedja/verifiera/ (a POST-only action now) leads to the chain
    page; nothing is walked or recorded."""
    client = login(world.auditor)
    before = AuditEvent.objects.count()
    for method in (client.get, client.head):
        response = method("/revision/kedja/verifiera/")
        assert response.status_code == 302 and response["Location"] == "/revision/kedja/"
    page = client.get("/revision/kedja/verifiera/", follow=True).content.decode()
    assert "Ingen verifiering har registrerats" in page
    assert AuditEvent.objects.count() == before
    assert not AuditEvent.objects.filter(action="audit.verified").exists()


def test_another_method_on_the_verify_address_is_405_on_the_sites_page(world, login, decided):
    client = login(world.auditor)
    for method in (client.put, client.delete, client.patch):
        response = method("/revision/kedja/verifiera/")
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD, POST"
        page = response.content.decode()
        assert 'id="method-not-allowed"' in page and "Metoden tillåts inte" in page
        assert "/revision/kedja/verifiera/" in page and 'href="/"' in page
    assert not AuditEvent.objects.filter(action="audit.verified").exists()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.put("/revision/kedja/verifiera/").content.decode()
    assert "Method not allowed" in page and "does not accept PUT" in page


def test_verifying_from_the_page_records_the_run_as_the_nightly_task_does(world, login, decided):
    from audit.tasks import verify_chain
    from ops.status import OK, verification_item

    client = login(world.auditor)
    assert verification_item(timezone.now()).status != OK  # no run recorded yet
    response = client.post("/revision/kedja/verifiera/")
    assert response.status_code == 302 and response["Location"] == "/revision/kedja/"
    page = client.get(response["Location"]).content.decode()
    assert "Hela kedjan är verifierad nu och resultatet registrerat: OK" in page
    assert "Kedjan är obruten" in page and world.auditor.get_full_name() in page
    item = verification_item(timezone.now())
    assert item.status == OK and item.figures["intact"] is True
    ours = AuditEvent.objects.filter(action="audit.verified").get()
    assert ours.actor_type == "person" and ours.object_type == "audit_chain"
    verify_chain()
    nightly = AuditEvent.objects.filter(action="audit.verified").latest("seq")
    assert set(ours.changes) == set(nightly.changes)  # the same structured record
    assert ours.changes["intact"] is True and ours.changes["findings"] == []


def test_only_auditors_may_verify_the_chain(world, login, decided):
    for user in (world.handler, world.decider, world.admin):
        assert login(user).post("/revision/kedja/verifiera/").status_code == 403
    assert not AuditEvent.objects.filter(action="audit.verified").exists()


def test_verifying_needs_the_csrf_token(world, decided):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.auditor)
    assert client.post("/revision/kedja/verifiera/").status_code == 403
    page = client.get("/revision/kedja/").content.decode()
    assert 'id="verify-now"' in page and "csrfmiddlewaretoken" in page
    assert not AuditEvent.objects.filter(action="audit.verified").exists()


def test_chain_page_shows_the_recorded_nightly_result(world, login, decided):
    from audit.tasks import verify_chain

    verify_chain()
    page = login(world.auditor).get("/revision/kedja/").content.decode()
    assert "Kedjan är obruten" in page and "Senaste registrerade verifiering" in page
    assert "av Systemet" in page


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("date_from=0001-01-01", True),
        ("date_to=9999-12-31", True),
        ("date_from=0001-01-01&date_to=9999-12-31", True),
        ("date_from=9999-12-31", False),
        ("date_to=0001-01-01", False),
    ],
)
def test_extreme_dates_filter_without_error(world, login, decided, query, listed):
    expected = {app.reference for app in decided} if listed else set()
    client = login(world.auditor)
    response = client.get(f"/revision/?{query}")
    assert response.status_code == 200
    assert refs(response.content.decode()) == expected
    response = client.get(f"/revision/export.csv?{query}")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert {r[2] for r in rows[1:]} == expected


def test_an_invalid_filter_lists_nothing_and_exports_nothing(world, login, decided):
    client = login(world.auditor)
    query = f"administration={world.kultur.pk}&date_from=31/12/2026"
    page = client.get(f"/revision/?{query}").content.decode()
    assert refs(page) == set() and "0 händelser" in page
    assert 'id="filter-errors"' in page and "Fyll i ett giltigt datum." in page
    assert 'id="export-link"' not in page
    response = client.get(f"/revision/export.csv?{query}")
    assert response.status_code == 400
    assert "Från och med: Fyll i ett giltigt datum." in response.content.decode()
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


def test_a_reversed_period_is_named_at_its_field_not_an_empty_log(world, login, decided):
    """The log and its CSV showed 0 rows for a period ending before it starts."""
    client = login(world.auditor)
    query = "date_from=2026-11-23&date_to=2026-11-22"
    page = client.get(f"/revision/?{query}").content.decode()
    assert 'id="filter-errors"' in page and "Slutdagen är före startdagen." in page
    response = client.get(f"/revision/export.csv?{query}")
    assert response.status_code == 400
    assert "Till och med: Slutdagen är före startdagen." in response.content.decode()
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(world, login):
    from tests.factories import AssociationFactory
    from vetting import services as svc

    evil = AssociationFactory(name='=HYPERLINK("http://example.invalid","klicka")')
    app = world.submit(association=evil)
    drive(world, app, State.PROPOSED)
    svc.application_decide(
        application=app,
        actor=world.decider,
        outcome="approved",
        reasons="@SUM(1+1) beviljas",
        no_conflict_confirmed=True,
    )
    response = login(world.auditor).get("/revision/export.csv?decisions_only=on")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, decision = rows[0], rows[1]
    cell = dict(zip(header, decision, strict=True))
    assert cell["förening"] == '\'=HYPERLINK("http://example.invalid","klicka")'
    assert cell["motivering"] == "'@SUM(1+1) beviljas"
    assert cell["diarienummer"] == app.reference and cell["seq"].isdigit()


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start):
    from audit.export import spreadsheet_safe as _text_cell

    assert _text_cell(f"{start}1+1") == f"'{start}1+1"
    assert _text_cell(f"a{start}1") == f"a{start}1"


def test_decision_log_shows_role_labels_in_the_page_language(world, login, decided):
    client = login(world.auditor)
    assert "Beslutsfattare" in client.get("/revision/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/revision/"})
    page = client.get("/revision/").content.decode()
    assert "Decision maker" in page and "beslutsfattare" not in page


def test_csv_export_follows_the_page_language_in_headers_and_values(world, login, decided):
    """English page, English export: headers, kind, event, states, outcome and role alike."""
    client = login(world.auditor)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/revision/export.csv?decisions_only=on&kind=lokaluthyrning")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cell = dict(zip(rows[0], rows[1], strict=True))
    assert "diarienummer" not in rows[0] and "ärendeslag" not in rows[0]
    assert cell["kind"] == "Premises rental"
    assert (cell["event"], cell["from state"], cell["to state"], cell["outcome"]) == (
        "Decision",
        "Communicated",
        "Rejected",
        "Rejected",
    )
    assert cell["actor's role"] == "Decision maker"
