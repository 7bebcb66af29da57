"""The officer API: an assessment without evidence is a 422 problem document naming the field,
and the OpenAPI schema offers only the evidence the API takes."""

from __future__ import annotations

import pytest
import yaml
from rest_framework.test import APIClient

from tests.api.conftest import officer_for
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
        ({"criterion": CODE, "outcome": "pass"}, "evidence"),
        ({"criterion": CODE, "outcome": "not_applicable"}, "evidence"),
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
    return yaml.safe_load(APIClient().get("/api/schema/").content)


def test_the_schema_offers_only_the_evidence_the_api_takes() -> None:
    schema = _schema()
    kind = schema["components"]["schemas"]["AssessmentInputRequest"]["properties"]["evidence_kind"]
    enum = schema["components"]["schemas"][kind["allOf"][0]["$ref"].split("/")[-1]]["enum"]
    assert sorted(enum) == ["fact", "statute_quote"]
    assert "Varje bedömning kräver underlag" in kind["description"]
    post = schema["paths"]["/api/v1/applications/{id}/assessments/"]["post"]
    examples = post["requestBody"]["content"]["application/json"]["examples"].values()
    assert examples and all(e["value"]["evidence_text"] for e in examples)
