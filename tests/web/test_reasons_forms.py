"""The propose, decide and revoke forms say what adverse reasons need (FL 32 §) and show the
service's refusal at the reasons field."""

from __future__ import annotations

from typing import Any

import pytest

from tests.vetting.test_reasons import GOOD
from tests.world import World, assess_all, cast, drive
from vetting import demo
from vetting import services as svc
from vetting.models import State

pytestmark = pytest.mark.django_db


def _url(app: Any, action: str) -> str:
    return f"/arenden/{app.reference}/atgard/{action}/"


def _reasons_error(response: Any) -> str:
    assert response.status_code == 422
    return " ".join(response.context["form"].errors["reasons"])


def test_the_propose_form_refuses_a_one_word_rejection_at_the_reasons(
    world: World, login: Any
) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app, fail="NO_VIOLENT_EXTREMISM")
    client = login(world.handler)
    page = client.get(_url(app, "propose")).content.decode()
    assert "minst 5 ord och 30 tecken" in page and "Vid bifall i sin helhet" in page
    post = {"outcome": "rejected", "criteria": ["NO_VIOLENT_EXTREMISM"]}
    error = _reasons_error(client.post(_url(app, "propose"), {**post, "reasons": "Avslag."}))
    assert "för korta" in error
    restated = "Ansökan om bidrag avslås i sin helhet."
    error = _reasons_error(client.post(_url(app, "propose"), {**post, "reasons": restated}))
    assert "upprepar bara utfallet" in error
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW
    assert client.post(_url(app, "propose"), {**post, "reasons": GOOD}).status_code == 302


def test_the_decide_form_refuses_the_deciders_thin_reasons(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.COMMUNICATED)
    svc.application_record_response(application=app, actor=world.handler, response="Bestrids.")
    client = login(world.decider)
    form = client.get(_url(app, "decide")).context["form"]
    post = {
        "outcome": "rejected",
        "criteria": ["NO_VIOLENT_EXTREMISM"],
        "no_conflict_confirmed": "on",
        "proposal_version": form.initial["proposal_version"],
        "response_considered": demo.RESPONSE_CONSIDERED,  # the applicant contested it
    }
    assert "för korta" in _reasons_error(
        client.post(_url(app, "decide"), {**post, "reasons": "Avslag"})
    )
    assert client.post(_url(app, "decide"), {**post, "reasons": ""}).status_code == 302


def test_the_revoke_form_refuses_thin_reasons(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.PAID)
    demo.record_new_facts(cast(world), app)
    client = login(world.decider)
    assert "minst 5 ord" in client.get(_url(app, "revoke")).content.decode()
    post = {
        "reasons": "Villkor brutna.",
        "criteria": [demo.REVOCATION_GROUND],
        "hearing_exception": "urgent",
        "applicant_heard": "Föreningen yttrade sig skriftligt 2026-10-01.",
        "no_conflict_confirmed": "on",
    }
    assert "för korta" in _reasons_error(client.post(_url(app, "revoke"), post))
    app.refresh_from_db()
    assert app.state == State.PAID


def test_the_propose_form_refuses_a_token_approval_at_the_reasons(world: World, login: Any) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app)
    client = login(world.handler)
    page = client.get(_url(app, "propose")).content.decode()
    assert "minst 3 ord och 15 tecken" in page
    post = {"outcome": "approved", "amount": "4000"}
    error = _reasons_error(client.post(_url(app, "propose"), {**post, "reasons": "x"}))
    assert "får lämnas tom" in error
    assert client.post(_url(app, "propose"), {**post, "reasons": ""}).status_code == 302
