"""A decision sent after a colleague decided the case in another tab: the page says plainly that
the case was decided, by whom and when, links to the decision, offers no form, and lists only
what the user may do now (from the state machine). A refusal the sender answers in the form
(a rule on the input, a changed proposal) still shows the form with the input."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.world import World, drive
from vetting import services as svc
from vetting.models import Decision, State

pytestmark = pytest.mark.django_db

FORM = '<form method="post" enctype'


def _decide_form(world: World, app: Any, login: Any) -> tuple[Client, str, dict[str, Any]]:
    web = login(world.decider)
    url = reverse("web:case_action", args=[app.reference, "decide"])
    form = web.get(url).context["form"]
    post = {
        "outcome": app.proposed_outcome,
        "amount": str(form.initial["amount"]),
        "criteria": list(form.initial["criteria"]),
        "reasons": "",
        "no_conflict_confirmed": "on",
        "proposal_version": form.initial["proposal_version"],
    }
    return web, url, post


def test_deciding_a_case_decided_meanwhile_says_who_decided_it(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.PROPOSED)
    web, url, post = _decide_form(world, app, login)
    assert login(world.decider_small).post(url, post).status_code == 302  # the other tab

    response = web.post(url, post)
    assert response.status_code == 409
    page = response.content.decode()
    decision = Decision.objects.get(application=app)
    assert "Ärendet är redan beslutat" in page
    assert world.decider_small.get_full_name() in page
    assert decision.decided_at is not None
    assert f'href="/arenden/{app.reference}/beslut/{decision.pk}/" id="decision-link"' in page
    assert f"{app.reference} beslut 1" in page
    assert FORM not in page and 'id="proposal-heading"' not in page
    now = re.findall(r'data-action="([a-z_]+)"', page)
    assert "decide" not in now and "declare_conflict" not in now
    # as the case page offers them to this user now, from the state machine
    case_page = web.get(f"/arenden/{app.reference}/").content.decode()
    assert now == re.findall(r'data-action="([a-z_]+)"', case_page)
    assert Decision.objects.filter(application=app).count() == 1


def test_a_changed_proposal_shows_the_form_again_with_the_input(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.PROPOSED)
    web, url, post = _decide_form(world, app, login)
    svc.application_return_to_review(application=app, actor=world.decider_small, reasons="Oklart")
    svc.application_propose(
        application=app, actor=world.handler, outcome="approved", reasons="Ny motivering här."
    )
    post["reasons"] = "Beslutsfattarens egen motivering som inte får försvinna."
    response = web.post(url, {**post})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Förslaget har ändrats" in page and FORM in page
    assert "Beslutsfattarens egen motivering som inte får försvinna." in page
    # the form now carries the proposal shown: sent again, it decides
    fresh = response.context["form"].data["proposal_version"]
    assert web.post(url, {**post, "proposal_version": fresh}).status_code == 302


def test_a_state_refused_sending_offers_no_form(world: World, login: Any) -> None:
    """Any refusal of the state, not only a decision's: the form is not offered again."""
    app = drive(world, world.submit(), State.IN_REVIEW)
    web = login(world.handler)
    url = reverse("web:case_action", args=[app.reference, "withdraw"])
    assert FORM in web.get(url).content.decode()
    svc.application_withdraw(application=app, actor=world.handler, reason="Per e-post.")
    response = web.post(url, {"reason": "Sökanden återkallar per telefon."})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Åtgärden kan inte utföras nu" in page and FORM not in page
