"""The officers' decision object carries how the decision answers the applicant's response
(FL 25 §), as the decision document prints it; null when no response was recorded."""

from __future__ import annotations

import pytest

from tests.api.conftest import officer_for
from tests.world import drive
from vetting.demo import RESPONSE_CONSIDERED
from vetting.models import State

pytestmark = pytest.mark.django_db


def test_the_officers_decision_has_response_considered(world):
    rejected = drive(world, world.submit(), State.REJECTED)
    approved = drive(world, world.submit(), State.APPROVED)
    api = officer_for(world.decider)
    decision = api.get(f"/api/v1/applications/{rejected.pk}/").json()["decision"]
    assert decision["response_considered"] == RESPONSE_CONSIDERED
    decision = api.get(f"/api/v1/applications/{approved.pk}/").json()["decision"]
    assert decision["response_considered"] is None
