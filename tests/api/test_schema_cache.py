"""``/api/schema/`` is generated once per process, language and version (api.schema_view)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from django.conf import settings
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from rest_framework.test import APIClient

from api import schema_view


@pytest.fixture
def generations(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Counts the schema generations, starting from an empty cache."""
    schema_view._SCHEMAS.clear()
    calls: list[object] = []
    real = SchemaGenerator.get_schema

    def counted(self: SchemaGenerator, *args: object, **kwargs: object) -> object:
        calls.append(self)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counted)
    return calls


def get(**headers: str) -> bytes:
    response = APIClient().get("/api/schema/", **headers)
    assert response.status_code == 200
    return response.content


def description() -> str:
    return str(yaml.safe_load(get())["info"]["description"])


def test_a_second_request_is_served_from_the_cache(db: None, generations: list[object]) -> None:
    first = get()
    assert get() == first
    assert len(generations) == 1


def test_each_language_has_its_own_copy(db: None, generations: list[object]) -> None:
    swedish = get(HTTP_ACCEPT_LANGUAGE="sv")
    english = get(HTTP_ACCEPT_LANGUAGE="en")
    assert get(HTTP_ACCEPT_LANGUAGE="en") == english
    assert len(generations) == 2
    assert swedish != english


def test_json_and_yaml_are_rendered_from_the_same_copy(db: None, generations: list[object]):
    as_yaml = yaml.safe_load(get())
    as_json = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert as_json["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert as_json.json() == as_yaml
    assert len(generations) == 1


def test_a_change_of_settings_is_not_served_from_an_older_copy(
    db: None, generations: list[object]
) -> None:
    """The integration guide in info.description quotes the settings' values."""
    hours = settings.GRANSKA_WEBHOOK_RETRY_HOURS
    assert f"i {hours} h från" in description()
    with override_settings(GRANSKA_WEBHOOK_RETRY_HOURS=hours + 23):
        assert f"i {hours + 23} h från" in description()
    assert f"i {hours} h från" in description()
    assert len(generations) == 3


def test_the_yaml_form_is_rendered_once(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rendering the YAML costs about a quarter of a second; the second GET serves the bytes, with
    the same headers and per accepted media type (an indent asked for is another document)."""
    schema_view._SCHEMAS.clear()
    schema_view._RENDERED.clear()
    renders: list[str] = []
    real = OpenApiYamlRenderer.render

    def counted(self: OpenApiYamlRenderer, *args: Any, **kwargs: Any) -> Any:
        renders.append("yaml")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(OpenApiYamlRenderer, "render", counted)
    first, second = APIClient().get("/api/schema/"), APIClient().get("/api/schema/")
    assert renders == ["yaml"] and first.content == second.content
    for response in (first, second):
        assert response["Content-Type"] == "application/vnd.oai.openapi; charset=utf-8"
        assert response["Content-Disposition"] == 'inline; filename="Granska API.yaml"'
        assert "Accept" in response["Vary"]
    indented = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json; indent=2")
    plain = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert indented.content.startswith(b'{\n  "openapi"') and plain.content != indented.content
