"""The program review on the case page: a pass on no programme is refused at the result field
and "ok" at the notes; a review closed without a programme no longer says it waits for one."""

from __future__ import annotations

from typing import Any

import pytest

from tests.world import World, drive
from vetting import services as svc
from vetting.models import Kind, State

pytestmark = pytest.mark.django_db


def test_a_pass_on_no_programme_is_refused_at_the_fields(world: World, login: Any) -> None:
    app = drive(world, world.submit(Kind.LOKALUTHYRNING), State.PROGRAM_REVIEW)
    client = login(world.handler)
    url = f"/arenden/{app.reference}/atgard/complete_program_review/"
    response = client.post(url, {"result": "pass", "notes": "ok"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Motiveringen är för kort" in page
    notes = "Programmet är en konsert med kören och inget annat."
    response = client.post(url, {"result": "pass", "notes": notes})
    assert response.status_code == 422
    assert "Programmet kan godtas först när det har kommit in" in response.content.decode()
    app.refresh_from_db()
    assert app.state == State.PROGRAM_REVIEW


def test_a_review_closed_without_a_programme_waits_no_more(world: World, login: Any) -> None:
    app = drive(world, world.submit(Kind.LOKALUTHYRNING), State.PROGRAM_REVIEW)
    client = login(world.handler)
    open_page = client.get(f"/arenden/{app.reference}/").content.decode()
    assert "väntar på sökanden" in open_page
    svc.application_complete_program_review(
        application=app,
        actor=world.handler,
        result="fail",
        notes="Sökanden skickade inget program trots påminnelse den 3 maj.",
    )
    page = client.get(f"/arenden/{app.reference}/").content.decode()
    assert "väntar på sökanden" not in page
    assert "inget program inkom" in page and "Programmet godtas inte" in page
