"""The OpenAPI schema and the offline Swagger UI."""

from __future__ import annotations

import functools
import re

import jsonschema_rs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from api.views.booking import _idempotency_key_problem
from tests.api.openapi import live_schema

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema() -> dict:
    return live_schema()


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


@functools.cache
def idempotency_key_validator() -> jsonschema_rs.Validator:
    params = live_schema()["paths"]["/api/v1/booking-requests/"]["post"]["parameters"]
    [header] = [p for p in params if p["in"] == "header"]
    return jsonschema_rs.validator_for(header["schema"])


@settings(max_examples=300, deadline=None)
@given(key=st.text(st.characters(max_codepoint=0x7F), max_size=260) | st.text(max_size=20))
@example(key="")
@example(key=" ")
@example(key="a b")
@example(key="x" * 255)
@example(key="x" * 256)
@example(key="nyckel-å")
def test_idempotency_header_schema_accepts_what_the_view_accepts(key):
    """The header's schema bounds the key as the view does, so a client (or the contract run)
    that sends what the schema allows is never refused for its key. Surrounding whitespace is
    not part of a header's value (the view strips it); the schema does not offer it."""
    valid = idempotency_key_validator().is_valid(key)
    if key == key.strip():
        assert valid == (_idempotency_key_problem(key) is None)
    else:
        assert not valid


def test_swagger_ui_is_served_offline():
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html and "drf_spectacular_sidecar" in html
    assert "cdn." not in html and "unpkg" not in html


def test_swagger_ui_has_no_inline_script_under_its_content_security_policy():
    import re

    response = APIClient().get("/api/docs/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
    start = APIClient().get("/api/docs/?script=")
    assert start.status_code == 200 and "SwaggerUIBundle" in start.content.decode()


def bilingual(text: str | None) -> bool:
    """Swedish, then English after ' / ' (the first line: enums append their choices)."""
    first = (text or "").split("\n")[0]
    swedish, _, english = first.partition(" / ")
    return bool(swedish.strip() and english.strip())


# Law and ADR references, and "t.ex.", which the English half words its own way.
CITATIONS = re.compile(r"\d+\s*§|ADR \d+|stycket \d+|\bt\.ex\.")
FACTS = re.compile(r"\d+|[A-Za-z]+(?:[._][A-Za-z0-9]+)+")


def dropped(text: str | None) -> bool:
    """Whether the English half leaves out a number or a code (``next_cursor``, ``200``,
    ``application.decide``) that the Swedish half gives: "Högst 200, standard 50 / Page size"."""
    swedish, _, english = (text or "").split("\n")[0].partition(" / ")
    facts = [set(FACTS.findall(CITATIONS.sub("", half))) for half in (swedish, english)]
    return not facts[0] <= facts[1]


def undocumented(schema: dict) -> list[tuple[str, ...]]:
    """Every operation, parameter, response and field without a Swedish and English text, or
    whose English half drops a number or code of the Swedish."""
    found: list[tuple[str, ...]] = []
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if not bilingual(op.get("summary")):
                found.append(("summary", path, method))
            if not bilingual(op.get("description")) or dropped(op.get("description")):
                found.append(("description", path, method))
            for param in op.get("parameters", []):
                if not bilingual(param.get("description")) or dropped(param.get("description")):
                    found.append(("parameter", path, method, param["name"]))
            for status, response in op["responses"].items():
                if not bilingual(response.get("description")):
                    found.append(("response", path, method, status))
    for name, component in schema["components"]["schemas"].items():
        if name in ("NullEnum", "BlankEnum"):  # drf-spectacular's null/blank members of a choice
            continue
        if "enum" in component and not component.get("description"):
            found.append(("enum", name))
        for field, prop in component.get("properties", {}).items():
            if not bilingual(prop.get("description")) or dropped(prop.get("description")):
                found.append(("field", name, field))
    return found


def test_every_part_is_described_in_swedish_and_english(schema):
    assert len(schema["paths"]) > 25 and len(schema["components"]["schemas"]) > 30
    assert undocumented(schema) == []


def test_the_description_check_finds_a_gap(schema):
    schema["paths"]["/api/v1/premises/"]["get"]["responses"]["200"]["description"] = "OK"
    schema["components"]["schemas"]["Premises"]["properties"]["code"]["description"] = "Kod"
    premises = schema["paths"]["/api/v1/premises/"]["get"]
    del premises["description"]
    listing = schema["paths"]["/api/v1/booking-requests/"]["get"]["parameters"]
    [limit] = [p for p in listing if p["name"] == "limit"]
    limit["description"] = "Högst 200, standard 50 / Page size"
    assert sorted(undocumented(schema)) == [
        ("description", "/api/v1/premises/", "get"),
        ("field", "Premises", "code"),
        ("parameter", "/api/v1/booking-requests/", "get", "limit"),
        ("response", "/api/v1/premises/", "get", "200"),
    ]


def test_security_schemes_and_each_operations_credentials(schema):
    assert set(schema["components"]["securitySchemes"]) == {
        "bookingClientKey",
        "officerToken",
        "cookieAuth",
    }
    officer = [{"officerToken": []}, {"cookieAuth": []}]
    for path in ("events/", "decisions/", "export", "cases/{reference}/timeline/"):
        op = schema["paths"][f"/api/v1/audit/{path}"]["get"]
        assert op["security"] == officer, path
        assert "401" in op["responses"], path
    public_key = schema["paths"]["/api/v1/audit/public-key"]["get"]
    assert public_key["security"] == [{}] and "401" not in public_key["responses"]
    assert set(public_key["responses"]) == {"200", "429", "503"}


def test_a_requested_items_material_is_documented(schema):
    item = schema["components"]["schemas"]["RequestedItem"]["properties"]
    for name in ("proposed_outcome", "reasons", "material"):
        assert " / " in item[name].get("description", ""), name
    material = schema["components"]["schemas"]["CommunicatedMaterial"]["properties"]
    assert set(material) == {
        "criterion",
        "title",
        "outcome",
        "evidence_kind",
        "evidence",
        "statutes_adopted_on",
        "document",
    }
    assert all(" / " in prop.get("description", "") for prop in material.values())


MATERIAL_PATH = "/api/v1/booking-requests/{id}/communications/{communication}/material/{number}/"


def test_an_enclosure_download_is_documented(schema):
    """The enclosures of a communicated proposal: where the material's document points, with
    the media types a file is served as and the problems a caller may get."""
    operation = schema["paths"][MATERIAL_PATH]["get"]
    assert operation["security"] == [{"bookingClientKey": []}]
    assert {p["name"] for p in operation["parameters"]} == {"id", "communication", "number"}
    assert all(" / " in p["description"] for p in operation["parameters"])
    content = operation["responses"]["200"]["content"]
    assert {"application/pdf", "text/plain", "image/png", "image/jpeg"} <= set(content)
    assert content["application/pdf"]["schema"] == {"type": "string", "format": "binary"}
    assert {"401", "403", "404", "429"} <= set(operation["responses"])
    document = schema["components"]["schemas"]["CommunicatedDocument"]["properties"]
    assert set(document) == {"enclosure", "name", "url", "sha256", "size"}
    assert all(" / " in prop.get("description", "") for prop in document.values())


def test_the_state_label_says_which_answers_follow_accept_language(schema):
    field = schema["components"]["schemas"]["BookingRequest"]["properties"]["state_label"]
    text = field["description"]
    assert "Accept-Language" in text and "webhooks" in text and "always Swedish" in text
