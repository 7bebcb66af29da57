"""The case page and jäv (FL 16-17 §§): an officer declares their own jäv from the case, is then
offered no action and refused every one with the jäv's reason; the handler's jäv shows who
must take over, on the case and in the work queue."""

from __future__ import annotations

import re
from typing import Any

import pytest

from audit.context import SYSTEM
from audit.models import AuditEvent
from tests.world import World, drive
from vetting.models import ConflictOfInterest, State
from vetting.services.conflicts import conflict_declare

pytestmark = pytest.mark.django_db

JAV = "har anmält jäv mot föreningen"


def buttons(page: str) -> list[str]:
    return re.findall(r'data-action="([a-z_]+)"', page)


def case_url(app: Any, action: str = "") -> str:
    return f"/arenden/{app.reference}/" + (f"atgard/{action}/" if action else "")


def test_the_handler_declares_jav_and_another_handler_is_told_to_take_over(
    world: World, login: Any
) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    handler = login(world.handler)
    page = handler.get(case_url(app)).content.decode()
    assert 'id="declare-conflict"' in page and "propose" in buttons(page)
    form = handler.get(case_url(app, "declare_conflict"))
    assert form.status_code == 200 and "Grund för jävet" in form.content.decode()
    blank = handler.post(case_url(app, "declare_conflict"), {"reason": ""})
    assert blank.status_code == 422
    done = handler.post(case_url(app, "declare_conflict"), {"reason": "Jag är kassör i kåren."})
    assert done.status_code == 302, done.content.decode()[:2000]
    conflict = ConflictOfInterest.objects.get(user=world.handler, association=world.scouts)
    assert conflict.reason == "Jag är kassör i kåren."
    assert AuditEvent.objects.filter(action="conflict.declared", case_ref=app.reference).exists()

    page = handler.get(case_url(app)).content.decode()
    assert buttons(page) == [] and 'id="own-conflict"' in page
    assert 'id="declare-conflict"' not in page  # declared once
    other = login(world.handler2).get(case_url(app)).content.decode()
    assert 'id="handler-conflict"' in other and buttons(other) == ["assign"]
    queue = login(world.handler2).get("/?group=unassigned").content.decode()
    assert app.reference in queue and "jävig, ska tas över" in queue


@pytest.mark.parametrize(
    ("state", "action", "data"),
    [
        (State.IN_REVIEW, "request_supplement", {"what": "Årsmötesprotokoll"}),
        (State.IN_REVIEW, "start_program_review", {"reason": "Tveksamt innehåll"}),
        (State.PROPOSED, "return_to_review", {"reasons": "Bedömningen behöver ses över."}),
    ],
)
def test_a_javig_officer_is_refused_with_the_reason_on_the_form_and_on_submit(
    world: World, login: Any, state: str, action: str, data: dict[str, str]
) -> None:
    app = drive(world, world.submit(), state)
    user = world.decider if action == "return_to_review" else world.handler
    conflict_declare(actor=SYSTEM, user=user, association=world.scouts, reason="Medlem")
    client = login(user)
    opened = client.get(case_url(app, action)).content.decode()
    assert JAV in opened
    refused = client.post(case_url(app, action), data)
    assert refused.status_code == 403
    assert JAV in refused.content.decode()
    app.refresh_from_db()
    assert app.state == state


def test_a_javig_officer_is_not_offered_the_assign_form_and_the_heading_is_said_once(
    world: World, login: Any
) -> None:
    """ui14 item 11: "Ta ärendet" was offered under the refusal, headed "Jäv" / "Jäv: du …"."""
    app = drive(world, world.submit(), State.SUBMITTED)
    conflict_declare(actor=SYSTEM, user=world.handler, association=world.scouts, reason="Medlem")
    page = login(world.handler).get(case_url(app, "assign")).content.decode()
    assert "<h2>Jäv</h2>" in page and "<p>Du har anmält jäv mot föreningen" in page
    assert "Jäv: du har" not in page
    assert '<form method="post" enctype' not in page and 'id="back-to-case"' in page


def test_a_case_the_officer_may_not_take_leaves_her_unassigned_queue(
    world: World, login: Any
) -> None:
    app = drive(world, world.submit(), State.SUBMITTED)
    client = login(world.handler)
    assert app.reference in client.get("/?group=unassigned").content.decode()
    conflict_declare(actor=SYSTEM, user=world.handler, association=world.scouts, reason="Medlem")
    assert app.reference not in client.get("/?group=unassigned").content.decode()
    assert app.reference in login(world.handler2).get("/?group=unassigned").content.decode()
