"""A letter or a decision re-opened later prints the case's facts as they were sent (the party,
the contact, the event, the administration; vetting.facts), whatever was renamed since; one sent
before the facts were kept prints the case as it is now, and its page says so."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from associations.models import Association
from bookings.models import Premises
from tests.web.test_documents import pdf_text
from tests.world import World, drive
from vetting.models import (
    Administration,
    Application,
    Communication,
    Decision,
    Delegation,
    Kind,
    State,
)

pytestmark = pytest.mark.django_db

CONTACT = {"contact_name": "Kim Ordförande", "contact_email": "kim@example.se"}
AS_SENT = (
    "Scoutkåren Exempel, org.nr 802000-0017",
    "Kim Ordförande, kim@example.se",
    "Stora salen, Storgatan 1",
    "Kultur- och fritidsförvaltningen",
)
AS_NOW = (
    "Scoutkåren Norr, org.nr 802000-0017",
    "Alex Kassör, alex@example.se",
    "Konsertsalen, Nygatan 2",
    "Fritidsförvaltningen",
)
NOTICE = "visas som de står i ärendet nu"


def _rental(world: World, to: str) -> Application:
    Premises.objects.filter(pk=world.hall.pk).update(address="Storgatan 1")
    Delegation.objects.filter(user=world.decider).update(note="Delegationsordning 4.1")
    return drive(world, world.submit(Kind.LOKALUTHYRNING, **CONTACT), to)


def _rename(world: World, app: Application) -> None:
    """What may change after the document was sent: the association's name, the contact, the
    premises, the administration, the delegation's point."""
    Association.objects.filter(pk=app.association_id).update(name="Scoutkåren Norr")
    Application.objects.filter(pk=app.pk).update(
        contact_name="Alex Kassör", contact_email="alex@example.se"
    )
    Premises.objects.filter(pk=world.hall.pk).update(name="Konsertsalen", address="Nygatan 2")
    Administration.objects.filter(pk=world.kultur.pk).update(name="Fritidsförvaltningen")
    Delegation.objects.filter(user=world.decider).update(note="Delegationsordning 9.9")


def _read(client: Client, url: str) -> tuple[str, str]:
    page = client.get(url).content.decode()
    return page, " ".join(pdf_text(client.get(f"{url}pdf/").content).split())


def _letter_url(app: Application) -> str:
    return f"/arenden/{app.reference}/kommunicering/{app.communications.get().pk}/"


def _decision_url(app: Application) -> str:
    return f"/arenden/{app.reference}/beslut/{app.decisions.get().pk}/"


def test_a_letter_reopened_after_renaming_prints_what_was_sent(world: World, login: Any) -> None:
    app = _rental(world, State.COMMUNICATED)
    _rename(world, app)
    page, pdf = _read(login(world.handler), _letter_url(app))
    for text in AS_SENT:
        assert text in page and text in pdf, text
    for text in AS_NOW:
        assert text not in page and text not in pdf, text
    assert "Skicka ert yttrande till Kultur- och fritidsförvaltningen" in pdf
    assert NOTICE not in page


def test_a_decision_reopened_after_renaming_prints_what_was_sent(world: World, login: Any) -> None:
    app = _rental(world, State.REJECTED)
    _rename(world, app)
    page, pdf = _read(login(world.handler), _decision_url(app))
    for text in (*AS_SENT, "(delegationsordning 4.1)"):
        assert text in page and text in pdf, text
    for text in (*AS_NOW, "elegationsordning 9.9"):
        assert text not in page and text not in pdf, text
    assert NOTICE not in page


@pytest.mark.parametrize("document", ["letter", "decision"])
def test_a_document_sent_before_the_facts_were_kept_prints_the_case_as_now(
    world: World, login: Any, document: str
) -> None:
    """No backfill is possible (what it printed is not known): the case as it is now, and the
    page (not the PDF the applicant gets) says so."""
    app = _rental(world, State.REJECTED)
    Communication.objects.filter(application=app).update(facts={})
    Decision.objects.filter(application=app).update(facts={})
    _rename(world, app)
    url = _letter_url(app) if document == "letter" else _decision_url(app)
    client = login(world.handler)
    page, pdf = _read(client, url)
    for text in AS_NOW:
        assert text in page and text in pdf, text
    assert 'id="facts-notice"' in page and NOTICE in page and NOTICE not in pdf
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "are shown as they are in the case now" in client.get(url).content.decode()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_printing_the_facts_as_sent_costs_no_query_more(world: World, login: Any) -> None:
    """The same document with its facts kept and without (the case as now, as before they were
    kept): no more queries, on the page or for the PDF."""
    app = _rental(world, State.REJECTED)
    client = login(world.handler)
    client.get("/")  # the session, once
    urls = [_letter_url(app), _decision_url(app)]
    kept = [_queries(client, url + suffix) for url in urls for suffix in ("", "pdf/")]
    Communication.objects.filter(application=app).update(facts={})
    Decision.objects.filter(application=app).update(facts={})
    before = [_queries(client, url + suffix) for url in urls for suffix in ("", "pdf/")]
    assert all(k <= b for k, b in zip(kept, before, strict=True)), (kept, before)
