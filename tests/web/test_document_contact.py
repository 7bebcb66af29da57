"""Every letter and decision says how to reach the administration (its postal address, e-mail
and phone, or the municipality's where it has none), and the letter says where and how to send
a response: by e-mail or post, and for a case from a booking system through that system too.
As sent: details changed afterwards do not change a document, and one sent before they were
kept prints none, as it was."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from audit.context import SYSTEM
from bookings.services import client_create
from tests.api.conftest import client_for, post_booking
from tests.web.test_documents import pdf_text
from tests.world import World, drive
from vetting import services as svc
from vetting.models import Administration, Application, Communication, Delegation, Kind, State

pytestmark = pytest.mark.django_db

ADDRESS = "Box 100, 123 45 Exempelstad"
EMAIL = "kultur.fritid@exempelkommunen.se"
PHONE = "010-123 45 00"
CONTACT_LINES = (
    "Kontaktuppgifter",
    f"Postadress: {ADDRESS}",
    f"E-post: {EMAIL}",
    f"Telefon: {PHONE}",
)
HOW = (
    f"Ni kan skicka yttrandet med e-post till {EMAIL} eller med post till "
    f"Kultur- och fritidsförvaltningen, {ADDRESS}."
)


def _contact(world: World, **details: str) -> None:
    values = {"postal_address": ADDRESS, "email": EMAIL, "phone": PHONE, **details}
    Administration.objects.filter(pk=world.kultur.pk).update(**values)


def _read(client: Client, url: str) -> tuple[str, str]:
    """The page and the PDF's text, each run of whitespace as one space (a line may wrap)."""
    page = client.get(url).content.decode()
    return " ".join(page.split()), " ".join(pdf_text(client.get(f"{url}pdf/").content).split())


def _letter_url(app: Application) -> str:
    return f"/arenden/{app.reference}/kommunicering/{app.communications.get().pk}/"


def _decision_url(app: Application, pk: int) -> str:
    return f"/arenden/{app.reference}/beslut/{pk}/"


def test_the_letter_says_where_and_how_to_respond(world: World, login: Any) -> None:
    _contact(world)
    app = drive(world, world.submit(), State.COMMUNICATED)
    client = login(world.handler)
    page, pdf = _read(client, _letter_url(app))
    for text in (*CONTACT_LINES, HOW, "Skicka ert yttrande till Kultur- och fritidsförvaltningen"):
        assert text in page and text in pdf, text
    assert "bokningssystemet" not in page  # entered by an officer
    assert pdf.index("Så yttrar ni er") < pdf.index(HOW) < pdf.index("Kontaktuppgifter")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = " ".join(client.get(_letter_url(app)).content.decode().split())
    assert f"You can send the response by e-mail to {EMAIL} or by post to" in english
    assert "Contact details" in english and f"Postal address: {ADDRESS}" in english


def test_with_an_e_mail_address_only_the_letter_offers_e_mail_only(
    world: World, login: Any
) -> None:
    _contact(world, postal_address="", phone="")
    app = drive(world, world.submit(), State.COMMUNICATED)
    _page, pdf = _read(login(world.handler), _letter_url(app))
    assert f"Ni kan skicka yttrandet med e-post till {EMAIL}." in pdf
    assert "Postadress" not in pdf and "Telefon" not in pdf and "med post" not in pdf


def test_a_letter_on_a_booking_says_the_response_can_go_through_the_booking_system(
    world: World, login: Any
) -> None:
    _contact(world)
    creds = client_create(actor=SYSTEM, name="Bokningsportalen", premises=[world.hall])
    reference = post_booking(client_for(creds)).json()["reference"]
    app = drive(world, Application.objects.get(reference=reference), State.COMMUNICATED)
    client = login(world.handler)
    page, pdf = _read(client, _letter_url(app))
    text = (
        "Ansökan kom in via bokningssystemet Bokningsportalen: ni kan också skicka yttrandet "
        "där, på bokningen."
    )
    assert text in page and text in pdf and HOW in pdf
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = " ".join(client.get(_letter_url(app)).content.decode().split())
    assert "came in through the booking system Bokningsportalen: you can also send" in english


def _corrected(world: World, app: Application) -> int:
    Delegation.objects.filter(user=world.decider_small).update(max_amount=None)
    return svc.decision_correct(
        decision=app.decisions.get(),
        actor=world.decider_small,
        outcome="partly_approved",
        amount=Decimal("3000"),
        reasons="Beloppet rättas: 1 000 kr avsåg en aktivitet som inte får bidrag.",
        no_conflict_confirmed=True,
        applicant_heard="Telefonsamtal med ordföranden; inget att tillägga.",
    ).pk


@pytest.mark.parametrize("document", ["rejection", "approval", "correction", "revocation"])
def test_every_decision_ends_with_the_contact_details(
    world: World, login: Any, document: str
) -> None:
    _contact(world)
    kind = Kind.LOKALUTHYRNING if document == "rejection" else Kind.FORENINGSBIDRAG
    to = {"rejection": State.REJECTED, "revocation": State.REVOKED}.get(document, State.APPROVED)
    app = drive(world, world.submit(kind), to)
    pk = app.decisions.get(replaced_by__isnull=True).pk
    if document == "correction":
        pk = _corrected(world, app)
    page, pdf = _read(login(world.handler), _decision_url(app, pk))
    for text in CONTACT_LINES:
        assert text in page and text in pdf, text
    assert pdf.index("Hur man överklagar") < pdf.index("Kontaktuppgifter")
    assert "Ni kan skicka yttrandet" not in pdf  # a decision asks for no response


def test_without_its_own_details_the_municipalitys_are_printed(
    world: World, login: Any, settings: Any
) -> None:
    settings.GRANSKA_MUNICIPALITY_ADDRESS = "Box 1, 123 00 Exempelstad"
    settings.GRANSKA_MUNICIPALITY_EMAIL = "kommunen@exempelkommunen.se"
    _contact(world, postal_address="", email="", phone="")
    app = drive(world, world.submit(), State.COMMUNICATED)
    page, pdf = _read(login(world.handler), _letter_url(app))
    assert (
        "Ni kan skicka yttrandet med e-post till kommunen@exempelkommunen.se eller med post "
        "till Kultur- och fritidsförvaltningen, Box 1, 123 00 Exempelstad." in pdf
    )
    assert "Postadress: Box 1, 123 00 Exempelstad" in page and "Telefon" not in pdf


def test_with_no_details_anywhere_the_letter_names_the_administration_only(
    world: World, login: Any
) -> None:
    app = drive(world, world.submit(), State.COMMUNICATED)
    page, pdf = _read(login(world.handler), _letter_url(app))
    assert "Skicka ert yttrande till Kultur- och fritidsförvaltningen" in pdf
    assert "Kontaktuppgifter" not in page and "Ni kan skicka" not in pdf


def test_the_details_are_printed_as_sent(world: World, login: Any) -> None:
    """Changed afterwards, the letter still prints those it was sent with; a letter sent before
    they were kept (its facts without them) prints none, as it was sent."""
    _contact(world)
    app = drive(world, world.submit(), State.COMMUNICATED)
    _contact(world, postal_address="Box 999, 999 99 Annanstad", email="ny@example.se")
    client = login(world.handler)
    page, pdf = _read(client, _letter_url(app))
    assert HOW in pdf and "Box 999" not in page and "ny@example.se" not in pdf
    communication = app.communications.get()
    older = {k: v for k, v in communication.facts.items() if k != "administration_contact"}
    Communication.objects.filter(pk=communication.pk).update(facts=older)
    page, pdf = _read(client, _letter_url(app))
    assert "Skicka ert yttrande till Kultur- och fritidsförvaltningen" in pdf
    assert "Kontaktuppgifter" not in page and "Ni kan skicka" not in pdf


def test_the_intended_revocation_s_letter_says_where_and_how_to_respond(
    world: World, login: Any
) -> None:
    """The letter of an intended revocation (ADR 0015) is a kommunicering too."""
    from tests.world import cast
    from vetting import demo

    _contact(world)
    app = drive(world, world.submit(), State.PAID)
    demo.communicate_revocation(cast(world), app)
    letter = app.communications.get()
    page, pdf = _read(login(world.handler), f"/arenden/{app.reference}/kommunicering/{letter.pk}/")
    assert "Kommunicering av avsett återkallande av bidrag" in page
    for text in (*CONTACT_LINES, HOW):
        assert text in page and text in pdf, text
    assert pdf.index("Så yttrar ni er") < pdf.index(HOW) < pdf.index("Kontaktuppgifter")
