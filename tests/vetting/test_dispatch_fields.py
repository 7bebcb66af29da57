"""``vetting.dispatch`` hands each action's validated fields to its service as they are: the
deadline (``due``, ``short_deadline_reason``), what came in (``received_on``, ``file``) and the
merits of a proposal or decision (outcome, reasons, amount, criteria), with their defaults when
a field is not given."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from vetting import dispatch
from vetting import services as svc

APP, USER, DECISION, FILE = object(), object(), object(), object()
DAY = date(2026, 12, 1)
DEADLINE = {"due": DAY, "short_deadline_reason": "Evenemanget är om en vecka"}
RECEIVED = {"received_on": DAY, "file": FILE}
MERITS = {"outcome": "rejected", "reasons": "Skäl", "amount": Decimal(5), "criteria": ["C1"]}
HEARD = {"no_conflict_confirmed": True, "applicant_heard": "yes", "confirm_not_opinion": True}

CASES = [
    ("request_supplement", "application_request_supplement", {"what": "Stadgar", **DEADLINE}),
    ("start_program_review", "application_start_program_review", {"reason": "R", **DEADLINE}),
    ("communicate", "application_communicate", DEADLINE),
    (
        "communicate_revocation",
        "application_communicate_revocation",
        {
            "reasons": "Skäl",
            "criteria": ["C1"],
            "reclaim_amount": Decimal(5),
            **DEADLINE,
            "confirm_not_opinion": True,
        },
    ),
    ("receive_supplement", "application_receive_supplement", {"note": "N", **RECEIVED}),
    ("program_submit", "program_submit", {"text": "Program", **RECEIVED}),
    (
        "record_response",
        "application_record_response",
        {"response": "Svar", **RECEIVED, "contests": True},
    ),
    ("propose", "application_propose", {**MERITS, "confirm_not_opinion": True}),
    (
        "decide",
        "application_decide",
        {
            **MERITS,
            **HEARD,
            "proposal_version": 3,
            "hearing_exception": "urgent",
            "response_considered": "Yttrandet",
        },
    ),
]


def _seen(monkeypatch: pytest.MonkeyPatch, service: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(svc, service, lambda **kwargs: seen.update(kwargs))
    monkeypatch.setattr(dispatch, "current_decision", lambda app, action="correct": DECISION)
    return seen


@pytest.mark.parametrize(("action", "service", "fields"), CASES)
def test_each_field_reaches_the_service(monkeypatch, action, service, fields):
    seen = _seen(monkeypatch, service)
    dispatch.run_action(application=APP, user=USER, action=action, data=fields)
    assert seen == {"application": APP, "actor": USER, **fields}


def test_a_correction_takes_the_merits_of_the_decision_in_force(monkeypatch):
    seen = _seen(monkeypatch, "decision_correct")
    data = {**MERITS, **HEARD}
    dispatch.run_action(application=APP, user=USER, action="correct", data=data)
    assert seen == {"decision": DECISION, "actor": USER, **data}


@pytest.mark.parametrize(
    ("action", "service", "defaults"),
    [
        ("communicate", "application_communicate", {"due": None, "short_deadline_reason": ""}),
        ("program_submit", "program_submit", {"received_on": None, "file": None, "text": ""}),
        (
            "propose",
            "application_propose",
            {"outcome": "", "reasons": "", "amount": None, "criteria": None},
        ),
    ],
)
def test_a_field_not_given_gets_the_services_default(monkeypatch, action, service, defaults):
    seen = _seen(monkeypatch, service)
    data = {"criteria": [], "short_deadline_reason": None}  # empty, as a form may send them
    dispatch.run_action(application=APP, user=USER, action=action, data=data)
    assert {k: seen[k] for k in defaults} == defaults
