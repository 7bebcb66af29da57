"""Every filter of every list endpoint, and every path id, with a huge value (beyond a 64-bit
integer), a negative one and text: a 422 naming the parameter or an answer, never a 500
(``?association=99999999999999999999`` was an OverflowError on SQLite)."""

from __future__ import annotations

import pytest

from api.urls import urlpatterns
from tests.api.conftest import officer_for

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"
BAD = [HUGE, "-1", "abc"]
APPLICATIONS = "/api/v1/applications/"
EVENTS = "/api/v1/audit/events/"
DECISIONS = "/api/v1/audit/decisions/"
BOOKINGS = "/api/v1/booking-requests/"

# (url, parameter, whether each bad value is refused): a text parameter (a username, a code, a
# case reference) takes any text and finds nothing; an id, a choice, a date is refused.
REFUSED = {HUGE: True, "-1": True, "abc": True}
TEXT = {HUGE: False, "-1": False, "abc": False}
PARAMETERS = [
    (APPLICATIONS, "kind", REFUSED),
    (APPLICATIONS, "state", REFUSED),
    (APPLICATIONS, "administration", REFUSED),  # a code that must exist
    (APPLICATIONS, "handler", TEXT),
    (APPLICATIONS, "association", REFUSED),
    (APPLICATIONS, "received_after", REFUSED),
    (APPLICATIONS, "received_before", REFUSED),
    *[
        (url, name, REFUSED if name in {"since", "until", "association"} else TEXT)
        for url in (EVENTS, DECISIONS)
        for name in ("since", "until", "case", "association", "actor", "action", "administration")
    ],
    (BOOKINGS, "updated_since", REFUSED),
    (BOOKINGS, "cursor", REFUSED),
    (BOOKINGS, "limit", REFUSED),
]


@pytest.fixture
def callers(world, bc):
    return {BOOKINGS: bc, APPLICATIONS: officer_for(world.auditor)} | {
        url: officer_for(world.auditor) for url in (EVENTS, DECISIONS)
    }


def test_every_filter_is_listed(world):
    """The table above covers every filter the endpoints declare (a new one must be added)."""
    from api.audit_serializers import EventFilterSerializer
    from api.views.officer import ApplicationFilter

    listed = {(url, name) for url, name, _ in PARAMETERS}
    assert {(APPLICATIONS, n) for n in ApplicationFilter.base_filters} <= listed
    assert {(EVENTS, n) for n in EventFilterSerializer().fields} <= listed


@pytest.mark.parametrize(("url", "name", "refused"), PARAMETERS)
@pytest.mark.parametrize("value", BAD)
def test_a_bad_value_is_422_naming_the_parameter_or_finds_nothing(
    callers, world, url, name, refused, value
):
    world.submit()
    response = callers[url].get(url, {name: value})
    if refused[value]:
        assert response.status_code == 422, response.content
        assert response["Content-Type"] == "application/problem+json"
        assert list(response.json()["errors"]) == [name]
    else:
        assert response.status_code == 200, response.content


@pytest.mark.parametrize("value", ["1.5", "0", str(2**63)])
def test_an_id_is_a_positive_64_bit_integer(callers, value):
    for url in (APPLICATIONS, EVENTS):
        response = callers[url].get(url, {"association": value})
        assert response.status_code == 422, response.content
        assert list(response.json()["errors"]) == ["association"]
        assert str(2**63 - 1) in response.json()["errors"]["association"][0]


def test_the_largest_id_is_accepted(callers):
    for url in (APPLICATIONS, EVENTS):
        assert callers[url].get(url, {"association": str(2**63 - 1)}).status_code == 200


PATHS = [p.pattern._route for p in urlpatterns if "<int:pk>" in str(p.pattern._route)]


@pytest.mark.parametrize("route", PATHS)
@pytest.mark.parametrize("value", [HUGE, "-1", "abc"])
def test_a_path_id_out_of_range_is_404(world, bc, route, value):
    api = bc if route.startswith("v1/booking-requests") else officer_for(world.handler)
    url = "/api/" + route.replace("<int:pk>", value)
    method = api.get if route.endswith(("<int:pk>/", ".pdf")) else api.post
    response = method(url, {}, format="json") if method == api.post else method(url)
    assert response.status_code == 404, (url, response.content)
    assert response["Content-Type"] == "application/problem+json"
