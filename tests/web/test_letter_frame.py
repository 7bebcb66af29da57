"""What every kommunicering letter has around what it proposes (``_kommunicering``), and what
every letter and decision takes from where it was issued (``Document.issued``, ``case_rows``):
the reference and date, the case's rows, what is proposed, by when to answer and who sent it;
then the letter's own sections, its enclosures, how to reply and whom to contact."""

from __future__ import annotations

import pytest

from tests.world import cast, communicated_with_document, drive
from vetting import demo
from vetting.models import State
from web.documents.communication import communication_letter
from web.documents.decision import decision_document
from web.documents.layout import Document

pytestmark = pytest.mark.django_db

CASE = ["Diarienummer", "Datum", "Ärende", "Sökande", "Sökt belopp"]
REPLY = ["Svar senast", "Handläggare"]


def _rows(doc: Document) -> list[str]:
    return [heading for heading, _ in doc.meta]


def _headings(doc: Document) -> list[str]:
    return [section.heading for section in doc.sections]


def test_a_proposal_letter_frames_the_proposal(world, settings):
    settings.GRANSKA_MUNICIPALITY = "Provkommunen"
    app = communicated_with_document(world, world.submit())
    communication = app.communications.get()
    letter = communication_letter(communication)
    assert letter.title == "Kommunicering av förslag till beslut"
    assert (letter.municipality, letter.administration) == ("Provkommunen", app.administration.name)
    assert _rows(letter) == [*CASE, "Förslag till beslut", *REPLY]
    assert _headings(letter)[:2] == [
        "Kommunicering enligt jfr 25 § förvaltningslagen",
        "Förslagets skäl",
    ]
    assert _headings(letter)[-2:] == ["Bilagor", "Så yttrar ni er"]
    assert letter.filename == f"kommunicering-{app.reference}-{communication.pk}.pdf"


def test_a_revocation_letter_frames_the_intended_revocation(world, settings):
    settings.GRANSKA_MUNICIPALITY = "Provkommunen"
    app = drive(world, world.submit(), State.PAID)
    demo.communicate_revocation(cast(world), app)
    communication = app.communications.get()
    letter = communication_letter(communication)
    assert letter.title == "Kommunicering av avsett återkallande av bidrag"
    assert (letter.municipality, letter.administration) == ("Provkommunen", app.administration.name)
    assert _rows(letter) == [*CASE, "Avsett beslut", "Återkrav", *REPLY]
    assert _headings(letter)[1:] == [
        "Skälen för återkallandet",
        "Villkor som inte är uppfyllda, med underlag",
        "Återkrav",
        "Så yttrar ni er",
    ]
    assert letter.filename == f"kommunicering-aterkallande-{app.reference}-{communication.pk}.pdf"
    decision = decision_document(app.decisions.get())
    assert (decision.municipality, decision.administration) == (
        "Provkommunen",
        app.administration.name,
    )
    assert _rows(decision)[3:6] == ["Ärende", "Sökande", "Sökt belopp"]
