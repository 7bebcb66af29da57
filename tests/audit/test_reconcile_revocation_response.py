"""A case's ``revocation_responded_at`` (when the applicant's response to an intended revocation
was registered, which ``revoke``'s conditions read) against the trail: the registration's event
(``application.record_response``) records it, as ``communicate_revocation`` and
``drop_revocation`` record clearing it. Set, cleared or moved in the database, it is a finding."""

from __future__ import annotations

from datetime import timedelta

import pytest

from audit.reconcile import reconcile
from tests.audit.test_trail import delegation_events
from tests.world import World, cast, drive
from vetting import demo
from vetting import services as svc
from vetting.models import Application, State

pytestmark = pytest.mark.django_db


def heard(world: World) -> Application:
    app = drive(world, world.submit(), State.PAID)
    demo.communicate_revocation(cast(world), app)
    svc.application_record_response(
        application=app, actor=world.handler, response=demo.REVOCATION_RESPONSE
    )
    delegation_events()
    app.refresh_from_db()
    return app


def test_a_registered_response_agrees_with_its_event(world: World) -> None:
    app = heard(world)
    assert app.revocation_responded_at is not None
    assert reconcile() == []


def test_a_response_moved_or_cleared_in_the_database_is_a_finding(world: World) -> None:
    app = heard(world)
    registered = app.revocation_responded_at
    assert registered is not None
    earlier = registered - timedelta(days=2)
    Application.objects.filter(pk=app.pk).update(revocation_responded_at=earlier)
    assert reconcile() == [
        f"case {app.reference}: revocation response registered {earlier.isoformat()}, "
        f"trail says {registered.isoformat()}"
    ]
    Application.objects.filter(pk=app.pk).update(revocation_responded_at=None)
    assert reconcile() == [
        f"case {app.reference}: revocation response registered none, "
        f"trail says {registered.isoformat()}"
    ]


def test_a_response_no_event_registered_is_a_finding(world: World) -> None:
    """Set on a case whose hearing is still open (the applicant seems to have answered, and
    ``revoke`` would go ahead), or on a case that never had one."""
    app = drive(world, world.submit(), State.PAID)
    demo.communicate_revocation(cast(world), app)
    other = drive(world, world.submit(), State.PAID)
    delegation_events()
    assert reconcile() == []
    app.refresh_from_db()
    moment = app.updated_at
    Application.objects.filter(pk__in=[app.pk, other.pk]).update(revocation_responded_at=moment)
    assert sorted(reconcile()) == sorted(
        f"case {ref}: revocation response registered {moment.isoformat()}, trail says none"
        for ref in (app.reference, other.reference)
    )


def test_a_dropped_hearing_clears_it_as_its_event_says(world: World) -> None:
    app = heard(world)
    svc.application_drop_revocation(
        application=app,
        actor=world.decider,
        reasons="Föreningens yttrande visar att villkoret om icke-diskriminering är uppfyllt.",
        no_conflict_confirmed=True,
    )
    app.refresh_from_db()
    assert app.revocation_responded_at is None and reconcile() == []
    Application.objects.filter(pk=app.pk).update(revocation_responded_at=app.updated_at)
    assert reconcile() == [
        f"case {app.reference}: revocation response registered "
        f"{app.updated_at.isoformat()}, trail says none"
    ]
