"""A colleague's case: every action page of the handler's says at once who handles the case,
with no form and a link back (not a generic note and a form refused only on sending); actions
that are someone else's by right (the decision maker's "Besluta") still work for them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.world import World, drive
from vetting.models import Kind, State

pytestmark = pytest.mark.django_db

FORM = '<form method="post" enctype'


def action_url(app: Any, action: str) -> str:
    return f"/arenden/{app.reference}/atgard/{action}/"


def _opened_by_colleague(world: World, login: Any, app: Any, action: str) -> str:
    response = login(world.handler2).get(action_url(app, action))
    assert response.status_code == 200
    return response.content.decode()


def _says_who_handles(page: str, world: World, app: Any) -> None:
    assert f"Ärendet handläggs av {world.handler.get_full_name()}" in page
    assert FORM not in page
    assert f'href="/arenden/{app.reference}/" id="back-to-case"' in page
    assert "Om du skickar formuläret förklaras varför" not in page


@pytest.mark.parametrize(
    ("to", "action"),
    [
        (State.IN_REVIEW, "assess"),
        (State.IN_REVIEW, "request_supplement"),
        (State.IN_REVIEW, "start_program_review"),
        (State.IN_REVIEW, "escalate"),
        (State.IN_REVIEW, "propose"),
        (State.IN_REVIEW, "withdraw"),
        (State.SUPPLEMENT_REQUESTED, "receive_supplement"),
        (State.COMMUNICATED, "record_response"),
    ],
)
def test_each_preparing_page_names_the_handler_at_once(
    world: World, login: Any, to: str, action: str
) -> None:
    app = drive(world, world.submit(Kind.LOKALUTHYRNING), to)  # a programme may be asked for
    _says_who_handles(_opened_by_colleague(world, login, app, action), world, app)


def test_registering_the_program_names_the_handler_at_once(world: World, login: Any) -> None:
    """It said "Åtgärden är inte tillgänglig för dig …" above a form, and named the handler only
    when sent."""
    app = drive(world, world.submit(Kind.LOKALUTHYRNING), State.PROGRAM_REVIEW)
    page = _opened_by_colleague(world, login, app, "program_submit")
    _says_who_handles(page, world, app)
    own = login(world.handler).get(action_url(app, "program_submit")).content.decode()
    assert FORM in own and "handläggs av" not in own


def test_a_page_the_state_does_not_allow_offers_no_form(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    page = _opened_by_colleague(world, login, app, "communicate")
    assert "Åtgärden kan inte utföras nu" in page and FORM not in page
    assert f'href="{action_url(app, "assign")}" data-action="assign"' in page  # Ta över ärendet


def test_statutes_from_a_supplement_without_one_say_so_without_a_form(
    world: World, login: Any
) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    page = _opened_by_colleague(world, login, app, "supplement_statutes")
    assert "Ingen komplettering i ärendet har kommit in med en fil" in page
    assert FORM not in page and "Om du skickar formuläret" not in page


def test_the_decision_makers_decide_still_works_on_the_handlers_case(
    world: World, login: Any
) -> None:
    app = drive(world, world.submit(), State.PROPOSED)
    page = login(world.decider).get(action_url(app, "decide")).content.decode()
    assert FORM in page and "handläggs av" not in page
