"""The OpenAPI schema and the offline Swagger UI."""

from __future__ import annotations

import pytest
import yaml
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema() -> dict:
    response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_lists_every_endpoint(schema):
    paths = schema["paths"]
    for path in [
        "/api/v1/premises/",
        "/api/v1/booking-requests/",
        "/api/v1/booking-requests/{id}/",
        "/api/v1/booking-requests/{id}/program/",
        "/api/v1/booking-requests/{id}/withdraw/",
        "/api/v1/applications/",
        "/api/v1/applications/{id}/",
        "/api/v1/applications/{id}/assessments/",
        "/api/v1/applications/{id}/actions/decide/",
        "/api/v1/applications/{id}/actions/assign/",
    ]:
        assert path in paths, path
    assert not any("bench" in p for p in paths)


def test_every_operation_is_documented_with_errors(schema):
    for path, item in schema["paths"].items():
        mine = ("/api/v1/premises/", "/api/v1/booking-requests/", "/api/v1/applications/")
        if not path.startswith(mine):
            continue
        for method, op in item.items():
            assert op.get("summary") and "/" in op["summary"], (path, method)
            assert "401" in op["responses"] and "429" in op["responses"], (path, method)
            problem = op["responses"]["401"]["content"]
            assert "application/problem+json" in problem
            assert op.get("security"), (path, method)


def test_fields_have_swedish_and_english_help(schema):
    create = schema["components"]["schemas"]["BookingRequestCreateRequest"]
    for name, prop in create["properties"].items():
        assert " / " in prop.get("description", ""), name
    assert schema["components"]["securitySchemes"]["bookingClientKey"]["scheme"] == "bearer"


def test_idempotency_header_is_required(schema):
    params = schema["paths"]["/api/v1/booking-requests/"]["post"]["parameters"]
    [header] = [p for p in params if p["in"] == "header"]
    assert header["name"] == "Idempotency-Key" and header["required"] is True


def test_swagger_ui_is_served_offline():
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html and "drf_spectacular_sidecar" in html
    assert "cdn." not in html and "unpkg" not in html
