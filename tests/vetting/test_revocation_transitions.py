"""The revocation's transitions are written in a mixin (``vetting.models.revocation``) and are the
case's own: django-fsm collects them on ``Application.state`` with the others, and offers each as
the hearing of an intended revocation goes (ADR 0015, ADR 0022). In memory: no database."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from vetting.models import Application, Kind, State
from vetting.models.revocation import RevocationTransitions

REVOCATION = {
    "communicate_revocation",
    "record_revocation_response",
    "drop_revocation",
    "revoke",
    "revoke_without_hearing",
}


def available(app: Application) -> set[str]:
    return {t.name for t in app.get_available_state_transitions()}


def test_the_mixins_transitions_are_collected_on_the_cases_state() -> None:
    state = Application._meta.get_field("state")
    found = {t.name: t for t in Application().get_all_state_transitions()}
    assert set(found) >= REVOCATION
    for name in REVOCATION:
        assert getattr(RevocationTransitions, name)._django_fsm.field is state
        assert found[name].source in (State.APPROVED, State.PAID)
    assert found["revoke"].target == found["revoke_without_hearing"].target == State.REVOKED
    assert found["communicate_revocation"].target is None  # the grant stays in force


def test_an_approved_grant_offers_each_step_of_the_hearing_in_turn() -> None:
    app = Application(kind=Kind.FORENINGSBIDRAG, state=State.APPROVED)
    assert available(app) & REVOCATION == {"communicate_revocation", "revoke_without_hearing"}
    assert app.revocation_hearing_status() == ""

    app.communicate_revocation(due=timezone.localdate() + timedelta(days=14))
    assert app.state == State.APPROVED and app.revocation_hearing_open()
    assert available(app) & REVOCATION == {"record_revocation_response", "drop_revocation"}
    assert app.revocation_hearing_status() == "awaiting"

    app.record_revocation_response()
    assert app.revocation_window_closed() and app.revocation_hearing_status() == "answered"
    assert available(app) & REVOCATION == {"drop_revocation", "revoke"}

    app.revoke()
    assert app.state == State.REVOKED and app.revoked_at is not None
    assert available(app) & REVOCATION == set()


def test_a_rental_is_offered_no_revocation() -> None:
    app = Application(kind=Kind.LOKALUTHYRNING, state=State.APPROVED)
    assert available(app) & REVOCATION == set()
