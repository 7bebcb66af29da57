"""The decision after a response to the kommunicering deals with it (tester3 item 13: a refusal
reused the proposal's reasons unchanged although the applicant contested them; JO expects the
reasons to answer the objections), and the propose and decide forms preselect no outcome
(item 12: "Bifall" was preselected)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from tests.api.conftest import officer_for
from tests.chain import committed_text
from tests.world import drive
from vetting import services as svc
from vetting.models import Application, Kind, State

pytestmark = pytest.mark.django_db

RESPONSE = "Ordförandens partitillhörighet saknar betydelse; polisanmälan lades ned i april."
CONSIDERED = (
    "Sökanden anför att polisanmälan lagts ned. Nedläggningen ändrar inte att uppmaningen till "
    "våld gjordes offentligt inför vittnen, vilket är det avslaget grundar sig på."
)
HEADING = "Sökandens synpunkter och nämndens bedömning"


def _answered(world) -> Application:  # type: ignore[no-untyped-def]
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.COMMUNICATED)
    svc.application_record_response(application=app, actor=world.handler, response=RESPONSE)
    app.refresh_from_db()
    return app


def _selected(page: str) -> list[str]:
    select = re.search(r'<select name="outcome".*?</select>', page, re.S)
    assert select is not None
    return re.findall(r'<option value="([a-z_]*)"[^>]*selected', select.group(0))


def test_the_propose_form_preselects_no_outcome_and_decide_the_proposal_s(world, login) -> None:  # type: ignore[no-untyped-def]
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.IN_REVIEW)
    url = f"/arenden/{app.reference}/atgard/propose/"
    client = login(world.handler)
    assert _selected(client.get(url).content.decode()) in ([], [""])
    response = client.post(url, {"reasons": ""})
    assert response.status_code == 422
    assert response.context["form"].errors["outcome"] == ["Välj ett utfall."]
    proposed = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.PROPOSED)
    url = f"/arenden/{proposed.reference}/atgard/decide/"
    decider = login(world.decider)
    # The decide form starts from the proposal as a whole (ui14 item 17: the amount was
    # prefilled but not the outcome), never from a default of its own.
    assert _selected(decider.get(url).content.decode()) == [proposed.proposed_outcome]
    response = decider.post(url, {"no_conflict_confirmed": "on"})
    assert response.status_code == 422
    assert response.context["form"].errors["outcome"] == ["Välj ett utfall."]
    assert Application.objects.get(pk=proposed.pk).state == State.PROPOSED


def test_after_a_response_the_decision_must_deal_with_it(world, login) -> None:  # type: ignore[no-untyped-def]
    app = _answered(world)
    url = f"/arenden/{app.reference}/atgard/decide/"
    client = login(world.decider)
    opened = client.get(url)
    page = opened.content.decode()
    assert 'name="response_considered"' in page and RESPONSE in page
    post = {
        "outcome": "rejected",
        "no_conflict_confirmed": "on",
        "reasons": "",
        "proposal_version": opened.context["form"].initial["proposal_version"],
    }
    response = client.post(url, post)  # the proposal's reasons unchanged, nothing more
    assert response.status_code == 422
    assert "response_considered" in response.context["form"].errors
    response = client.post(url, {**post, "response_considered": "Invändningen godtas inte."})
    assert "för kort" in str(response.context["form"].errors["response_considered"])
    assert client.post(url, {**post, "response_considered": CONSIDERED}).status_code == 302
    decision = app.decisions.get()
    assert decision.response_considered == CONSIDERED
    event = AuditEvent.objects.get(action="application.decide")
    assert committed_text(event, "response_considered") == CONSIDERED
    letter = client.get(f"/arenden/{app.reference}/beslut/{decision.pk}/").content.decode()
    assert HEADING in letter and CONSIDERED in letter


def test_the_api_asks_for_it_and_refuses_it_without_a_response(world) -> None:  # type: ignore[no-untyped-def]
    app = _answered(world)
    url = f"/api/v1/applications/{app.pk}/actions/decide/"
    api = officer_for(world.decider)
    data = {"outcome": "rejected", "no_conflict_confirmed": True}
    response = api.post(url, data, format="json")
    assert response.status_code == 422
    assert "response_considered" in response.json()["errors"]
    response = api.post(url, {**data, "response_considered": CONSIDERED}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "rejected"
    # No response by the deadline: nothing to deal with; the field is neither asked nor taken.
    silent = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.COMMUNICATED)
    Application.objects.filter(pk=silent.pk).update(
        response_due=timezone.localdate() - timedelta(days=1)
    )
    silent.communications.update(due=timezone.localdate() - timedelta(days=1))
    url = f"/api/v1/applications/{silent.pk}/actions/decide/"
    response = api.post(url, {**data, "response_considered": CONSIDERED}, format="json")
    assert response.status_code == 422
    assert "response_considered" in response.json()["errors"]
    response = api.post(url, data, format="json")
    assert response.status_code == 200, response.json()
    assert HEADING not in str(silent.decisions.get().response_considered)
