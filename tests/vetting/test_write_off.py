"""A write-off is a decision (ADR 0025): the decision maker's under every check of a decision,
a ``Decision`` with reasons (FL 32 §) and appeal instructions (FL 33 §), in the decision log and
reconciled; the overdue case waits in the decision makers' queue, nothing writes off by itself."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone, translation

from audit.context import SYSTEM
from audit.models import AuditEvent
from audit.reconcile import reconcile
from tests.world import World, drive
from vetting import roles
from vetting import services as svc
from vetting.actions import allowed_actions
from vetting.errors import InvalidInput, PermissionRefused
from vetting.models import Application, Decision, State
from vetting.services.conflicts import conflict_declare
from vetting.services.write_off import write_off_reasons
from vetting.texts import appeal_instructions_for, appeal_route_for
from web.selectors import QueueFilter, queue

pytestmark = pytest.mark.django_db


def overdue(world: World, **kwargs: object) -> Application:
    app = drive(world, world.submit(**kwargs), State.SUPPLEMENT_REQUESTED)
    yesterday = timezone.localdate() - timedelta(days=1)
    Application.objects.filter(pk=app.pk).update(supplement_due=yesterday)
    app.supplement_requests.update(due=yesterday)
    app.refresh_from_db()
    return app


def decision_maker_too(user: User) -> User:
    """``user`` with the decision maker's role as well (read again: roles are cached)."""
    user.groups.add(Group.objects.get(name=roles.DECISION_MAKER))
    return User.objects.get(pk=user.pk)


def write_off(app: Application, actor: object, **kwargs: object) -> Decision:
    return svc.application_write_off(
        application=app, actor=actor, no_conflict_confirmed=True, **kwargs
    )


def test_the_decision_has_reasons_and_the_appeal_instructions_of_the_case(world: World) -> None:
    app = overdue(world)
    request = app.supplement_requests.get()
    decision = write_off(app, world.decider, note="Ingen kontakt.")
    assert (decision.kind, decision.outcome) == ("write_off", "written_off")
    assert decision.delegation.user == world.decider and decision.handler == world.handler
    route = appeal_route_for(app.kind)
    assert decision.appeal_route == route
    board = decision.delegation.administration.board_name
    assert decision.appeal_instructions == appeal_instructions_for(route, board=board)
    assert decision.revocation_clause == ""  # nothing is awarded
    requested = timezone.localdate(request.requested_at)
    assert decision.reasons.split("\n\n") == [
        f"Den {requested} begärde förvaltningen att ansökan skulle kompletteras senast "
        f"{request.due}.",
        f"Det som skulle kompletteras: {request.what}",
        "Begäran angav att ansökan annars kunde avgöras i befintligt skick eller inte tas upp "
        "till prövning (jfr 20 § förvaltningslagen).",
        f"Kompletteringen kom inte in senast {request.due}.",
        "Utan kompletteringen kan ansökan inte prövas i sak. Ansökan tas därför inte upp till "
        "prövning.",
        "Anteckning: Ingen kontakt.",
    ]
    app.refresh_from_db()
    assert app.decided_at == decision.decided_at and app.closed_at == decision.decided_at
    assert "notify" in allowed_actions(app, world.handler)
    assert reconcile() == []  # the decision and its write_off event agree


def test_the_reasons_are_swedish_whoever_reads_and_translate_for_the_page(world: World) -> None:
    """The stored reasons are the decision's (Swedish); the texts are msgids with English."""
    app = overdue(world)
    with translation.override("en"):
        decision = write_off(app, world.decider)
        assert "Kompletteringen kom inte in senast" in decision.reasons
        from vetting.services.write_off import MISSED

        assert str(MISSED) == "The supplement did not arrive by {due}."


def test_a_request_made_before_its_letter_is_not_said_to_have_warned(world: World) -> None:
    """A request with no letter (no facts: made before letters existed) never told the
    applicant the consequence: the reasons do not claim it did."""
    app = overdue(world)
    request = app.supplement_requests.get()
    request.facts = {}
    reasons = write_off_reasons(request.due, request)
    assert "20 § förvaltningslagen" not in reasons and request.what in reasons
    assert write_off_reasons(request.due, None).startswith("Kompletteringen kom inte in")


def test_whoever_asked_for_the_supplement_may_not_write_it_off(world: World) -> None:
    """Four-eyes (ADR 0002): requesting a supplement is preparing the case."""
    app = overdue(world)
    handler = decision_maker_too(world.handler)
    assert "write_off" not in allowed_actions(app, handler)
    with pytest.raises(PermissionRefused) as info:
        write_off(app, handler)
    assert info.value.code == "four_eyes"
    app.refresh_from_db()
    assert app.state == State.SUPPLEMENT_REQUESTED and not app.decisions.exists()
    refused = AuditEvent.objects.filter(action="application.refused").last()
    assert refused is not None and refused.changes["refusal_code"] == "four_eyes"


def test_jav_and_the_confirmation_are_asked_for(world: World) -> None:
    app = overdue(world)
    with pytest.raises(InvalidInput) as info:
        svc.application_write_off(application=app, actor=world.decider)
    assert "no_conflict_confirmed" in info.value.errors
    conflict_declare(actor=SYSTEM, user=world.decider, association=app.association, reason="Bror")
    with pytest.raises(PermissionRefused) as refused:
        write_off(app, world.decider)
    assert refused.value.code == "conflict_of_interest"
    assert Application.objects.get(pk=app.pk).state == State.SUPPLEMENT_REQUESTED


def test_a_delegation_for_the_kind_and_amount_is_needed(world: World) -> None:
    app = overdue(world, amount=Decimal("9000.00"))  # above decider_small's 5 000 kr
    assert "write_off" not in allowed_actions(app, world.decider_small)
    with pytest.raises(PermissionRefused) as info:
        write_off(app, world.decider_small)
    assert info.value.code == "no_delegation"
    write_off(app, world.decider)
    assert Application.objects.get(pk=app.pk).state == State.WRITTEN_OFF


def test_the_overdue_case_waits_in_the_decision_makers_queue(world: World) -> None:
    """Nothing writes off by itself (DOMAIN.md): the case is put before a decision maker."""
    app = overdue(world)
    waiting = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)  # deadline ahead
    to_decide = queue(world.decider, QueueFilter(group="to_decide"))
    assert list(to_decide.values_list("pk", flat=True)) == [app.pk]
    assert waiting.pk not in to_decide.values_list("pk", flat=True)
    handler = decision_maker_too(world.handler)
    assert not queue(handler, QueueFilter(group="to_decide")).exists()  # prepared it
