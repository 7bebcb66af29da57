"""Förvaltningsbesvär is given in to the authority that decided (FL 43 §): the nämnd the decision
was taken on delegation from, not the municipality. The instructions said "Skrivelsen ska
skickas till Exempelkommunen"; they now name the nämnd, in the decision page, its PDF and the
API's ``appeal_instructions``. The text is kept with each decision as issued, so a decision
made before keeps its own (legal review, statement 7)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import officer_for
from tests.web.test_documents import pdf_text
from tests.world import World, drive
from vetting.models import Decision, Kind, State
from vetting.models.kinds import AppealRoute
from vetting.texts import appeal_instructions_for

pytestmark = pytest.mark.django_db

BOARD = "Kultur- och fritidsnämnden"


@pytest.fixture
def besvar(settings: Any) -> None:
    settings.GRANSKA_MUNICIPALITY = "Exempelkommunen"
    settings.GRANSKA_APPEAL_ROUTES = {
        **settings.GRANSKA_APPEAL_ROUTES,
        Kind.FORENINGSBIDRAG: AppealRoute.FORVALTNINGSBESVAR.value,
    }


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_appeal_is_sent_to_the_nämnd_that_decided(
    world: World, login: Any, besvar: None
) -> None:
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.REJECTED)
    decision = app.decisions.get()
    sent_to = f"Skrivelsen ska skickas till {BOARD} i Exempelkommunen, som har fattat beslutet"
    assert sent_to in decision.appeal_instructions
    assert "(43 § förvaltningslagen)" in decision.appeal_instructions
    url = f"/arenden/{app.reference}/beslut/{decision.pk}/"
    client = login(world.handler)
    assert sent_to in _flat(client.get(url).content.decode())
    assert sent_to in _flat(pdf_text(client.get(f"{url}pdf/").content))
    detail = officer_for(world.handler).get(f"/api/v1/applications/{app.pk}/").json()
    assert sent_to in detail["decision"]["appeal_instructions"]


def test_an_administration_without_a_named_nämnd_says_nämnden(besvar: None) -> None:
    text = appeal_instructions_for(AppealRoute.FORVALTNINGSBESVAR.value)
    assert "skickas till nämnden i Exempelkommunen, som har fattat beslutet" in text


def test_a_decision_issued_before_keeps_its_addressee(
    world: World, login: Any, besvar: None
) -> None:
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.REJECTED)
    decision = app.decisions.get()
    old = (
        "Hur man överklagar (förvaltningsbesvär enligt 40–46 §§ förvaltningslagen): Beslutet "
        "kan överklagas till förvaltningsrätten. Skrivelsen ska skickas till Exempelkommunen."
    )
    Decision.objects.filter(pk=decision.pk).update(appeal_instructions=old)
    page = login(world.handler).get(f"/arenden/{app.reference}/beslut/{decision.pk}/")
    assert "Skrivelsen ska skickas till Exempelkommunen." in _flat(page.content.decode())
