"""The officer API: cases, filters, allowed actions, each action, assessments, errors."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.api.conftest import officer_for
from tests.world import assess_all, drive
from vetting import services as svc
from vetting.demo import pass_fact
from vetting.models import Application, Kind, State
from vetting.services.decision_checks import default_repayment_due

pytestmark = pytest.mark.django_db
URL = "/api/v1/applications/"
V = "NO_VIOLENT_EXTREMISM är inte uppfyllt: uppmaning till våld."


def act(api, app, action, data=None):
    return api.post(f"{URL}{app.pk}/actions/{action}/", data or {}, format="json")


def test_list_shows_only_visible_cases_with_filters(world):
    mine = world.submit(subject="Kultur")
    rental = world.submit(Kind.LOKALUTHYRNING)
    drive(world, rental, State.IN_REVIEW)
    api = officer_for(world.handler)
    rows = api.get(URL).json()["results"]
    assert {r["id"] for r in rows} == {mine.pk, rental.pk}
    assert officer_for(world.other_handler).get(URL).json()["results"] == []
    assert [r["id"] for r in api.get(URL, {"kind": "lokaluthyrning"}).json()["results"]] == [
        rental.pk
    ]
    assert [r["id"] for r in api.get(URL, {"state": "submitted"}).json()["results"]] == [mine.pk]
    assert [r["id"] for r in api.get(URL, {"handler": "handler"}).json()["results"]] == [rental.pk]
    assert api.get(URL, {"administration": "kultur"}).json()["count"] == 2
    assert api.get(URL, {"association": world.spex.pk}).json()["count"] == 0
    today = date.today().isoformat()
    assert api.get(URL, {"received_after": today, "received_before": today}).json()["count"] == 2
    assert api.get(URL, {"received_after": "2999-01-01"}).json()["count"] == 0


def test_bad_filter_is_422(world):
    response = officer_for(world.handler).get(URL, {"state": "nonsense"})
    assert response.status_code == 422 and "state" in response.json()["errors"]


def test_list_query_count_is_constant(world):
    api = officer_for(world.auditor)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            api.get(URL)
        return len(ctx.captured_queries)

    world.submit()
    few = count()
    for _ in range(5):
        drive(world, world.submit(Kind.LOKALUTHYRNING), State.IN_REVIEW)
    assert count() == few


def test_detail_has_allowed_actions_for_the_caller(world):
    app = world.submit()
    handler = officer_for(world.handler).get(f"{URL}{app.pk}/").json()
    assert handler["allowed_actions"] == ["assign", "withdraw", "declare_conflict"]
    assert officer_for(world.auditor).get(f"{URL}{app.pk}/").json()["allowed_actions"] == []
    assert officer_for(world.other_handler).get(f"{URL}{app.pk}/").status_code == 404


def test_full_flow_through_actions(world):
    app = world.submit()
    api = officer_for(world.handler)
    response = act(api, app, "assign", {"no_conflict_confirmed": True})
    assert response.status_code == 200 and response.json()["state"] == "in_review"
    for criterion in [r["criterion"] for r in response.json()["checklist"]]:
        r = api.post(
            f"{URL}{app.pk}/assessments/",
            {
                "criterion": criterion,
                "outcome": "pass",
                "evidence_kind": "fact",
                "evidence_text": pass_fact(criterion),
            },
            "json",
        )
        assert r.status_code == 201, r.json()
    response = act(
        api, app, "propose", {"outcome": "approved", "reasons": "Föreningen uppfyller villkoren."}
    )
    assert response.json()["state"] == "proposed"
    response = act(
        officer_for(world.decider),
        app,
        "decide",
        {"outcome": "approved", "no_conflict_confirmed": True},
    )
    assert response.status_code == 200, response.json()
    detail = response.json()
    assert detail["state"] == "approved" and detail["decision"]["outcome"] == "approved"
    assert act(api, app, "pay", {"reference": "VER-77"}).json()["state"] == "paid"
    # New facts after payment: recorded as a failed criterion, which the revocation cites.
    assert "assess" in api.get(f"{URL}{app.pk}/").json()["allowed_actions"]
    r = api.post(
        f"{URL}{app.pk}/assessments/",
        {
            "criterion": "NON_DISCRIMINATION",
            "outcome": "fail",
            "evidence_kind": "fact",
            "evidence_text": "Nekade medlemskap på grund av religion.",
            "confirm_not_opinion": True,  # an act (a refusal) naming a religion: RF 2:21
        },
        "json",
    )
    assert r.status_code == 201, r.json()
    response = act(
        officer_for(world.decider),
        app,
        "revoke",
        {
            "reasons": "Föreningen nekade en person medlemskap på grund av religion.",
            "criteria": ["NON_DISCRIMINATION"],
            "hearing_exception": "urgent",
            "applicant_heard": "Föreningen yttrade sig skriftligt 2026-10-01.",
            "repayment_due": str(default_repayment_due()),  # the payment is reclaimed
            "no_conflict_confirmed": True,
            "confirm_not_opinion": True,  # the grounds name a religion (RF 2:21)
        },
    )
    assert response.status_code == 200 and response.json()["state"] == "revoked"
    assert response.json()["decision"]["repayment_due"] == str(default_repayment_due())


@pytest.mark.parametrize(
    ("state", "action", "data", "to"),
    [
        (State.IN_REVIEW, "request_supplement", {"what": "Protokoll"}, State.SUPPLEMENT_REQUESTED),
        (State.SUPPLEMENT_REQUESTED, "receive_supplement", {"note": "Kom in"}, State.IN_REVIEW),
        (State.IN_REVIEW, "escalate", {"reason": "Konkreta uppgifter"}, State.ESCALATED),
        (State.SUBMITTED, "withdraw", {"reason": "Per e-post"}, State.WITHDRAWN),
    ],
)
def test_handler_actions(world, state, action, data, to):
    app = drive(world, world.submit(), state)
    response = act(officer_for(world.handler), app, action, data)
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == to


def test_write_off_after_the_supplement_deadline(world):
    from datetime import timedelta

    from django.utils import timezone

    from vetting.models import Application

    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    api = officer_for(world.decider)
    early = act(api, app, "write_off", {})
    assert early.status_code == 409 and "har inte gått ut" in early.json()["detail"]
    assert "write_off" not in early.json()["allowed_actions"]
    past = timezone.localdate() - timedelta(days=1)
    Application.objects.filter(pk=app.pk).update(supplement_due=past)
    handler = act(officer_for(world.handler), app, "write_off", {"no_conflict_confirmed": True})
    assert handler.status_code == 403 and handler.json()["code"] == "role"
    unconfirmed = act(api, app, "write_off", {"note": "Ingen kontakt."})
    assert unconfirmed.status_code == 422
    assert "no_conflict_confirmed" in unconfirmed.json()["errors"]
    response = act(api, app, "write_off", {"note": "Ingen kontakt.", "no_conflict_confirmed": True})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "written_off"
    assert "notify" in body["allowed_actions"]  # a decision, sent to the applicant (FL 33 §)


def test_program_review_actions(world):
    app = drive(world, world.submit(Kind.LOKALUTHYRNING), State.IN_REVIEW)
    api = officer_for(world.handler)
    assert act(api, app, "start_program_review", {"reason": "Tveksamt"}).json()["state"] == (
        "program_review"
    )
    # A pass on no programme, with notes that say nothing, is refused naming both fields.
    refused = act(api, app, "complete_program_review", {"result": "pass", "notes": "OK"})
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    errors = refused.json()["errors"]
    assert set(errors) == {"notes"}  # the notes first: the service reads the case after them
    notes = "Programmet är en konsert med kören och inget annat."
    unseen = act(api, app, "complete_program_review", {"result": "pass", "notes": notes})
    assert unseen.status_code == 422 and set(unseen.json()["errors"]) == {"result"}
    assert "har kommit in" in unseen.json()["errors"]["result"][0]
    svc.program_submit(application=app, actor=world.handler, text="18.00 Konsert med kören.")
    response = act(api, app, "complete_program_review", {"result": "pass", "notes": notes})
    assert response.json()["state"] == "in_review"


def test_conclude_escalation_by_security(world):
    app = drive(world, world.submit(), State.ESCALATED)
    response = act(
        officer_for(world.security),
        app,
        "conclude_escalation",
        {"conclusion": "no_link", "notes": "-"},
    )
    assert response.status_code == 200 and response.json()["state"] == "in_review"


def test_communicate_respond_return_and_correct(world):
    app = drive(world, world.submit(), State.IN_REVIEW)
    assess_all(world, app, fail="NO_VIOLENT_EXTREMISM")
    api = officer_for(world.handler)
    response = act(api, app, "propose", {"outcome": "rejected", "reasons": V})
    assert response.json()["state"] == "proposed"
    assert act(api, app, "communicate", {}).json()["state"] == "communicated"
    assert act(api, app, "record_response", {"response": "Vi bestrider."}).status_code == 200
    decider = officer_for(world.decider)
    considered = (
        "Sökanden bestrider förslaget men anger inga omständigheter som ändrar bedömningen."
    )
    response = act(
        decider,
        app,
        "decide",
        {"outcome": "rejected", "no_conflict_confirmed": True, "response_considered": considered},
    )
    assert response.json()["state"] == "rejected"
    response = act(
        decider,
        app,
        "correct",
        {"outcome": "rejected", "reasons": f"Rättat skrivfel. {V}", "no_conflict_confirmed": True},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["decision"]["kind"] == "correction"


def test_return_to_review(world):
    app = drive(world, world.submit(), State.PROPOSED)
    response = act(officer_for(world.decider), app, "return_to_review", {"reasons": "Mer underlag"})
    assert response.json()["state"] == "in_review"


def test_action_not_allowed_in_state_is_409_with_allowed_actions(world):
    app = world.submit()
    response = act(
        officer_for(world.decider),
        app,
        "decide",
        {"outcome": "approved", "no_conflict_confirmed": True},
    )
    assert response.status_code == 409
    problem = response.json()
    assert problem["code"] == "action_not_allowed"
    assert problem["allowed_actions"] == ["declare_conflict"]  # one's own jäv: always
    response = act(officer_for(world.handler), app, "escalate", {"reason": "x"})
    assert response.status_code == 409
    assert response.json()["allowed_actions"] == ["assign", "declare_conflict", "withdraw"]


def test_409_detail_names_actions_and_state_by_label_and_code(world):
    """The detail is read by people too: each action and the state by the label the case page
    uses, with the code a client sends beside it (the codes alone read oddly in Swedish)."""
    app = world.submit()
    response = act(officer_for(world.handler), app, "escalate", {"reason": "x"})
    detail = response.json()["detail"]
    assert "'Eskalera till säkerhetssamordnare (escalate)'" in detail
    assert "'Inkommen (submitted)'" in detail
    allowed = "Ta ärendet (assign), Anmäl jäv (declare_conflict), Registrera återkallelse från "
    assert f"{allowed}sökande (withdraw)" in detail
    english = officer_for(world.handler).post(
        f"{URL}{app.pk}/actions/escalate/",
        {"reason": "x"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "'Submitted (submitted)'" in english.json()["detail"]


def test_four_eyes_is_403_with_reason(world):
    from django.contrib.auth.models import Group

    from tests.factories import DelegationFactory
    from vetting import roles

    world.handler.groups.add(Group.objects.get(name=roles.DECISION_MAKER))
    DelegationFactory(user=world.handler, administration=world.kultur)
    app = drive(world, world.submit(), State.PROPOSED)
    api = officer_for(world.handler)
    response = act(api, app, "decide", {"outcome": "approved", "no_conflict_confirmed": True})
    assert response.status_code == 403
    assert response.json()["code"] == "four_eyes"
    assert Application.objects.get(pk=app.pk).state == State.PROPOSED


def test_role_not_permitted_is_403(world):
    app = drive(world, world.submit(), State.PROPOSED)
    response = act(
        officer_for(world.handler),
        app,
        "decide",
        {"outcome": "approved", "no_conflict_confirmed": True},
    )
    assert response.status_code == 403


def test_action_input_errors_are_422(world):
    app = world.submit()
    api = officer_for(world.handler)
    response = act(api, app, "assign", {})
    assert response.status_code == 422 and "no_conflict_confirmed" in response.json()["errors"]
    response = act(api, app, "assign", {"no_conflict_confirmed": False})
    assert response.status_code == 422
    response = act(api, app, "assign", {"handler": "nobody", "no_conflict_confirmed": True})
    assert response.status_code == 422 and "handler" in response.json()["errors"]


def test_assessment_errors(world):
    app = drive(world, world.submit(), State.IN_REVIEW)
    api = officer_for(world.handler)
    url = f"{URL}{app.pk}/assessments/"
    evidence = {"evidence_kind": "fact", "evidence_text": "Stadgarna säger inget om detta."}
    r = api.post(url, {"criterion": "NOPE", "outcome": "pass", **evidence}, format="json")
    assert r.status_code == 422 and "criterion" in r.json()["errors"]
    r = api.post(url, {"criterion": "OPEN_MEMBERSHIP", "outcome": "fail"}, format="json")
    assert r.status_code == 422 and "evidence_kind" in r.json()["errors"]
    r = officer_for(world.decider).post(
        url, {"criterion": "OPEN_MEMBERSHIP", "outcome": "pass"}, format="json"
    )
    assert r.status_code == 403


def test_session_auth_enforces_csrf(world):
    app = world.submit()
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(world.handler)
    assert api.get(f"{URL}{app.pk}/").status_code == 200
    response = act(api, app, "assign", {"no_conflict_confirmed": True})
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    api.get("/admin/login/")
    response = api.post(
        f"{URL}{app.pk}/actions/assign/",
        {"no_conflict_confirmed": True},
        format="json",
        HTTP_X_CSRFTOKEN=api.cookies["csrftoken"].value,
    )
    assert response.status_code == 200


def test_revoked_token_is_401(world):
    from api.models import ApiToken
    from api.tokens import api_token_revoke
    from audit.context import SYSTEM

    api = officer_for(world.handler)
    assert api.get(URL).status_code == 200
    api_token_revoke(actor=SYSTEM, token=ApiToken.objects.get(user=world.handler))
    response = api.get(URL)
    assert response.status_code == 401 and response.json()["code"] == "authentication_failed"


NEW = "Ny motivering: föreningen uppfyller villkoren."


def test_decide_with_the_proposal_version_read_is_refused_when_it_changed(world):
    """proposal_version is optional for decide, and checked when given (409 proposal_changed)."""
    from vetting import services as svc

    app = drive(world, world.submit(), State.PROPOSED)
    api = officer_for(world.decider)
    read = api.get(f"{URL}{app.pk}/").json()["proposal_version"]
    assert isinstance(read, int)
    svc.application_return_to_review(application=app, actor=world.decider_small, reasons="Oklart")
    assert api.get(f"{URL}{app.pk}/").json()["proposal_version"] is None
    svc.application_propose(application=app, actor=world.handler, outcome="approved", reasons=NEW)
    decide = {"outcome": "approved", "no_conflict_confirmed": True}
    response = act(api, app, "decide", {**decide, "proposal_version": read})
    assert response.status_code == 409 and response.json()["code"] == "proposal_changed"
    current = api.get(f"{URL}{app.pk}/").json()["proposal_version"]
    assert current != read
    response = act(api, app, "decide", {**decide, "proposal_version": current})
    assert response.status_code == 200 and response.json()["decision"]["reasons"] == NEW


@pytest.mark.parametrize(
    ("language", "title", "detail"),
    [
        (
            "sv",
            "Förslagets version stämmer inte",
            "Förslagets version {seen} stämmer inte med ärendets aktuella förslag, version "
            "{current}.",
        ),
        (
            "en",
            "Proposal version does not match",
            "Proposal version {seen} does not match the case's current proposal, version "
            "{current}.",
        ),
    ],
)
def test_a_wrong_proposal_version_is_named_as_such_when_nothing_changed(
    world, language, title, detail
):
    """A version that never was the case's (a typo, another case's) was answered "Fel" with a
    detail claiming the case had been returned and proposed again."""
    app = drive(world, world.submit(), State.PROPOSED)
    api = officer_for(world.decider)
    current = api.get(f"{URL}{app.pk}/").json()["proposal_version"]
    wrong = current + 1000
    response = api.post(
        f"{URL}{app.pk}/actions/decide/",
        {"outcome": "approved", "no_conflict_confirmed": True, "proposal_version": wrong},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    body = response.json()
    assert response.status_code == 409 and body["code"] == "proposal_changed"
    assert body["title"] == title
    assert body["detail"].startswith(detail.format(seen=wrong, current=current))
    assert "återförvisats" not in body["detail"] and "returned" not in body["detail"]


def test_decide_without_a_proposal_version_is_still_accepted(world):
    app = drive(world, world.submit(), State.PROPOSED)
    response = act(
        officer_for(world.decider),
        app,
        "decide",
        {"outcome": "approved", "no_conflict_confirmed": True},
    )
    assert response.status_code == 200


def test_a_proposal_version_for_a_case_without_a_proposal_says_there_is_none(world):
    app = drive(world, world.submit(), State.IN_REVIEW)
    api = officer_for(world.decider)
    decide = {"outcome": "approved", "no_conflict_confirmed": True, "proposal_version": 7}
    body = act(api, app, "decide", decide).json()
    assert body["code"] == "proposal_changed"
    assert body["detail"] == (
        "Förslagets version 7 stämmer inte: ärendet har inget förslag till beslut."
    )
