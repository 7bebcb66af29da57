"""The live OpenAPI schema as the tests read it: ``/api/schema/`` in its JSON form.

The YAML form is the same document (tests/api/test_schema_cache.py compares them), but PyYAML's
pure-Python parser takes over a second on it, where ``json`` takes milliseconds."""

from __future__ import annotations

import json
from typing import Any

from rest_framework.test import APIClient

OPENAPI_JSON = "application/vnd.oai.openapi+json"


def live_schema(**headers: str) -> dict[str, Any]:
    response = APIClient().get("/api/schema/", HTTP_ACCEPT=OPENAPI_JSON, **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(OPENAPI_JSON)
    return dict(json.loads(response.content))
