"""The officers' list names every bad query parameter in one 422, filters and paging alike."""

from __future__ import annotations

import pytest

from tests.api.conftest import officer_for

pytestmark = pytest.mark.django_db


def test_a_bad_filter_and_a_bad_page_are_named_together(world):
    api = officer_for(world.handler)
    response = api.get("/api/v1/applications/?state=bogus&limit=-1&offset=x")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"state", "limit", "offset"}


def test_each_alone_is_still_named(world):
    api = officer_for(world.handler)
    assert set(api.get("/api/v1/applications/?limit=-1").json()["errors"]) == {"limit"}
    assert set(api.get("/api/v1/applications/?state=bogus").json()["errors"]) == {"state"}
    assert api.get("/api/v1/applications/?limit=5").status_code == 200
