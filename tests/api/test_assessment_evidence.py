"""The officer API: an assessment without evidence is a 422 problem document naming the field,
and the OpenAPI schema offers only the evidence the API takes."""

from __future__ import annotations

import pytest

from tests.api.conftest import officer_for
from tests.api.openapi import live_schema
from tests.vetting.test_assessment_evidence import CODE, FACT
from tests.world import World, drive
from vetting.models import State

pytestmark = pytest.mark.django_db
URL = "/api/v1/applications/"


def _problem(response, field: str) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.json()
    assert response["Content-Type"] == "application/problem+json"
    return " ".join(response.json()["errors"][field])


def test_an_assessment_without_evidence_names_what_is_missing(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    api = officer_for(world.handler)
    url = f"{URL}{app.pk}/assessments/"
    for body, field in [
        ({"criterion": CODE, "outcome": "pass"}, "evidence_kind"),
        ({"criterion": CODE, "outcome": "not_applicable"}, "evidence_kind"),
        ({"criterion": CODE, "outcome": "pass", "evidence_kind": "none"}, "evidence_kind"),
        ({"criterion": CODE, "outcome": "pass", "evidence_kind": "document"}, "evidence_kind"),
        ({"criterion": CODE, "outcome": "pass", "evidence_kind": "fact"}, "evidence_text"),
    ]:
        assert _problem(api.post(url, body, format="json"), field), body
    assert not app.assessments.exists()
    body = {"criterion": CODE, "outcome": "pass", "evidence_kind": "fact", "evidence_text": FACT}
    response = api.post(url, body, format="json")
    assert response.status_code == 201 and response.json()["evidence_text"] == FACT


def _schema() -> dict:
    return live_schema()


def test_the_schema_offers_only_the_evidence_the_api_takes() -> None:
    schema = _schema()
    kind = schema["components"]["schemas"]["AssessmentInputRequest"]["properties"]["evidence_kind"]
    enum = schema["components"]["schemas"][kind["allOf"][0]["$ref"].split("/")[-1]]["enum"]
    assert sorted(enum) == ["fact", "statute_quote"]
    assert "Varje bedömning kräver underlag" in kind["description"]
    post = schema["paths"]["/api/v1/applications/{id}/assessments/"]["post"]
    examples = post["requestBody"]["content"]["application/json"]["examples"].values()
    assert examples and all(e["value"]["evidence_text"] for e in examples)


def test_a_document_says_where_documents_go_and_what_is_taken_here(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    api = officer_for(world.handler)
    body = {"criterion": CODE, "outcome": "pass", "evidence_kind": "document"}
    url = f"{URL}{app.pk}/assessments/"
    swedish = _problem(api.post(url, body, format="json"), "evidence_kind")
    assert "handläggarsidorna" in swedish and "inte ett giltigt val" not in swedish
    assert "statute_quote" in swedish and "fact" in swedish
    english = _problem(
        api.post(url, body, format="json", HTTP_ACCEPT_LANGUAGE="en"), "evidence_kind"
    )
    assert "officers' pages" in english and "statute_quote" in english and "fact" in english
    assert not app.assessments.exists()


def test_no_kind_of_evidence_names_the_kind_in_either_language(world: World) -> None:
    app = drive(world, world.submit(), State.IN_REVIEW)
    api = officer_for(world.handler)
    body = {"criterion": CODE, "outcome": "pass", "evidence_text": FACT}
    url = f"{URL}{app.pk}/assessments/"
    assert "Välj typ av underlag" in _problem(api.post(url, body, format="json"), "evidence_kind")
    english = api.post(url, body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert "Choose the kind of evidence" in _problem(english, "evidence_kind")


def test_a_quote_is_matched_whitespace_aside_and_recorded_as_the_statutes_have_it(
    world: World,
) -> None:
    from tests.vetting.test_reader_proposals import with_text
    from tests.vetting.test_statute_quotes import BOARD, MEMBERSHIP_TYPED, TEXT

    app, version = with_text(world, TEXT)
    body = {
        "criterion": CODE,
        "outcome": "pass",
        "evidence_kind": "statute_quote",
        "evidence_text": f"{MEMBERSHIP_TYPED} [...] {BOARD}",
    }
    response = officer_for(world.handler).post(f"{URL}{app.pk}/assessments/", body, format="json")
    assert response.status_code == 201, response.json()
    row = response.json()
    first = version.text[row["evidence_start"] : row["evidence_end"]]
    assert "\n" in first and row["evidence_text"] == f"{first}\n[…]\n{BOARD}"
