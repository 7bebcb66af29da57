"""docs/api.md names the error codes the API really answers with: a missing kommunicering is a
409 action_not_allowed (not possible in this state, issue 4), a rule not met a 422 with its own
code, and every code the Errors section lists exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from api.problems import TITLES
from tests.api.conftest import officer_for
from tests.world import World, cast, drive
from vetting.demo import STEPS
from vetting.models import State

pytestmark = pytest.mark.django_db
URL = "/api/v1/applications/"
ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "api.md").read_text()


def act(world_user, app, action, data):
    return officer_for(world_user).post(f"{URL}{app.pk}/actions/{action}/", data, format="json")


def test_deciding_an_adverse_proposal_before_kommunicering_is_422_naming_the_exception(
    world: World,
) -> None:
    """The decision may be taken only under an FL 25 § exception, named (ADR 0026)."""
    app = drive(world, world.submit(), State.IN_REVIEW)
    STEPS["assess_fail"](cast(world), app)
    STEPS["propose_reject"](cast(world), app)
    body = {"outcome": "rejected", "reasons": "Avslag", "no_conflict_confirmed": True}
    response = act(world.decider, app, "decide", body)
    assert response.status_code == 422
    problem = response.json()
    assert "FL 25" in " ".join(problem["errors"]["hearing_exception"])
    app.refresh_from_db()
    assert app.state == State.PROPOSED


def test_proposing_approval_with_criteria_not_passed_is_422_with_its_code(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    response = act(world.handler, app, "propose", {"outcome": "approved", "reasons": ""})
    assert response.status_code == 422 and response.json()["code"] == "criteria_not_passed"


def test_the_docs_say_a_missing_kommunicering_is_422_naming_the_exception() -> None:
    assert "communication_required" not in DOC
    officers = DOC.split("## Officers", 1)[1].split("## Errors", 1)[0]
    assert "kommunicering" in officers and "naming `hearing_exception`" in officers


def known_codes() -> set[str]:
    codes = set(TITLES) | {"no_published_rulebook"}
    for path in [*ROOT.glob("vetting/**/*.py"), *ROOT.glob("bookings/**/*.py")]:
        codes |= set(re.findall(r'code="([a-z_]+)"', path.read_text()))
    return codes


def codes_in(text: str) -> set[str]:
    return set(re.findall(r"`([a-z]+(?:_[a-z]+)+)`", text))


def test_every_code_the_docs_name_exists() -> None:
    errors = DOC.split("## Errors", 1)[1].split("Language:", 1)[0]
    refusals = DOC.split("→ **403**", 1)[1].split("* `POST", 1)[0]
    named = codes_in(errors) | codes_in(refusals)
    assert {"four_eyes", "criteria_not_passed", "no_published_rulebook"} <= named
    assert named - {"allowed_actions", "guard_failed"} <= known_codes()
