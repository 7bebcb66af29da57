"""A small named world: two administrations, one person per role, associations, premises.

``drive(world, app, to=State.X)`` takes a case through the real services to a state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Permission, User
from django.test import Client
from django.utils import timezone

from associations.models import Association, StatutesVersion
from associations.services import statutes_add
from audit.context import SYSTEM
from bookings.models import Premises
from tests.factories import (
    AdministrationFactory,
    AssociationFactory,
    PremisesFactory,
    UserFactory,
)
from vetting import demo, roles
from vetting import services as svc
from vetting.demo import Cast
from vetting.models import Administration, Application, Kind
from vetting.services.reference import delegation_create

DATA = Path(__file__).parent / "data"
STATUTES = DATA / "statutes"
RV_STATUTES = (
    "Föreningen är öppen för alla som delar föreningens syfte. Årsmötet är "
    "föreningens högsta beslutande organ. Varje medlem har en röst."
)

# Why a criterion does not apply, the evidence ``assess`` records for not applicable.
NOT_APPLICABLE_FACT = "Kriteriet gäller inte det som ansökan avser (konstaterat i ärendet)."


@dataclass
class World:
    kultur: Administration
    social: Administration
    handler: User
    handler2: User
    decider: User
    decider_small: User
    security: User
    auditor: User
    admin: User
    other_handler: User
    scouts: Association
    spex: Association
    hall: Premises
    extra: dict[str, Any] = field(default_factory=dict)

    def submit(self, kind: str = Kind.FORENINGSBIDRAG, **kwargs: Any) -> Application:
        return submit(self, kind, **kwargs)


def build_world() -> World:
    kultur = AdministrationFactory(
        code="kultur",
        name="Kultur- och fritidsförvaltningen",
        board_name="Kultur- och fritidsnämnden",
    )
    social = AdministrationFactory(code="social", name="Socialförvaltningen")

    def user(name: str, role_list: list[str], admins: list[Administration]) -> User:
        return UserFactory(username=name, roles=role_list, administrations=admins)

    decider = user("decider", [roles.DECISION_MAKER], [kultur])
    decider_small = user("decider_small", [roles.DECISION_MAKER], [kultur])
    for who, limit in ((decider, "100000"), (decider_small, "5000")):
        delegation_create(
            actor=SYSTEM,
            user=who,
            administration=kultur,
            kinds=list(Kind.values),
            max_amount=Decimal(limit),
            valid_from=date(2020, 1, 1),
        )
    scouts = AssociationFactory(name="Scoutkåren Exempel", org_number="802000-0017")
    statutes_add(
        association=scouts,
        actor=user("seed", [], []),
        adopted_on=date(2024, 3, 1),
        text=RV_STATUTES,
    )
    return World(
        kultur=kultur,
        social=social,
        handler=user("handler", [roles.HANDLER], [kultur]),
        handler2=user("handler2", [roles.HANDLER], [kultur]),
        decider=decider,
        decider_small=decider_small,
        security=user("security", [roles.SECURITY], [kultur]),
        auditor=user("auditor", [roles.AUDITOR], []),
        admin=user("admin_user", [roles.ADMINISTRATOR], [kultur, social]),
        other_handler=user("other_handler", [roles.HANDLER], [social]),
        scouts=scouts,
        # A number of its own, outside the factory's sequence (802000-00xx at first), which
        # the tests use as numbers that are not registered.
        spex=AssociationFactory(name="Studentspexet", org_number="802900-0018"),
        hall=PremisesFactory(code="stora-salen", name="Stora salen", administration=kultur),
    )


def submit(world: World, kind: str, **kwargs: Any) -> Application:
    start = timezone.now() + timedelta(days=30)
    event = None
    if kind in (Kind.ARRANGORSSTOD, Kind.LOKALUTHYRNING):
        event = svc.EventDetails(
            title="Vårkonsert",
            description="Konsert med föreningens kör",
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            expected_attendance=80,
            premises=world.hall if kind == Kind.LOKALUTHYRNING else None,
        )
    data = svc.NewApplication(
        kind=kind,
        association=kwargs.pop("association", world.scouts),
        subject=kwargs.pop("subject", "Ansökan om stöd"),
        administration=world.kultur,
        amount_applied=kwargs.pop("amount", Decimal("4000.00")),
        event=event,
        **kwargs,
    )
    return svc.application_submit(actor=world.handler, data=data)


def cast(world: World) -> Cast:
    return Cast(handler=world.handler, decider=world.decider, security=world.security)


def assess_all(world: World, app: Application, fail: str | None = None) -> None:
    demo.assess_all(cast(world), app, fail=fail)


def assess(
    world: World,
    app: Application,
    code: str,
    outcome: str = "pass",
    *,
    by: User | None = None,
    fact: str = "",
) -> Any:
    """One criterion's assessment through the service, by the handler unless ``by``; ``fact``
    is recorded as its evidence. A pass or not applicable without ``fact`` records the demo's
    fact (every assessment rests on evidence); a fail or doubt must be given its own."""
    if not fact and outcome in ("pass", "not_applicable"):
        fact = demo.pass_fact(code) if outcome == "pass" else NOT_APPLICABLE_FACT
    evidence = {"evidence_kind": "fact", "evidence_text": fact} if fact else {}
    data = svc.AssessmentInput(criterion_code=code, outcome=outcome, **evidence)
    return svc.assessment_record(application=app, actor=by or world.handler, data=data)


def statutes_of(world: World) -> StatutesVersion:
    version = world.scouts.current_statutes()
    assert version is not None
    return version


def drive(world: World, app: Application, to: str) -> Application:
    """Take a case through the real services to the state ``to``."""
    app.refresh_from_db()
    demo.advance(cast(world), app, to)
    assert app.state == to, (app.state, to)
    return app


def take_over(world: World, app: Application, by: User) -> Application:
    """``by`` takes the case over (confirming no jäv) and prepares it from now on."""
    svc.application_assign(application=app, actor=by, no_conflict_confirmed=True)
    app.refresh_from_db()
    assert app.handler == by
    return app


def social_case(world: World) -> Application:
    """A case of Socialförvaltningen for the same association, whose pass is then reused."""
    social = svc.application_submit(
        actor=world.other_handler,
        data=svc.NewApplication(
            kind="foreningsbidrag",
            association=world.scouts,
            subject="Ansökan till socialförvaltningen",
            administration=world.social,
            amount_applied=Decimal("1000"),
        ),
    )
    svc.application_assign(
        application=social, actor=world.other_handler, no_conflict_confirmed=True
    )
    svc.assessment_record(
        application=social,
        actor=world.other_handler,
        data=svc.AssessmentInput(
            criterion_code="OPEN_MEMBERSHIP",
            outcome="pass",
            evidence_kind="statute_quote",
            evidence_text="Föreningen är öppen för alla som delar föreningens syfte.",
        ),
    )
    return social


def admin_browser(world: World) -> Client:
    """A browser logged in as the world's administrator, with every model permission (the
    admin's pages); roles still decide the workflow's actions."""
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    browser = Client()
    browser.force_login(world.admin)
    return browser


POLICE_NOTE = "Polisens skrivelse 2026-11-02 om ordförandens uttalanden vid föreningens möte."


def communicated_with_document(
    world: World, app: Application, content: bytes = b"Polisens skrivelse\n"
) -> Application:
    """Take ``app`` to ``communicated`` with NO_VIOLENT_EXTREMISM failed on a document
    (``polis.txt``, described by ``POLICE_NOTE``): the fact the demo records, then the document,
    which supersedes it, then the rejection proposed and communicated."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    for step in ("assign", "assess_fail"):
        demo.STEPS[step](cast(world), app)
    svc.assessment_record(
        application=app,
        actor=world.handler,
        data=svc.AssessmentInput(
            criterion_code="NO_VIOLENT_EXTREMISM",
            outcome="fail",
            evidence_kind="document",
            evidence_text=POLICE_NOTE,
            document=SimpleUploadedFile("polis.txt", content, "text/plain"),
        ),
    )
    for step in ("propose_reject", "communicate"):
        demo.STEPS[step](cast(world), app)
    app.refresh_from_db()
    return app


def staff_browser(user: User, *codenames: str) -> Client:
    """A browser logged in as ``user`` made staff with only these model permissions (e.g.
    "view_application"), no superuser: the admin shows what their roles and administrations let
    them see (vetting.admin_scope)."""
    user.is_staff = True
    user.is_superuser = False
    user.save()
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    browser = Client()
    browser.force_login(User.objects.get(pk=user.pk))
    return browser
