"""The letter asking for a supplement (föreläggande, FL 20 §) and the write-off's decision
document (ADR 0025): stored, linked from the case and from the auditors' trail."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from tests.world import World, drive
from vetting import services as svc
from vetting.models import Application, State

pytestmark = pytest.mark.django_db


def _letter_url(app: Application, pk: int, pdf: bool = False) -> str:
    return f"/arenden/{app.reference}/komplettering/{pk}/{'pdf/' if pdf else ''}"


def test_the_supplement_request_is_a_letter_with_the_consequence(world: World, login: Any):
    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    request = app.supplement_requests.get()
    assert request.facts["administration"] == world.kultur.name  # kept as it was sent
    client = login(world.handler)
    page = client.get(_letter_url(app, request.pk)).content.decode()
    assert "Begäran om komplettering" in page and app.reference in page
    assert request.what in page and str(request.due) in page
    assert (
        f"Om kompletteringen inte har kommit in senast {request.due} kan ansökan komma att "
        "avgöras i befintligt skick eller inte tas upp till prövning (jfr 20 § förvaltningslagen)."
    ) in page
    assert "Skicka kompletteringen till" in page
    pdf = client.get(_letter_url(app, request.pk, pdf=True))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    case_page = client.get(f"/arenden/{app.reference}/").content.decode()
    assert _letter_url(app, request.pk) in case_page
    event = AuditEvent.objects.get(action="application.request_supplement")
    assert event.changes["supplement_request_id"] == request.pk
    trail = login(world.auditor).get(f"/revision/arenden/{app.reference}/").content.decode()
    assert _letter_url(app, request.pk) in trail


def test_a_request_from_before_letters_says_the_applicant_never_got_one(world: World, login: Any):
    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    request = app.supplement_requests.get()
    type(request).objects.filter(pk=request.pk).update(facts={})
    page = login(world.handler).get(_letter_url(app, request.pk)).content.decode()
    assert "sökanden fick inte detta brev" in page


def test_the_write_off_decision_document_gives_reasons_and_how_to_appeal(world: World, login: Any):
    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    Application.objects.filter(pk=app.pk).update(
        supplement_due=timezone.localdate() - timedelta(days=1)
    )
    decision = svc.application_write_off(
        application=app, actor=world.decider, no_conflict_confirmed=True
    )
    url = f"/arenden/{app.reference}/beslut/{decision.pk}/"
    page = login(world.handler).get(url).content.decode()
    assert "Beslut: ansökan tas inte upp till prövning" in page
    assert "Ansökan prövas inte (avvisning)" in page
    assert "Kompletteringen kom inte in senast" in page
    assert "Hur man överklagar" in page or "laglighetsprövning" in page
    assert "Bedömning av samtliga kriterier" not in page  # it does not rest on them
    assert "Kriterier som beslutet grundar sig på" not in page
    # The first sentence says what was decided: not taken up, never "bifaller" (FL 11 §).
    assert "tar inte upp ansökan från" in page and "bifaller" not in page
    pdf = login(world.handler).get(f"{url}pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    trail = login(world.auditor).get(f"/revision/arenden/{app.reference}/").content.decode()
    assert url in trail  # the write-off event links its decision document
    log = login(world.auditor).get("/revision/?decisions_only=on").content.decode()
    assert app.reference in log


def test_the_queue_row_asks_whether_to_write_off(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    Application.objects.filter(pk=app.pk).update(
        supplement_due=timezone.localdate() - timedelta(days=1)
    )
    page = login(world.decider).get("/?group=to_decide").content.decode()
    assert app.reference in page and "kompletteringsfristen har gått ut: skriva av?" in page
