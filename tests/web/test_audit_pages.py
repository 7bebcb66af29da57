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
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["seq", "tidpunkt", "diarienummer"]
    assert [r[2] for r in rows[1:]] == [rental.reference]
    assert rows[1][7] == "application.decide" and rows[1][9] == "rejected"
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


def test_chain_page_shows_an_intact_chain_on_request(world, login, decided):
    client = login(world.auditor)
    before = AuditEvent.objects.count()
    page = client.get("/revision/kedja/").content.decode()
    assert "Ingen verifiering har registrerats" in page  # nothing walked on a plain view
    page = client.get("/revision/kedja/?verify=1").content.decode()
    assert "Kedjan är obruten" in page and "från nyss" in page
    assert AuditEvent.objects.count() == before


def test_chain_page_shows_the_recorded_nightly_result(world, login, decided):
    from audit.tasks import verify_chain

    verify_chain()
    page = login(world.auditor).get("/revision/kedja/").content.decode()
    assert "Kedjan är obruten" in page and "Senaste schemalagda verifiering" in page
