"""Where schemathesis found the schema and the API disagreeing (tests/api/schemathesis.sh):
ids in paths, a notice's recipient, an assessment's criterion; and the run's own data, which
gives each action the cases it can be taken on."""

from __future__ import annotations

import jsonschema_rs
import pytest

from tests.api.conftest import officer_for
from tests.api.contract_data import officer_config
from tests.api.openapi import live_schema
from tests.world import drive
from vetting.models import State
from vetting.services.notices import PLACEHOLDERS, _names_nobody

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema() -> dict:
    return live_schema()


def test_every_id_in_a_path_is_a_positive_integer(schema):
    """0 names nothing: the schema said any integer, so a generated id 0 was a valid request
    that could only be answered 404 (schemathesis: "Missing test data ... returned 404")."""
    ids = [
        (path, parameter["name"], parameter["schema"])
        for path, item in schema["paths"].items()
        for op in item.values()
        for parameter in op.get("parameters", [])
        if parameter["in"] == "path" and parameter["schema"].get("type") == "integer"
    ]
    assert {name for _, name, _ in ids} == {"id", "communication", "number", "decision"}
    assert [(p, n) for p, n, s in ids if s.get("minimum") != 1] == []


def recipient_schema(schema: dict) -> dict:
    return schema["components"]["schemas"]["NotifyInputRequest"]["properties"]["recipient"]


@pytest.mark.parametrize(
    "recipient",
    ["x", "123", "-", "\u200b", " , ", "0", "1 2 3 4", "a 1", "§§", "K"],
)
def test_the_schema_refuses_a_recipient_that_names_nobody(schema, recipient):
    """Fewer than two letters: refused by the service (422 naming recipient), so the schema's
    pattern refuses it too; before, it allowed any non-empty string and schemathesis' valid
    recipients were refused ("Schema validation mismatch" on notify)."""
    assert _names_nobody(recipient)
    assert not jsonschema_rs.validator_for(recipient_schema(schema)).is_valid(recipient)


@pytest.mark.parametrize(
    "recipient",
    ["Kim", "Åsa Öberg", "李明", "Ωμέγα", "Kim <kim@forening.se>", "Bo\nStorgatan 1"],
)
def test_the_schema_allows_a_recipient_the_service_takes(schema, recipient):
    assert not _names_nobody(recipient)
    assert jsonschema_rs.validator_for(recipient_schema(schema)).is_valid(recipient)


def test_the_recipients_rules_the_pattern_cannot_hold_are_described(schema):
    """Placeholders, e-mail addresses and the channel's need of one: in the description."""
    text = recipient_schema(schema)["description"]
    assert "n/a" in text and "ingen" in text and "none" in text
    assert "med channel email krävs en e-postadress" in text
    assert "with channel email an e-mail address is required" in text
    assert "422" in text
    assert {"n/a", "ingen", "none"} <= PLACEHOLDERS


def test_the_assessments_criterion_says_where_the_valid_codes_are(schema):
    props = schema["components"]["schemas"]["AssessmentInputRequest"]["properties"]
    assert "checklist[].criterion" in props["criterion"]["description"]
    assert "ordagrant i föreningens gällande stadgar" in props["evidence_text"]["description"]


def test_notify_refuses_an_email_notice_without_an_address(world):
    """The cross-field rule the description names: channel email, a recipient without one."""
    app = drive(world, world.submit(), State.APPROVED)
    response = officer_for(world.handler).post(
        f"/api/v1/applications/{app.pk}/actions/notify/",
        {"channel": "email", "recipient": "Kim Andersson"},
        format="json",
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["recipient"]


def test_the_contract_run_gives_each_action_the_cases_it_can_be_taken_on(world):
    """The run's config binds an action's {id} to the cases where the state machine lets the
    token's user take it (not only to any case, which was mostly 404 or 409)."""
    review = drive(world, world.submit(), State.IN_REVIEW)
    approved = drive(world, world.submit(), State.APPROVED)
    text = "\n".join(officer_config(world.handler.username))
    assert f"[dictionaries.assess_ids]\nvalues = [{review.pk}, {approved.pk}]" in text
    assert f"[dictionaries.notify_ids]\nvalues = [{approved.pk}]" in text
    for path, name in [
        ("actions/assess", "assess_ids"),
        ("assessments", "assess_ids"),
        ("actions/notify", "notify_ids"),
    ]:
        assert (
            f'include-path-regex = "^/api/v1/applications/\\\\{{id\\\\}}/{path}/$"\n'
            f'parameters = {{ "path.id" = {{ dictionary = "{name}", probability = 0.8 }} }}'
        ) in text
    decider = "\n".join(officer_config(world.decider.username))
    assert f"[dictionaries.revoke_ids]\nvalues = [{approved.pk}]" in decider


def test_the_contract_run_declares_jav_on_one_case_only(world):
    """A declared jäv shuts the user out of the case: the run's declare_conflict takes a fixed
    case, one where the user has nothing else to do, not any case (the officer run then met
    403 on every action of the cases it had declared jäv on)."""
    review = drive(world, world.submit(), State.IN_REVIEW)
    withdrawn = drive(world, world.submit(), State.WITHDRAWN)
    text = "\n".join(officer_config(world.handler.username))
    assert "[dictionaries.declare_conflict_ids]" in text
    assert (
        'include-path-regex = "^/api/v1/applications/\\\\{id\\\\}/actions/declare_conflict/$"\n'
        f'parameters = {{ "path.id" = {withdrawn.pk} }}'
    ) in text
    assert review.pk != withdrawn.pk


def test_the_confirmation_of_no_jav_admits_true_only(schema):
    """Assigning and deciding refuse no_conflict_confirmed false (422 naming it); the schema
    said any boolean, so half of schemathesis' valid bodies were refused ("Schema validation
    mismatch" on assign, correct and revoke). Now required and true only, where it is asked."""
    schemas = schema["components"]["schemas"]
    asking = {
        name: body
        for name, body in schemas.items()
        if "no_conflict_confirmed" in body.get("properties", {})
        and name != "WriteOffInputRequest"  # omitted: the service's own reason comes first
    }
    assert set(asking) == {
        "AssignInputRequest",
        "CorrectInputRequest",
        "DecideInputRequest",
        "DropRevocationInputRequest",
        "RevokeInputRequest",
    }
    for name, body in asking.items():
        field = body["properties"]["no_conflict_confirmed"]
        assert field["const"] is True and "default" not in field, name
        assert "no_conflict_confirmed" in body["required"], name
        assert "bara true godtas" in field["description"], name
