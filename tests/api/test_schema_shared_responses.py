"""The schema tells the whole truth about the responses every operation shares: each that reads
a body declares 411, 413 and 415; each that needs credentials 401 with WWW-Authenticate (the
challenge its view sends); each throttled one 429 with Retry-After (``api.schema_responses``).
Only POST /booking-requests/ had the headers, and 411 was in the prose only. And each kind of
request, sent to every operation, gets the declared status, header and example."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest
from django.core.cache import cache as django_cache
from django.test import RequestFactory
from django.urls import path as url_path
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from api.authentication import OfficerSessionAuthentication, OfficerTokenAuthentication
from api.problems import PROBLEM_CONTENT_TYPE
from tests.api.conftest import officer_for
from tests.api.openapi import live_schema

pytestmark = pytest.mark.django_db
METHODS = ("get", "post", "put", "patch", "delete")


@cache
def _schema() -> dict[str, Any]:
    return live_schema()


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in _schema()["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def _with_body() -> list[tuple[str, str, dict[str, Any]]]:
    return [op for op in _operations() if "requestBody" in op[2]]


def _authenticated() -> list[tuple[str, str, dict[str, Any]]]:
    return [op for op in _operations() if any(op[2].get("security", [{}]))]


def _url(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def _examples(operation: dict[str, Any], status: int) -> list[dict[str, Any]]:
    content = operation["responses"][str(status)]["content"][PROBLEM_CONTENT_TYPE]
    return [example["value"] for example in content["examples"].values()]


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    django_cache.clear()
    yield
    django_cache.clear()


def test_the_walk_sees_the_operations():
    assert len(_with_body()) >= 25 and len(_authenticated()) >= 40
    assert ("post", "/api/v1/booking-requests/") in {(m, p) for m, p, _ in _with_body()}
    assert ("get", "/api/v1/audit/public-key") not in {(m, p) for m, p, _ in _authenticated()}


def test_every_operation_with_a_body_declares_411_413_and_415():
    missing = [
        (method, path, status)
        for method, path, operation in _with_body()
        for status, code in ((411, "length_required"), (413, "request_too_large"))
        if [e["code"] for e in _examples(operation, status)]
        != [code] * len(_examples(operation, status))
        or not _examples(operation, status)
    ]
    missing += [
        (method, path, 415)
        for method, path, operation in _with_body()
        if [e["code"] for e in _examples(operation, 415)] != ["unsupported_media_type"]
    ]
    assert missing == []


def test_the_413_examples_give_each_media_types_limit():
    operation = _schema()["paths"]["/api/v1/applications/{id}/actions/receive_supplement/"]["post"]
    details = sorted(e["detail"] for e in _examples(operation, 413))
    assert len(details) == 2 and details[0] != details[1]
    upload = _schema()["paths"]["/api/v1/booking-requests/{id}/program/"]["post"]
    assert "multipart/form-data" in _examples(upload, 415)[0]["detail"]


def test_every_authenticated_operation_declares_401_with_www_authenticate():
    missing = [
        (method, path)
        for method, path, operation in _authenticated()
        if "WWW-Authenticate" not in operation["responses"].get("401", {}).get("headers", {})
    ]
    assert missing == []


def test_every_throttled_operation_declares_429_with_retry_after():
    missing = [
        (method, path)
        for method, path, operation in _operations()
        if "Retry-After" not in operation["responses"].get("429", {}).get("headers", {})
    ]
    assert missing == []


def test_the_webhook_is_the_clients_endpoint_and_left_alone():
    webhook = _schema()["webhooks"]["booking_request"]["post"]
    assert set(webhook["responses"]) == {"200", "410"}


def test_a_chunked_body_gets_the_declared_411_everywhere():
    api = APIClient()
    wrong = []
    for method, path, operation in _with_body():
        response = api.generic(
            method.upper(),
            _url(path),
            b"",
            content_type="application/json",
            HTTP_TRANSFER_ENCODING="chunked",
            HTTP_ACCEPT_LANGUAGE="sv",
        )
        if response.status_code != 411 or response.json() not in _examples(operation, 411):
            wrong.append((method, path, response.status_code))
    assert wrong == []


def test_a_body_over_the_limit_gets_the_declared_413_everywhere():
    api = APIClient()
    wrong = []
    for method, path, operation in _with_body():
        for media_type in operation["requestBody"]["content"]:
            response = api.generic(
                method.upper(),
                _url(path),
                b"{}",
                content_type=media_type,
                CONTENT_LENGTH=str(10**10),
                HTTP_ACCEPT_LANGUAGE="sv",
            )
            if response.status_code != 413 or response.json() not in _examples(operation, 413):
                wrong.append((method, path, media_type, response.status_code))
    assert wrong == []


def test_an_unsupported_media_type_gets_the_declared_415(bc):
    operation = _schema()["paths"]["/api/v1/booking-requests/"]["post"]
    response = bc.post(
        "/api/v1/booking-requests/",
        "titel",
        content_type="text/plain",
        HTTP_IDEMPOTENCY_KEY="k-415",
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 415
    assert response.json() == _examples(operation, 415)[0]


def _declared_challenge(operation: dict[str, Any]) -> list[str]:
    return list(operation["responses"]["401"]["headers"]["WWW-Authenticate"]["schema"]["enum"])


def test_no_credentials_gets_401_with_the_declared_www_authenticate_everywhere():
    """The challenge is the one the operation declares, also where officers authenticate with a
    personal token or the session: DRF sends the first authentication class's header, and the
    schema declared 'e.g. Bearer realm="api"' for every operation, whatever its view's."""
    api = APIClient()
    wrong = []
    for method, path, operation in _authenticated():
        response = api.generic(method.upper(), _url(path))
        sent = [response.get("WWW-Authenticate")]
        if response.status_code != 401 or sent != _declared_challenge(operation):
            wrong.append((method, path, response.status_code, sent))
    assert wrong == []


class _TokenFirst(APIView):
    authentication_classes = [OfficerTokenAuthentication, OfficerSessionAuthentication]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        return Response({})


class _SessionOnly(_TokenFirst):
    authentication_classes = [OfficerSessionAuthentication]


def test_the_declared_challenge_is_the_first_authentication_class_s():
    """Per view: a view authenticating an officer's token first challenges with Token; one with
    the session only has no challenge, and DRF answers 403, not 401, so no 401 is declared."""
    views = {"/api/v1/token-first/": _TokenFirst, "/api/v1/session-only/": _SessionOnly}
    generator = SchemaGenerator(patterns=[url_path(p[1:], v.as_view()) for p, v in views.items()])
    schema = generator.get_schema(request=None, public=True)
    token_first = schema["paths"]["/api/v1/token-first/"]["get"]
    response = _TokenFirst.as_view()(RequestFactory().get("/api/v1/token-first/"))
    assert response.status_code == 401
    assert _declared_challenge(token_first) == [response["WWW-Authenticate"]]
    assert _declared_challenge(token_first) == ['Token realm="api"']
    response = _SessionOnly.as_view()(RequestFactory().get("/api/v1/session-only/"))
    assert response.status_code == 403 and not response.get("WWW-Authenticate")
    assert "401" not in schema["paths"]["/api/v1/session-only/"]["get"]["responses"]


def test_past_the_rate_every_operation_gets_429_with_retry_after(bc, world, settings):
    clients = {"bookingClientKey": bc, "officerToken": officer_for(world.auditor)}
    _schema()  # read before the limits fall to nothing
    settings.GRANSKA_API_RATES = {scope: "0/minute" for scope in settings.GRANSKA_API_RATES}
    wrong = []
    for method, path, operation in _operations():
        schemes = [name for requirement in operation.get("security", []) for name in requirement]
        api = clients[schemes[0]] if schemes else APIClient()
        response = api.generic(method.upper(), _url(path))
        if response.status_code != 429 or not response.get("Retry-After", "").isdigit():
            wrong.append((method, path, response.status_code))
    assert wrong == []
