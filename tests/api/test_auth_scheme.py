"""A credential under the wrong scheme (a booking key as ``Token gk_…``, ``Basic …``) is 401
authentication_failed saying where each kind of credential goes, not "not provided"."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("header", ["Token {key}", "Basic dXNlcjpwYXNz", "Bearer nonsense"])
def test_a_credential_under_the_wrong_scheme_says_where_it_goes(creds, header):
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=header.format(key=creds.api_key))
    response = api.get("/api/v1/premises/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "authentication_failed"
    assert "Authorization: Bearer <key>" in body["detail"]
    assert "Authorization: Token <token>" in body["detail"]
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_no_header_is_still_not_authenticated():
    from rest_framework.test import APIClient

    response = APIClient().get("/api/v1/premises/")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
