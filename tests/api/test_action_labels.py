"""An action has one name wherever it is refused or offered: the API's 403 says "Ta ärendet",
as the case page's button and the 409's list of allowed actions do (not the state machine's
"Tilldela handläggare")."""

from __future__ import annotations

import pytest

from audit.labels import ATTEMPTED_ACTION_LABELS
from tests.api.conftest import officer_for
from tests.world import World
from web.actions import SPECS

pytestmark = pytest.mark.django_db


def test_the_403_names_the_action_as_the_pages_do(world: World) -> None:
    app = world.submit()
    url = f"/api/v1/applications/{app.pk}/actions/assign/"
    body = officer_for(world.decider).post(url, {"no_conflict_confirmed": True}, format="json")
    assert body.status_code == 403
    assert "'Ta ärendet'" in body.json()["detail"] and "Tilldela" not in body.json()["detail"]
    english = officer_for(world.decider).post(
        url, {"no_conflict_confirmed": True}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "'Take the case'" in english.json()["detail"]
    conflict = officer_for(world.handler).post(
        f"/api/v1/applications/{app.pk}/actions/propose/", {}, format="json"
    )
    assert conflict.status_code == 409 and "Ta ärendet" in conflict.json()["detail"]


def test_the_pages_and_the_refusals_share_their_labels() -> None:
    shared = set(SPECS) & set(ATTEMPTED_ACTION_LABELS)
    assert {"assign", "decide", "notify", "confirm_party"} <= shared
    for action in shared:
        assert str(SPECS[action].label) == str(ATTEMPTED_ACTION_LABELS[action]), action
