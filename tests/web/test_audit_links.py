"""What an auditor following one decision needs: from the log's row to the event in the case's
timeline and to the decision document, from the document back to its event, from the case's
events to its rows in the log (a case filter that combines with the others), the decision's
number in the CSV as on the page, and the log's period carried to the verifiable export."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from audit.context import SYSTEM
from audit.models import AuditEvent
from audit.services import record_event
from tests.world import drive
from vetting.models import Decision, Kind, State

pytestmark = pytest.mark.django_db
LOG = "/revision/"


@pytest.fixture
def decided(world: Any) -> Any:
    grant = drive(world, world.submit(Kind.FORENINGSBIDRAG, subject="Bidrag"), State.APPROVED)
    rental = world.submit(Kind.LOKALUTHYRNING, subject="Hyra", association=world.spex)
    drive(world, rental, State.REJECTED)
    return grant, rental


def _decide_event(app: Any) -> AuditEvent:
    return AuditEvent.objects.get(case_ref=app.reference, action="application.decide")


def test_a_log_row_links_to_its_event_in_the_case_timeline(world, login, decided) -> None:
    grant, _ = decided
    client = login(world.auditor)
    event = _decide_event(grant)
    target = f"/revision/arenden/{grant.reference}/?event={event.seq}#event-{event.seq}"
    assert f'href="{target}"' in client.get(LOG).content.decode()
    timeline = client.get(f"/revision/arenden/{grant.reference}/").content.decode()
    assert f'<li id="event-{event.seq}">' in timeline


def test_a_decision_links_to_its_document_and_back(world, login, decided) -> None:
    grant, _ = decided
    client = login(world.auditor)
    decision = Decision.objects.get(application=grant)
    document = f"/arenden/{grant.reference}/beslut/{decision.pk}/"
    assert f'href="{document}"' in client.get(LOG).content.decode()
    timeline = client.get(f"/revision/arenden/{grant.reference}/").content.decode()
    assert f'<a href="{document}" id="decision-{decision.pk}">' in timeline
    page = client.get(document).content.decode()
    back = f"/revision/arenden/{grant.reference}/?decision={decision.pk}#decision-{decision.pk}"
    assert f'href="{back}" id="decision-events"' in page
    officer_page = login(world.handler).get(document).content.decode()
    assert 'id="decision-events"' not in officer_page  # the events page is the auditors'


def test_a_decision_number_of_another_shape_gives_no_link(world, login, decided) -> None:
    """The trail may be old or altered: no link, and no error."""
    grant, _ = decided
    record_event(
        actor=SYSTEM, action="application.decide", object_type="application",
        object_id=grant.pk, case_ref=grant.reference, changes={"decision_id": "7; x"},
    )  # fmt: skip
    client = login(world.auditor)
    for url in (LOG, f"/revision/arenden/{grant.reference}/"):
        response = client.get(url)
        assert response.status_code == 200 and "/beslut/7" not in response.content.decode()


def test_the_case_filter_combines_with_the_others_and_the_export(world, login, decided) -> None:
    grant, rental = decided
    client = login(world.auditor)

    def cases(query: str) -> list[str]:
        page = client.get(f"{LOG}?{query}").content.decode()
        return re.findall(r'<td><a href="/revision/arenden/([\w-]+)/"', page)

    only = cases(f"case={grant.reference}")
    assert only and set(only) == {grant.reference}
    assert cases(f"case={grant.reference}&decisions_only=on") == [grant.reference]
    assert cases(f"case={grant.reference}&association={world.spex.pk}") == []
    assert cases(f"case={rental.reference}&outcome=rejected") == [rental.reference]
    timeline = client.get(f"/revision/arenden/{grant.reference}/").content.decode()
    assert f'href="/revision/?case={grant.reference}" id="case-in-log"' in timeline
    body = client.get(f"/revision/export.csv?case={grant.reference}&decisions_only=on")
    rows = list(csv.reader(io.StringIO(body.content.decode().lstrip("\ufeff")), delimiter=";"))
    assert [r[2] for r in rows[1:]] == [grant.reference]


def test_the_csv_gives_the_decision_number_the_page_links_to(world, login, decided) -> None:
    grant, rental = decided
    body = login(world.auditor).get("/revision/export.csv").content.decode().lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][-1] == "beslut nr"
    numbers = {r[2]: r[-1] for r in rows[1:] if r[7] == "Beslut"}
    # The decision's number in its case, as its document names it; not the database id.
    assert numbers == {grant.reference: "1", rental.reference: "1"}
    assert all(r[-1] == "" for r in rows[1:] if r[7] != "Beslut")


def test_the_logs_period_is_carried_to_the_verifiable_export(world, login, decided) -> None:
    client = login(world.auditor)
    today = timezone.localdate()
    since, until = (today - timedelta(days=7)).isoformat(), today.isoformat()
    page = client.get(f"{LOG}?date_from={since}&date_to={until}").content.decode()
    link = f'href="/revision/kedja/?since={since}&amp;until={until}#export-heading"'
    assert link in page
    assert 'href="/revision/kedja/#export-heading"' in client.get(LOG).content.decode()
    chain = client.get(f"/revision/kedja/?since={since}&until={until}").content.decode()
    assert f'name="since" value="{since}"' in chain and f'name="until" value="{until}"' in chain
