"""Every action the admin offers on a case, driven as the admin's pages are: the form opens, a
valid post runs the service (state and event), an invalid one is answered at the field the
service names, never with a 500. The admin's forms (vetting.forms) ask for what the officers'
pages ask for, so that a service's new input cannot again be missing from the admin only."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from tests.world import World, cast, drive
from vetting import demo
from vetting import services as svc
from vetting.admin import ApplicationAdmin
from vetting.dispatch import action_of
from vetting.forms import TRANSITION_FORMS
from vetting.models import Application, Kind, State
from web.actions import SPECS

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
PROGRAM_NOTES = "Programmet är en konsert med kören och inget annat."
LONG_REASONS = (
    "Villkoret Ingen våldsbejakande extremism är inte uppfyllt: företrädare för föreningen har "
    "använt eller uppmanat till våld eller hot, enligt polisens skrivelse i ärendet."
)


def browser(user: User) -> Client:
    """``user`` with every model permission in the admin; the roles still decide the actions."""
    user.is_staff = user.is_superuser = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


def url(app: Application, transition: str) -> str:
    return f"/admin/vetting/application/{app.pk}/transition/{transition}/"


def offered(client: Client, app: Application) -> set[str]:
    page = client.get(f"/admin/vetting/application/{app.pk}/change/").content.decode()
    return set(re.findall(r'name="_fsm_transition_to"\s+value="(\w+)"', page))


def step(world: World, app: Application, *names: str) -> Application:
    for name in names:
        demo.STEPS[name](cast(world), app)
        app.refresh_from_db()
    return app


def overdue(world: World, app: Application) -> Application:
    Application.objects.filter(pk=app.pk).update(supplement_due=TODAY() - timedelta(days=1))
    app.refresh_from_db()
    return app


@dataclass(frozen=True)
class Case:
    transition: str
    setup: Callable[[World], Application]
    actor: str  # the World attribute of who acts
    valid: dict[str, Any]
    to_state: str
    event: str
    invalid: dict[str, Any] = field(default_factory=dict)
    invalid_field: str = ""


def _tomorrow() -> str:
    return str(TODAY() + timedelta(days=1))


def _yesterday() -> str:
    return str(TODAY() - timedelta(days=1))


# Why the FL 25 § exception applies: facts (ADR 0026).
WHY = "Evenemanget äger rum om fyra dagar, innan ett yttrande hinner komma in."


CASES = [
    Case(
        "assign", lambda w: w.submit(), "handler", {"no_conflict_confirmed": "on"},
        State.IN_REVIEW, "application.assign", {}, "no_conflict_confirmed",
    ),
    Case(
        "take_over", lambda w: drive(w, w.submit(), State.IN_REVIEW), "handler2",
        {"no_conflict_confirmed": "on"}, State.IN_REVIEW, "application.take_over",
        {}, "no_conflict_confirmed",
    ),
    Case(
        "request_supplement", lambda w: drive(w, w.submit(), State.IN_REVIEW), "handler",
        {"what": "Protokoll från årsmötet"}, State.SUPPLEMENT_REQUESTED,
        "application.request_supplement",
        {"what": "Protokoll", "due": _yesterday()}, "due",
    ),
    Case(
        "receive_supplement", lambda w: drive(w, w.submit(), State.SUPPLEMENT_REQUESTED),
        "handler", {"note": "Kom med posten", "received_on": str(TODAY())}, State.IN_REVIEW,
        "application.receive_supplement", {"received_on": _tomorrow()}, "received_on",
    ),
    Case(
        "write_off",
        lambda w: overdue(w, drive(w, w.submit(), State.SUPPLEMENT_REQUESTED)),
        "decider", {"note": "", "no_conflict_confirmed": "on"}, State.WRITTEN_OFF,
        "application.write_off", {"note": ""}, "no_conflict_confirmed",
    ),
    Case(
        "start_program_review",
        lambda w: drive(w, w.submit(Kind.ARRANGORSSTOD), State.IN_REVIEW),
        "handler", {"reason": "Tveksamt program"}, State.PROGRAM_REVIEW,
        "application.start_program_review",
        {"reason": "Tveksamt program", "due": _yesterday()}, "due",
    ),
    Case(
        "complete_program_review",
        lambda w: _program_in(w, drive(w, w.submit(Kind.ARRANGORSSTOD), State.PROGRAM_REVIEW)),
        "handler", {"result": "pass", "notes": PROGRAM_NOTES}, State.IN_REVIEW,
        "application.complete_program_review", {"result": "pass", "notes": " "}, "notes",
    ),
    Case(
        "escalate", lambda w: drive(w, w.submit(), State.IN_REVIEW), "handler",
        {"reason": "Uppgifter från polisen"}, State.ESCALATED, "application.escalate",
        {"reason": ""}, "reason",
    ),
    Case(
        "conclude_escalation", lambda w: drive(w, w.submit(), State.ESCALATED), "security",
        {"conclusion": "no_link", "notes": "Ingen koppling."}, State.IN_REVIEW,
        "application.conclude_escalation", {"conclusion": "no_link", "notes": ""}, "notes",
    ),
    Case(
        "propose", lambda w: step(w, w.submit(), "assign", "assess"), "handler",
        {"outcome": "approved", "reasons": "Föreningen uppfyller kommunens demokrativillkor."},
        State.PROPOSED, "application.propose",
        {"outcome": "rejected", "reasons": "Avslag.", "criteria": ""}, "reasons",
    ),
    Case(
        "communicate",
        lambda w: step(w, w.submit(), "assign", "assess_fail", "propose_reject"),
        "handler", {}, State.COMMUNICATED, "application.communicate",
        {"due": _yesterday()}, "due",
    ),
    Case(
        "record_response", lambda w: drive(w, w.submit(), State.COMMUNICATED), "handler",
        {"response": "Föreningen bestrider uppgifterna.", "received_on": str(TODAY())},
        State.COMMUNICATED, "application.record_response",
        {"response": "Bestrider.", "received_on": _tomorrow()}, "received_on",
    ),
    Case(
        "return_to_review", lambda w: drive(w, w.submit(), State.PROPOSED), "decider",
        {"reasons": "Bedömningen behöver kompletteras."}, State.IN_REVIEW,
        "application.return_to_review", {"reasons": ""}, "reasons",
    ),
    Case(
        "decide_approve", lambda w: drive(w, w.submit(), State.PROPOSED), "decider",
        {"no_conflict_confirmed": "on"}, State.APPROVED, "application.decide",
        {}, "no_conflict_confirmed",
    ),
    Case(
        "decide_reject",
        lambda w: step(w, drive(w, w.submit(), State.COMMUNICATED), "respond"),
        "decider",
        {
            "no_conflict_confirmed": "on", "reasons": LONG_REASONS,
            "response_considered": demo.RESPONSE_CONSIDERED,
        },
        State.REJECTED, "application.decide", {"reasons": LONG_REASONS}, "no_conflict_confirmed",
    ),
    # An adverse proposal decided without kommunicering under an FL 25 § exception (ADR 0026).
    Case(
        "decide_reject_without_hearing",
        lambda w: step(w, w.submit(), "assign", "assess_fail", "propose_reject"),
        "decider",
        {"no_conflict_confirmed": "on", "hearing_exception": "urgent", "applicant_heard": WHY},
        State.REJECTED, "application.decide", {"no_conflict_confirmed": "on"},
        "hearing_exception",
    ),
    Case(
        "decide_partly_without_hearing", lambda w: _partly_proposed(w), "decider",
        {"no_conflict_confirmed": "on", "hearing_exception": "urgent", "applicant_heard": WHY},
        State.APPROVED, "application.decide",
        {"no_conflict_confirmed": "on", "hearing_exception": "urgent", "applicant_heard": "Nu."},
        "applicant_heard",
    ),
    Case(
        "pay", lambda w: drive(w, w.submit(), State.APPROVED), "handler",
        {"reference": "Verifikation 2026-117"}, State.PAID, "application.pay",
    ),
    Case(
        "communicate_revocation",
        lambda w: _new_facts(w, drive(w, w.submit(), State.PAID)),
        "handler",
        {
            "reasons": demo.REVOCATION_REASONS, "criteria": demo.REVOCATION_GROUND,
            "confirm_not_opinion": "on",
        },
        State.PAID, "application.communicate_revocation",
        {
            "reasons": demo.REVOCATION_REASONS, "criteria": "OPEN_MEMBERSHIP",
            "confirm_not_opinion": "on",
        },
        "criteria",
    ),
    Case(
        "record_revocation_response", lambda w: _hearing(w, drive(w, w.submit(), State.PAID)),
        "handler", {"response": demo.REVOCATION_RESPONSE, "received_on": str(TODAY())},
        State.PAID, "application.record_response",
        {"response": demo.REVOCATION_RESPONSE, "received_on": _tomorrow()}, "received_on",
    ),
    Case(
        "revoke",
        lambda w: _answered(w, _hearing(w, drive(w, w.submit(), State.PAID))),
        "decider",
        {
            "reasons": demo.REVOCATION_REASONS, "criteria": demo.REVOCATION_GROUND,
            "confirm_not_opinion": "on",
            "repayment_due": str(TODAY() + timedelta(days=30)), "no_conflict_confirmed": "on",
            "response_considered": demo.REVOCATION_RESPONSE_CONSIDERED,  # it objected (FL 32 §)
        },
        State.REVOKED, "application.revoke",
        {
            "reasons": demo.REVOCATION_REASONS, "criteria": demo.REVOCATION_GROUND,
            "confirm_not_opinion": "on",
            "repayment_due": str(TODAY() + timedelta(days=30)), "no_conflict_confirmed": "on",
            "hearing_exception": "urgent", "applicant_heard": "Brådskande.",
        },
        "hearing_exception",
    ),
    Case(
        "revoke_without_hearing",
        lambda w: _new_facts(w, drive(w, w.submit(), State.PAID)),
        "decider",
        {
            "reasons": demo.NEW_FACT, "criteria": demo.REVOCATION_GROUND,
            "confirm_not_opinion": "on",
            "repayment_due": str(TODAY() + timedelta(days=30)),
            "hearing_exception": "unnecessary",
            "applicant_heard": "Föreningen har själv anmält uppgifterna i sin skrivelse.",
            "no_conflict_confirmed": "on",
        },
        State.REVOKED, "application.revoke",
        {
            "reasons": demo.NEW_FACT, "criteria": "OPEN_MEMBERSHIP", "confirm_not_opinion": "on",
            "repayment_due": str(TODAY() + timedelta(days=30)),
            "hearing_exception": "unnecessary",
            "applicant_heard": "Föreningen har själv anmält uppgifterna i sin skrivelse.",
            "no_conflict_confirmed": "on",
        },
        "criteria",
    ),
    Case(
        "drop_revocation", lambda w: _hearing(w, drive(w, w.submit(), State.PAID)), "decider",
        {
            "reasons": "Föreningens yttrande visar att villkoret om icke-diskriminering är "
            "uppfyllt.",
            "no_conflict_confirmed": "on",
        },
        State.PAID, "application.drop_revocation",
        {"reasons": "Inte nu.", "no_conflict_confirmed": "on"}, "reasons",
    ),
    Case(
        "withdraw", lambda w: drive(w, w.submit(), State.IN_REVIEW), "handler",
        {"reason": "Sökanden återkallade per e-post."}, State.WITHDRAWN,
        "application.withdraw", {"reason": ""}, "reason",
    ),
]  # fmt: skip


def _partly_proposed(world: World) -> Application:
    app = step(world, world.submit(), "assign", "assess")
    svc.application_propose(
        application=app, actor=world.handler, outcome="partly_approved", amount=Decimal("1000"),
        reasons="Budgeten räcker bara till halva hyran för lokalen.",
    )  # fmt: skip
    app.refresh_from_db()
    return app


def _program_in(world: World, app: Application) -> Application:
    """A pass rests on a received programme: registered as it came by post."""
    svc.program_submit(application=app, actor=world.handler, text="18.00 Konsert med kören.")
    app.refresh_from_db()
    return app


def _new_facts(world: World, app: Application) -> Application:
    demo.record_new_facts(cast(world), app)
    return app


def _hearing(world: World, app: Application) -> Application:
    """The intended revocation sent to the applicant (ADR 0015)."""
    demo.communicate_revocation(cast(world), app)
    app.refresh_from_db()
    return app


def _answered(world: World, app: Application) -> Application:
    svc.application_record_response(
        application=app, actor=world.handler, response=demo.REVOCATION_RESPONSE
    )
    app.refresh_from_db()
    return app


def test_every_offered_transition_has_a_case_here() -> None:
    assert {c.transition for c in CASES} | {"decide_approve_after_communication"} == set(
        TRANSITION_FORMS
    )


@pytest.mark.parametrize("case", CASES, ids=[c.transition for c in CASES])
def test_each_admin_action_opens_runs_and_refuses_at_the_field(world: World, case: Case) -> None:
    app = case.setup(world)
    client = browser(getattr(world, case.actor))
    assert case.transition in offered(client, app)
    form = client.get(url(app, case.transition))
    assert form.status_code == 200
    assert set(form.context["transition_form"].fields) >= set(case.valid)
    if case.invalid_field:
        refused = client.post(url(app, case.transition), case.invalid)
        assert refused.status_code == 200, refused.content[:2000]
        errors = refused.context["transition_form"].errors
        assert case.invalid_field in errors, errors
        assert Application.objects.get(pk=app.pk).state == app.state
    seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    done = client.post(url(app, case.transition), case.valid)
    assert done.status_code == 302, done.context and done.context["transition_form"].errors
    app.refresh_from_db()
    assert app.state == case.to_state
    assert AuditEvent.objects.filter(seq__gt=seq, action=case.event, case_ref=app.reference)


def test_an_administrator_gives_a_case_to_a_handler(world: World) -> None:
    app = world.submit()
    client = browser(world.admin)
    form = client.get(url(app, "assign")).context["transition_form"]
    assert world.handler2 in form.fields["handler"].queryset
    response = client.post(
        url(app, "assign"), {"handler": world.handler2.pk, "no_conflict_confirmed": "on"}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert (app.state, app.handler) == (State.IN_REVIEW, world.handler2)


def test_a_refused_action_says_why_when_the_form_opens_and_when_it_is_sent(world: World) -> None:
    """A write-off before the deadline: the state machine's condition, in words, the same
    when the form opens (``_core.state_refusal``) as when it is sent (the service)."""
    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    client = browser(world.decider)
    assert "write_off" not in offered(client, app)
    opened = client.get(url(app, "write_off"))
    assert any("Kompletteringsfristen" in str(m) for m in opened.context["messages"])
    sent = client.post(url(app, "write_off"), {"note": ""}, follow=True)
    assert any("Kompletteringsfristen" in str(m) for m in sent.context["messages"])
    assert Application.objects.get(pk=app.pk).state == State.SUPPLEMENT_REQUESTED


def test_the_four_eyes_refusal_shows_on_opening_the_decision_form(world: World) -> None:
    app = drive(world, world.submit(), State.PROPOSED)
    world.handler.groups.add(world.decider.groups.get())
    opened = browser(world.handler).get(url(app, "decide_approve"))
    assert opened.status_code == 200
    assert any("Fyra ögon" in str(m) for m in opened.context["messages"])


@pytest.mark.parametrize("name", ["take_over", "correct_to_approved", "save", "nonexistent"])
def test_a_transition_the_admin_does_not_offer_is_refused_not_a_500(
    world: World, name: str
) -> None:
    app = drive(world, world.submit(), State.APPROVED)
    client = browser(world.admin)
    if name == "take_over":  # offered, but not on a decided case
        response = client.post(url(app, name), {"no_conflict_confirmed": "on"}, follow=True)
        assert Application.objects.get(pk=app.pk).state == State.APPROVED
        assert response.status_code == 200
        return
    change = f"/admin/vetting/application/{app.pk}/change/"
    hidden = re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', client.get(change).text)
    for response in (
        client.get(url(app, name), follow=True),
        client.post(change, {**dict(hidden), "_fsm_transition_to": name}, follow=True),
    ):
        assert response.status_code == 200
        texts = [str(m) for m in response.context["messages"]]
        assert "Åtgärden finns inte i administrationen." in texts


def test_a_user_who_may_only_view_cases_cannot_act_through_the_admin(world: World) -> None:
    from django.contrib.auth.models import Permission

    app = world.submit()
    user = world.handler
    user.is_staff = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="view_application"))
    client = Client()
    client.force_login(User.objects.get(pk=user.pk))
    response = client.post(url(app, "assign"), {"no_conflict_confirmed": "on"})
    assert response.status_code == 403
    assert Application.objects.get(pk=app.pk).state == State.SUBMITTED


# The fields the officers' pages ask for that the admin's form may do without: the decision's
# outcome is the transition's (decide_approve, decide_reject).
NOT_IN_THE_ADMIN = {"decide": {"outcome"}}


def test_the_admin_forms_ask_for_what_the_pages_forms_ask_for(world: World) -> None:
    """A service's new input is added to the pages' form with it; the admin's must follow."""
    app = drive(world, world.submit(Kind.ARRANGORSSTOD), State.PAID)
    for transition, admin_form in TRANSITION_FORMS.items():
        action = action_of(transition)
        pages = set(SPECS[action].form(app=app, user=world.admin).fields)
        admin = set(admin_form(app=app, user=world.admin).fields)
        missing = pages - admin - NOT_IN_THE_ADMIN.get(action, set())
        assert not missing, f"{transition}: the admin's form lacks {sorted(missing)}"


def test_the_admin_offers_a_form_for_each_transition_it_shows() -> None:
    assert set(ApplicationAdmin.fsm_forms) == set(TRANSITION_FORMS)


def test_an_action_button_on_the_case_page_leads_to_its_form(world: World) -> None:
    """The buttons post the change form (with its read-only inlines): a 500 until the inlines,
    never saved, were left out of the change message."""
    app = drive(world, world.submit(), State.IN_REVIEW)
    client = browser(world.handler)
    change = f"/admin/vetting/application/{app.pk}/change/"
    hidden = re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', client.get(change).text)
    response = client.post(change, {**dict(hidden), "_fsm_transition_to": "escalate"})
    assert response.status_code == 302
    assert response["Location"] == url(app, "escalate")
    saved = client.post(change, dict(hidden))
    assert saved.status_code == 302
