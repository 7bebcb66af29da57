"""Where schemathesis found the schema and the API disagreeing (tests/api/schemathesis.sh):
ids in paths, a notice's recipient, an assessment's criterion; and the run's own data, which
gives each action the cases it can be taken on."""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta

import jsonschema_rs
import pytest
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from api.serializers.officer.decisions import (
    CommunicateRevocationInput,
    CorrectInput,
    DecideInput,
    DropRevocationInput,
    ProposeInput,
    RevokeInput,
)
from api.serializers.officer.reasons import WORD
from bookings.models import BookingRequest
from tests.api.conftest import client_for, officer_for
from tests.api.contract_data import (
    ENCLOSURE,
    configs,
    officer_config,
    seed_decision,
    seed_requests,
)
from tests.api.contract_data import main as contract_data
from tests.api.openapi import live_schema
from tests.factories import AssociationFactory
from tests.world import drive
from vetting.models import Application, State
from vetting.services.notices import PLACEHOLDERS, _names_nobody
from vetting.services.reasons import (
    _WORD,
    MIN_APPROVAL_CHARS,
    MIN_REASON_CHARS,
    _says_only_the_outcome,
)

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
    }
    assert set(asking) == {
        "AssignInputRequest",
        "CorrectInputRequest",
        "DecideInputRequest",
        "DropRevocationInputRequest",
        "RevokeInputRequest",
        "WriteOffInputRequest",
    }
    for name, body in asking.items():
        field = body["properties"]["no_conflict_confirmed"]
        assert field["const"] is True and "default" not in field, name
        assert "no_conflict_confirmed" in body["required"], name
        assert "bara true godtas" in field["description"], name


def test_write_off_asks_for_the_confirmation_as_the_service_does(schema, world):
    """A write-off is a decision: the service refuses it without no_conflict_confirmed true
    (422 naming it), where the schema said optional, default false (schemathesis' valid bodies
    without it were refused). Now required and true only; a case that may not be written off
    yet is still 409 with why, whatever the body."""
    body = schema["components"]["schemas"]["WriteOffInputRequest"]
    assert body["required"] == ["no_conflict_confirmed"]
    assert body["properties"]["no_conflict_confirmed"]["const"] is True
    app = drive(world, world.submit(), State.SUPPLEMENT_REQUESTED)
    api = officer_for(world.decider)
    url = f"/api/v1/applications/{app.pk}/actions/write_off/"
    for sent in ({}, {"no_conflict_confirmed": False}, {"no_conflict_confirmed": True}):
        early = api.post(url, sent, format="json")
        assert early.status_code == 409, sent
        assert "har inte gått ut" in early.json()["detail"], sent
    Application.objects.filter(pk=app.pk).update(
        supplement_due=timezone.localdate() - timedelta(days=1)
    )
    for sent in ({}, {"no_conflict_confirmed": False}):
        refused = api.post(url, sent, format="json")
        assert refused.status_code == 422, sent
        assert list(refused.json()["errors"]) == ["no_conflict_confirmed"], sent
    done = api.post(url, {"no_conflict_confirmed": True}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "written_off"


def test_the_contract_run_has_a_decided_booking_request(world, creds):
    """The booking run's decision documents were 404 on every call ("Missing test data"): no
    request of the contract client was decided. The run's data decides the first one, and the
    booking config binds the two document routes to it and its decision."""
    seed_requests(creds.client, count=2)
    seed_decision(creds.client, world.handler.username, world.decider.username)
    request = BookingRequest.objects.filter(client=creds.client).order_by("pk").first()
    assert request is not None
    decision = request.application.decisions.get()
    text = configs(creds.client, world.handler.username, world.decider.username)["booking"]
    base = 'include-path-regex = "^/api/v1/booking-requests/\\\\{id\\\\}'
    assert (f'{base}/decision\\\\.pdf$"\nparameters = {{ "path.id" = {request.pk} }}') in text
    assert (
        f'{base}/decisions/\\\\{{decision\\\\}}\\\\.pdf$"\n'
        f'parameters = {{ "path.id" = {request.pk}, "path.decision" = {decision.pk} }}'
    ) in text
    api = client_for(creds)
    for url in ("decision.pdf", f"decisions/{decision.pk}.pdf"):
        response = api.get(f"/api/v1/booking-requests/{request.pk}/{url}")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_contract_run_has_a_communicated_booking_request_with_an_enclosure(
    world, creds, settings, tmp_path
):
    """The booking run's enclosure route was 404 on every call ("Missing test data"): no
    request of the contract client had a communicated proposal with a document. The run's data
    communicates the second one with a document enclosed, and the booking config binds the
    route's {id}, {communication} and {number} to it, where the client downloads it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    contract_data(creds.client.name, str(tmp_path), world.handler.username, world.decider.username)
    request = BookingRequest.objects.filter(client=creds.client).order_by("pk")[1]
    assert request.application.state == State.COMMUNICATED
    communication = request.application.communications.get()
    text = (tmp_path / "booking.toml").read_text(encoding="utf-8")
    assert (
        'include-path-regex = "^/api/v1/booking-requests/\\\\{id\\\\}/communications/'
        '\\\\{communication\\\\}/material/\\\\{number\\\\}/$"\n'
        f'parameters = {{ "path.id" = {request.pk}, "path.communication" = '
        f'{communication.pk}, "path.number" = 1 }}'
    ) in text
    api = client_for(creds)
    [item] = api.get(f"/api/v1/booking-requests/{request.pk}/").json()["requested"]
    [material] = item["material"]
    url = f"/api/v1/booking-requests/{request.pk}/communications/{communication.pk}/material/1/"
    assert material["document"]["url"] == url
    response = api.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == ENCLOSURE


def test_the_contract_run_withdraws_a_request_the_response_does_not_need(
    world, creds, settings, tmp_path
):
    """With any request's id bound, a withdrawal early in the booking run took the
    communicated request and every later response got 409. ``withdraw`` is bound to the request
    that is neither decided nor communicated, ``response`` to the communicated one."""
    settings.MEDIA_ROOT = tmp_path / "media"
    AssociationFactory()  # the demo has many; the world two, and a request is made per one
    contract_data(creds.client.name, str(tmp_path), world.handler.username, world.decider.username)
    _decided, communicated, untouched = BookingRequest.objects.filter(client=creds.client).order_by(
        "pk"
    )
    assert untouched.application.state == State.SUBMITTED
    text = (tmp_path / "booking.toml").read_text(encoding="utf-8")
    for action, request in (("withdraw", untouched), ("response", communicated)):
        assert (
            f'include-path-regex = "^/api/v1/booking-requests/\\\\{{id\\\\}}/{action}/$"\n'
            f'parameters = {{ "path.id" = {request.pk} }}'
        ) in text


def test_without_an_enclosure_the_contract_config_binds_no_enclosure(world, creds):
    """No letter with a document: the route is not bound (it would be 404 only)."""
    seed_requests(creds.client, count=2)
    text = configs(creds.client, world.handler.username, world.decider.username)["booking"]
    assert "material" not in text


# The floor of reasons (vetting.services.reasons) in the schema: the inputs whose reasons have
# it, with a body that passes on everything else.
REASONED = {
    "ProposeInputRequest": (ProposeInput, {}),
    "DecideInputRequest": (DecideInput, {"no_conflict_confirmed": True}),
    "CorrectInputRequest": (CorrectInput, {"no_conflict_confirmed": True}),
    "RevokeInputRequest": (RevokeInput, {"no_conflict_confirmed": True, "criteria": ["X"]}),
    "CommunicateRevocationInputRequest": (CommunicateRevocationInput, {"criteria": ["X"]}),
    "DropRevocationInputRequest": (DropRevocationInput, {"no_conflict_confirmed": True}),
}
# Text as the API takes it: no surrogates, NUL or bidi controls (TextField's own 422s).
CHARACTERS = st.characters(
    exclude_categories=("Cs", "Cn"), exclude_characters="\x00\u202a\u202b\u202c\u202d\u202e"
)
SPACES = "\t\n\x0b\x1c\x85\xa0\u2003\u3000\ufeff "
WORDS = st.text(st.characters(categories=("L", "N")) | st.just("_"), min_size=1, max_size=9)
GAPS = st.text(st.sampled_from(SPACES) | st.sampled_from(".,:;-()§") | CHARACTERS, min_size=1)
TEXTS = st.one_of(
    st.text(CHARACTERS, max_size=60),
    st.tuples(
        st.text(st.sampled_from(SPACES), max_size=3),
        st.lists(st.tuples(WORDS, GAPS), max_size=8),
        st.text(st.sampled_from(SPACES), max_size=3),
    ).map(lambda t: t[0] + "".join(w + g for w, g in t[1]) + t[2]),
)


def _says_more_than_the_outcome(text: str) -> bool:
    return any(not _says_only_the_outcome(w.lower()) for w in _WORD.findall(text))


@pytest.fixture
def reasons_validators(schema) -> dict[str, jsonschema_rs.Draft202012Validator]:
    return {
        name: jsonschema_rs.Draft202012Validator(
            {"$ref": f"#/components/schemas/{name}", "components": schema["components"]}
        )
        for name in REASONED
    }


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(sorted(REASONED)),
    outcome=st.sampled_from(["approved", "partly_approved", "rejected"]),
    reasons=TEXTS,
)
@example(name="RevokeInputRequest", outcome="", reasons="Villkoren är inte uppfyllda alls.")
@example(name="RevokeInputRequest", outcome="", reasons="Föreningen bröt mot villkoren.")
@example(name="RevokeInputRequest", outcome="", reasons=" a b c d e" + " " * 25)
@example(name="ProposeInputRequest", outcome="rejected", reasons="")
@example(name="ProposeInputRequest", outcome="approved", reasons="\u3000\x85")
@example(name="CorrectInputRequest", outcome="approved", reasons="Ny fakta visar bidrag.")
def test_the_schema_holds_the_floor_of_reasons_the_service_applies(
    reasons_validators, name, outcome, reasons
):
    """Correct, revoke, propose (and decide, the revocation's kommunicering, not revoking):
    the schema said any text (or none), the services refuse fewer words or characters than
    their floor (422 naming reasons), so schemathesis' valid reasons were mostly refused. The
    schema now refuses what the floor refuses, exactly (words as the service counts them,
    characters once stripped; for a proposal, a decision and an amendment by outcome), and
    never what the service takes; only reasons that say no more than the outcome ("avslås",
    amounts) are the service's alone, described with their 422."""
    serializer, rest = REASONED[name]
    body = {**rest, "reasons": reasons} | ({"outcome": outcome} if "Revo" not in name else {})
    refused = "reasons" in serializer().service_rules({**body, "reasons": reasons.strip()})
    valid = reasons_validators[name].is_valid(body)
    if not refused:
        assert valid, (name, body)
    elif _says_more_than_the_outcome(reasons):
        assert not valid, (name, body)


def test_the_reasons_schema_has_the_floors_as_minlength(schema):
    schemas = schema["components"]["schemas"]
    for name in ("RevokeInputRequest", "CommunicateRevocationInputRequest"):
        assert schemas[name]["properties"]["reasons"]["minLength"] == MIN_REASON_CHARS
    correct = schemas["CorrectInputRequest"]
    assert correct["properties"]["reasons"]["minLength"] == MIN_APPROVAL_CHARS
    assert correct["then"]["properties"]["reasons"]["minLength"] == MIN_REASON_CHARS
    assert schemas["ProposeInputRequest"]["then"]["required"] == ["reasons"]
    for name in REASONED:
        assert "422 som nämner reasons" in schemas[name]["properties"]["reasons"]["description"]


def test_a_word_in_the_schema_is_a_word_to_the_service():
    """The pattern's word character (\\p{L}, \\p{N}, _) is Python's \\w on every code point
    Python's Unicode data assigns."""
    word = jsonschema_rs.validator_for({"type": "string", "pattern": f"^{WORD}$"})
    python = re.compile(r"\w")
    differ = [
        hex(cp)
        for cp in range(0x110000)
        if not 0xD800 <= cp <= 0xDFFF
        and unicodedata.category(chr(cp)) != "Cn"
        and bool(python.match(chr(cp))) != word.is_valid(chr(cp))
    ]
    assert differ == []
