"""assign with a body the parser refuses, on a case the caller already handles: the real refusal
(409, "Du handlägger redan ärendet"), as with a JSON body; it was a false 403 role."""

from __future__ import annotations

import pytest

from tests.api.conftest import officer_for
from tests.world import drive
from vetting.models import State

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("data", "content_type"),
    [("x", "text/plain"), ("no_conflict_confirmed=true", "application/x-www-form-urlencoded")],
)
def test_assign_by_the_handler_with_an_unreadable_body_is_409(world, data, content_type):
    app = drive(world, world.submit(), State.IN_REVIEW)
    assert app.handler == world.handler
    url = f"/api/v1/applications/{app.pk}/actions/assign/"
    api = officer_for(world.handler)
    json_answer = api.post(url, {"no_conflict_confirmed": True}, format="json")
    response = api.post(url, data, content_type=content_type)
    assert response.status_code == json_answer.status_code == 409, response.json()
    assert response.json()["detail"] == json_answer.json()["detail"]
    assert "Du handlägger redan ärendet" in response.json()["detail"]


def test_assign_on_an_unassigned_case_with_an_unreadable_body_is_415(world):
    app = world.submit()
    url = f"/api/v1/applications/{app.pk}/actions/assign/"
    response = officer_for(world.handler).post(url, "x", content_type="text/plain")
    assert response.status_code == 415
