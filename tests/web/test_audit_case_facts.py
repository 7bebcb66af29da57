"""The auditors' case page shows each event's essential facts from the trail: the criterion and
outcome of an assessment (a decisive fail stands out), a decision's outcome and amount, a
correction's, a revocation's reclaim, a notice's channel and decision; the query count does not
grow with the events. The decision log's CSV carries the amounts."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from tests.world import drive
from vetting import services as svc
from vetting.models import Decision, State

pytestmark = pytest.mark.django_db

NBSP = "\xa0"


def facts_of(page: str) -> list[str]:
    """The facts line of each event on the page, tags stripped."""
    lines = re.findall(r'<span class="facts">(.*?)</span>', page, flags=re.S)
    return [re.sub(r"<[^>]+>", "", line) for line in lines]


def test_assessments_show_criterion_and_outcome_and_a_fail_stands_out(world, login):
    app = drive(world, world.submit(), State.REJECTED)
    page = login(world.auditor).get(f"/revision/arenden/{app.reference}/").content.decode()
    facts = facts_of(page)
    assert (
        "Kriterium: Ingen våldsbejakande extremism · Utfall: Inte uppfyllt · Underlag: "
        "Konstaterat sakförhållande" in facts
    )
    assert (
        "Kriterium: Öppet medlemskap · Utfall: Uppfyllt · Underlag: Konstaterat sakförhållande"
        in facts
    )
    assert "Utfall: <strong>Inte uppfyllt</strong>" in page
    assert "Föreslaget utfall: Avslag" in facts
    assert Decision.objects.filter(application=app).count() == 1
    # Named as the decision log and the documents name it, not by its database id; after a
    # contested response the decision shows how it was considered (audit-format 1.9).
    assert f"Beslut: {app.reference} beslut 1 · Utfall: Avslag · Sökandens synpunkter och " \
        "nämndens bedömning: Föreningen bestrider" in " ".join(facts)  # fmt: skip


def test_decision_correction_payment_and_notice_show_amount_and_channel(world, login):
    app = drive(world, world.submit(), State.APPROVED)
    decision = Decision.objects.get(application=app)
    svc.decision_notify(
        decision=decision, actor=world.handler, channel="letter", recipient="Storgatan 1"
    )
    corrected = svc.decision_correct(
        decision=decision, actor=world.decider, outcome="partly_approved",
        reasons="Skrivfel: nämnden beviljade 400 kr, inte 4 000 kr.", amount=Decimal("400"),
        no_conflict_confirmed=True, applicant_heard="Föreningen hördes per telefon 2026-10-01.",
    )  # fmt: skip
    svc.application_pay(application=app, actor=world.handler, reference="VER-2026-0412")
    facts = facts_of(
        login(world.auditor).get(f"/revision/arenden/{app.reference}/").content.decode()
    )
    assert "Ärendeslag: Föreningsbidrag · Sökt belopp: 4\xa0000 kr" in facts
    ref = app.reference
    assert corrected.pk != decision.pk
    assert f"Beslut: {ref} beslut 1 · Utfall: Bifall · Beviljat belopp: 4{NBSP}000 kr" in facts
    assert f"Gäller beslut: {ref} beslut 1 · Kanal: Brev" in facts
    assert (
        f"Beslut: {ref} beslut 2 · Utfall: Delvis bifall · Beviljat belopp: 400 kr · "
        f"Ersätter beslut: {ref} beslut 1 · Sökanden hörd: Föreningen hördes per telefon "
        "2026-10-01." in facts
    )
    paid_on = timezone.localdate().isoformat()
    assert (
        f"Utbetalt belopp: 400 kr · Utbetalningsdag: {paid_on} · "
        "Utbetalningsreferens: VER-2026-0412" in facts
    )


def test_a_revocation_shows_its_reclaim(world, login):
    app = drive(world, world.submit(), State.REVOKED)
    assert Decision.objects.filter(application=app, outcome="revoked").exists()
    facts = facts_of(
        login(world.auditor).get(f"/revision/arenden/{app.reference}/").content.decode()
    )
    assert any(
        f.startswith(f"Beslut: {app.reference} beslut 2 · Utfall: Återkallelse av beviljat "
                     "bidrag · Återkrävt belopp: ")
        for f in facts
    ), facts  # fmt: skip


def test_the_case_page_query_count_does_not_grow_with_events(world, login):
    client = login(world.auditor)
    # Both decided: the documents list reads a decided case's notices (one query more).
    few = drive(world, world.submit(), State.APPROVED)
    many = drive(world, world.submit(), State.PAID)

    def count(reference: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/revision/arenden/{reference}/").status_code == 200
        return len(ctx.captured_queries)

    assert count(few.reference) == count(many.reference)


def test_the_csv_has_the_amount_and_reclaim_columns(world, login):
    approved = drive(world, world.submit(), State.APPROVED)
    revoked = drive(world, world.submit(amount=Decimal("2500.00")), State.REVOKED)
    response = login(world.auditor).get("/revision/export.csv?decisions_only=on")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, lines = rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert header[-3:-1] == ["belopp", "återkrävt belopp"] and "utfall" in header
    by_case = {(r["diarienummer"], r["utfall"]): r for r in lines}
    assert by_case[(approved.reference, "Bifall")]["belopp"] == "4000,00"
    revocation = by_case[(revoked.reference, "Återkallelse av beviljat bidrag")]
    assert revocation["belopp"] == "" and revocation["återkrävt belopp"] != ""


def test_the_csv_amounts_follow_the_page_language(world, login):
    drive(world, world.submit(), State.APPROVED)
    client = login(world.auditor)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/revision/export.csv?decisions_only=on")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cell = dict(zip(rows[0], rows[1], strict=True))
    assert cell["amount"] == "4000.00" and cell["reclaimed amount"] == ""


def test_the_csv_shows_a_payment_s_amount_and_reference(world, login):
    """The pay event's row: the amount paid in the amount column, the reference as its reasons."""
    paid = drive(world, world.submit(amount=Decimal("2500.00")), State.PAID)
    response = login(world.auditor).get(f"/revision/export.csv?case_ref={paid.reference}")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    lines = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    payment = next(r for r in lines if r["till status"] == "Utbetald")
    assert payment["belopp"] == "2500,00" and payment["motivering"] == f"VER-{paid.reference}"


def test_the_audit_pages_and_the_case_page_write_money_as_the_letters_do(world, login):
    """As ``vetting.money.kronor`` writes it in letters and decisions: "4 000,50 kr" with öre,
    "4 000 kr" without (it said "4 000,00 kr"), in the page's language ("4,000.50 kr")."""
    app = world.submit(amount=Decimal("4000.50"))
    whole = world.submit(amount=Decimal("4000"))
    submitted = AuditEvent.objects.get(case_ref=app.reference, action="application.submitted")
    auditor = login(world.auditor)
    pages = {
        "event": auditor.get(f"/revision/handelser/{submitted.seq}/").content.decode(),
        "case": login(world.handler).get(f"/arenden/{app.reference}/").content.decode(),
        "audit case": auditor.get(f"/revision/arenden/{app.reference}/").content.decode(),
    }
    for name, page in pages.items():
        assert f"4{NBSP}000,50 kr" in page, name
    whole_page = auditor.get(f"/revision/arenden/{whole.reference}/").content.decode()
    assert "Ärendeslag: Föreningsbidrag · Sökt belopp: 4\xa0000 kr" in facts_of(whole_page)
    assert ",00 kr" not in whole_page
    auditor.cookies["django_language"] = "en"
    english = auditor.get(f"/revision/handelser/{submitted.seq}/").content.decode()
    assert "4,000.50 kr" in english
