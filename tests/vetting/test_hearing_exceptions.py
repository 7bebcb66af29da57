"""The FL 25 § exception path, done properly: an adverse proposal may be decided without
kommunicering only under a named exception with why it applies (ADR 0026), recorded on the
decision, printed in its letter and in the audit event; the justification of an exception (a
decision's or a revocation's) meets the floor of a decision's reasons and states facts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from audit.facts import event_facts
from audit.models import AuditEvent
from tests.chain import committed_text
from tests.world import World, assess_all, cast, drive
from vetting import demo
from vetting import services as svc
from vetting.actions import allowed_actions
from vetting.errors import InvalidInput, PermissionRefused
from vetting.models import State
from web.documents.decision import decision_document

pytestmark = pytest.mark.django_db

WHY = (
    "Evenemanget äger rum den 26 november, fyra dagar efter att ansökan kom in; ett beslut "
    "efter kommunicering kommer efter evenemanget."
)
REJECT_REASONS = (
    "Föreningen uppfyller inte villkoret Ingen våldsbejakande extremism: ordföranden "
    "uppmanade till våld vid föreningens möte (se underlaget)."
)


def _proposed(world: World, outcome: str = "rejected") -> Any:
    app = drive(world, world.submit(), State.IN_REVIEW)
    if outcome == "rejected":
        assess_all(world, app, fail="NO_VIOLENT_EXTREMISM")
        svc.application_propose(
            application=app, actor=world.handler, outcome="rejected", reasons=REJECT_REASONS,
            criteria=["NO_VIOLENT_EXTREMISM"],
        )  # fmt: skip
    else:
        assess_all(world, app)
        svc.application_propose(
            application=app, actor=world.handler, outcome="partly_approved",
            amount=Decimal("1000"), reasons="Budgeten räcker bara till halva hyran för lokalen.",
        )  # fmt: skip
    app.refresh_from_db()
    return app


def _decide(world: World, app: Any, **kwargs: Any) -> Any:
    asked = {"outcome": app.proposed_outcome, "no_conflict_confirmed": True, **kwargs}
    return svc.application_decide(application=app, actor=world.decider, **asked)


def _text(decision: Any) -> str:
    document = decision_document(decision)
    return " ".join(str(p) for s in document.sections for p in [s.heading, *s.paragraphs])


def test_the_state_machine_offers_deciding_an_adverse_proposal(world: World) -> None:
    app = _proposed(world)
    assert "decide" in allowed_actions(app, world.decider)
    assert "decide" not in allowed_actions(app, world.handler)  # the role, as always


def test_an_adverse_proposal_without_hearing_or_exception_is_refused(world: World) -> None:
    app = _proposed(world)
    with pytest.raises(InvalidInput) as info:
        _decide(world, app)
    assert "måste kommuniceras före beslut" in str(info.value.errors["hearing_exception"][0])
    assert "applicant_heard" in info.value.errors
    app.refresh_from_db()
    assert app.state == State.PROPOSED and not app.decisions.exists()


@pytest.mark.parametrize(
    "why", ["Brådskande.", "Ärendet är brådskande och kan inte vänta på kommunicering."]
)
def test_a_justification_without_facts_is_refused(world: World, why: str) -> None:
    app = _proposed(world)
    with pytest.raises(InvalidInput) as info:
        _decide(world, app, hearing_exception="urgent", applicant_heard=why)
    assert list(info.value.errors) == ["applicant_heard"]
    app.refresh_from_db()
    assert app.state == State.PROPOSED


def test_a_rejection_under_an_exception_is_recorded_printed_and_in_the_trail(
    world: World,
) -> None:
    app = _proposed(world)
    decision = _decide(world, app, hearing_exception="urgent", applicant_heard=f" {WHY} ")
    app.refresh_from_db()
    assert app.state == State.REJECTED
    assert decision.hearing_exception == "urgent" and decision.applicant_heard == WHY
    assert not decision.after_communication
    text = _text(decision)
    assert "Beslutet har fattats utan att sökanden fått tillfälle att yttra sig" in text
    assert "25 § andra stycket 3 FL" in text and WHY in text
    event = AuditEvent.objects.get(case_ref=app.reference, action="application.decide")
    assert event.changes["hearing_exception"] == "urgent"
    assert committed_text(event, "applicant_heard") == WHY
    with translation.override("sv"):  # the auditors' facts of the event show both
        facts = {f.label: f.value for f in event_facts(event)}
    assert "25 § andra stycket 3 FL" in facts["Undantag från kommunicering"]
    assert facts["Sökanden hörd"] == WHY


def test_a_partial_approval_under_an_exception(world: World) -> None:
    app = _proposed(world, "partly_approved")
    decision = _decide(world, app, hearing_exception="urgent", applicant_heard=WHY)
    app.refresh_from_db()
    assert app.state == State.APPROVED and app.amount_granted == Decimal("1000")
    assert decision.hearing_exception == "urgent"


def test_the_four_eyes_rule_holds_on_the_exception_path(world: World) -> None:
    app = _proposed(world)
    with pytest.raises(PermissionRefused) as info:
        svc.application_decide(
            application=app, actor=world.handler, outcome="rejected", no_conflict_confirmed=True,
            hearing_exception="urgent", applicant_heard=WHY,
        )  # fmt: skip
    assert info.value.code in ("role", "four_eyes")
    app.refresh_from_db()
    assert app.state == State.PROPOSED


def test_delegation_holds_on_the_exception_path(world: World) -> None:
    app = _proposed(world)  # 5 000 kr applied for: above decider_small's delegation
    app.amount_applied = Decimal("50000")
    app.save(update_fields=["amount_applied"])
    with pytest.raises(PermissionRefused) as info:
        svc.application_decide(
            application=app, actor=world.decider_small, outcome="rejected",
            no_conflict_confirmed=True, hearing_exception="urgent", applicant_heard=WHY,
        )  # fmt: skip
    assert info.value.code == "no_delegation"


def test_no_exception_after_kommunicering_nor_on_an_approval(world: World) -> None:
    app = _proposed(world)
    svc.application_communicate(application=app, actor=world.handler)
    svc.application_record_response(application=app, actor=world.handler, response="Vi bestrider.")
    with pytest.raises(InvalidInput) as info:
        _decide(world, app, hearing_exception="urgent", applicant_heard=WHY)
    assert "hearing_exception" in info.value.errors
    approval = drive(world, world.submit(), State.PROPOSED)
    with pytest.raises(InvalidInput) as info:
        _decide(world, approval, hearing_exception="urgent", applicant_heard=WHY)
    assert "hearing_exception" in info.value.errors


def test_a_decision_after_kommunicering_says_nothing_of_an_exception(world: World) -> None:
    app = drive(world, world.submit(), State.REJECTED)
    decision = app.decisions.get()
    assert decision.hearing_exception == "" and "utan att sökanden" not in _text(decision)


def test_a_revocation_exception_with_a_one_word_justification_is_refused(world: World) -> None:
    app = drive(world, world.submit(), State.APPROVED)
    demo.record_new_facts(cast(world), app)
    asked = {
        "application": app,
        "actor": world.decider,
        "reasons": demo.REVOCATION_REASONS,
        "criteria": [demo.REVOCATION_GROUND],
        "no_conflict_confirmed": True,
        "hearing_exception": "urgent",
        "confirm_not_opinion": True,  # the grounds name a religion (RF 2:21)
    }
    with pytest.raises(InvalidInput) as info:
        svc.application_revoke(**asked, applicant_heard="Brådskande.")
    assert list(info.value.errors) == ["applicant_heard"]
    assert "minst 5 ord och 30 tecken" in str(info.value.errors["applicant_heard"][0])
    app.refresh_from_db()
    assert app.state == State.APPROVED
    decision = svc.application_revoke(**asked, applicant_heard=WHY)
    assert decision.applicant_heard == WHY
