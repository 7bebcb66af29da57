"""The work queue brings a grant back when its revocation hearing is under way (ADR 0015): the
handler while the answer is awaited, the decision maker once the hearing has closed (the answer
registered, or the day to answer by passed), each row marked with where the hearing stands."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.web.test_queue import _queries, counts, rows
from tests.world import World, cast, drive
from vetting import demo
from vetting import services as svc
from vetting.actions import allowed_actions
from vetting.models import Application, Communication, State

pytestmark = pytest.mark.django_db

DROP_REASONS = (
    "Föreningens yttrande visar att personen fick medlemskap; villkoret om "
    "icke-diskriminering är uppfyllt."
)


def hearing(world: World, stage: str, state: str = State.PAID) -> Application:
    """A grant whose intended revocation was communicated, at ``stage``: "awaiting" the
    answer, "answered", "lapsed" (no answer by the day), "dropped" or "revoked"."""
    app = drive(world, world.submit(), state)
    demo.communicate_revocation(cast(world), app)
    if stage in ("answered", "revoked"):
        svc.application_record_response(
            application=app, actor=world.handler, response=demo.REVOCATION_RESPONSE
        )
    if stage == "lapsed":
        yesterday = timezone.localdate() - timedelta(days=1)
        Application.objects.filter(pk=app.pk).update(revocation_response_due=yesterday)
        Communication.objects.filter(application=app).update(due=yesterday)
    if stage == "dropped":
        svc.application_drop_revocation(
            application=app, actor=world.decider, reasons=DROP_REASONS, no_conflict_confirmed=True
        )
    if stage == "revoked":
        svc.application_revoke(
            application=app,
            actor=world.decider,
            reasons=demo.REVOCATION_REASONS,
            criteria=[demo.REVOCATION_GROUND],
            no_conflict_confirmed=True,
            confirm_not_opinion=True,  # the grounds name a religion (RF 2:21)
            repayment_due=svc.decision_checks.default_repayment_due(),
            response_considered=demo.REVOCATION_RESPONSE_CONSIDERED,  # it objected (FL 32 §)
        )
    app.refresh_from_db()
    return app


def listed(client, group: str) -> set[str]:
    return {r[0] for r in rows(client.get(f"/?group={group}").content.decode())}


def test_a_closed_hearing_is_the_decision_makers_to_decide(world, login):
    answered = hearing(world, "answered")
    lapsed = hearing(world, "lapsed", State.APPROVED)
    awaiting = hearing(world, "awaiting")
    dropped = hearing(world, "dropped")
    revoked = hearing(world, "revoked")
    client = login(world.decider)
    page = client.get("/?group=to_decide").content.decode()
    assert {r[0] for r in rows(page)} == {answered.reference, lapsed.reference}
    assert "återkallelse: yttrande inkommet" in page
    assert "återkallelse: svarstiden har gått ut" in page
    assert awaiting.reference not in page and dropped.reference not in page
    assert revoked.reference not in page
    # The applicant may still answer: waiting, marked so.
    waiting = client.get("/?group=waiting").content.decode()
    assert {r[0] for r in rows(waiting)} == {awaiting.reference}
    assert "återkallelse: väntar på yttrande" in waiting


def test_the_handler_finds_the_hearing_awaiting_the_answer_among_their_cases(world, login):
    awaiting = hearing(world, "awaiting")
    answered = hearing(world, "answered")
    client = login(world.handler)
    assert listed(client, "mine") == {awaiting.reference}
    assert answered.reference not in listed(client, "waiting")
    assert counts(client.get("/").content.decode())["waiting"] == 1


def test_the_decision_maker_who_sent_the_letter_does_not_find_it(world, login):
    """Four-eyes: whoever communicated the intended revocation prepared it."""
    app = drive(world, world.submit(), State.PAID)
    demo.record_new_facts(cast(world), app)
    world.decider.groups.add(world.handler.groups.get())
    both = type(world.decider).objects.get(pk=world.decider.pk)  # roles read afresh
    svc.application_communicate_revocation(
        application=app,
        actor=both,
        reasons=demo.REVOCATION_REASONS,
        criteria=[demo.REVOCATION_GROUND],
        confirm_not_opinion=True,  # the grounds name a religion (RF 2:21)
    )
    svc.application_record_response(
        application=app, actor=world.handler, response=demo.REVOCATION_RESPONSE
    )
    assert app.reference not in listed(login(both), "to_decide")
    assert app.reference in listed(login(world.decider_small), "to_decide")


@pytest.mark.parametrize("stage", ["awaiting", "answered", "lapsed", "dropped", "revoked"])
def test_to_decide_agrees_with_the_state_machine_on_revocations(world, stage):
    """Listed exactly when the decision maker is offered both the revocation after the hearing
    and its drop (a grant without a hearing may be revoked under an exception: not listed)."""
    from web.selectors import group_conditions, with_deadline

    app = hearing(world, stage)
    condition = group_conditions(world.decider)["to_decide"]
    shown = with_deadline(Application.objects.filter(pk=app.pk)).filter(condition).exists()
    offered = allowed_actions(app, world.decider)
    assert shown == ("revoke" in offered and "drop_revocation" in offered)
    assert shown == (stage in ("answered", "lapsed"))


@pytest.mark.parametrize(("who", "group"), [("decider", "to_decide"), ("handler", "mine")])
def test_query_count_is_constant_in_revocation_rows(world, login, who, group):
    client = login(getattr(world, who))
    stage = "answered" if group == "to_decide" else "awaiting"

    def add(n: int) -> None:
        for _ in range(n):
            hearing(world, stage)

    add(1)
    few = _queries(client, f"/?group={group}&sort=deadline")
    add(4)
    many = _queries(client, f"/?group={group}&sort=deadline")
    assert few == many
    assert len(listed(client, group)) == 5


def test_the_hearings_day_to_answer_by_is_the_rows_deadline(world, login):
    """The revocation hearing's day to answer by is a deadline as a supplement's or a
    proposal's kommunicering's is: shown in the row, named, sorted by, and overdue once
    passed (the decision maker's turn); an answered or dropped hearing has none."""
    awaiting = hearing(world, "awaiting")
    due = awaiting.revocation_response_due
    assert due == awaiting.communications.get(purpose="revocation").due
    soon = timezone.localdate() + timedelta(days=2)
    Application.objects.filter(pk=awaiting.pk).update(revocation_response_due=soon)
    lapsed = hearing(world, "lapsed")
    answered = hearing(world, "answered")
    dropped = hearing(world, "dropped")
    fresh = world.submit(subject="Ny")  # handling deadline: a month ahead
    body = login(world.handler).get("/?group=all&sort=deadline").content.decode()
    shown = {ref: (deadline, late) for ref, deadline, late in rows(body)}
    yesterday = timezone.localdate() - timedelta(days=1)
    assert shown[awaiting.reference] == (soon, False)
    assert shown[lapsed.reference] == (yesterday, True)
    assert shown[answered.reference] == (None, False)
    assert shown[dropped.reference] == (None, False)
    order = [ref for ref, _d, _l in rows(body)]
    assert order.index(lapsed.reference) < order.index(awaiting.reference)
    assert order.index(awaiting.reference) < order.index(fresh.reference)
    assert "yttrande över avsett återkallande" in body
    overdue = listed(login(world.decider), "overdue")
    assert lapsed.reference in overdue and awaiting.reference not in overdue
