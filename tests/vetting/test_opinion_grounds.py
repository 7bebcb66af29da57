"""RF 2 kap. 21 §: a fail, and a refusal resting on one, whose words speak of political or
religious affiliation or opinions needs the officer's confirmation that the ground is concrete
acts or the statutes' text (tester3 item 7: "medlem i ett parti som vill lämna EU" and "knuten
till en muslimsk församling" went through to a decision with no warning). A safeguard, not a
classifier: a pass is never asked, and the trail records only that it was confirmed."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from audit.models import AuditEvent
from tests.api.conftest import officer_for
from tests.world import World, assess_all, drive
from vetting import services as svc
from vetting.errors import InvalidInput
from vetting.models import Application, Kind, State
from vetting.services.opinion_grounds import OPINION_CONFIRMED, mentions_opinion

pytestmark = pytest.mark.django_db

PARTY = (
    "Föreningens ordförande är medlem i ett parti som vill lämna EU och har uttalat sig "
    "kritiskt om jämställdhetspolitiken."
)
MOSQUE = "Föreningen är knuten till en muslimsk församling."
ACT = (
    "Föreningens ordförande uppmanade den 3 mars vid ett offentligt möte till våld mot "
    "meningsmotståndare (polisanmälan K123-26)."
)
REASONS = (
    "Villkoret DEMOCRATIC_PRINCIPLES är inte uppfyllt: föreningens ordförande är medlem i ett "
    "parti som vill lämna EU."
)
URL = "/api/v1/applications/"


def test_the_list_flags_affiliation_and_opinions_not_acts_or_look_alikes() -> None:
    for text in (PARTY, MOSQUE, "Frikyrkoförsamlingen", "judisk", "åsikterna", "islamistisk"):
        assert mentions_opinion([text]), text
    for text in (ACT, "Ljudet var högt", "stort förtroende", "hot mot en kommunpolitiker",
                 "partiell betalning", "Stadgarna saknar årsmöte"):  # fmt: skip
        assert not mentions_opinion([text]), text


def _in_review(world: World) -> Application:
    app = drive(world, world.submit(Kind.FORENINGSBIDRAG), State.IN_REVIEW)
    assess_all(world, app)
    return app


def _fail(world: World, app: Application, text: str, confirmed: bool = False) -> object:
    data = svc.AssessmentInput(
        criterion_code="DEMOCRATIC_PRINCIPLES",
        outcome="fail",
        evidence_kind="fact",
        evidence_text=text,
        confirm_not_opinion=confirmed,
    )
    return svc.assessment_record(application=app, actor=world.handler, data=data)


def test_a_fail_on_affiliation_needs_the_confirmation_which_is_all_the_trail_keeps(
    world: World,
) -> None:
    app = _in_review(world)
    for text in (PARTY, MOSQUE):
        with pytest.raises(InvalidInput) as info:
            _fail(world, app, text)
        assert set(info.value.errors) == {"confirm_not_opinion"}
        assert "2 kap. 21 § regeringsformen" in str(info.value.errors["confirm_not_opinion"][0])
    _fail(world, app, PARTY, confirmed=True)
    event = AuditEvent.objects.filter(action="assessment.recorded").latest("id")
    assert event.changes[OPINION_CONFIRMED] is True
    recorded = json.dumps(event.changes, ensure_ascii=False).lower()
    assert "parti" not in recorded and "muslim" not in recorded  # no register of beliefs


def test_a_pass_or_a_fail_on_acts_is_never_asked(world: World) -> None:
    app = _in_review(world)
    data = svc.AssessmentInput(
        criterion_code="DEMOCRATIC_PRINCIPLES",
        outcome="pass",
        evidence_kind="fact",
        evidence_text="Föreningen är knuten till en församling och stadgarna har demokratiska "
        "villkor för medlemskap och val.",
    )
    svc.assessment_record(application=app, actor=world.handler, data=data)
    _fail(world, app, ACT)  # concrete acts, no affiliation named: nothing to confirm
    event = AuditEvent.objects.filter(action="assessment.recorded").latest("id")
    assert OPINION_CONFIRMED not in event.changes


def test_a_refusal_resting_on_such_a_fail_is_confirmed_again_when_proposed(world: World) -> None:
    app = _in_review(world)
    _fail(world, app, MOSQUE, confirmed=True)
    neutral = "Villkoret DEMOCRATIC_PRINCIPLES är inte uppfyllt enligt underlaget i ärendet."
    propose = {"outcome": "rejected", "reasons": neutral, "criteria": ["DEMOCRATIC_PRINCIPLES"]}
    with pytest.raises(InvalidInput) as info:  # the evidence cited names the affiliation
        svc.application_propose(application=app, actor=world.handler, **propose)  # type: ignore[arg-type]
    assert "confirm_not_opinion" in info.value.errors
    svc.application_propose(
        application=app,
        actor=world.handler,
        confirm_not_opinion=True,
        **propose,  # type: ignore[arg-type]
    )
    event = AuditEvent.objects.get(action="application.propose")
    assert event.changes[OPINION_CONFIRMED] is True


def test_an_approval_is_not_asked(world: World) -> None:
    app = _in_review(world)
    svc.application_propose(
        application=app,
        actor=world.handler,
        outcome="approved",
        reasons="Föreningen har inga band till något parti och uppfyller villkoren.",
    )
    assert Application.objects.get(pk=app.pk).state == State.PROPOSED


def test_the_api_asks_for_and_takes_the_confirmation(world: World) -> None:
    app = _in_review(world)
    api = officer_for(world.handler)
    fail: dict[str, object] = {
        "criterion": "DEMOCRATIC_PRINCIPLES",
        "outcome": "fail",
        "evidence_kind": "fact",
        "evidence_text": PARTY,
    }
    response = api.post(f"{URL}{app.pk}/assessments/", fail, format="json")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "21 §" in response.json()["errors"]["confirm_not_opinion"][0]
    fail["confirm_not_opinion"] = True
    assert api.post(f"{URL}{app.pk}/assessments/", fail, format="json").status_code == 201
    propose = {"outcome": "rejected", "reasons": REASONS, "criteria": ["DEMOCRATIC_PRINCIPLES"]}
    url = f"{URL}{app.pk}/actions/propose/"
    response = api.post(url, propose, format="json")
    assert response.status_code == 422 and "confirm_not_opinion" in response.json()["errors"]
    response = api.post(url, {**propose, "confirm_not_opinion": True}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "proposed"


def test_the_pages_state_the_rule_and_ask_for_the_confirmation(world: World) -> None:
    app = _in_review(world)
    web = Client()
    web.force_login(world.handler)
    url = f"/arenden/{app.reference}/atgard/assess/"
    page = web.get(url).content.decode()
    assert "aldrig på åsikter eller politisk eller religiös tillhörighet" in page
    assert 'name="confirm_not_opinion"' in page
    post = {
        "criterion": "DEMOCRATIC_PRINCIPLES",
        "outcome": "fail",
        "evidence_kind": "fact",
        "evidence_text": MOSQUE,
    }
    response = web.post(url, post)
    assert response.status_code == 422
    assert "confirm_not_opinion" in response.context["form"].errors
    assert web.post(url, {**post, "confirm_not_opinion": "on"}).status_code == 302
    propose = f"/arenden/{app.reference}/atgard/propose/"
    page = web.get(propose).content.decode()
    assert "2 kap. 1 och 21 §§" in page and 'name="confirm_not_opinion"' in page
    data = {"outcome": "rejected", "reasons": REASONS, "criteria": ["DEMOCRATIC_PRINCIPLES"]}
    response = web.post(propose, data)
    assert response.status_code == 422
    assert "confirm_not_opinion" in response.context["form"].errors
    assert web.post(propose, {**data, "confirm_not_opinion": "on"}).status_code == 302
