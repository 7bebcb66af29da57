"""The decision on återkrav tells the applicant by when and how to pay back: the amount, the due
date, the case reference to quote and the municipality's instructions as recorded with the
decision (or that an invoice is sent), on the page and in the PDF. Without återkrav it says
nothing of payment. The hearing is read from the decision, not from the audit trail."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.web.test_documents import _article, pdf_text
from tests.world import World, cast, drive
from vetting import demo
from vetting import services as svc
from vetting.models import Decision, Kind, State

pytestmark = pytest.mark.django_db

BANKGIRO = "Betala till bankgiro 123-4567 och ange diarienumret som referens."
INVOICE = "Kommunen skickar en faktura på beloppet."


def _revoked(world: World, *, paid: bool = True, reclaim: str | None = None) -> Decision:
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.PAID if paid else State.APPROVED)
    demo.record_new_facts(cast(world), app)
    amount = None if reclaim is None else Decimal(reclaim)
    owed = paid and amount != 0
    return svc.application_revoke(
        application=app,
        actor=world.decider,
        reasons="Föreningen uppfyller inte villkoret om icke-diskriminering sedan september.",
        criteria=[demo.REVOCATION_GROUND],
        reclaim_amount=amount,
        repayment_due=timezone.localdate() + timedelta(days=20) if owed else None,
        no_conflict_confirmed=True,
        confirm_not_opinion=True,  # the new facts name a religion (RF 2:21)
        applicant_heard="Brev 2026-09-20 med svarstid två veckor; föreningen svarade inte.",
        hearing_exception="urgent",
    )


def _texts(world: World, login: Any, decision: Decision) -> tuple[str, str]:
    """The document's article on the page, and the PDF's text with its lines joined."""
    url = f"/arenden/{decision.application.reference}/beslut/{decision.pk}/"
    client = login(world.handler)
    article = _article(client.get(url).content.decode())
    return article, " ".join(pdf_text(client.get(f"{url}pdf/").content).split())


def test_a_revocation_with_återkrav_says_by_when_and_how_to_pay(
    world: World, login: Any, settings: Any
) -> None:
    settings.GRANSKA_REPAYMENT_INSTRUCTIONS = BANKGIRO
    decision = _revoked(world, reclaim="1500")
    ref, due = decision.application.reference, decision.repayment_due
    assert due is not None
    settings.GRANSKA_REPAYMENT_INSTRUCTIONS = "Swish 123 456 78 90."  # changed afterwards
    article, pdf = _texts(world, login, decision)
    lines = [
        f"Återkravet, 1\xa0500 kr, ska vara betalt senast {due.isoformat()}.",
        f"Ange diarienumret {ref} som referens vid betalningen.",
    ]
    assert "<h2>Återbetalning</h2>" in article and all(line in article for line in lines)
    assert f'<h2>Betalningsanvisning</h2>\n  <p lang="sv">{BANKGIRO}</p>' in article
    assert INVOICE not in article and "Swish" not in article  # as recorded at the decision
    assert article.index("<h2>Återkallelse</h2>") < article.index("<h2>Återbetalning</h2>")
    for line in lines:
        assert line.replace("\xa0", " ") in pdf.replace("\xa0", " ")
    assert f"Betalningsanvisning {BANKGIRO}" in pdf and INVOICE not in pdf


def test_without_instructions_the_document_says_an_invoice_is_sent(
    world: World, login: Any, settings: Any
) -> None:
    settings.GRANSKA_REPAYMENT_INSTRUCTIONS = ""
    decision = _revoked(world)
    article, pdf = _texts(world, login, decision)
    assert "Återkravet, 4\xa0000 kr, ska vara betalt senast" in article
    assert f"Ange diarienumret {decision.application.reference} som referens" in article
    assert INVOICE in article and "Betalningsanvisning" not in article
    assert INVOICE in pdf and "Återbetalning" in pdf and "Betalningsanvisning" not in pdf


@pytest.mark.parametrize("paid", [False, True], ids=["never-paid", "nothing-reclaimed"])
def test_a_revocation_without_återkrav_says_nothing_of_payment(
    world: World, login: Any, settings: Any, paid: bool
) -> None:
    settings.GRANSKA_REPAYMENT_INSTRUCTIONS = BANKGIRO
    decision = _revoked(world, paid=paid, reclaim="0")
    for text in _texts(world, login, decision):
        assert "Återbetalning" not in text and "betalt senast" not in text
        assert INVOICE not in text and "bankgiro" not in text and "Betalningsanvisning" not in text


def test_an_older_revocation_without_a_due_date_prints_no_terms(world: World, login: Any) -> None:
    """Revocations made before due dates were recorded decided none: none is made up."""
    decision = _revoked(world)
    Decision.objects.filter(pk=decision.pk).update(repayment_due=None, repayment_instructions="")
    decision.refresh_from_db()
    article, _pdf = _texts(world, login, decision)
    assert "Återkrav: 4\xa0000 kr ska betalas tillbaka." in article
    assert "Återbetalning" not in article and INVOICE not in article


@pytest.mark.parametrize("reclaim", ["4000", "1500", "0"], ids=["all", "part", "nothing"])
def test_every_revocation_of_a_paid_grant_says_when_and_how_much_was_paid(
    world: World, login: Any, reclaim: str
) -> None:
    """A partial revocation printed the payment and a full one did not: both do now, and one
    reclaiming nothing too."""
    decision = _revoked(world, reclaim=reclaim)
    paid_at = decision.application.paid_at
    assert paid_at is not None
    line = f"Bidraget betalades ut {timezone.localdate(paid_at).isoformat()} med 4\xa0000 kr."
    article, pdf = _texts(world, login, decision)
    assert line in article and line.replace("\xa0", " ") in pdf.replace("\xa0", " ")
    assert article.index(line) < article.index("<h2>Skäl för beslutet</h2>")
    url = f"/arenden/{decision.application.reference}/beslut/{decision.pk}/"
    client = login(world.handler)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "The grant was paid out on" in client.get(url).content.decode()


def test_a_revocation_of_a_grant_never_paid_prints_no_payment(world: World, login: Any) -> None:
    decision = _revoked(world, paid=False)
    for text in _texts(world, login, decision):
        assert "betalades ut" not in text and "Bidraget har inte betalats ut" in text


def _document_queries(world: World, login: Any, decision: Decision) -> list[str]:
    url = f"/arenden/{decision.application.reference}/beslut/{decision.pk}/"
    client = login(world.handler)
    sql = []
    for path in (url, f"{url}pdf/"):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        sql += [q["sql"] for q in ctx.captured_queries]
    return sql


def test_the_documents_read_the_hearing_from_the_decision_not_the_audit_trail(
    world: World, login: Any
) -> None:
    """The hearing printed is the decision's own record (changed here on the row only); the
    pages run no query on the audit events for it."""
    communicated = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.REJECTED).decisions.get()
    revocation = _revoked(world)
    # As a revocation made before hearings were kept in the service (migration 0017).
    Decision.objects.filter(pk=revocation.pk).update(
        applicant_heard="Möte 2026-09-30.", hearing_exception="recorded_before"
    )
    revocation.refresh_from_db()
    for decision in (communicated, revocation):
        assert not [q for q in _document_queries(world, login, decision) if "audit_" in q]
    article, _pdf = _texts(world, login, revocation)
    assert '<h2>Sökandens möjlighet att yttra sig</h2>\n  <p lang="sv">Möte 2026-09-30.</p>' in (
        article
    )
    assert "kommunicerades med sökanden" in _texts(world, login, communicated)[0]
    Decision.objects.filter(pk=communicated.pk).update(after_communication=False)
    communicated.refresh_from_db()
    assert "kommunicerades med sökanden" not in _texts(world, login, communicated)[0]
