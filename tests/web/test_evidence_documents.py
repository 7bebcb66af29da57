"""Documents used as evidence, in words, in the decision and the communication letter (FL 25 §:
the applicant is told of the material; FL 32 §: the reasons state the facts relied on), and sent
with the letter as its enclosures."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.web.test_documents import pdf_text
from tests.world import POLICE_NOTE, World, communicated_with_document, drive
from vetting import demo
from vetting import services as svc
from vetting.models import Application, Decision, DecisionOutcome, State

pytestmark = pytest.mark.django_db

IN_WORDS = f"Underlag: dokumentet ”polis.txt”: {POLICE_NOTE}"
FOOTER = re.compile(r"Diarienummer \S+ Sida \d+ av \d+")
IN_LETTER = f"Underlag: dokumentet ”polis.txt” (bilaga 1): {POLICE_NOTE}"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _decided(world: World) -> tuple[Application, Decision]:
    app = communicated_with_document(world, world.submit())
    for step in ("respond", "reject"):
        demo.STEPS[step](demo.Cast(world.handler, world.decider, world.security), app)
    return app, app.decisions.get()


def _flat(text: str) -> str:
    """The PDF's text with its line breaks as spaces, without the pages' footers."""
    lines = [line for line in text.splitlines() if not FOOTER.fullmatch(line)]
    return " ".join(" ".join(lines).split())


def test_the_letter_describes_the_document_and_lists_it_as_an_enclosure(world, login):
    app = communicated_with_document(world, world.submit())
    communication = app.communications.get()
    client = login(world.handler)
    url = f"/arenden/{app.reference}/kommunicering/{communication.pk}/"
    page = client.get(url).content.decode()
    assert (
        f'Underlag: dokumentet ”polis.txt” (bilaga 1): <span lang="sv">{POLICE_NOTE}</span>' in page
    )
    enclosure = f"{url}bilaga/1/"
    assert "<h2>Bilagor</h2>" in page
    assert f'<li><a href="{enclosure}" download>Bilaga 1: polis.txt</a></li>' in page
    text = _flat(pdf_text(client.get(f"{url}pdf/").content))
    assert IN_LETTER in text and "Bilaga 1: polis.txt" in text
    assert "skickas med detta brev som bilagor" in text


def test_the_decision_names_the_document_it_rests_on(world, login):
    app, decision = _decided(world)
    [cited] = [c for c in decision.criteria if c["cited"]]
    assert cited["evidence_kind"] == "document" and cited["document_name"] == "polis.txt"
    client = login(world.decider)
    url = f"/arenden/{app.reference}/beslut/{decision.pk}/"
    page = client.get(url).content.decode()
    assert f'Underlag: dokumentet ”polis.txt”: <span lang="sv">{POLICE_NOTE}</span>' in page
    text = _flat(pdf_text(client.get(f"{url}pdf/").content))
    assert text.count(IN_WORDS) == 1  # under the grounds only (others print no evidence)


def test_a_document_without_a_description_is_named(world, login):
    app = drive(world, world.submit(), State.IN_REVIEW)
    svc.assessment_record(
        application=app,
        actor=world.handler,
        data=svc.AssessmentInput(
            criterion_code="DEMOCRATIC_STRUCTURE",
            outcome="fail",
            evidence_kind="document",
            document=SimpleUploadedFile("protokoll.txt", b"Protokoll\n", "text/plain"),
        ),
    )
    for code in ("OPEN_MEMBERSHIP", "NON_DISCRIMINATION", "DEMOCRATIC_PRINCIPLES"):
        demo.svc.assessment_record(
            application=app,
            actor=world.handler,
            data=svc.AssessmentInput(
                criterion_code=code,
                outcome="pass",
                evidence_kind="fact",
                evidence_text=demo.pass_fact(code),
            ),
        )
    svc.assessment_record(
        application=app,
        actor=world.handler,
        data=svc.AssessmentInput(
            criterion_code="NO_VIOLENT_EXTREMISM",
            outcome="pass",
            evidence_kind="fact",
            evidence_text=demo.pass_fact("NO_VIOLENT_EXTREMISM"),
        ),
    )
    svc.application_propose(
        application=app,
        actor=world.handler,
        outcome=DecisionOutcome.REJECTED,
        reasons="Årsmötet väljer inte styrelsen enligt protokollet (DEMOCRATIC_STRUCTURE).",
        criteria=["DEMOCRATIC_STRUCTURE"],
    )
    communication = svc.application_communicate(application=app, actor=world.handler)
    client = login(world.handler)
    url = f"/arenden/{app.reference}/kommunicering/{communication.pk}/pdf/"
    text = _flat(pdf_text(client.get(url).content))
    assert "Inte uppfyllt. Underlag: dokumentet ”protokoll.txt” (bilaga 1)" in text
    assert "Bilaga 1: protokoll.txt" in text


def test_an_older_decision_names_its_document_from_the_assessment(world, login):
    """A snapshot made before it recorded documents names the assessment, which is never
    edited: the document is named from it."""
    app, decision = _decided(world)
    older = [
        {k: v for k, v in c.items() if k not in ("evidence_kind", "document_name")}
        for c in decision.criteria
    ]
    Decision.objects.filter(pk=decision.pk).update(criteria=older)
    url = f"/arenden/{app.reference}/beslut/{decision.pk}/pdf/"
    text = _flat(pdf_text(login(world.decider).get(url).content))
    assert text.count(IN_WORDS) == 1


def test_a_letter_without_documents_has_no_enclosures(world, login):
    app = drive(world, world.submit(), State.COMMUNICATED)
    communication = app.communications.get()
    url = f"/arenden/{app.reference}/kommunicering/{communication.pk}/"
    page = login(world.handler).get(url).content.decode()
    assert "Bilagor" not in page and "dokumentet" not in page


def test_a_letter_sent_before_enclosures_is_shown_as_it_was_sent(world, login):
    """Its material names the document but records no digest: no "Bilagor", no "(bilaga 1)"."""
    from vetting.models import Communication

    app = communicated_with_document(world, world.submit())
    communication = app.communications.get()
    old = [
        {k: v for k, v in m.items() if k not in ("document_sha256", "document_size")}
        for m in communication.material
    ]
    Communication.objects.filter(pk=communication.pk).update(material=old)
    url = f"/arenden/{app.reference}/kommunicering/{communication.pk}/"
    page = login(world.handler).get(url).content.decode()
    assert "Bilagor" not in page and "(bilaga" not in page
    assert "Underlag: dokumentet ”polis.txt”" in page


def test_the_english_page_keeps_the_document_out_of_the_swedish_span(world, login):
    app = communicated_with_document(world, world.submit())
    communication = app.communications.get()
    client = login(world.handler)
    client.cookies["django_language"] = "en"
    url = f"/arenden/{app.reference}/kommunicering/{communication.pk}/"
    page = client.get(url).content.decode()
    assert (
        f'Evidence: the document “polis.txt” (enclosure 1): <span lang="sv">{POLICE_NOTE}' in page
    )
    assert "Enclosure 1: polis.txt" in page


def test_the_officer_downloads_the_enclosure_as_sent(world, login):
    """What the officer sends with the letter: the file as it was sent, also after the
    assessment was replaced; only for whoever may see the case; not a file changed since."""
    from django.core.files.storage import default_storage

    app = communicated_with_document(world, world.submit(), b"Skrivelsen\n")
    communication = app.communications.get()
    url = f"/arenden/{app.reference}/kommunicering/{communication.pk}/bilaga/1/"
    svc.application_return_to_review(
        application=app, actor=world.decider, reasons="Pröva underlaget på nytt."
    )
    svc.assessment_record(
        application=app,
        actor=world.handler,
        data=svc.AssessmentInput(
            criterion_code="NO_VIOLENT_EXTREMISM",
            outcome="fail",
            evidence_kind="document",
            evidence_text="En senare skrivelse",
            document=SimpleUploadedFile("polis.txt", b"Senare\n", "text/plain"),
        ),
    )
    client = login(world.handler)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="polis.txt"'
    assert b"".join(response.streaming_content) == b"Skrivelsen\n"
    assert client.get(url.replace("/bilaga/1/", "/bilaga/2/")).status_code == 404
    assert login(world.other_handler).get(url).status_code == 404
    [sent] = communication.material
    with default_storage.open(sent["document"], "wb") as handle:
        handle.write("Ändrad\n".encode())
    assert client.get(url).status_code == 404
