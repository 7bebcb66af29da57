"""Decision documents and communication letters, as printable pages and as PDF."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.world import drive
from vetting.models import Kind, State
from vetting.texts import REVOCATION_CLAUSE

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_grant_decision_document_has_reasons_criteria_revocation_and_appeal(world, login):
    app = world.submit(Kind.FORENINGSBIDRAG)
    drive(world, app, State.APPROVED)
    decision = app.decisions.get()
    client = login(world.handler)
    page = client.get(f"/arenden/{app.reference}/beslut/{decision.pk}/").content.decode()
    for text in (
        app.reference,
        "Scoutkåren Exempel, org.nr 802000-0017",
        "Bifall",
        "Bifall, 4\xa0000 kr",
        "Föreningen uppfyller kommunens demokrativillkor.",
        "version 1",
        "<h2>Återkallelseförbehåll (jfr 37 § förvaltningslagen)</h2>",
        REVOCATION_CLAUSE.split(": ", 1)[1][:60],
        "Hur man överklagar",
        "laglighetsprövning",
        world.decider.get_full_name(),
    ):
        assert text in page, text
    response = client.get(f"/arenden/{app.reference}/beslut/{decision.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert app.reference in text and "Återkallelseförbehåll" in text
    assert "Hur man överklagar" in text


def test_rental_rejection_has_no_revocation_clause_and_cites_the_failed_criterion(world, login):
    app = world.submit(Kind.LOKALUTHYRNING)
    drive(world, app, State.REJECTED)
    decision = app.decisions.get()
    page = (
        login(world.decider).get(f"/arenden/{app.reference}/beslut/{decision.pk}/").content.decode()
    )
    assert "Avslag" in page and "Kriterier som beslutet grundar sig på" in page
    assert '<span lang="sv">Ingen våldsbejakande extremism</span>: Inte uppfyllt' in page
    assert "Återkallelseförbehåll" not in page


def test_criteria_lines_mark_the_recorded_swedish_as_swedish_on_an_english_page(world, login):
    """WCAG 3.1.2: a criterion's title and its evidence are recorded in Swedish; on the English
    page they carry lang="sv", the rest of the line is English; the PDF has the plain text."""
    app = world.submit(Kind.LOKALUTHYRNING)
    drive(world, app, State.REJECTED)
    decision = app.decisions.get()
    client = login(world.decider)
    client.cookies["django_language"] = "en"
    url = f"/arenden/{app.reference}/beslut/{decision.pk}/"
    page = client.get(url).content.decode()
    assert '<span lang="sv">Ingen våldsbejakande extremism</span>: Not met' in page
    assert 'Evidence: <span lang="sv">' in page
    text = pdf_text(client.get(f"{url}pdf/").content)
    assert "Ingen våldsbejakande extremism" in text and "<span" not in text


def test_communication_letter(world, login):
    app = world.submit()
    drive(world, app, State.COMMUNICATED)
    communication = app.communications.get()
    client = login(world.handler)
    case_page = client.get(f"/arenden/{app.reference}/").content.decode()
    assert f"/arenden/{app.reference}/kommunicering/{communication.pk}/" in case_page
    page = client.get(f"/arenden/{app.reference}/kommunicering/{communication.pk}/")
    body = page.content.decode()
    assert "Kommunicering enligt jfr 25 § förvaltningslagen" in body
    assert communication.due.isoformat() in body and "Ingen våldsbejakande extremism" in body
    pdf = client.get(f"/arenden/{app.reference}/kommunicering/{communication.pk}/pdf/")
    assert pdf.content.startswith(b"%PDF") and app.reference in pdf_text(pdf.content)


def test_communication_letter_shows_the_material_as_sent(world, login):
    """FL 25 §: the applicant gets the material the proposal rests on (the evidence), and the
    letter stays what was sent when the case is later returned and its proposal changes."""
    from vetting import services as svc
    from vetting.demo import FAIL_FACT

    app = drive(world, world.submit(), State.COMMUNICATED)
    communication = app.communications.get()
    client = login(world.handler)
    url = f"/arenden/{app.reference}/kommunicering/{communication.pk}/"
    body = client.get(url).content.decode()
    assert "Underlaget förslaget bygger på" in body and FAIL_FACT in body
    svc.application_return_to_review(
        application=app, actor=world.decider, reasons="Pröva ärendet på nytt."
    )
    after = client.get(url).content.decode()
    assert "Avslag" in after and FAIL_FACT in after


def test_decision_document_in_english_has_no_swedish_chrome(world, login):
    """The texts built with f-strings were invisible to makemessages and stayed Swedish."""
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.APPROVED)
    decision = app.decisions.get()
    client = login(world.handler)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/arenden/{app.reference}/beslut/{decision.pk}/").content.decode()
    assert "org. no. 802000-0017" in page and "(adopted " in page
    assert "antaget" not in page and "org.nr" not in page


def test_rejection_of_a_grant_does_not_say_the_grant_is_awarded(world, login):
    """The revocation clause ('Bidraget beviljas under förutsättning …') belongs to awards only:
    not recorded on a rejection, and not printed from an older rejection that recorded it."""
    from vetting.models import Decision

    app = drive(world, world.submit(Kind.ARRANGORSSTOD), State.REJECTED)
    decision = app.decisions.get()
    assert decision.revocation_clause == ""
    document = f"/arenden/{app.reference}/beslut/{decision.pk}/"
    client = login(world.decider)
    body = client.get(document).content.decode()
    assert "Avslag" in body and "Bidraget beviljas" not in body
    Decision.objects.filter(pk=decision.pk).update(revocation_clause=REVOCATION_CLAUSE)  # as before
    body = client.get(document).content.decode()
    assert "Återkallelseförbehåll" not in body and "Bidraget beviljas" not in body


def test_decision_document_has_no_empty_delegation_brackets(world, login):
    from vetting.models import Delegation

    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.APPROVED)
    decision = app.decisions.get()
    assert Delegation.objects.get(pk=decision.delegation_id).note == ""
    page = login(world.decider).get(f"/arenden/{app.reference}/beslut/{decision.pk}/")
    body = page.content.decode()
    assert f"<dd>{world.decider.get_full_name()}</dd>" in body
    assert f"{world.decider.get_full_name()} ()" not in body
    Delegation.objects.filter(pk=decision.delegation_id).update(note="Delegationsordning 4.1")
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.APPROVED)
    decision = app.decisions.get()
    page = login(world.decider).get(f"/arenden/{app.reference}/beslut/{decision.pk}/")
    assert (
        "<dd>Beslut på delegation från Kultur- och fritidsnämnden (delegationsordning 4.1)</dd>"
        in page.content.decode()
    )


def test_a_revocation_document_says_what_is_revoked_and_reclaimed(world, login):
    """Not 'Rättelse … (beslut nr 2)': a revocation under the clause, the earlier decision by
    its date, and the återkrav."""
    app = world.submit(Kind.FORENINGSBIDRAG)
    drive(world, app, State.REVOKED)
    new = app.decisions.filter(replaced_by__isnull=True).get()
    page = login(world.handler).get(f"/arenden/{app.reference}/beslut/{new.pk}/").content.decode()
    assert "Återkallelse" in page and "återkallelseförbehållet (jfr 37 § förvaltningslagen)" in page
    assert timezone.localdate(new.replaces.decided_at).isoformat() in page
    assert "Återkrav:" in page or "inget återkrav." in page
    assert "beslut nr" not in page and "Rättelse" not in page


def _rental_on_a_spring_evening(world, to):
    """A rental from 18:00 to 21:30 Stockholm time (16:00–19:30 UTC, summer time)."""
    from datetime import UTC, datetime

    from vetting.models import Application

    app = world.submit(Kind.LOKALUTHYRNING)
    Application.objects.filter(pk=app.pk).update(
        event_starts_at=datetime(2027, 5, 14, 16, 0, tzinfo=UTC),
        event_ends_at=datetime(2027, 5, 14, 19, 30, tzinfo=UTC),
    )
    return drive(world, app, to)  # the documents print the times as they were sent


def test_a_rental_decision_says_which_premises_and_when(world, login):
    """Not only "Ärende: Lokaluthyrning: Vårkonsert": the premises with its address and the
    event's start and end in Swedish time, on the page and in the PDF."""
    world.hall.address = "Storgatan 1, Exempelstad"
    world.hall.save()
    app = _rental_on_a_spring_evening(world, State.APPROVED)
    url = f"/arenden/{app.reference}/beslut/{app.decisions.get().pk}/"
    client = login(world.handler)
    page = client.get(url).content.decode()
    assert "Stora salen, Storgatan 1, Exempelstad" in page
    assert "2027-05-14 18:00–21:30" in page
    text = pdf_text(client.get(f"{url}pdf/").content)
    assert "Stora salen, Storgatan 1, Exempelstad" in text and "2027-05-14 18:00–21:30" in text


def test_a_communication_letter_for_a_rental_says_which_premises_and_when(world, login):
    app = _rental_on_a_spring_evening(world, State.COMMUNICATED)
    url = f"/arenden/{app.reference}/kommunicering/{app.communications.get().pk}/"
    client = login(world.handler)
    page = client.get(url).content.decode()
    assert f"Stora salen, {world.hall.address}" in page and "2027-05-14 18:00–21:30" in page
    text = pdf_text(client.get(f"{url}pdf/").content)
    assert "2027-05-14 18:00–21:30" in text


def _corrected_same_day(world):
    """An approval corrected (to an approval) by another decision maker on the same day."""
    from vetting import services as svc
    from vetting.models import Delegation

    app = world.submit(Kind.FORENINGSBIDRAG)
    drive(world, app, State.APPROVED)
    old = app.decisions.get()
    Delegation.objects.filter(user=world.decider_small).update(max_amount=None)
    new = svc.decision_correct(
        decision=old,
        actor=world.decider_small,
        outcome="approved",
        reasons="Rättelse av skrivfel i motiveringen.",
        no_conflict_confirmed=True,
    )
    return app, old, new


def _when(decision) -> tuple[str, str]:
    decided = timezone.localtime(decision.decided_at)
    return decided.date().isoformat(), decided.strftime("%H:%M")


def test_a_corrected_decision_says_it_was_replaced_and_by_which(world, login):
    """The old decision's page said nothing of the correction, and the new one named the old
    only by its date, which both share: each names the other by number, date and time."""
    app, old, new = _corrected_same_day(world)
    client = login(world.handler)
    page = client.get(f"/arenden/{app.reference}/beslut/{old.pk}/").content.decode()
    new_date, new_time = _when(new)
    assert "Beslutet gäller inte längre" in page
    assert (
        f"Detta beslut har ersatts av beslut 2 i ärendet, fattat {new_date} kl. {new_time}." in page
    )
    assert "Beslutets nummer i ärendet</dt><dd>1" in page
    text = pdf_text(client.get(f"/arenden/{app.reference}/beslut/{old.pk}/pdf/").content)
    assert "Detta beslut har ersatts av beslut 2 i" in text
    page = client.get(f"/arenden/{app.reference}/beslut/{new.pk}/").content.decode()
    old_date, old_time = _when(old)
    assert (
        f"Detta beslut ändrar och ersätter beslut 1 i ärendet, fattat {old_date} kl. {old_time} "
        "(jfr 37 § förvaltningslagen)." in page
    )
    assert "Beslutet gäller inte längre" not in page


def test_a_revoked_decision_says_it_was_revoked_and_by_which(world, login):
    app = world.submit(Kind.FORENINGSBIDRAG)
    drive(world, app, State.REVOKED)
    new = app.decisions.filter(replaced_by__isnull=True).get()
    client = login(world.handler)
    page = client.get(f"/arenden/{app.reference}/beslut/{new.replaces_id}/").content.decode()
    new_date, new_time = _when(new)
    assert (
        f"Detta beslut har återkallats genom beslut 2 i ärendet, fattat {new_date} kl. "
        f"{new_time}." in page
    )
    page = client.get(f"/arenden/{app.reference}/beslut/{new.pk}/").content.decode()
    old_date, old_time = _when(new.replaces)
    assert f"(beslut 1 i ärendet, fattat {old_date} kl. {old_time}) återkallas" in page


def test_revoking_a_grant_never_paid_says_nothing_is_reclaimed(world, login):
    """It said "Återkallad (återkrav)" and "Återkallelse av beviljat bidrag, 0,00 kr" … "Inget
    återkrav": nothing was paid, so nothing is reclaimed, and the status and the document say so."""
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.REVOKED)
    new = app.decisions.filter(replaced_by__isnull=True).get()
    client = login(world.handler)
    page = client.get(f"/arenden/{app.reference}/beslut/{new.pk}/").content.decode()
    assert "<dd>Återkallelse av beviljat bidrag</dd>" in page and "bidrag, 0 kr" not in page
    assert "Bidraget har inte betalats ut; inget återkrav." in page
    case = client.get(f"/arenden/{app.reference}/").content.decode()
    assert "Återkallad (inget utbetalt)" in case and "Återkallad (återkrav)" not in case


def test_revoking_a_paid_grant_says_what_is_reclaimed(world, login):
    from tests.world import cast
    from vetting.demo import _revoke

    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.PAID)
    _revoke(cast(world), app)
    new = app.decisions.filter(replaced_by__isnull=True).get()
    client = login(world.handler)
    page = client.get(f"/arenden/{app.reference}/beslut/{new.pk}/").content.decode()
    assert "<dd>Återkallelse av beviljat bidrag, återkrav 4\xa0000 kr</dd>" in page
    assert "Återkrav: 4\xa0000 kr ska betalas tillbaka." in page
    case = client.get(f"/arenden/{app.reference}/").content.decode()
    assert "Återkallad (återkrav)" in case


def _approved_without_reasons(world):  # type: ignore[no-untyped-def]
    from tests.world import assess_all
    from vetting import services as svc

    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.IN_REVIEW)
    assess_all(world, app)
    svc.application_propose(application=app, actor=world.handler, outcome="approved", reasons="")
    return svc.application_decide(
        application=app, actor=world.decider, outcome="approved", no_conflict_confirmed=True
    )


NO_REASONS = (
    "Beslutet går inte någon part emot. Skälen redovisas därför inte (jfr 32 § andra stycket 1 "
    "förvaltningslagen)."
)


def test_an_approval_without_reasons_says_why_there_are_none(world, login):
    """FL 32 § second paragraph 1: instead of an empty "Skäl" section, the standard sentence."""
    decision = _approved_without_reasons(world)
    ref = decision.application.reference
    client = login(world.handler)
    page = client.get(f"/arenden/{ref}/beslut/{decision.pk}/").content.decode()
    section = page.split("Skäl för beslutet</h2>", 1)[1].split("<h2>", 1)[0]
    assert NO_REASONS in section and "<p></p>" not in section
    pdf = client.get(f"/arenden/{ref}/beslut/{decision.pk}/pdf/").content
    text = " ".join(pdf_text(pdf).split())
    assert "Beslutet går inte någon part emot" in text and "förvaltningslagen" in text
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/arenden/{ref}/beslut/{decision.pk}/").content.decode()
    assert "The decision goes against no party. The reasons are therefore not stated" in page


def test_a_decision_with_reasons_prints_them_not_the_standard_sentence(world, login):
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.APPROVED)
    decision = app.decisions.get()
    page = login(world.handler).get(f"/arenden/{app.reference}/beslut/{decision.pk}/")
    body = page.content.decode()
    assert decision.reasons in body and "går inte någon part emot" not in body


def test_the_pdf_is_in_swedish_whatever_the_officer_reads_in(world, login):
    """The PDF is what the applicant gets: Swedish even when the officer's pages are English
    (the page says so next to the link)."""
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.REJECTED)
    decision = app.decisions.get()
    communication = app.communications.first()
    client = login(world.handler)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    url = f"/arenden/{app.reference}/beslut/{decision.pk}/"
    page = client.get(url).content.decode()
    assert "in Swedish, as the applicant gets it" in page and "Reasons for the decision" in page
    text = " ".join(pdf_text(client.get(f"{url}pdf/").content).split())
    assert "Skäl för beslutet" in text and "Reasons for the decision" not in text
    assert "Hur man överklagar" in text
    if communication is not None:
        letter = f"/arenden/{app.reference}/kommunicering/{communication.pk}/pdf/"
        letter_text = " ".join(pdf_text(client.get(letter).content).split())
        assert "Kommunicering enligt jfr 25 § förvaltningslagen" in letter_text
    assert client.get(url).wsgi_request.LANGUAGE_CODE == "en"  # the officer's choice is kept


def _article(page: str) -> str:
    return page.split('<article class="doc">', 1)[1].split("</article>", 1)[0]


def test_the_fixed_clauses_are_not_headed_twice(world, login):
    """The appeal instructions and the revocation clause begin with their own title: that title
    is the section's heading, and the section's text the rest, on the page and in the PDF (it
    was "Hur man överklagar" over "Hur man överklagar (laglighetsprövning …): …")."""
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.APPROVED)
    decision = app.decisions.get()
    url = f"/arenden/{app.reference}/beslut/{decision.pk}/"
    client = login(world.handler)
    article = _article(client.get(url).content.decode())
    appeal_title, appeal_text = decision.appeal_instructions.split(": ", 1)
    assert f"<h2>{appeal_title}</h2>" in article and f'<p lang="sv">{appeal_text}</p>' in article
    assert appeal_title == "Hur man överklagar (laglighetsprövning enligt 13 kap. kommunallagen)"
    assert "<h2>Återkallelseförbehåll (jfr 37 § förvaltningslagen)</h2>" in article
    assert article.count("Hur man överklagar") == 1 and article.count("Återkallelseförbehåll") == 1
    text = " ".join(pdf_text(client.get(f"{url}pdf/").content).split())
    assert text.count("Hur man överklagar") == 1 and text.count("Återkallelseförbehåll") == 1
    assert f"{appeal_title} {appeal_text}" in text  # the recorded text, less its colon


def test_a_recorded_clause_without_its_title_keeps_the_heading(world, login):
    """A clause recorded in other words (an older decision) is printed whole, under the
    section's heading; so is every clause on a page in English, whose heading is English."""
    from vetting.models import Decision

    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.APPROVED)
    decision = app.decisions.get()
    older = "Beslutet kan överklagas genom laglighetsprövning: se kommunallagen 13 kap."
    Decision.objects.filter(pk=decision.pk).update(appeal_instructions=older)
    url = f"/arenden/{app.reference}/beslut/{decision.pk}/"
    client = login(world.handler)
    article = _article(client.get(url).content.decode())
    assert f'<h2>Hur man överklagar</h2>\n  <p lang="sv">{older}</p>' in article
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    article = _article(client.get(url).content.decode())
    assert f'<h2>How to appeal</h2>\n  <p lang="sv">{older}</p>' in article
    assert f'<p lang="sv">{decision.revocation_clause}</p>' in article


def test_an_approval_citing_every_criterion_lists_them_once(world, login):
    """An approval cites every criterion: one list that says so, not "Åberopade kriterier" and
    "Bedömning av samtliga kriterier" with the same lines."""
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.APPROVED)
    decision = app.decisions.get()
    assert all(c["cited"] for c in decision.criteria)
    url = f"/arenden/{app.reference}/beslut/{decision.pk}/"
    client = login(world.handler)
    article = _article(client.get(url).content.decode())
    assert "Övriga kriterier" not in article
    assert (
        "<h2>Kriterier som beslutet grundar sig på</h2>\n"
        "  <p>Beslutet grundar sig på samtliga kriterier.</p>" in article
    )
    assert article.count("Öppet medlemskap") == 1 and article.count("våldsbejakande") == 1
    text = pdf_text(client.get(f"{url}pdf/").content)
    assert "Övriga kriterier" not in text and "Beslutet grundar sig på samtliga kriterier." in text
    assert text.count("Öppet medlemskap") == 1 and text.count("grundar sig på samtliga") == 1
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "The decision rests on all criteria." in client.get(url).content.decode()


def test_a_decision_citing_some_criteria_keeps_both_lists(world, login):
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.REJECTED)
    decision = app.decisions.get()
    url = f"/arenden/{app.reference}/beslut/{decision.pk}/"
    client = login(world.handler)
    article = _article(client.get(url).content.decode())
    assert "<h2>Kriterier som beslutet grundar sig på</h2>" in article
    assert "<h2>Övriga kriterier (inte grund för beslutet)</h2>" in article
    assert "<p>Beslutet grundar sig inte på dessa kriterier.</p>" in article
    assert "grundar sig på samtliga" not in article and _bare_codes(article) == []
    title = '<span lang="sv">Ingen våldsbejakande extremism</span>'
    assert article.count(title) == 1 and article.count("Öppet medlemskap") == 1
    text = pdf_text(client.get(f"{url}pdf/").content)
    assert "Kriterier som beslutet grundar" in text and "Övriga kriterier (inte grund" in text


def test_a_letter_whose_material_names_every_cited_criterion_lists_them_once(world, login):
    """The letter listed the cited codes, then the material on the same criteria: the
    material alone now, saying the proposal cites them; the codes only when the material does
    not cover them (a letter sent before the material was recorded, or a differing record)."""
    from vetting.models import Communication

    app = drive(world, world.submit(), State.COMMUNICATED)
    communication = app.communications.get()
    assert communication.criteria == ["NO_VIOLENT_EXTREMISM"]
    url = f"/arenden/{app.reference}/kommunicering/{communication.pk}/"
    client = login(world.handler)
    article = _article(client.get(url).content.decode())
    line = '<li><span lang="sv">Ingen våldsbejakande extremism</span>'
    assert "Åberopade kriterier" not in article and article.count(line) == 1
    assert "<h2>Underlaget förslaget bygger på</h2>\n  <p>Förslaget åberopar dessa kriterier." in (
        article
    )
    text = pdf_text(client.get(f"{url}pdf/").content)
    assert "Åberopade kriterier" not in text
    assert _bare_codes(text) == []
    rows = Communication.objects.filter(pk=communication.pk)
    rows.update(criteria=["NO_VIOLENT_EXTREMISM", "OPEN_MEMBERSHIP"])
    article = _article(client.get(url).content.decode())
    assert "<h2>Åberopade kriterier</h2>" in article
    assert '<li><span lang="sv">Öppet medlemskap</span></li>' in article
    assert "<h2>Underlaget förslaget bygger på</h2>" in article
    assert "Förslaget åberopar dessa kriterier." not in article
    rows.update(criteria=["NO_VIOLENT_EXTREMISM"], material=[])
    article = _article(client.get(url).content.decode())
    assert "<h2>Åberopade kriterier</h2>" in article and "Underlaget" not in article
    assert '<li><span lang="sv">Ingen våldsbejakande extremism</span>' in article  # by title


CODES = (
    "OPEN_MEMBERSHIP",
    "NON_DISCRIMINATION",
    "DEMOCRATIC_STRUCTURE",
    "DEMOCRATIC_PRINCIPLES",
    "NO_VIOLENT_EXTREMISM",
    "PROGRAM_REVIEW",
)


def _bare_codes(text: str) -> list[str]:
    """Criterion codes printed at all: a criterion is named by its title (klarspråk, FL 11 §)."""
    import re

    flat = " ".join(re.sub(r"<[^>]+>", "", text).split())
    return [code for code in CODES if code in flat]


def _partly_communicated(world):  # type: ignore[no-untyped-def]
    """A grant with every criterion passed, proposed as delvis bifall 2 000 kr of 4 000 kr on
    budget grounds, no criteria cited, and communicated (the tester's steps)."""
    from tests.world import assess_all
    from vetting import services as svc

    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.IN_REVIEW)
    assess_all(world, app)
    svc.application_propose(
        application=app,
        actor=world.handler,
        outcome="partly_approved",
        amount=Decimal("2000"),
        reasons="Nämndens budget för verksamhetsbidrag räcker inte till hela det sökta beloppet.",
    )
    return app, svc.application_communicate(application=app, actor=world.handler)


def test_a_partial_approval_letter_does_not_present_met_criteria_as_grounds(world, login):
    """It listed "Åberopade kriterier: • OPEN_MEMBERSHIP … • NO_VIOLENT_EXTREMISM", bare codes
    read as the grounds of the reduction: the letter says every criterion is met and that the
    reduction rests on the reasons, each criterion by its title; amounts as in decisions."""
    app, communication = _partly_communicated(world)
    url = f"/arenden/{app.reference}/kommunicering/{communication.pk}/"
    client = login(world.handler)
    article = _article(client.get(url).content.decode())
    assert "Åberopade kriterier" not in article and "Underlaget förslaget" not in article
    assert "<h2>Bedömning av kriterierna</h2>" in article
    assert "grundar sig inte på att något kriterium inte är uppfyllt" in article
    assert '<li><span lang="sv">Ingen våldsbejakande extremism</span>: Uppfyllt</li>' in article
    assert "Inte uppfyllt" not in article and _bare_codes(article) == []
    assert "<dt>Förslag till beslut</dt><dd>Delvis bifall, 2\xa0000 kr</dd>" in article
    assert "<dt>Sökt belopp</dt><dd>4\xa0000 kr</dd>" in article
    text = pdf_text(client.get(f"{url}pdf/").content)
    assert "Delvis bifall, 2\xa0000 kr" in text or "Delvis bifall, 2 000 kr" in text
    assert "Åberopade kriterier" not in text and _bare_codes(text) == []


def test_an_older_partial_approval_letter_without_material_names_no_code(world, login):
    """A letter sent before the criteria were recorded with it: the sentence, no bare codes."""
    from vetting.models import Communication

    app, communication = _partly_communicated(world)
    Communication.objects.filter(pk=communication.pk).update(material=[])
    url = f"/arenden/{app.reference}/kommunicering/{communication.pk}/"
    article = _article(login(world.handler).get(url).content.decode())
    assert "samtliga kriterier är bedömda som uppfyllda" in article
    assert "Åberopade kriterier" not in article and _bare_codes(article) == []
    assert not any(code in article for code in CODES)


def test_a_partial_approval_decision_says_the_reduction_rests_on_the_reasons(world, login):
    from vetting import services as svc

    app, _communication = _partly_communicated(world)
    svc.application_record_response(
        application=app, actor=world.handler, response="Vi godtar det lägre beloppet."
    )
    decision = svc.application_decide(
        application=app,
        actor=world.decider,
        outcome="partly_approved",
        no_conflict_confirmed=True,
        response_considered="Sökanden godtar det lägre beloppet och har inga andra invändningar.",
    )
    url = f"/arenden/{app.reference}/beslut/{decision.pk}/"
    article = _article(login(world.handler).get(url).content.decode())
    assert "Beslutet åberopar samtliga kriterier." not in article
    assert "grundar sig på skälen ovan, inte på kriterierna." in article
    assert "Delvis bifall, 2\xa0000 kr" in article and _bare_codes(article) == []


def test_a_decision_after_kommunicering_prints_the_hearing_and_the_response(world, login):
    """FL 25 §: the decision said nothing of the hearing. It says when the proposal was sent
    and by when the applicant could respond, when they did, and the response verbatim."""
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.REJECTED)
    communication = app.communications.get()
    decision = app.decisions.get()
    url = f"/arenden/{app.reference}/beslut/{decision.pk}/"
    client = login(world.handler)
    article = _article(client.get(url).content.decode())
    sent, due = _date_of(communication.sent_at), communication.due.isoformat()
    assert "<h2>Sökandens möjlighet att yttra sig</h2>" in article
    assert f"kommunicerades med sökanden {sent}, med tillfälle att yttra sig senast {due}" in (
        article
    )
    received = communication.response_received_on.isoformat()
    assert f"Sökanden yttrade sig {received}." in article
    assert (
        '<h2>Sökandens yttrande</h2>\n  <p lang="sv">Föreningen bestrider uppgifterna.</p>'
        in article
    )
    assert article.index("Sökandens yttrande") < article.index("Skäl för beslutet")
    text = " ".join(pdf_text(client.get(f"{url}pdf/").content).split())
    assert "Sökandens yttrande Föreningen bestrider uppgifterna." in text


def _date_of(moment) -> str:  # type: ignore[no-untyped-def]
    return timezone.localtime(moment).date().isoformat()


def test_a_decision_after_kommunicering_without_a_response_says_none_came_in(world, login):
    from datetime import timedelta

    from vetting import services as svc
    from vetting.models import Application, Communication

    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.COMMUNICATED)
    past = timezone.localdate() - timedelta(days=1)
    Application.objects.filter(pk=app.pk).update(response_due=past)
    Communication.objects.filter(application=app).update(due=past)
    app.refresh_from_db()
    decision = svc.application_decide(
        application=app, actor=world.decider, outcome="rejected", no_conflict_confirmed=True
    )
    url = f"/arenden/{app.reference}/beslut/{decision.pk}/"
    article = _article(login(world.handler).get(url).content.decode())
    assert "<h2>Sökandens möjlighet att yttra sig</h2>" in article
    assert f"Inget yttrande kom in senast {past.isoformat()}." in article
    assert "Sökandens yttrande" not in article and "yttrade sig 2" not in article


def test_an_approval_in_full_says_nothing_of_a_hearing(world, login):
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.APPROVED)
    decision = app.decisions.get()
    url = f"/arenden/{app.reference}/beslut/{decision.pk}/"
    article = _article(login(world.handler).get(url).content.decode())
    assert "yttra sig" not in article and "yttrande" not in article


def test_the_letter_stays_as_sent_when_the_response_comes_in(world, login):
    """The letter re-rendered after the response printed it under "Inkommet yttrande": the
    letter is what was sent, the same before and after the response is recorded."""
    from vetting import services as svc

    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.COMMUNICATED)
    communication = app.communications.get()
    url = f"/arenden/{app.reference}/kommunicering/{communication.pk}/"
    client = login(world.handler)
    before = _article(client.get(url).content.decode())
    before_pdf = pdf_text(client.get(f"{url}pdf/").content)
    svc.application_record_response(
        application=app, actor=world.handler, response="Vi bestrider uppgifterna i sak."
    )
    after = _article(client.get(url).content.decode())
    assert after == before and "Vi bestrider" not in after
    assert pdf_text(client.get(f"{url}pdf/").content) == before_pdf


def test_a_correction_is_titled_so_and_says_what_it_replaces_before_the_reasons(world, login):
    """It was titled "Beslut" with "Rättelse – ersätter beslut 1" only at the end."""
    app, old, new = _corrected_same_day(world)
    url = f"/arenden/{app.reference}/beslut/{new.pk}/"
    client = login(world.handler)
    article = _article(client.get(url).content.decode())
    assert "<h1>Beslut (ändring)</h1>" in article
    facts_end, note = article.index("</dl>"), article.index("<h2>Ändring av beslut</h2>")
    assert facts_end < note < article.index("Skäl för beslutet")
    replaces = article.index("Detta beslut ändrar och ersätter beslut 1")
    assert replaces < article.index("Skäl för beslutet")
    text = pdf_text(client.get(f"{url}pdf/").content)
    assert (
        text.index("Beslut (ändring)") < text.index("Ändring av beslut\n") < text.index("Skäl för")
    )
    first = _article(client.get(f"/arenden/{app.reference}/beslut/{old.pk}/").content.decode())
    assert "<h1>Beslut</h1>" in first


def test_a_revocation_is_titled_so_and_says_what_it_revokes_before_the_reasons(world, login):
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.REVOKED)
    new = app.decisions.filter(replaced_by__isnull=True).get()
    url = f"/arenden/{app.reference}/beslut/{new.pk}/"
    article = _article(login(world.handler).get(url).content.decode())
    assert "<h1>Beslut om återkallelse</h1>" in article
    assert article.index("<h2>Återkallelse</h2>") < article.index("Skäl för beslutet")


def _revoked_in_part(world, reclaim: str):  # type: ignore[no-untyped-def]
    """A paid grant of 4 000 kr revoked, reclaiming ``reclaim`` kr."""
    from tests.world import cast
    from vetting import services as svc
    from vetting.demo import REVOCATION_GROUND, record_new_facts
    from vetting.services.decision_checks import default_repayment_due

    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.PAID)
    record_new_facts(cast(world), app)
    return app, svc.application_revoke(
        application=app,
        actor=world.decider,
        reasons="Föreningen uppfyller inte villkoret om icke-diskriminering sedan september.",
        criteria=[REVOCATION_GROUND],
        reclaim_amount=Decimal(reclaim),
        repayment_due=default_repayment_due() if Decimal(reclaim) else None,
        no_conflict_confirmed=True,
        applicant_heard="Brev 2026-09-20 med svarstid två veckor; föreningen svarade inte.",
        hearing_exception="urgent",
        confirm_not_opinion=True,  # the new facts name a religion (RF 2:21)
    )


def test_a_revocation_prints_how_the_applicant_could_respond(world, login):
    """FL 37 § / 25 §: the recorded ``applicant_heard`` was not in the document. A revocation
    made before hearings were kept in the service (migration 0017) prints it as recorded."""
    from vetting.models import Decision

    app, revocation = _revoked_in_part(world, "4000")
    Decision.objects.filter(pk=revocation.pk).update(hearing_exception="recorded_before")
    url = f"/arenden/{app.reference}/beslut/{revocation.pk}/"
    client = login(world.handler)
    article = _article(client.get(url).content.decode())
    assert (
        '<h2>Sökandens möjlighet att yttra sig</h2>\n  <p lang="sv">Brev 2026-09-20 med '
        "svarstid två veckor; föreningen svarade inte.</p>" in article
    )
    assert "Återkrav: 4\xa0000 kr ska betalas tillbaka." in article
    assert "kommunicerades" not in article  # the grant's approval had no kommunicering
    text = " ".join(pdf_text(client.get(f"{url}pdf/").content).split())
    assert "Sökandens möjlighet att yttra sig Brev 2026-09-20" in text


def test_a_revocation_reclaiming_part_says_what_was_paid_and_what_is_reclaimed(world, login):
    app, revocation = _revoked_in_part(world, "1500")
    url = f"/arenden/{app.reference}/beslut/{revocation.pk}/"
    article = _article(login(world.handler).get(url).content.decode())
    paid_on = _date_of(app.paid_at)
    assert f"Bidraget betalades ut {paid_on} med 4\xa0000 kr." in article
    assert (
        "Återkrav: 1\xa0500 kr ska betalas tillbaka; resterande 2\xa0500 kr av det "
        "utbetalda beloppet återkrävs inte." in article
    )
    app, revocation = _revoked_in_part(world, "0")
    url = f"/arenden/{app.reference}/beslut/{revocation.pk}/"
    article = _article(login(world.handler).get(url).content.decode())
    assert "Inget av det utbetalda beloppet återkrävs." in article
    assert "betalas tillbaka" not in article


def test_a_correction_to_the_applicants_detriment_prints_how_they_were_heard(world, login):
    from vetting import services as svc
    from vetting.models import Delegation

    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.APPROVED)
    Delegation.objects.filter(user=world.decider_small).update(max_amount=None)
    new = svc.decision_correct(
        decision=app.decisions.get(),
        actor=world.decider_small,
        outcome="partly_approved",
        amount=Decimal("3000"),
        reasons="Beloppet rättas: 1 000 kr avsåg en aktivitet som inte får bidrag.",
        no_conflict_confirmed=True,
        applicant_heard="Telefonsamtal med ordföranden 2026-10-02; inget att tillägga.",
    )
    url = f"/arenden/{app.reference}/beslut/{new.pk}/"
    article = _article(login(world.handler).get(url).content.decode())
    assert "<h2>Sökandens möjlighet att yttra sig inför ändringen</h2>" in article
    assert "Telefonsamtal med ordföranden 2026-10-02" in article


def test_an_approval_after_a_returned_communicated_proposal_says_nothing_of_a_hearing(world, login):
    """The partial approval was communicated, returned, proposed again as an approval in full
    and decided without kommunicering: that earlier hearing is not this decision's."""
    from vetting import services as svc

    app, _communication = _partly_communicated(world)
    svc.application_return_to_review(
        application=app, actor=world.decider, reasons="Budgeten har utökats; pröva på nytt."
    )
    svc.application_propose(
        application=app,
        actor=world.handler,
        outcome="approved",
        reasons="Föreningen uppfyller villkoren och budgeten räcker till hela beloppet.",
    )
    decision = svc.application_decide(
        application=app, actor=world.decider, outcome="approved", no_conflict_confirmed=True
    )
    url = f"/arenden/{app.reference}/beslut/{decision.pk}/"
    article = _article(login(world.handler).get(url).content.decode())
    assert "Bifall, 4\xa0000 kr" in article
    assert "kommunicerades" not in article and "yttra sig" not in article
