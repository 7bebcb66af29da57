"""The proposal's, the kommunicering's and the decision's transitions are written in a mixin
(``vetting.models.deciding``) and are the case's own: django-fsm collects them on
``Application.state`` with the others, from the same states to the same states as when they were
declared on ``Application`` itself. In memory: no database."""

from __future__ import annotations

from django.utils import timezone

from vetting.models import Application, DecisionOutcome, Kind, State
from vetting.models.deciding import DecidingTransitions

# name: (sources, target)
DECIDING = {
    "propose": ({State.IN_REVIEW}, State.PROPOSED),
    "communicate": ({State.PROPOSED}, State.COMMUNICATED),
    "record_response": ({State.COMMUNICATED}, State.COMMUNICATED),
    "return_to_review": ({State.PROPOSED, State.COMMUNICATED}, State.IN_REVIEW),
    "decide_approve": ({State.PROPOSED}, State.APPROVED),
    "decide_approve_after_communication": ({State.COMMUNICATED}, State.APPROVED),
    "decide_reject": ({State.COMMUNICATED}, State.REJECTED),
    "decide_reject_without_hearing": ({State.PROPOSED}, State.REJECTED),
    "decide_partly_without_hearing": ({State.PROPOSED}, State.APPROVED),
    "correct_to_approved": ({State.APPROVED, State.REJECTED}, State.APPROVED),
    "correct_to_rejected": ({State.APPROVED, State.REJECTED}, State.REJECTED),
}


def test_the_mixins_transitions_are_collected_on_the_cases_state() -> None:
    state = Application._meta.get_field("state")
    found: dict[str, set[str]] = {}
    for transition in Application().get_all_state_transitions():
        found.setdefault(transition.name, set()).add(transition.source)
    assert set(found) >= set(DECIDING)
    for name, (sources, target) in DECIDING.items():
        method = getattr(DecidingTransitions, name)
        assert method._django_fsm.field is state, name
        assert found[name] == sources, name
        assert {method._django_fsm.get_transition(s).target for s in sources} == {target}, name


def test_an_adverse_proposal_is_communicated_and_decided_after_the_answer() -> None:
    app = Application(
        kind=Kind.FORENINGSBIDRAG,
        state=State.PROPOSED,
        proposed_outcome=DecisionOutcome.REJECTED,
    )
    assert app.proposal_is_adverse
    app.communicate(due=timezone.localdate())
    assert app.state == State.COMMUNICATED and not app.response_window_closed()
    app.record_response()
    assert app.response_window_closed()
    app.decide_reject()
    assert app.state == State.REJECTED and app.closed_at == app.decided_at is not None
